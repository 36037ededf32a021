"""A scenario condition said to the people on a call, by the one walker of
trainer.scenario.wording: to a pair partner on their card ("you ticked “Ask a clarifying
question” and the rep was not pushy") and to the rep in the debrief ("uncovered when you
make the move “Ask a clarifying question”"). Both name moves by the checklist's labels,
guards in plain words and facts by their names, never the scenario's field names or ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenario.models import Condition, HiddenFact, Scenario, Step
from trainer.scenario.wording import Voice, curly_quoted, describe, in_words, joined
from trainer.scoring.facts import FactsSoFar
from trainer.scoring.result import GOOD_SCORE
from trainer.words import plural

# What each guard reads as after "the rep was" / "the rep was not" (every guard in
# trainer.scoring.guards.LABEL; a test keeps them in step).
GUARD_WORDS = {
    "keyword-salad": "speaking in keyword salad",
    "rambling": "rambling",
    "rude": "rude",
    "arguing": "arguing",
    "discounting": "discounting at once",
    "ignores-prospect": "ignoring what the prospect said",
    "about-us": "talking all about us, not about them",
    "pushy": "pushy",
    "false-urgency": "inventing urgency",
    "pretext": "giving a made-up reason for the call",
    "refuses-stop": "refusing their request to stop",
    "refuses-move": "refusing a move the step asks for",
    "pushes-on": "skipping the move and pushing on",
    "pressure": "using fear or guilt instead of a reason",
    "misleads": "misleading them",
    "books-unasked": "booking them without asking",
}


@dataclass(frozen=True, slots=True)
class Names:
    """What the people on a call call the things a condition names: moves by their
    checklist labels (of `step`; with no step, of the first step that has the move),
    guards in plain words, facts by their names (ids in words when the scenario has none)."""

    scenario: Scenario | None
    step: Step | None = None

    def moves(self, ids: list[str]) -> list[str]:
        from trainer.drill.pair import checklist, move_names

        if self.step is not None or self.scenario is None:
            step_id = self.step.id if self.step is not None else ""
            return move_names(self.scenario, step_id, ids)
        labels: dict[str, str] = {}
        for step in self.scenario.steps:
            for item in checklist(step):
                labels.setdefault(item.id, item.label)
        return [labels.get(i, i.replace("-", " ")) for i in ids]

    def guards(self, ids: list[str]) -> list[str]:
        from trainer.scoring.guards import LABEL

        return [GUARD_WORDS.get(g) or LABEL.get(g, g.replace("-", " ")).lower() for g in ids]

    def facts(self, ids: list[str]) -> list[str]:
        names = {f.id: f.name for f in self.scenario.facts} if self.scenario else {}
        return [names.get(i, i.replace("-", " ")) for i in ids]


@dataclass(frozen=True, slots=True)
class PartnerVoice(Voice):
    """The partner's card: scores as "a good answer (score 70+)", moves as what they ticked,
    guards as what the rep was."""

    names: Names
    always = "otherwise"
    plain_negation = True

    def moves(self, ids: list[str], joiner: str) -> str:
        return joined(curly_quoted(self.names.moves(ids)), joiner)

    def score_at_least(self, value: float) -> str:
        if value >= GOOD_SCORE:
            return f"a good answer (score {value:g}+)"
        return f"an answer scoring {value:g} or more"

    def score_below(self, value: float) -> str:
        if value <= GOOD_SCORE:
            return f"a weak answer (score under {value:g})"
        return f"an answer scoring under {value:g}"

    def passed(self, moves: list[str]) -> str:
        return f"you ticked {self.moves(moves, 'and')}"

    def missed(self, moves: list[str]) -> str:
        return f"you did not tick {self.moves(moves, 'or')}"

    def guards(self, guards: list[str]) -> str:
        return f"the rep was {joined(self.names.guards(guards), 'or')}"

    def no_guards(self, guards: list[str]) -> str:
        return f"the rep was not {joined(self.names.guards(guards), 'or')}"

    def state_at_least(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} at least {value:g}"

    def state_below(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} under {value:g}"

    def facts(self, facts: list[str]) -> str:
        return f"the rep has uncovered {joined(self.names.facts(facts), 'and')}"

    def facts_at_least(self, count: int) -> str:
        return f"the rep has uncovered at least {plural(count, 'fact')}"

    def said(self, phrases: list[str]) -> str:
        return f"the rep says {joined(curly_quoted(phrases), 'or')}"

    def asked_about(self, phrases: list[str]) -> str:
        return f"the rep asks about {joined(curly_quoted(phrases), 'or')}"

    def all(self, parts: list[str]) -> str:
        return " and ".join(parts)

    def any(self, parts: list[str]) -> str:
        return "either " + " or ".join(parts)

    def negated(self, said: str) -> str:
        return f"not: {said}"


@dataclass(frozen=True, slots=True)
class RepVoice(PartnerVoice):
    """The rep's debrief, in the words of a fact's `how` ("you ask ..."): moves by the
    checklist's labels as the rep's feedback names them."""

    always = "you answer"

    def score_at_least(self, value: float) -> str:
        return f"your answer scores {value:g} or more"

    def score_below(self, value: float) -> str:
        return f"your answer scores under {value:g}"

    def passed(self, moves: list[str]) -> str:
        return f"you make the move{_s(moves)} {self.moves(moves, 'and')}"

    def missed(self, moves: list[str]) -> str:
        if len(moves) == 1:
            return f"you do not make the move {self.moves(moves, 'or')}"
        return f"you make none of the moves {self.moves(moves, 'and')}"

    def guards(self, guards: list[str]) -> str:
        return f"you are {joined(self.names.guards(guards), 'or')}"

    def no_guards(self, guards: list[str]) -> str:
        return f"you are not {joined(self.names.guards(guards), 'or')}"

    def state_at_least(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} is at least {value:g}"

    def state_below(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} is under {value:g}"

    def facts(self, facts: list[str]) -> str:
        return f"you have uncovered {joined(self.names.facts(facts), 'and')}"

    def facts_at_least(self, count: int) -> str:
        return f"you have uncovered at least {plural(count, 'fact')}"

    def at(self, steps: list[str]) -> str:
        return f"you answer at the {joined(in_words(steps), 'or')} step"

    def said(self, phrases: list[str]) -> str:
        return f"you say {joined(curly_quoted(phrases), 'or')}"

    def asked_about(self, phrases: list[str]) -> str:
        return f"you ask about {joined(curly_quoted(phrases), 'or')}"


def _s(items: list[str]) -> str:
    return "s" if len(items) > 1 else ""


def partner_words(
    cond: Condition | None, scenario: Scenario | None = None, step: Step | None = None
) -> str:
    """A branch's condition as the partner acts on it (see `PartnerVoice`); "otherwise"
    for none."""
    voice = PartnerVoice(Names(scenario, step))
    return voice.always if cond is None else describe(cond, voice)


def how_uncovered(fact: HiddenFact, scenario: Scenario | None) -> str:
    """What would have uncovered a fact, in the rep's words: its `how`, else its `unlock`
    said by `RepVoice` ("you make the move “Ask a clarifying question”")."""
    if fact.how or fact.unlock is None:
        return fact.unlock_text
    return describe(fact.unlock, RepVoice(Names(scenario)))


def facts_so_far(
    scenario: Scenario, before: frozenset[str], now: frozenset[str] = frozenset()
) -> FactsSoFar:
    """A call's hidden facts for the scorer, whose tip for a fact still hidden then says what
    would uncover it as the debrief does (`how_uncovered`)."""
    return FactsSoFar(tuple(scenario.facts), before, now, lambda f: how_uncovered(f, scenario))
