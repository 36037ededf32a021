"""Delivery metrics, reported beside the content score and never inside it.

Targets: per-step `delivery` overrides the scenario's, which overrides the defaults from
call research (pace 130-175 wpm, fillers under 4 per 100 words, a 0.5-2.5 s pause before
answering an objection, answers of 10-60 words, one to three questions: more in one answer
is an interrogation, and a question said over and over is not asking more).
"""

from __future__ import annotations

import math

from trainer.scenario.models import DeliveryTargets, Range
from trainer.scoring.answer import Answer, InputKind, TimedWord
from trainer.scoring.normalize import Normalised, word_count
from trainer.scoring.result import DeliveryMetric

QUESTIONS = (1, 3)  # questions about them in one answer, where one is due

DEFAULTS: dict[str, tuple[float | None, float | None]] = {
    "words": (10, 60),
    "words_per_minute": (130, 175),
    "fillers_per_100_words": (None, 4),
    "pause_before_answer_s": (0.5, 2.5),
    "questions": QUESTIONS,
    "longest_run_s": (None, None),
}
LABELS = {
    "words": ("Words", ""),
    "words_per_minute": ("Pace", "wpm"),
    "fillers_per_100_words": ("Fillers", "per 100 words"),
    "pause_before_answer_s": ("Pause before answering", "s"),
    "questions": ("Questions about them", ""),
    "longest_run_s": ("Longest run without a pause", "s"),
}
PAUSE_GAP_S = 0.3  # a silence between words at least this long is a breath/pause


def targets(*layers: DeliveryTargets | None) -> dict[str, tuple[float | None, float | None]]:
    """Field-wise merge: later layers (more specific) win over earlier ones and the defaults.
    A `questions` target with a floor and no ceiling keeps the default's ceiling (or its
    floor, if higher): hundreds of repeated questions are never on target."""
    out = dict(DEFAULTS)
    for layer in layers:
        if layer is None:
            continue
        for key in DEFAULTS:
            value: Range | None = getattr(layer, key)
            if value is not None:
                out[key] = (value.min, value.max)
    least, most = out["questions"]
    if least is not None and most is None:
        out["questions"] = (least, max(least, QUESTIONS[1]))
    return out


# Metrics that say nothing about a typed answer: typing speed is not speaking pace, and the
# time before the first key includes reading the brief. They are left out for typed answers.
SPOKEN_ONLY = frozenset({"words_per_minute", "pause_before_answer_s", "longest_run_s"})


def measure(
    answer: Answer,
    norm: Normalised,
    words: int,
    questions: int,
    goals: dict[str, tuple[float | None, float | None]],
) -> tuple[DeliveryMetric, ...]:
    """`words` and `questions` come from the scorer's one verdict on each (content words;
    questions about them), so delivery never contradicts the rubric; fillers are counted
    per 100 of those words, the count shown beside them."""
    spoken_words = word_count(norm.tokens)
    fillers = word_count(tuple(t for t in norm.tokens if t.filler))
    actual: dict[str, float | None] = {
        "words": float(words),
        "words_per_minute": None,
        # per 100 of the words shown beside it ("Words 9": 2 fillers read 22), one word
        # count on the line; an answer of fillers alone counts them per one word
        "fillers_per_100_words": round(100.0 * fillers / max(words, 1), 1) if fillers else 0.0,
        "pause_before_answer_s": _finite(answer.pause_s),
        "questions": float(questions),
        "longest_run_s": None,
    }
    duration = _finite(answer.duration_s)
    timed = sorted(
        (
            w
            for w in answer.words
            if math.isfinite(w.start) and math.isfinite(w.end) and w.end >= w.start
        ),
        key=lambda w: w.start,
    )
    if timed:
        duration = max(0.0, max(w.end for w in timed) - timed[0].start)
        actual["longest_run_s"] = round(_longest_run(timed), 2)
    if duration and duration > 0 and spoken_words:
        actual["words_per_minute"] = round(spoken_words * 60.0 / duration, 1)
    if actual["pause_before_answer_s"] is not None:
        actual["pause_before_answer_s"] = round(actual["pause_before_answer_s"], 2)

    metrics: list[DeliveryMetric] = []
    for key, value in actual.items():
        if value is not None and not math.isfinite(value):  # absurd timings overflow
            actual[key] = None
    for key, (lo, hi) in goals.items():
        label, unit = LABELS[key]
        if key in SPOKEN_ONLY and answer.input_kind is not InputKind.SPOKEN:
            continue
        if key == "longest_run_s" and actual[key] is None and lo is None and hi is None:
            continue
        metrics.append(DeliveryMetric(key, label, actual[key], lo, hi, unit))
    cut_in = _finite(answer.cut_in_s)
    if cut_in is not None:  # a note, not a target: cutting in can be right or wrong
        metrics.append(
            DeliveryMetric(
                "cut_in_s",
                "Cut in on the prospect",
                round(cut_in, 2),
                None,
                None,
                "s before the end of the line",
            )
        )
    return tuple(metrics)


def _longest_run(words: list[TimedWord]) -> float:
    longest = 0.0
    run_start = words[0].start
    prev_end = words[0].end
    for w in words[1:]:
        if w.start - prev_end >= PAUSE_GAP_S:
            longest = max(longest, prev_end - run_start)
            run_start = w.start
        prev_end = max(prev_end, w.end)
    return max(longest, prev_end - run_start, 0.0)


def _finite(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return max(0.0, float(x))
