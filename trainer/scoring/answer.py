"""What the rep said: typed text or a speech transcript with word timings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TimedWord:
    """One recognised word; times in seconds from the start of the recording."""

    word: str
    start: float
    end: float
    conf: float = 1.0


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer to one prospect line.

    `pause_s` is the time from the end of the prospect's line to the first word (speech)
    or the first keystroke (typing); `duration_s` the time spent answering. Either may be
    unknown (None), e.g. for `trainer score --text`.
    """

    text: str
    words: tuple[TimedWord, ...] = field(default=())
    pause_s: float | None = None
    duration_s: float | None = None
    input_kind: str = "typed"  # typed | spoken

    @classmethod
    def typed(
        cls, text: str, pause_s: float | None = None, duration_s: float | None = None
    ) -> Answer:
        return cls(text=text, pause_s=pause_s, duration_s=duration_s, input_kind="typed")

    @classmethod
    def spoken(cls, words: list[TimedWord], pause_s: float | None = None) -> Answer:
        text = " ".join(w.word for w in words)
        duration = (words[-1].end - words[0].start) if words else 0.0
        return cls(
            text=text,
            words=tuple(words),
            pause_s=pause_s,
            duration_s=duration,
            input_kind="spoken",
        )
