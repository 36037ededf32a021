"""What the rep said: typed text or a speech transcript with word timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class InputKind(StrEnum):
    """How an answer was given; an attempt with both kinds of answer is MIXED."""

    TYPED = "typed"
    SPOKEN = "spoken"
    MIXED = "mixed"


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
    input_kind: InputKind = InputKind.TYPED
    cut_in_s: float | None = None  # the rep cut in with this much of the prospect's line left

    @classmethod
    def typed(
        cls, text: str, pause_s: float | None = None, duration_s: float | None = None
    ) -> Answer:
        return cls(text=text, pause_s=pause_s, duration_s=duration_s, input_kind=InputKind.TYPED)

    @classmethod
    def typed_at(
        cls,
        text: str,
        *,
        line_shown_at: float | None,
        first_key_at: float | None,
        sent_at: float,
    ) -> Answer:
        """A typed answer timed by the keyboard (one monotonic clock): the pause runs from the
        prospect's line appearing to the first keystroke, the answering time from that
        keystroke to sending; both are unknown without a keystroke. `line_shown_at` None: the
        rep typed before the line appeared (the call was still starting), so no pause."""
        duration = None if first_key_at is None else max(0.0, sent_at - first_key_at)
        if line_shown_at is None:
            pause: float | None = 0.0
        else:
            pause = None if first_key_at is None else max(0.0, first_key_at - line_shown_at)
        return cls.typed(text, pause_s=pause, duration_s=duration)

    @classmethod
    def spoken(cls, words: list[TimedWord], pause_s: float | None = None) -> Answer:
        text = " ".join(w.word for w in words)
        duration = (words[-1].end - words[0].start) if words else 0.0
        return cls(
            text=text,
            words=tuple(words),
            pause_s=pause_s,
            duration_s=duration,
            input_kind=InputKind.SPOKEN,
        )
