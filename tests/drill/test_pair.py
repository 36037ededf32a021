"""Pair practice core: the partner's verdict and branch, tags, the note in a real log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.clock import FixedClock
from trainer.drill.pair import (
    MomentTag,
    ObserverCall,
    PairCall,
    PairRoles,
    branch_choices,
    checklist,
    hidden_facts,
    human_verdict,
    observer_problem,
    observers_beside_partner,
    rep_sight,
    side_by_side,
)
from trainer.drill.run import SessionError, start_drill
from trainer.drill.voice import SpokenTurn
from trainer.scenario.library import load_library
from trainer.scoring.answer import Answer
from trainer.settings import Settings
from trainer.speech.transcript import Transcript
from trainer.store.open import open_store
from trainer.store.records import FORGOTTEN_NAME, DrillMode, PairNote

SCENARIO = "objection/too-expensive"
START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 5.0
        return self.now


def _call(tmp_path: Path) -> PairCall:
    loaded = load_library(include_user=False).get(SCENARIO)
    store = open_store(str(tmp_path / "log.db"))
    clock = FixedClock(START)
    drill = start_drill(
        loaded, store, settings=Settings(), clock=clock, rep="ana", seed=1, mode=DrillMode.PAIR
    )
    return PairCall(drill, PairRoles("ana", "ben", "cy"), store, monotonic=Ticker())


def test_card_parts_read_the_scenario() -> None:
    scenario = load_library(include_user=False).get(SCENARIO).scenario
    facts = hidden_facts(scenario)
    assert [f.text for f in facts] == [f.text for f in scenario.facts]
    # what unlocks a fact reads as plain words on the partner's card, never as a model dump
    assert facts[0].unlock == "you ask what she compares the price with"
    assert all("=" not in (f.unlock or "") for f in facts)
    step = scenario.step(scenario.first_step)
    assert [i.id for i in checklist(step)] == [c.key for c in step.rubric]
    choices = branch_choices(scenario, step)
    assert {c.goto for c in choices} == {b.goto for b in step.next or []}
    assert all("→" in c.words for c in choices)


def test_ticks_score_the_turn_and_the_partner_picks_the_branch(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    step = call.drill.loaded.scenario.step(call.drill.view().current.step_id)  # type: ignore[union-attr]
    items = checklist(step)
    call.toggle(items[0].id)
    call.tag(MomentTag.GREAT_LINE)
    low = [c for c in branch_choices(call.drill.loaded.scenario, step)][-1]
    call.drill.clock.advance(42.5)  # type: ignore[union-attr]
    turn = call.take(low.goto)
    assert turn.auto is None  # nobody but the partner heard it
    assert turn.outcome.result.passed == {items[0].id}
    assert turn.outcome.result.score == human_verdict(step, frozenset({items[0].id})).score
    note = call.store.pair_note(call.drill.attempt_id)
    assert note is not None
    assert (note.rep, note.partner, note.observer) == ("ana", "ben", "cy")
    assert note.turns[0].ticks == [items[0].id] and note.turns[0].branch == low.goto
    assert note.tags[0].kind == "great-line" and note.tags[0].seq == 1
    call.end("Good energy; ask before you answer.")
    note = call.store.pair_note(call.drill.attempt_id)
    assert note is not None and note.comment.startswith("Good energy")
    # the call's time as the log keeps it (History and `trainer show` read the same)
    assert note.partner_seconds == call.store.history(rep="ana")[0].active_s == 42.5
    history = call.store.history(rep="ana")
    assert len(history) == 1 and history[0].mode is DrillMode.PAIR and history[0].turn_count == 1
    count, seconds = call.store.partner_practice("ben", START - timedelta(hours=1))
    assert count == 1 and seconds == note.partner_seconds


def test_a_branch_the_step_lacks_is_refused(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    with pytest.raises(SessionError):
        call.take("no-such-branch")


def test_a_heard_answer_gets_both_verdicts(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    text = "that's fair what are you comparing it to"
    spoken = SpokenTurn(Transcript(text), Answer.typed(text), None, 0.0, 0.0)
    turn = call.take(None, spoken)
    assert turn.auto is not None
    rows = side_by_side(turn.outcome.result, turn.auto)
    assert any(r.disagree for r in rows)  # nothing ticked, yet the scorer heard moves


def test_the_rep_sees_lines_not_the_card(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    sight = rep_sight(call.store, "ana", START - timedelta(minutes=5))
    assert sight is not None and len(sight.lines) == 1 and not sight.finished
    call.take(None)
    sight = rep_sight(call.store, "ana", START - timedelta(minutes=5))
    assert sight is not None and len(sight.lines) >= 1


def test_forgetting_the_rep_deletes_their_pair_notes(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    call.take(None)
    call.end("A note about ana.")
    gone = call.store.forget_rep("ana")
    assert gone.attempts == 1
    assert call.store.pair_note(call.drill.attempt_id) is None
    assert call.store.partner_practice("ben", START - timedelta(hours=1))[0] == 0


# -- the observer's own ticks (a triad, the observer in their own process) -----------------


def _observer(call: PairCall, tmp_path: Path, name: str = "cy") -> ObserverCall:
    """The observer's process: its own connection to the same log file."""
    store = open_store(str(tmp_path / "log.db"))
    note = store.pair_note(call.drill.attempt_id)
    assert note is not None and observer_problem(store, name, note) is None
    return ObserverCall(store, note.attempt_id, name, START, clock=call.drill.clock)


def test_the_observer_ticks_in_their_own_row_beside_the_partners(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    scenario = call.drill.loaded.scenario
    step = scenario.step(scenario.first_step)
    first, second = (item.id for item in checklist(step)[:2])
    seen = _observer(call, tmp_path)
    try:
        seen.toggle(1, step, second)
        seen.toggle(1, step, first)
        seen.tag(MomentTag.FILLER, START + timedelta(seconds=12), 1)
        seen.save()
        call.toggle(first)
        call.take(None)  # the partner's save after the observer's: the observer's row stays
        seen.set_comment("Strong open,\x1b[31m slow close.")
        seen.save()
        call.end("Partner's comment.")
    finally:
        seen.store.close()
        call.store.close()
    again = open_store(str(tmp_path / "log.db"))  # both processes closed: all is kept
    try:
        note = again.pair_note(call.drill.attempt_id)
    finally:
        again.close()
    assert note is not None and note.comment == "Partner's comment."
    assert note.turns[0].ticks == [first]
    [observed] = note.observations
    assert observed.observer == "cy" and observed.ticks_of(1) == [first, second]
    assert [(t.kind, t.at_s, t.seq) for t in observed.tags] == [("filler", 12.0, 1)]
    assert observed.comment == "Strong open,[31m slow close."
    assert note.updated_at == observed.updated_at == START  # the app's clock, both notes
    [row] = observers_beside_partner(note, scenario)
    label = checklist(step)[1].label  # as the checklist names the move
    assert row.disagree and row.observer_only == (label,) and row.partner_only == ()


def test_partner_and_observer_saving_at_once_keep_both(tmp_path: Path) -> None:
    """Two connections writing the same attempt's notes at the same time: neither loses."""
    import threading

    call = _call(tmp_path)
    call.start()
    scenario = call.drill.loaded.scenario
    step = scenario.step(scenario.first_step)
    ids = [item.id for item in checklist(step)]
    seen = _observer(call, tmp_path)
    errors: list[BaseException] = []

    def partner() -> None:
        try:
            for n in range(40):
                call.comment = f"partner {n}"
                call.save()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def observer() -> None:
        try:
            for n in range(40):
                seen.toggle(1, step, ids[n % len(ids)])
                seen.tag(MomentTag.GREAT_LINE, START, 1)
                seen.save()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=partner), threading.Thread(target=observer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors
        note = call.store.pair_note(call.drill.attempt_id)
        assert note is not None and note.comment == "partner 39"
        assert len(note.observations) == 1 and len(note.observations[0].tags) == 40
        assert note.observations[0].ticks_of(1) == sorted(seen.ticks(1), key=ids.index)
    finally:
        seen.store.close()
        call.store.close()


def test_watching_only_without_the_partners_naming_the_observer(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    note = call.store.pair_note(call.drill.attempt_id)
    assert note is not None
    assert observer_problem(call.store, None, note) is not None
    problem = observer_problem(call.store, "dee", note)
    assert problem is not None and "names cy, not dee" in problem
    assert observer_problem(call.store, "Cy", note) is None  # one person (`same_person`)
    call.store.close()


def test_forgetting_the_partner_or_observer_leaves_the_reps_call(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    scenario = call.drill.loaded.scenario
    seen = _observer(call, tmp_path)
    seen.toggle(
        1, scenario.step(scenario.first_step), checklist(scenario.step(scenario.first_step))[0].id
    )
    seen.set_comment("cy's own words")
    seen.save()
    seen.store.close()
    call.take(None)
    call.end("ben's comment")
    since = START - timedelta(hours=1)
    assert call.store.pair_mentions("ben") == 1 and call.store.pair_mentions("cy") == 2
    assert call.store.forget_rep("ben").pair_mentions == 1
    assert call.store.forget_rep("cy").pair_mentions == 2
    note = call.store.pair_note(call.drill.attempt_id)
    try:
        assert note is not None and (note.rep, note.partner, note.observer) == (
            "ana",
            FORGOTTEN_NAME,
            FORGOTTEN_NAME,
        )
        assert note.observations == [] and note.turns and note.comment == "ben's comment"
        assert call.store.partner_practice("ben", since)[0] == 0
        assert call.store.pair_mentions("ben") == call.store.pair_mentions("cy") == 0
        assert len(call.store.history(rep="ana")) == 1  # the rep's call stays
    finally:
        call.store.close()


def test_an_empty_call_is_no_pair_practice(tmp_path: Path) -> None:
    """A call ended before any answer is no drill: the manager's "latest pair call" stays
    the last call with answers, and nobody is counted as its partner or observer."""
    loaded = load_library(include_user=False).get(SCENARIO)
    store = open_store(str(tmp_path / "log.db"))
    clock = FixedClock(START)
    try:
        for partner, answered in (("ben", True), ("zed", False)):
            drill = start_drill(
                loaded, store, settings=Settings(), clock=clock, rep="ana", seed=1,
                mode=DrillMode.PAIR,
            )  # fmt: skip
            call = PairCall(drill, PairRoles("ana", partner, "cy"), store, monotonic=Ticker())
            call.start()
            if answered:
                call.toggle(checklist(loaded.scenario.step(loaded.scenario.first_step))[0].id)
                call.take(None)
                call.end("Nice close.")
            else:
                call.end()
            clock.advance(60)
        latest = store.latest_pair_notes()["ana"]
        assert (latest.partner, latest.comment, len(latest.turns)) == ("ben", "Nice close.", 1)
        names = {row.name: row for row in store.team_pair_practice(START - timedelta(days=1))}
        assert "zed" not in names and names["ben"].partner_calls == 1
        assert names["cy"].observer_calls == 1
        assert store.partner_practice("zed", START - timedelta(days=1))[0] == 0
    finally:
        store.close()


def test_every_branch_on_the_card_reads_apart_from_the_others() -> None:
    """A partner tells the branches apart by their words: no two of a step read alike, and
    a branch that is not the step's fallback never reads "otherwise"."""
    for loaded in load_library(include_user=False).scenarios.values():
        scenario = loaded.scenario
        for step in scenario.steps:
            choices = branch_choices(scenario, step)
            words = [c.words.split(" → ")[0] for c in choices]
            assert len(set(words)) == len(words), (scenario.id, step.id, words)
            conditioned = {b.goto for b in step.next or [] if b.when is not None}
            for choice, said in zip(choices, words, strict=True):
                if choice.goto in conditioned:
                    assert said != "otherwise", (scenario.id, step.id, choice)


def test_the_card_says_its_branches_in_the_partners_words() -> None:
    """A branch reads as what the partner ticks and hears, never the scenario's logic
    ("the answer makes clarifying question and not (the answer sets off pushy, ...)")."""
    scenario = load_library(include_user=False).get("cold-call/calling-to-help").scenario
    words = [c.words for c in branch_choices(scenario, scenario.step("quota"))]
    assert words == [
        "a good answer (score 70+) → stocktake",
        "you ticked “Ask a clarifying question” and the rep was not pushy, rude or arguing"
        " → still sceptical",
        "otherwise → end: loss (hung up)",
    ]


def test_the_card_says_which_branches_the_ticks_do_not_earn() -> None:
    from trainer.drill.pair import ticks_against

    scenario = load_library(include_user=False).get("cold-call/calling-to-help").scenario
    step = scenario.step("quota")
    good, sceptical, otherwise = branch_choices(scenario, step)
    ticked = frozenset({"stay-respectful", "clarifying-question", "brief-answer"})
    verdict = human_verdict(step, ticked | {"not-about-my-number"})
    assert verdict.score < 70
    said = ticks_against(good.when, verdict, scenario, step)
    assert said == f"they score {round(verdict.score)}, under 70"
    assert ticks_against(sceptical.when, verdict, scenario, step) is None
    assert ticks_against(otherwise.when, verdict, scenario, step) is None
    bare = human_verdict(step, frozenset({"stay-respectful"}))
    assert ticks_against(sceptical.when, bare, scenario, step) == (
        "“Ask a clarifying question” not ticked"
    )
    full = human_verdict(step, frozenset(item.id for item in checklist(step)))
    assert ticks_against(good.when, full, scenario, step) is None


def test_ticks_are_kept_and_named_in_the_checklists_order(tmp_path: Path) -> None:
    from trainer.drill.pair import move_names

    loaded = load_library(include_user=False).get("cold-call/calling-to-help")
    store = open_store(str(tmp_path / "log.db"))
    drill = start_drill(
        loaded,
        store,
        settings=Settings(),
        clock=FixedClock(START),
        rep="ana",
        seed=1,
        mode=DrillMode.PAIR,
    )
    call = PairCall(drill, PairRoles("ana", "ben"), store, monotonic=Ticker())
    call.start()
    for move in ("not-about-my-number", "brief-answer", "stay-respectful"):  # ticked backwards
        call.toggle(move)
    call.take("stocktake")
    note = store.pair_note(drill.attempt_id)
    assert note is not None
    assert note.turns[0].ticks == ["stay-respectful", "brief-answer", "not-about-my-number"]
    # a note logged alphabetically (before this was fixed) reads in the checklist's order too
    assert move_names(
        loaded.scenario, "quota", ["brief-answer", "not-about-my-number", "stay-respectful"]
    ) == ["Stay respectful", "Keep it brief", "Makes it about her, not your target"]
    store.close()


def test_names_that_differ_only_in_case_or_spaces_are_one_person() -> None:
    from trainer.drill.pair import roles_problem

    assert roles_problem("ana", "ben", "cy") is None
    assert roles_problem("ana", "Ana") == "Ana (ana) is the rep: a pair call needs two people"
    assert roles_problem("ana", "ana") == "ana is the rep: a pair call needs two people"
    assert roles_problem("ana", "Ben", " ben ") == (
        "ben (Ben) is the partner: the observer is a third person"
    )
    assert roles_problem("Ana  Lee", "ben", "ana lee") == (
        "ana lee (Ana Lee) is the rep: the observer is a third person"
    )


def test_an_answer_the_observer_followed_and_ticked_nothing_on_is_compared(
    tmp_path: Path,
) -> None:
    """The observer follows answers 1 and 2 and ticks only on 2: answer 1 reads "ticked
    nothing" beside the partner's tick, a disagreement; an observer who joined at answer 2
    has no row for answer 1."""
    call = _call(tmp_path)
    call.start()
    scenario = call.drill.loaded.scenario
    step = scenario.step(scenario.first_step)
    first = checklist(step)[0]

    def read() -> PairNote:
        note = call.store.pair_note(call.drill.attempt_id)
        assert note is not None
        return note

    seen = _observer(call, tmp_path)
    try:
        assert seen.witness(read(), finished=False)  # on answer 1, before any tick
        seen.save()
        call.toggle(first.id)
        call.take(None)
        late = ObserverCall.resumed(
            seen.store, call.drill.attempt_id, "dee", START, read(), clock=call.drill.clock
        )
        for observer in (seen, late):
            observer.witness(read(), finished=call.drill.finished)
            observer.save()
    finally:
        seen.store.close()
    rows = observers_beside_partner(read(), scenario)
    call.store.close()
    [row] = [r for r in rows if r.observer == "cy"]
    assert (row.seq, row.ticks, row.partner_only, row.observer_only) == (
        1,
        (),
        (first.label,),
        (),
    )
    assert row.disagree
    assert not [r for r in rows if r.observer == "dee"]  # joined after answer 1


def test_the_rep_named_in_another_case_follows_the_call_logged_as_first_written(
    tmp_path: Path,
) -> None:
    """Ana practised before; the pair is set up for "ANA": one rep (trainer.store.base.
    rep_key), so the call is logged as Ana's and the rep's view opened as "ANA" follows it."""
    from tests.practice.practicelog import log_drill

    store = open_store(str(tmp_path / "log.db"))
    log_drill(store, "objection/too-expensive", START - timedelta(days=1), [80.0], rep="Ana")
    loaded = load_library(include_user=False).get(SCENARIO)
    drill = start_drill(
        loaded,
        store,
        settings=Settings(),
        clock=FixedClock(START),
        rep="ANA",
        seed=1,
        mode=DrillMode.PAIR,
    )
    call = PairCall(drill, PairRoles(drill.rep, "ben"), store, monotonic=Ticker())
    call.start()
    try:
        assert drill.rep == "Ana"
        names = store.rep_names()  # as the app reads them when the log opens
        sight = rep_sight(store, "ANA", START - timedelta(minutes=5), names=names)
        assert sight is not None and sight.attempt_id == drill.attempt_id
        swapped = rep_sight(store, "ben", START - timedelta(minutes=5), "ana", names)
        assert swapped is not None and swapped.attempt_id == drill.attempt_id
    finally:
        store.close()
