"""Pair practice: a partner plays the prospect from a card, ticks the rubric as a checklist
while listening, tags moments, picks the branch the rep's answer earned; an observer may
join. Each call is an attempt of the rep with mode `pair` (the drill service in run.py) and
one `PairNote` in the log (docs/pairs.md).

Everything here is plain data and rules; the app's pair screens only render it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from trainer.drill.wording import Names, PartnerVoice, how_uncovered, partner_words
from trainer.scenario.models import Condition, Scenario, Step
from trainer.scoring.result import CriterionResult, TurnScore
from trainer.scoring.scorer import attempt_score, combine
from trainer.scoring.techniques import resolve
from trainer.store.base import logged_spelling, rep_key
from trainer.store.records import (
    ObserverNote,
    ObserverTurnNote,
    PairNote,
    PairTag,
    PairTurnNote,
)
from trainer.words import tag_word

if TYPE_CHECKING:
    from trainer.clock import Clock
    from trainer.drill.run import Drill, PartnerTurn
    from trainer.drill.voice import SpokenTurn
    from trainer.store.base import Store
    from trainer.store.records import AttemptDetail

# What a turn's answer reads as when only the partner heard it (no microphone or model).
UNHEARD_ANSWER = "(said out loud to the partner)"
# What a pair call says of its hidden facts when an answer was not heard by the app: the
# facts an answer uncovers are found in its words, which only the partner heard.
FACTS_NOT_CHECKED = "Hidden facts: not checked (the answers were said out loud to the partner)"


def facts_unchecked(detail: AttemptDetail) -> bool:
    """Whether a logged attempt's hidden facts cannot be told from its answers: a pair call
    with an answer only the partner heard (reported as FACTS_NOT_CHECKED, never "missed")."""
    from trainer.store.records import DrillMode

    return detail.attempt.mode is DrillMode.PAIR and any(
        t.answer_text == UNHEARD_ANSWER for t in detail.turns
    )


class MomentTag(StrEnum):
    """Moments the partner or observer tags on the call's timeline."""

    GREAT_LINE = "great-line"
    MISSED_MOVE = "missed-a-move"
    INTERRUPTED = "interrupted"
    TOO_LONG = "too-long"
    FILLER = "filler"

    @property
    def label(self) -> str:
        return tag_word(self.value)


# -- the card -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HiddenFact:
    text: str
    unlock: str | None  # what the rep must ask or do to hear it (None: a good question)


def hidden_facts(scenario: Scenario) -> list[HiddenFact]:
    """The scenario's hidden facts and what unlocks each, in the words the debrief tells the
    rep (`how_uncovered`): THE one reader of `hidden` for pair practice (a plain-text fact
    has no unlock: a good question earns it)."""
    return [
        HiddenFact(f.text, how_uncovered(f, scenario) if f.unlock is not None else None)
        for f in scenario.facts
    ]


def how_to_play(scenario: Scenario) -> list[str]:
    """Plain advice for the partner playing this prospect."""
    persona = scenario.persona
    who = ", ".join(x for x in (persona.role, persona.company) if x)
    advice = [f"You are {persona.label}" + (f" ({who})." if who else ".")]
    if persona.style:
        advice.append(f"Manner: {persona.style}.")
    advice += [
        "Say the line as written, then listen: do not help the rep.",
        "Give a hidden fact only when the rep asks for it well.",
        "Take the branch the answer earned (keys below); tick what you heard.",
    ]
    return advice


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One rubric move on the partner's checklist."""

    id: str
    label: str
    weight: float
    tip: str | None


def checklist(step: Step) -> list[CheckItem]:
    """The step's rubric as moves to tick, in order (labels as the scorer names them)."""
    items = []
    for criterion in (resolve(c) for c in step.rubric):
        label = criterion.label or criterion.key.replace("-", " ").capitalize()
        weight = criterion.weight if criterion.weight is not None else 1.0
        items.append(CheckItem(criterion.key, label, weight, criterion.tip))
    return items


def move_names(scenario: Scenario | None, step_id: str, moves: Iterable[str]) -> list[str]:
    """Moves as the checklist names them ("Say why you're calling"), for every view of a
    pair call's ticks; a move the scenario no longer has reads as its id in words."""
    labels: dict[str, str] = {}
    if scenario is not None and any(s.id == step_id for s in scenario.steps):
        labels = {item.id: item.label for item in checklist(scenario.step(step_id))}
    order = {move: n for n, move in enumerate(labels)}  # the checklist's order, then the rest
    ordered = sorted(moves, key=lambda move: order.get(move, len(order)))
    return [labels.get(move, move.replace("-", " ")) for move in ordered]


def human_verdict(step: Step, ticks: frozenset[str]) -> TurnScore:
    """The partner's verdict on an answer: the ticked moves pass, scored by the same weights
    as the scorer's (`combine`), with no guards and no delivery figures."""
    criteria = tuple(
        CriterionResult(item.id, item.label, item.weight, item.id in ticks, tip=item.tip)
        for item in checklist(step)
    )
    return TurnScore(combine(criteria), criteria, notes=("Judged by the partner.",))


@dataclass(frozen=True, slots=True)
class BranchChoice:
    goto: str
    words: str  # when the scenario takes it, in plain words
    ends: bool  # it ends the call
    when: Condition | None = None  # when the scenario takes it


def ticks_against(
    cond: Condition | None, verdict: TurnScore, scenario: Scenario | None, step: Step | None
) -> str | None:
    """Why the ticks so far do not earn a branch ("they score 69, under 70"; None:
    they may): the parts of its condition the ticks decide (the score, the ticked moves),
    so that the partner sees a mismatch before taking it. The rest (guards, words, facts)
    only the partner can judge."""
    from trainer.scoring.format import score_points

    said = PartnerVoice(Names(scenario, step))
    for part in [cond, *(cond.all or [])] if cond is not None else []:
        score = score_points(verdict.score)
        if part.score_at_least is not None and verdict.score < part.score_at_least:
            return f"they score {score}, under {part.score_at_least:g}"
        if part.score_below is not None and verdict.score >= part.score_below:
            return f"they score {score}, not under {part.score_below:g}"
        if unticked := [m for m in part.passed or [] if m not in verdict.passed]:
            return f"{said.moves(unticked, 'and')} not ticked"
        if ticked := [m for m in part.missed or [] if m in verdict.passed]:
            return f"{said.moves(ticked, 'and')} ticked"
    return None


def branch_choices(scenario: Scenario, step: Step) -> list[BranchChoice]:
    """How the prospect may react, one choice per distinct target, in the step's order."""
    steps = {s.id for s in scenario.steps}
    seen: set[str] = set()
    choices = []
    for branch in step.next or []:
        if branch.goto in seen:
            continue
        seen.add(branch.goto)
        where = branch_place(scenario, branch.goto) or branch.goto.replace("-", " ")
        choices.append(
            BranchChoice(
                branch.goto,
                f"{partner_words(branch.when, scenario, step)} → {where}",
                branch.goto not in steps,
                branch.when,
            )
        )
    return choices


def branch_place(scenario: Scenario | None, goto: str | None) -> str | None:
    """Where a branch led, as the partner's card names it ("the number", "end: win
    (booked)"), for every view of a pair call's verdicts; None when the scenario (or this
    version of it) has no such step or ending: an id means nothing to a rep."""
    if scenario is None or goto is None:
        return None
    where = goto.replace("-", " ")
    if (ending := scenario.endings.get(goto)) is not None:
        return f"end: {ending.outcome.value} ({where})"
    return where if any(step.id == goto for step in scenario.steps) else None


# -- both verdicts --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerdictRow:
    id: str
    label: str
    human: bool
    auto: bool | None  # None: the answer was not heard by the scorer

    @property
    def disagree(self) -> bool:
        return self.auto is not None and self.auto != self.human


def side_by_side(human: TurnScore, auto: TurnScore | None) -> list[VerdictRow]:
    """The partner's ticks beside the scorer's verdict, move by move."""
    scored = {c.id: c.passed for c in auto.criteria} if auto is not None else {}
    return [
        VerdictRow(c.id, c.label, c.passed, scored.get(c.id) if auto is not None else None)
        for c in human.criteria
    ]


@dataclass(frozen=True, slots=True)
class TickComparison:
    """One observer's ticks on one answer beside the partner's: the moves only one of them
    ticked are their disagreements."""

    seq: int
    observer: str
    ticks: tuple[str, ...]
    partner_only: tuple[str, ...]  # the partner ticked it, the observer did not
    observer_only: tuple[str, ...]  # the observer ticked it, the partner did not

    @property
    def disagree(self) -> bool:
        return bool(self.partner_only or self.observer_only)

    @property
    def differences(self) -> str:
        """'open question (partner only), next step (Ann only)': the moves they disagree on."""
        return ", ".join(
            [f"{m} (partner only)" for m in self.partner_only]
            + [f"{m} ({self.observer} only)" for m in self.observer_only]
        )


def observers_beside_partner(
    note: PairNote, scenario: Scenario | None = None
) -> list[TickComparison]:
    """Every observer's ticks beside the partner's, answer by answer: the answers the
    partner judged and the observer followed (`ObserverCall.witness`: ticked nothing, or
    a tick then an untick, counts as "nothing"; an answer given before they joined is not
    compared). The
    moves are named as the checklist names them (`move_names`)."""
    rows = []
    for turn in note.turns:
        for seen in note.observations:
            ticks = seen.ticks_of(turn.seq)
            if ticks is None:
                continue

            def names(moves: Iterable[str], step_id: str = turn.step_id) -> tuple[str, ...]:
                return tuple(move_names(scenario, step_id, moves))

            rows.append(
                TickComparison(
                    turn.seq,
                    seen.observer,
                    names(ticks),
                    names(t for t in turn.ticks if t not in ticks),
                    names(t for t in ticks if t not in turn.ticks),
                )
            )
    return rows


# -- who plays what --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairRoles:
    rep: str
    partner: str
    observer: str | None = None

    def swapped(self) -> PairRoles:
        """The partner answers next; the rep plays the prospect."""
        return PairRoles(self.partner, self.rep, self.observer)

    @property
    def who(self) -> str:
        """'ana answers · ben plays the prospect · cy observes', as every pair view says it."""
        said = f"{self.rep} answers · {self.partner} plays the prospect"
        return f"{said} · {self.observer} observes" if self.observer else said

    def watched_by(self, viewer: str | None) -> str:
        """'dee watches only · ana answers · ben plays the prospect · cy observes': the
        roles as seen by someone who follows the call without ticking on it (the call does
        not name them, or they gave no name), their part first, where a title cut at 80
        columns still says it."""
        them = f"{viewer} watches only" if viewer else "you watch only"
        if viewer and self.observer and same_person(viewer, self.observer):
            return f"{them} · {PairRoles(self.rep, self.partner).who}"
        return f"{them} · {self.who}"


def same_person(rep: str, partner: str) -> bool:
    """The rep and the partner are one name (spaces and case aside: "Ben" and "ben " are one
    person): a pair call needs two people."""
    return rep_key(rep) == rep_key(partner)


# The longest name a partner or an observer may have: a person's name, that the pair
# screens' titles and the debrief show whole.
NAME_MAX = 40


def name_problem(role: str, name: str) -> str | None:
    """Why `name` cannot name the `role` ("partner", "observer") of a pair call, in one
    line (None: it can): at most NAME_MAX characters, spaces aside. THE rule for the
    Library's `p` dialog and `trainer pair`."""
    length = len(" ".join(name.split()))
    if length > NAME_MAX:
        return (
            f"The {role}'s name has {length} characters; a name has at most {NAME_MAX}: shorten it"
        )
    return None


def roles_problem(rep: str, partner: str, observer: str | None = None) -> str | None:
    """Why these names cannot share a call, in one line (None: they can): the rep, the
    partner and the observer are three people (`same_person`: "Ben" and "ben" are one).
    THE rule for the Library's `p` dialog and `trainer pair`."""

    def named(name: str, other: str) -> str:  # "Ben is the rep (ben)" when spelt apart
        name, other = " ".join(name.split()), " ".join(other.split())
        return name if name == other else f"{name} ({other})"

    if same_person(rep, partner):
        return f"{named(partner, rep)} is the rep: a pair call needs two people"
    for role, name in (("the rep", rep), ("the partner", partner)):
        if observer and same_person(observer, name):
            return f"{named(observer, name)} is {role}: the observer is a third person"
    return None


# -- one call -------------------------------------------------------------------------------


def login_problem(store: Store, rep: str) -> str | None:
    """Why this process cannot log a pair call for `rep`: on a team server attempts are the
    login's, so the rep's login must run the call (docs/pairs.md)."""
    from trainer.store.base import fixed_rep

    login = fixed_rep(store)
    if login and login != rep:
        return (
            f"On the team server a call is logged by the rep's login: you are logged in "
            f"as {login}, the rep is {rep}. Run the partner's view under {rep}'s login, "
            f"or swap so that {login} answers."
        )
    return None


@dataclass(slots=True)
class PairCall:
    """One pair call as the partner runs it: the drill, the ticks of the line being
    answered, the tags, the comment, and the note kept in the log after every change."""

    drill: Drill
    roles: PairRoles
    store: Store
    monotonic: Callable[[], float] = time.monotonic
    ticks: set[str] = field(default_factory=set)
    tags: list[PairTag] = field(default_factory=list)
    turns: list[PairTurnNote] = field(default_factory=list)
    last: PartnerTurn | None = None
    comment: str = ""
    _began: float = 0.0
    _ended: float | None = None
    # The line on screen, kept once the call ends without answering it: the rep's view
    # still lists it ("The prospect said").
    _shown: tuple[str, str] | None = None

    def start(self) -> None:
        self._began = self.monotonic()
        self.drill.start()
        self.save()

    @property
    def elapsed_s(self) -> float:
        """The call's time: once it has ended, the time the log keeps for it (History and
        `trainer show` read the same number, `Drill.practised_s`); else the running timer."""
        if self.drill.finished:
            return self.drill.practised_s
        end = self._ended if self._ended is not None else self.monotonic()
        return max(0.0, end - self._began)

    def toggle(self, criterion_id: str) -> bool:
        """Tick or untick a move of the current line; whether it is now ticked."""
        if criterion_id in self.ticks:
            self.ticks.discard(criterion_id)
            return False
        self.ticks.add(criterion_id)
        return True

    def tag(self, kind: MomentTag) -> PairTag:
        tag = PairTag(kind.value, round(self.elapsed_s, 1), len(self.turns) + 1)
        self.tags.append(tag)
        return tag

    def take(self, goto: str | None, spoken: SpokenTurn | None = None) -> PartnerTurn:
        """The rep has answered: log the partner's verdict and take the branch `goto`."""
        turn = self.drill.answer_by_partner(frozenset(self.ticks), goto, spoken)
        outcome = turn.outcome
        self.turns.append(
            PairTurnNote(
                seq=outcome.seq,
                step_id=outcome.step_id,
                ticks=[c.id for c in outcome.result.criteria if c.passed],  # checklist order
                human_score=outcome.result.score,
                branch=goto,
                auto_score=turn.auto.score if turn.auto else None,
                auto_passed=sorted(turn.auto.passed) if turn.auto else [],
            )
        )
        self.ticks = set()
        self.last = turn
        if self.drill.finished:
            self._ended = self.monotonic()
        self.save()
        return turn

    def end(self, comment: str | None = None) -> None:
        """End the call (early, or after its ending) and keep the comment."""
        self.drill.end()
        if comment is not None:
            from trainer.drill.run import plain_answer

            self.comment = plain_answer(comment)[:500]  # no control characters
        if self._ended is None:
            self._ended = self.monotonic()
        self.save()

    def note(self) -> PairNote:
        autos = [t.auto_score for t in self.turns if t.auto_score is not None]
        view = self.drill.view()
        current = view.current
        if current is not None:
            self._shown = (current.line, current.step_id)
        # ended early: the line awaiting an answer was said (an ending's lines are turns')
        line, step = (
            (current.line, current.step_id)
            if current is not None
            else self._shown
            if view.finished and view.ending is None and self._shown is not None
            else (None, None)
        )
        return PairNote(
            attempt_id=self.drill.attempt_id,
            rep=self.roles.rep,
            partner=self.roles.partner,
            observer=self.roles.observer,
            turns=list(self.turns),
            tags=list(self.tags),
            comment=self.comment,
            human_score=self.drill.view().score,
            auto_score=attempt_score(autos) if autos else None,
            partner_seconds=self.elapsed_s,  # unrounded: 20.97 reads 0:20 everywhere
            current_line=line,
            current_step=step,
            updated_at=self.drill.clock.now(),
        )

    def save(self) -> None:
        self.store.save_pair_note(self.note())


# -- the observer's own ticks ------------------------------------------------------------


def observer_problem(store: Store, observer: str | None, note: PairNote) -> str | None:
    """Why this process cannot tick as `observer` on the call of `note` (None: it can)."""
    from trainer.store.base import fixed_rep

    if not observer:
        return "Watching only: start with --observer NAME to tick and tag."
    if note.observer is None or not same_person(note.observer, observer):
        named = note.observer or "no observer"
        return (
            f"Watching only: the partner's call names {named}, not {observer}. The partner "
            f"starts the call with --observer {observer} for your ticks to count."
        )
    login = fixed_rep(store)
    if login and login != note.observer:
        return (
            f"Watching only: you are logged in as {login}; an observer ticks under their "
            f"own login ({observer})."
        )
    return None


@dataclass(slots=True)
class ObserverCall:
    """An observer's own ticks, tags and comment on a pair call the partner runs, from the
    observer's process: kept in their own row of the log (`Store.save_observation`), never
    in the partner's note, so neither process overwrites the other."""

    store: Store
    attempt_id: str
    observer: str
    started_at: datetime  # the call's start, for the tags' times
    clock: Clock = field(kw_only=True)  # the app's: stamps the observer's note
    joined: int = field(default=1, kw_only=True)  # the first answer this observer followed
    turns: dict[int, ObserverTurnNote] = field(default_factory=dict)
    tags: list[PairTag] = field(default_factory=list)
    comment: str = ""

    @classmethod
    def resumed(
        cls,
        store: Store,
        attempt_id: str,
        observer: str,
        started_at: datetime,
        note: PairNote,
        *,
        clock: Clock,
    ) -> ObserverCall:
        """The observer's call, carrying on from what they already logged on it (a
        restarted process reads its own row back)."""
        call = cls(store, attempt_id, observer, started_at, clock=clock)
        call.joined = cls.answer_seq(note)
        for seen in note.observations:
            if seen.observer == observer:
                call.turns = {t.seq: t for t in seen.turns}
                call.tags = list(seen.tags)
                call.comment = seen.comment
                call.joined = min([call.joined, *call.turns])
        return call

    def witness(self, note: PairNote, finished: bool) -> bool:
        """Note every answer given since this observer began following the call as theirs
        too, ticked or not: one they ticked nothing on then reads "ticked nothing" beside the
        partner's ticks (`observers_beside_partner`), never as unseen. Whether anything was
        added (to save)."""
        steps = {turn.seq: turn.step_id for turn in note.turns}
        if not finished and note.current_step:
            steps.setdefault(self.answer_seq(note), note.current_step)
        seen = [seq for seq in steps if seq >= self.joined and seq not in self.turns]
        for seq in seen:
            self.turns[seq] = ObserverTurnNote(seq, steps[seq], [])
        return bool(seen)

    @staticmethod
    def step_answered(scenario: Scenario, note: PairNote, finished: bool) -> Step | None:
        """The step the rep is answering now, as the partner's note says (None between
        calls, once the call is over, or for a step the scenario no longer has)."""
        if finished or not note.current_step:
            return None
        if note.current_step not in {s.id for s in scenario.steps}:
            return None
        return scenario.step(note.current_step)

    @staticmethod
    def answer_seq(note: PairNote) -> int:
        """The number of the answer being given now: one after those the partner logged."""
        return len(note.turns) + 1

    def ticks(self, seq: int) -> set[str]:
        turn = self.turns.get(seq)
        return set(turn.ticks) if turn else set()

    def toggle(self, seq: int, step: Step, criterion_id: str) -> bool:
        """Tick or untick a move of answer `seq` (on `step`); whether it is now ticked."""
        ticks = self.ticks(seq) ^ {criterion_id}
        order = [item.id for item in checklist(step) if item.id in ticks]
        self.turns[seq] = ObserverTurnNote(seq, step.id, order)
        return criterion_id in ticks

    def tag(self, kind: MomentTag, now: datetime, seq: int) -> PairTag:
        at_s = max(0.0, (now - self.started_at).total_seconds())
        tag = PairTag(kind.value, round(at_s, 1), seq)
        self.tags.append(tag)
        return tag

    def set_comment(self, text: str) -> None:
        from trainer.drill.run import plain_answer

        self.comment = plain_answer(text)[:500]  # no control characters

    def note(self) -> ObserverNote:
        return ObserverNote(
            attempt_id=self.attempt_id,
            observer=self.observer,
            turns=[self.turns[seq] for seq in sorted(self.turns)],
            tags=list(self.tags),
            comment=self.comment,
            updated_at=self.clock.now(),
        )

    def save(self) -> None:
        self.store.save_observation(self.note())


# -- the rep's view --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepSight:
    """What the rep sees of a pair call the partner runs: no card, only what was said."""

    attempt_id: str
    scenario_id: str
    title: str
    partner: str
    started_at: datetime
    lines: tuple[str, ...]  # the prospect's lines said so far, the current one last
    finished: bool
    ended_at: datetime | None = None
    rep: str = ""  # who answers on this call (after a swap: the partner the view was opened for)
    observer: str | None = None
    note: PairNote | None = None  # the call's pair note, the observers' notes with it
    answered: bool = True  # False: ended before any answer, a call that counts for nobody

    def swapped(self, rep: str) -> bool:
        """Whether this call is the pair's swap: the view's partner answers, `rep` plays."""
        return bool(self.rep) and not same_person(self.rep, rep)


def rep_sight(
    store: Store,
    rep: str,
    since: datetime,
    partner: str | None = None,
    names: Sequence[str] = (),
) -> RepSight | None:
    """The newest pair call started at or after `since` that a view opened for `rep` (and
    `partner`) follows: the rep's own, or, once they swapped roles (`ctrl+r`), the one where
    `partner` answers and `rep` plays the prospect (docs/pairs.md). One history read for
    both people, then the call's attempt (its pair note with the observers' comes along).
    `names`: the file log's rep names (`Store.rep_names`), to find the reps as it spells them."""
    from trainer.store.records import AttemptStatus, DrillMode

    # The call is logged under the rep as the log first wrote them ("ana" drills as "Ana"):
    # `names` (the log's, read once by the caller: not on every poll) say how.
    if names:
        rep = logged_spelling(names, rep) or rep
        partner = None if partner is None else logged_spelling(names, partner) or partner
    people = (rep,) if partner is None or same_person(rep, partner) else (rep, partner)
    for attempt in store.history(rep=people, since=since, limit=5 * len(people)):
        if attempt.mode is not DrillMode.PAIR:
            continue
        detail: AttemptDetail | None = store.attempt(attempt.id)
        note = detail.pair if detail is not None else None
        if detail is None or note is None:
            continue
        if attempt.rep != rep and not same_person(note.partner, rep):
            continue  # the partner's call with someone else
        lines = [t.prospect_line for t in detail.turns if not t.retried]
        if note.current_line:
            lines.append(note.current_line)
        return RepSight(
            attempt.id,
            attempt.scenario_id,
            attempt.scenario_title,
            note.partner,
            attempt.started_at,
            tuple(lines),
            attempt.status is not AttemptStatus.IN_PROGRESS,
            attempt.ended_at,
            note.rep,
            note.observer,
            note,
            attempt.turn_count > 0,  # as the log counts calls (queries.ANSWERED_CALL)
        )
    return None
