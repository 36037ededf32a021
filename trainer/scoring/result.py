"""Scoring results: every point traces to evidence or to a named missing move with a tip.

These are plain data; the store serialises them with `to_dict` and reads them back with
`from_dict`, and `trainer score --json` prints `TurnScore.to_dict()` (a stable format).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# What a score means, everywhere it is shown or used: a good answer (or attempt) scores at
# least GOOD_SCORE; below FAIR_SCORE it missed most of what the step asked for.
GOOD_SCORE = 70.0
FAIR_SCORE = 40.0

ScoreBand = Literal["good", "fair", "poor"]


def score_band(score: float) -> ScoreBand:
    if score >= GOOD_SCORE:
        return "good"
    return "fair" if score >= FAIR_SCORE else "poor"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Matched words in the answer as written: `text == answer[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    label: str
    weight: float
    passed: bool
    evidence: tuple[Evidence, ...] = ()
    tip: str | None = None  # shown when missed
    detail: str | None = None  # e.g. "3 questions", "72 words (max 60)"
    # Share of the weight a passed criterion earns: 0.5 for a hygiene check (an `avoid`
    # list, a length bound) when the answer made no real move - saying nothing wrong is
    # not yet a good answer. 1.0 otherwise.
    credit: float = 1.0


@dataclass(frozen=True, slots=True)
class GuardResult:
    """A guard against gaming or bad conduct (keyword salad, rudeness, ...)."""

    id: str
    label: str
    triggered: bool
    penalty: float  # points taken off the 0-100 score when triggered
    evidence: tuple[Evidence, ...] = ()
    tip: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryMetric:
    """A delivery figure against its target; reported beside the score, never inside it."""

    id: str  # words | words_per_minute | fillers_per_100_words | pause_before_answer_s | ...
    label: str
    actual: float | None  # None when the input has no timing
    target_min: float | None
    target_max: float | None
    unit: str = ""

    def target_text(self, compact: bool = False) -> str | None:
        """'10-60', 'at least 1', 'at most 4' (compact: '≥1', '≤4'), 'none' for at most 0;
        None without a target."""
        lo, hi = self.target_min, self.target_max
        if lo is None and hi == 0:
            return "none"
        if lo is not None and hi is not None:
            return f"{lo:g}-{hi:g}"
        if lo is not None:
            return f"≥{lo:g}" if compact else f"at least {lo:g}"
        if hi is not None:
            return f"≤{hi:g}" if compact else f"at most {hi:g}"
        return None

    @property
    def ok(self) -> bool | None:
        """Met (✓) or missed (✗); None without timing or without a target: a figure with
        no target is shown "(no target)", never ✓ (the app, `show` and `score` alike)."""
        if self.actual is None or (self.target_min is None and self.target_max is None):
            return None
        if self.id == "words" and self.actual == 0:  # nothing said meets no length target
            return False
        if self.target_min is not None and self.actual < self.target_min:
            return False
        return not (self.target_max is not None and self.actual > self.target_max)


@dataclass(frozen=True, slots=True)
class TurnScore:
    score: float  # 0-100
    criteria: tuple[CriterionResult, ...]
    guards: tuple[GuardResult, ...] = ()
    delivery: tuple[DeliveryMetric, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # Every question the answer asked, a proposed time or a permission ask included (the
    # delivery line counts only the questions about them): an answer that asks nothing is a
    # pitch to the drill's patience. None in records scored before it was kept.
    asked: int | None = None

    @property
    def passed(self) -> frozenset[str]:
        return frozenset(c.id for c in self.criteria if c.passed)

    @property
    def missed(self) -> frozenset[str]:
        return frozenset(c.id for c in self.criteria if not c.passed)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for m, metric in zip(d["delivery"], self.delivery, strict=True):
            m["ok"] = metric.ok
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TurnScore:
        def ev(items: list[dict[str, Any]]) -> tuple[Evidence, ...]:
            return tuple(Evidence(**e) for e in items)

        return cls(
            score=float(d["score"]),
            criteria=tuple(
                CriterionResult(**{**c, "evidence": ev(c.get("evidence", []))})
                for c in d.get("criteria", [])
            ),
            guards=tuple(
                GuardResult(**{**g, "evidence": ev(g.get("evidence", []))})
                for g in d.get("guards", [])
            ),
            delivery=tuple(
                DeliveryMetric(**{k: v for k, v in m.items() if k != "ok"})
                for m in d.get("delivery", [])
            ),
            notes=tuple(d.get("notes", [])),
            asked=d.get("asked"),
        )
