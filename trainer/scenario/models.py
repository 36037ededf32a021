"""A checked scenario as the drill engine, the scorer and the screens read it.

Plain immutable records (named tuples): cheap to define and to read back from the library's
cache, so that `trainer score` and the app's start never import pydantic. The format scenario
authors write, with its checks, is trainer.scenario.format: a file is validated there and
converted to these records (`format.plain`); `format.checked(Step, {...})` does both for a
value built in code. Fields and defaults match the format's models (a test holds them equal).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from trainer.scenario.wording import AUTHOR, describe


class Kind(StrEnum):
    COLD_CALL = "cold_call"
    GATEKEEPER = "gatekeeper"
    OBJECTION = "objection"
    FOLLOW_UP = "follow_up"
    DISCOVERY = "discovery"
    INBOUND = "inbound"
    VOICEMAIL = "voicemail"


class Outcome(StrEnum):
    WIN = "win"  # meeting booked, referral to the right person, next step agreed
    CALLBACK = "callback"  # a later call agreed, no commitment yet
    LOSS = "loss"  # hung up, not interested, do-not-call
    NEUTRAL = "neutral"  # e.g. a voicemail left: nothing won or lost


class Persona(NamedTuple):
    name: str = ""
    role: str | None = None
    company: str | None = None
    style: str | None = None
    voice: str | None = None
    voice_speed: float | None = None

    @property
    def label(self) -> str:
        """What to call the prospect on screen: the name, else the role, else 'Prospect'."""
        return self.name or self.role or "Prospect"


class Range(NamedTuple):
    min: float | None = None
    max: float | None = None


class DeliveryTargets(NamedTuple):
    """Delivery targets; every field left out keeps the default from call research."""

    words_per_minute: Range | None = None
    fillers_per_100_words: Range | None = None
    pause_before_answer_s: Range | None = None
    words: Range | None = None
    questions: Range | None = None
    longest_run_s: Range | None = None
    hurried_words: Range | None = None


class FactsCheck(NamedTuple):
    of: list[str] | None = None
    at_least: int | None = None


class Criterion(NamedTuple):
    """An inline criterion (`id` + checks) or a technique reference (`use` + overrides)."""

    label: str | None = None
    weight: float | None = None
    tip: str | None = None
    phrases: list[str] | None = None
    more_phrases: list[str] | None = None
    avoid: list[str] | None = None
    more_avoid: list[str] | None = None
    question: bool | None = None
    next_step: bool | None = None
    words: Range | None = None
    refers_to_prospect: bool | None = None
    facts: FactsCheck | None = None
    id: str | None = None
    use: str | None = None

    def has_check(self, *, besides_facts: bool = False) -> bool:
        return has_check(self, besides_facts=besides_facts)

    @property
    def key(self) -> str:
        return self.id or self.use or ""


# The fields a criterion shares with a technique (format.CriterionFields).
CRITERION_FIELDS = tuple(f for f in Criterion._fields if f not in ("id", "use"))

# The checks a criterion can make besides `facts` (weight, label and tip check nothing).
CHECKS = (
    "phrases",
    "more_phrases",
    "avoid",
    "more_avoid",
    "question",
    "next_step",
    "words",
    "refers_to_prospect",
)


def has_check(criterion: object, *, besides_facts: bool = False) -> bool:
    """Whether a criterion (this record or the format's model) checks anything: `facts`, or
    (also when `besides_facts`) any of CHECKS."""
    if not besides_facts and getattr(criterion, "facts", None) is not None:
        return True
    return any(getattr(criterion, name) is not None for name in CHECKS)


class Technique(NamedTuple):
    """A reusable move from the technique library."""

    name: str
    description: str
    label: str | None = None
    weight: float | None = None
    tip: str | None = None
    phrases: list[str] | None = None
    more_phrases: list[str] | None = None
    avoid: list[str] | None = None
    more_avoid: list[str] | None = None
    question: bool | None = None
    next_step: bool | None = None
    words: Range | None = None
    refers_to_prospect: bool | None = None
    facts: FactsCheck | None = None


class Condition(NamedTuple):
    """When a branch, an ending variant or a fact's unlock holds (see format.Condition)."""

    score_at_least: float | None = None
    score_below: float | None = None
    passed: list[str] | None = None
    missed: list[str] | None = None
    guards: list[str] | None = None
    state_at_least: dict[str, float] | None = None
    state_below: dict[str, float] | None = None
    facts: list[str] | None = None
    facts_at_least: int | None = None
    at: list[str] | None = None
    said: list[str] | None = None
    asked_about: list[str] | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self)

    def describe(self) -> str:
        """The condition in the author's words ("the answer makes ask why"); the drill's
        voices say it to a pair partner and a rep (trainer.drill.wording)."""
        return describe(self, AUTHOR)


class HiddenFact(NamedTuple):
    """Something the prospect knows and says only when the rep earns it."""

    id: str
    text: str
    label: str | None = None
    unlock: Condition | None = None
    reveal: list[str] | None = None
    how: str | None = None
    mistake: bool | None = None  # only a mistake uncovers it: never "missed"

    @property
    def name(self) -> str:
        """What scores call it: its label, else its id in words."""
        return self.label or self.id.replace("-", " ")

    @property
    def unlock_text(self) -> str:
        """What would have uncovered it, in plain words."""
        if self.how:
            return self.how
        if self.unlock is None:
            return "not uncovered by an answer in a solo drill"
        return self.unlock.describe()


class Patience(NamedTuple):
    """The prospect's patience (see format.Patience)."""

    start: float = 60
    ramble: float = 20
    pitch: float = 10
    hang_up_at: float = 0
    ending: str = "hung-up"


class Branch(NamedTuple):
    goto: str
    when: Condition | None = None
    effects: dict[str, float] | None = None


class Expectation(NamedTuple):
    score_at_least: float | None = None
    score_at_most: float | None = None
    goto: str | None = None


class Example(NamedTuple):
    answer: str
    expect: Expectation
    note: str | None = None


class Step(NamedTuple):
    id: str
    prospect: list[str]
    rubric: list[Criterion]
    model_answer: str
    examples: list[Example]
    hint: str | None = None
    next: list[Branch] | None = None
    delivery: DeliveryTargets | None = None


class EndingVariant(NamedTuple):
    when: Condition
    prospect: str | None = None
    summary: str | None = None


class Ending(NamedTuple):
    outcome: Outcome
    prospect: str | None = None
    summary: str | None = None
    variants: list[EndingVariant] | None = None


class PathAnswer(NamedTuple):
    answer: str
    step: str | None = None


class ScriptedPath(NamedTuple):
    name: str
    answers: list[str | PathAnswer]
    ending: str | None = None
    outcome: Outcome | None = None
    not_outcome: Outcome | None = None
    facts: list[str] | None = None
    note: str | None = None


class StateMeter(NamedTuple):
    start: float = 50
    min: float = 0
    max: float = 100
    label: str | None = None


class Scenario(NamedTuple):
    id: str
    version: int
    title: str
    kind: Kind
    difficulty: int
    tags: list[str]
    persona: Persona
    brief: str
    hidden: list[HiddenFact | str]
    state: dict[str, StateMeter]
    paths: list[ScriptedPath]
    steps: list[Step]
    endings: dict[str, Ending]
    language: str = "en"
    patience: Patience | None = None
    competitors: list[str] | None = None
    short: str | None = None
    delivery: DeliveryTargets | None = None
    phrases: list[str] | None = None
    start: str | None = None

    @property
    def first_step(self) -> str:
        return self.start or self.steps[0].id

    @property
    def facts(self) -> list[HiddenFact]:
        """Every hidden fact, plain texts given ids fact-1, fact-2... by position."""
        return [
            f if isinstance(f, HiddenFact) else HiddenFact(id=f"fact-{i}", text=f)
            for i, f in enumerate(self.hidden, start=1)
        ]

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)
