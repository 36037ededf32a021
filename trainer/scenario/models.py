"""The scenario format as pydantic models: the contract with scenario authors.

Every model forbids unknown keys so that a typo is an error, not a silent no-op.
The JSON Schema published by `trainer schema` is generated from these models.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
ScenarioId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", max_length=120)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


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


class Persona(Strict):
    name: Text
    role: Text | None = None
    company: Text | None = None
    style: Text | None = Field(
        None, description="How the prospect talks: brisk, warm, sceptical..."
    )
    voice: Phrase | None = Field(
        None, description="The prospect's Piper voice by name (`trainer speech voices`), e.g. "
        "en_US-lessac-medium; default: the rep's prospect_voice setting, else an installed "
        "voice in the scenario's language.")
    voice_speed: float | None = Field(
        None, ge=0.5, le=2.0, description="How fast the prospect talks: 1 is the voice's "
        "own pace, 1.2 brisk, 0.9 unhurried.")


class Range(Strict):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class DeliveryTargets(Strict):
    """Delivery targets; every field left out keeps the default from call research."""

    words_per_minute: Range | None = Field(None, description="Default 130-175 wpm.")
    fillers_per_100_words: Range | None = Field(None, description="Default at most 4.")
    pause_before_answer_s: Range | None = Field(None, description="Default 0.5-2.5 s.")
    words: Range | None = Field(None, description="Answer length in words. Default 10-60.")
    questions: Range | None = Field(None, description="Questions asked. Default at least 1.")
    longest_run_s: Range | None = Field(None, description="Longest stretch without a pause.")


class CriterionFields(Strict):
    """The checks a rubric criterion can make. All checks present must pass."""

    label: Text | None = Field(None, description="Short name shown to the rep.")
    weight: float | None = Field(None, ge=0, le=10, description="Default 1.")
    tip: Text | None = Field(None, description="Shown when the criterion is missed.")
    phrases: list[Phrase] | None = Field(
        None, description="At least one of these (stemmed, fuzzy, negation-aware)."
    )
    avoid: list[Phrase] | None = Field(
        None, description="Passes only if none of these phrases occurs (un-negated)."
    )
    question: bool | None = Field(None, description="The answer must ask a question.")
    next_step: bool | None = Field(
        None, description="The answer must propose a concrete next step (a day, a time, a call)."
    )
    words: Range | None = Field(None, description="Answer length bounds in words.")
    refers_to_prospect: bool | None = Field(
        None, description="The answer must pick up words from what the prospect just said."
    )


class Criterion(CriterionFields):
    """An inline criterion (`id` + checks) or a technique reference (`use` + overrides)."""

    id: Slug | None = None
    use: Slug | None = Field(None, description="Name of a technique from the technique library.")

    @model_validator(mode="after")
    def _id_or_use(self) -> Criterion:
        if self.id is None and self.use is None:
            raise ValueError("a criterion needs `id` (inline) or `use` (a technique name)")
        if self.use is None and not self.has_check():
            raise ValueError(
                "an inline criterion needs a check: phrases, avoid, question, next_step, words"
                " or refers_to_prospect"
            )
        return self

    def has_check(self) -> bool:
        return any(
            v is not None
            for v in (
                self.phrases,
                self.avoid,
                self.question,
                self.next_step,
                self.words,
                self.refers_to_prospect,
            )
        )

    @property
    def key(self) -> str:
        return self.id or self.use or ""


class Technique(CriterionFields):
    """A reusable move from the technique library (one YAML file may hold many)."""

    name: Slug
    description: Text


class TechniqueFile(Strict):
    techniques: list[Technique] = Field(min_length=1)


class Condition(Strict):
    """When a branch is taken. All fields present must hold; an empty `when` always holds."""

    score_at_least: float | None = Field(None, ge=0, le=100)
    score_below: float | None = Field(None, ge=0, le=100)
    passed: list[Slug] | None = Field(None, description="These criteria passed.")
    missed: list[Slug] | None = Field(None, description="These criteria were missed.")
    state_at_least: dict[Slug, float] | None = None
    state_below: dict[Slug, float] | None = None


class Branch(Strict):
    when: Condition | None = None
    goto: Slug = Field(description="A step id or an ending id.")
    effects: dict[Slug, float] | None = Field(
        None, description="Changes to hidden state meters, e.g. {interest: 10}."
    )


class Expectation(Strict):
    score_at_least: float | None = Field(None, ge=0, le=100)
    score_at_most: float | None = Field(None, ge=0, le=100)
    goto: Slug | None = Field(None, description="The branch this answer must take.")

    @model_validator(mode="after")
    def _something(self) -> Expectation:
        if self.score_at_least is None and self.score_at_most is None and self.goto is None:
            raise ValueError("expect needs score_at_least, score_at_most or goto")
        return self


class Example(Strict):
    answer: Text
    expect: Expectation
    note: Text | None = None


class Step(Strict):
    id: Slug
    prospect: list[Text] = Field(min_length=1, description="What the prospect says (variants).")
    rubric: list[Criterion] = Field(min_length=1)
    model_answer: Text
    hint: Text | None = None
    next: list[Branch] | None = Field(
        None, description="Branches tried in order; the first whose `when` holds is taken."
    )
    delivery: DeliveryTargets | None = None
    examples: list[Example] = Field(default_factory=list)

    @field_validator("prospect", mode="before")
    @classmethod
    def _one_line_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Ending(Strict):
    outcome: Outcome
    prospect: Text | None = Field(None, description="The prospect's last line.")
    summary: Text | None = Field(None, description="Shown to the rep at the end.")


class StateMeter(Strict):
    start: float = 50
    min: float = 0
    max: float = 100
    label: Text | None = None


class Scenario(Strict):
    id: ScenarioId
    version: int = Field(ge=1, le=100000)
    title: Text
    kind: Kind
    difficulty: int = Field(ge=1, le=5)
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")] = "en"
    tags: list[Slug] = Field(default_factory=list)
    persona: Persona
    brief: Text
    hidden: list[Text] = Field(
        default_factory=list, description="Facts revealed only when the rep asks well."
    )
    state: dict[Slug, StateMeter] = Field(default_factory=dict)
    delivery: DeliveryTargets | None = None
    phrases: list[Phrase] | None = Field(
        None, description="Words to bias speech recognition towards (names, products)."
    )
    start: Slug | None = Field(None, description="First step id (default: the first step).")
    steps: list[Step] = Field(min_length=1)
    endings: dict[Slug, Ending] = Field(default_factory=dict)

    @property
    def first_step(self) -> str:
        return self.start or self.steps[0].id

    @field_validator("hidden", mode="before")
    @classmethod
    def _one_fact_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)
