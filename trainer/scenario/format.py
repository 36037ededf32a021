"""The scenario format as pydantic models: the contract with scenario authors.

Every model forbids unknown keys so that a typo is an error, not a silent no-op.
The JSON Schema published by `trainer schema` is generated from these models. A checked
value is converted to the plain records of trainer.scenario.models (`plain`), which is what
the rest of the trainer reads and the library's cache holds: only reading a file (or
`checked`) needs pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from trainer.scenario import models
from trainer.scenario.models import Kind, Outcome

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
ScenarioId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", max_length=120)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        defer_build=True,  # built on first validation: a library read from its cache never is
    )


class Persona(Strict):
    name: Text = Field(
        "",
        description="The prospect's name. Leave it out for an unnamed gatekeeper: the role "
        "(or 'Prospect') is shown instead.",
    )
    role: Text | None = None
    company: Text | None = None
    style: Text | None = Field(
        None, description="How the prospect talks: brisk, warm, sceptical..."
    )
    voice: Phrase | None = Field(
        None,
        description="The prospect's Piper voice by name (`trainer speech voices`), e.g. "
        "en_US-lessac-medium; default: the rep's prospect_voice setting, else an installed "
        "voice in the scenario's language.",
    )
    voice_speed: float | None = Field(
        None,
        ge=0.5,
        le=2.0,
        description="How fast the prospect talks: 1 is the voice's "
        "own pace, 1.2 brisk, 0.9 unhurried.",
    )


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
    questions: Range | None = Field(
        None,
        description="Questions about them. Default 1-3 (none if the model answer asks none); "
        "a min without a max keeps the ceiling of 3 (or the min, if higher).",
    )
    longest_run_s: Range | None = Field(None, description="Longest stretch without a pause.")
    hurried_words: Range | None = Field(
        None,
        description="Answer length when the prospect sounds hurried and the step sets no word"
        " bound of its own. Default at most 40.",
    )


class FactsCheck(Strict):
    """Scores the hidden facts uncovered so far in the call (this answer included): each
    fact of `of` earns its share of the criterion's points, full points at `at_least`."""

    of: list[Slug] | None = Field(
        None,
        description="The facts that count (ids from `hidden`). Default: every fact with an"
        " `unlock`.",
    )
    at_least: int | None = Field(
        None,
        ge=1,
        le=100,
        description="How many of them earn full points. Default: all of them; fewer earn"
        " their share (2 of 3 earn two thirds).",
    )


class CriterionFields(Strict):
    """The checks a rubric criterion can make. All checks present must pass."""

    label: Text | None = Field(None, description="Short name shown to the rep.")
    weight: float | None = Field(None, ge=0, le=10, description="Default 1.")
    tip: Text | None = Field(None, description="Shown when the criterion is missed.")
    phrases: list[Phrase] | None = Field(
        None,
        description="At least one of these (stemmed, fuzzy, negation-aware). On a `use:`"
        " criterion this replaces the technique's list; `more_phrases` adds to it.",
    )
    more_phrases: list[Phrase] | None = Field(
        None, description="Phrases added to the technique's `phrases` (or to this criterion's)."
    )
    avoid: list[Phrase] | None = Field(
        None,
        description="Passes only if none of these phrases occurs (un-negated). On a `use:`"
        " criterion this replaces the technique's list; `more_avoid` adds to it.",
    )
    more_avoid: list[Phrase] | None = Field(
        None, description="Phrases added to the technique's `avoid` (or to this criterion's)."
    )
    question: bool | None = Field(None, description="The answer must ask a question.")
    next_step: bool | None = Field(
        None, description="The answer must propose a concrete next step (a day, a time, a call)."
    )
    words: Range | None = Field(None, description="Answer length bounds in words.")
    refers_to_prospect: bool | None = Field(
        None, description="The answer must pick up words from what the prospect just said."
    )
    facts: FactsCheck | None = Field(
        None,
        description="Scores the hidden facts uncovered so far in the call: 'uncovered 2 of 3"
        " facts'. A check of its own: it takes no other check beside it.",
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
                "an inline criterion needs a check: phrases, avoid, question, next_step, words,"
                " refers_to_prospect or facts"
            )
        if self.facts is not None and self.has_check(besides_facts=True):
            raise ValueError(
                "a `facts` criterion scores the facts uncovered and nothing else; put the"
                " other checks in a criterion of their own"
            )
        return self

    def has_check(self, *, besides_facts: bool = False) -> bool:
        return models.has_check(self, besides_facts=besides_facts)

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
    """When a branch, an ending variant or a fact's unlock holds. All fields present must
    hold; an empty `when` always holds. `all`, `any` and `not` combine conditions."""

    model_config = ConfigDict(populate_by_name=True)

    score_at_least: float | None = Field(None, ge=0, le=100)
    score_below: float | None = Field(None, ge=0, le=100)
    passed: list[Slug] | None = Field(None, description="These criteria passed (this answer).")
    missed: list[Slug] | None = Field(None, description="These criteria were missed.")
    guards: list[Slug] | None = Field(
        None, description="Any of these guards triggered (e.g. rambling, rude, keyword-salad)."
    )
    state_at_least: dict[Slug, float] | None = None
    state_below: dict[Slug, float] | None = None
    facts: list[Slug] | None = Field(None, description="These hidden facts are uncovered.")
    facts_at_least: int | None = Field(
        None, ge=0, le=100, description="At least this many hidden facts are uncovered."
    )
    at: list[Slug] | None = Field(
        None, description="The answer was given at one of these steps (useful in an unlock)."
    )
    said: list[Phrase] | None = Field(
        None, description="The answer says at least one of these (stemmed, negation-aware)."
    )
    asked_about: list[Phrase] | None = Field(
        None, description="The answer asks a question and mentions at least one of these."
    )
    all: list[Condition] | None = Field(None, description="Every one of these holds.")
    any: list[Condition] | None = Field(None, description="At least one of these holds.")
    not_: Condition | None = Field(None, alias="not", description="This does not hold.")

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in type(self).model_fields)


class HiddenFact(Strict):
    """Something the prospect knows and says only when the rep earns it."""

    id: Slug
    text: Text = Field(description="The fact, as the rep should come to know it.")
    label: Phrase | None = Field(
        None,
        description="A few words naming it in scores, e.g. 'budget owner'. Default: the id"
        " in words.",
    )
    unlock: Condition | None = Field(
        None,
        description="What uncovers it, tested on each answer (e.g. {asked_about: [budget]}). "
        "Without it the fact is background for a pair partner only.",
    )
    reveal: list[Text] | None = Field(
        None,
        description="What the prospect says when it is uncovered (variants), said before "
        "their next line. Default: the fact's text; [] when the next line already tells it.",
    )
    how: Text | None = Field(
        None, description="In plain words, what would uncover it (shown in the debrief)."
    )
    mistake: bool | None = Field(
        None,
        description="Only a mistake uncovers it (e.g. arguing with a do-not-call request): "
        "the debrief names it only when it happened, as what the mistake cost, never as "
        "missed, and it is left out of the hidden-facts tally.",
    )

    @field_validator("reveal", mode="before")
    @classmethod
    def _one_reveal_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Patience(Strict):
    """The prospect's patience: drains when the rep rambles or pitches without asking; at
    `hang_up_at` or below the prospect hangs up (the `ending`). Conditions see it as the
    meter `patience`."""

    start: float = Field(60, ge=0, le=100)
    ramble: float = Field(
        20, ge=0, le=100, description="Lost for an answer longer than the word limit."
    )
    pitch: float = Field(
        10,
        ge=0,
        le=100,
        description="Lost for an answer that asks no question, doubled from the second in a row.",
    )
    hang_up_at: float = Field(0, ge=0, le=100)
    ending: Slug = Field("hung-up", description="The ending reached when they hang up.")


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


class EndingVariant(Strict):
    """Another last line and summary, used when its `when` holds at the end of the call."""

    when: Condition
    prospect: Text | None = None
    summary: Text | None = None


class Ending(Strict):
    outcome: Outcome
    prospect: Text | None = Field(None, description="The prospect's last line.")
    summary: Text | None = Field(None, description="Shown to the rep at the end.")
    variants: list[EndingVariant] | None = Field(
        None,
        description="Tried in order; the first whose `when` holds (on the last answer, the "
        "meters and the facts uncovered) replaces the line and summary it sets.",
    )


class PathAnswer(Strict):
    """One answer of a scripted path, optionally with the step it must answer."""

    answer: Text
    step: Slug | None = Field(None, description="The step this answer must be given at.")


class ScriptedPath(Strict):
    """A whole call played by `trainer test-scenarios`: answers in order and how it ends."""

    name: Slug
    answers: list[Text | PathAnswer] = Field(min_length=1)
    ending: Slug | None = Field(None, description="The ending id the call must reach.")
    outcome: Outcome | None = Field(None, description="The outcome the call must reach.")
    not_outcome: Outcome | None = Field(None, description="An outcome the call must not reach.")
    facts: list[Slug] | None = Field(None, description="Facts this path must uncover.")
    note: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> ScriptedPath:
        if self.ending is None and self.outcome is None and self.not_outcome is None:
            raise ValueError("a path needs `ending`, `outcome` or `not_outcome`")
        return self


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
    hidden: list[HiddenFact | Text] = Field(
        default_factory=list,
        description="Facts revealed only when the rep asks well: a plain text (background for "
        "a pair partner) or a fact with an `unlock`.",
    )
    state: dict[Slug, StateMeter] = Field(default_factory=dict)
    patience: Patience | None = Field(
        None, description="A patience meter that drains and can make the prospect hang up."
    )
    competitors: list[Phrase] | None = Field(
        None, description="Names a rep may mention; a line's {competitor} picks up the one said."
    )
    short: Text | None = Field(
        None,
        description="Why this drill has fewer than three exchanges on its main path (a "
        "voicemail, a one-shot gatekeeper drill); `trainer test-scenarios` checks the rest.",
    )
    paths: list[ScriptedPath] = Field(
        default_factory=list, description="Whole calls played by `trainer test-scenarios`."
    )
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


R = TypeVar("R")


def plain(value: Any) -> Any:
    """A checked value as the plain records of trainer.scenario.models (a model becomes the
    record of the same name; lists and mappings are copied; records and scalars are kept)."""
    if isinstance(value, BaseModel):
        record = getattr(models, type(value).__name__)
        return record(**{name: plain(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def checked(record: type[R], data: Any) -> R:
    """`data` (plain values, e.g. from a test or a tool) checked against the format's model
    of `record` and returned as that record; pydantic's ValidationError when it is wrong."""
    model: type[BaseModel] = globals()[record.__name__]
    return cast("R", plain(model.model_validate(data)))


def as_data(value: Any) -> Any:
    """A record as plain values again, leaving out what is unset (None)."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        fields = {name: as_data(v) for name, v in zip(value._fields, value, strict=True)}
        return {("not" if k == "not_" else k): v for k, v in fields.items() if v is not None}
    if isinstance(value, list):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    return value
