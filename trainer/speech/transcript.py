"""A finished transcript (text + word timings) and its hand-off to the scorer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from trainer.scoring.answer import Answer, TimedWord

UNKNOWN_WORD = "[unk]"


@dataclass(frozen=True, slots=True)
class Transcript:
    """What the recogniser heard. Word times are seconds from the start of the audio."""

    text: str
    words: tuple[TimedWord, ...] = ()
    duration_s: float = 0.0
    warnings: tuple[str, ...] = field(default=())

    @property
    def first_word_s(self) -> float | None:
        """When speech began (seconds into the audio), or None if nothing was said."""
        return self.words[0].start if self.words else None

    def answer(self, pause_s: float | None = None) -> Answer:
        """The scorer's input: the same `Answer` a typed answer becomes, with word timings."""
        return Answer.spoken(list(self.words), pause_s=pause_s)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "duration_s": round(self.duration_s, 3),
            "words": [
                {"word": w.word, "start": w.start, "end": w.end, "conf": round(w.conf, 3)}
                for w in self.words
            ],
            "warnings": list(self.warnings),
        }


def words_from_vosk(result_json: str, offset_s: float = 0.0) -> list[TimedWord]:
    """Word timings from a Vosk result (needs SetWords(True)); `[unk]` tokens are left out."""
    result = json.loads(result_json)
    return [
        TimedWord(
            word=str(item["word"]),
            start=round(float(item["start"]) + offset_s, 3),
            end=round(float(item["end"]) + offset_s, 3),
            conf=float(item.get("conf", 1.0)),
        )
        for item in result.get("result", [])
        if item.get("word") != UNKNOWN_WORD
    ]


def build_transcript(
    words: list[TimedWord], duration_s: float, warnings: tuple[str, ...] = ()
) -> Transcript:
    return Transcript(
        text=" ".join(w.word for w in words),
        words=tuple(words),
        duration_s=duration_s,
        warnings=warnings,
    )
