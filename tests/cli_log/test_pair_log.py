"""A pair call as the log commands show it: marked in history, its notes in `show`, its
ticks, tags and comment in both exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from tests.cli_log.cli_run import Run
from trainer.clock import FixedClock
from trainer.drill.pair import (
    MomentTag,
    ObserverCall,
    PairCall,
    PairRoles,
    branch_choices,
    checklist,
)
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.store.records import DrillMode
from trainer.words import plural


def log_pair_call(db: Path, partner: str = "ben", observer: str = "cy") -> str:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    store = open_store(str(db))
    drill_start = datetime(2026, 11, 26, 9, tzinfo=UTC)
    try:
        drill = start_drill(
            loaded,
            store,
            settings=Settings(),
            rep="ana",
            seed=1,
            clock=FixedClock(drill_start),
            mode=DrillMode.PAIR,
        )
        call = PairCall(drill, PairRoles("ana", partner, observer), store)
        call.start()
        step = loaded.scenario.step(loaded.scenario.first_step)
        call.toggle(checklist(step)[0].id)
        call.tag(MomentTag.FILLER)
        seen = ObserverCall(store, drill.attempt_id, observer, drill_start, clock=drill.clock)
        seen.toggle(1, step, checklist(step)[1].id)
        seen.tag(MomentTag.GREAT_LINE, drill_start, 1)
        seen.set_comment("Nice pause.")
        seen.save()
        call.take(None)
        call.end("Slow down after the price.")
        return drill.attempt_id
    finally:
        store.close()


def test_history_show_and_exports_carry_the_pair_notes(trainer: Run, db: Path) -> None:
    attempt_id = log_pair_call(db)
    history = trainer("history")
    assert history.returncode == 0 and "objection/too-expensive (pair)" in history.stdout
    shown = trainer("show", attempt_id[:8])
    assert shown.returncode == 0, shown.stderr
    assert "partner ben, observed by cy" in shown.stdout
    assert "tag" in shown.stdout and "filler" in shown.stdout
    assert "Comment   Slow down after the price." in shown.stdout
    step = load_library(include_user=False).get("objection/too-expensive").scenario.steps[0]
    first, second = (item.label for item in checklist(step)[:2])
    # the observer's own ticks beside the partner's, the disagreements marked
    assert (
        f"Observer  cy, answer 1: ticked {second} ← disagree: {first} (partner only), "
        f"{second} (cy only)"
    ) in shown.stdout
    assert "Observer  cy: tag 0:00 great line (answer 1)" in shown.stdout
    assert "Comment   cy (observer): Nice pause." in shown.stdout
    rows = list(csv.DictReader(io.StringIO(trainer("export", "--format", "csv").stdout)))
    assert rows[0]["pair_partner"] == "ben" and rows[0]["pair_comment"].startswith("Slow")
    assert rows[0]["pair_tags"].startswith("filler@") and rows[0]["pair_ticks"]
    second_id = checklist(step)[1].id  # exports keep the moves' ids
    assert rows[0]["pair_observer_ticks"] == f"cy:{second_id}"
    assert rows[0]["pair_observer_tags"] == "cy:great-line@0s#1"
    assert rows[0]["pair_observer_comments"] == "cy: Nice pause."
    exported = json.loads(trainer("export", "--format", "json").stdout)
    attempt = exported["attempts"][0]
    assert attempt["mode"] == "pair" and attempt["pair_observer"] == "cy"
    assert attempt["turns"][0]["pair_ticks"] == rows[0]["pair_ticks"].split(";")
    assert attempt["turns"][0]["pair_observer_ticks"] == [f"cy:{second_id}"]
    assert attempt["pair_observer_comments"] == ["cy: Nice pause."]


def test_forget_takes_a_partner_and_an_observer_out_of_the_reps_pair_call(
    trainer: Run, db: Path
) -> None:
    attempt_id = log_pair_call(db)
    for name, mentions in (("ben", 1), ("cy", 2)):
        gone = trainer("forget", "--rep", name, "--yes")
        assert gone.returncode == 0, gone.stderr
        assert f"Named in {plural(mentions, 'pair note')}" in gone.stdout
        assert f"Removed {name!r} from {plural(mentions, 'pair note')}" in gone.stdout
    again = trainer("forget", "--rep", "cy", "--yes")
    assert "Nothing to delete." in again.stdout
    shown = trainer("show", attempt_id[:8]).stdout
    assert "partner (forgotten), observed by (forgotten)" in shown
    assert not re.search(r"\b(ben|cy)\b", shown)
    assert "Observer" not in shown and "Nice pause" not in shown
    assert "Comment   Slow down after the price." in shown  # the rep's call stays


def test_a_forgotten_partners_name_leaves_no_copy_in_the_log_files(trainer: Run, db: Path) -> None:
    names = ("Benedikt-Partnerqx", "Cyrilla-Observerqx")
    log_pair_call(db, *names)
    files = [db, db.with_name(db.name + "-wal")]

    def copies() -> int:
        return sum(
            p.read_bytes().count(name.encode()) for p in files if p.exists() for name in names
        )

    assert copies() > 0
    for name in names:
        assert trainer("forget", "--rep", name, "--yes").returncode == 0
    assert copies() == 0


def test_show_and_the_attempt_view_read_a_pair_call_alike(trainer: Run, db: Path) -> None:
    """Times agree to the second with the debrief's (`trainer history` and `show` read the
    partner's time the debrief gives, on the one clock of the drill); moves read as the
    checklist names them; hidden facts are not reported missed when only the partner heard
    the answers."""
    from trainer.tui.screens.attempt import pair_summary

    loaded = load_library(include_user=False).get("objection/too-expensive")
    store = open_store(str(db))
    try:
        clock = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
        drill = start_drill(
            loaded, store, settings=Settings(), rep="ana", seed=1, clock=clock,
            mode=DrillMode.PAIR,
        )  # fmt: skip
        # a tag at 5.6 s into the call; the call ended at 11.7 s
        call = PairCall(drill, PairRoles("ana", "ben"), store, monotonic=clock.monotonic)
        call.start()
        step = loaded.scenario.step(loaded.scenario.first_step)
        first = checklist(step)[0]
        call.toggle(first.id)
        clock.advance(5.6)
        call.tag(MomentTag.MISSED_MOVE)
        clock.advance(6.1)
        goto = next(c.goto for c in branch_choices(loaded.scenario, step) if not c.ends)
        call.take(goto)
        call.end()
        note = store.pair_note(drill.attempt_id)
    finally:
        store.close()
    assert note is not None
    shown = trainer("show", drill.attempt_id[:8]).stdout
    assert "tag 0:05 missed a move (answer 1)" in shown
    assert "partner's time 0:11" in shown
    assert "time practised 0:11" in shown
    [row] = [r for r in trainer("history").stdout.splitlines() if drill.attempt_id[:8] in r]
    assert row.split()[-1] == "0:11"  # TIME, the debrief's number
    # where the answer led, as the partner's card names it, never the step's id
    [turn] = note.turns
    assert turn.branch == goto and "-" in goto
    where = goto.replace("-", " ")
    assert f"answer 1: ticked {first.label} → {where}\n" in shown
    summary = pair_summary(note, loaded.scenario)
    assert "missed a move 0:05" in summary and "(0:11 of partner practice)" in summary
    assert f"Answer 1: ticked {first.label} → {where}." in summary
    assert turn.branch not in shown and turn.branch not in summary
    assert "uncovered" not in shown and "Missed:" not in shown
    assert "Hidden facts: not checked" in shown


def test_a_pair_call_ended_before_any_answer_reads_the_debriefs_time(
    trainer: Run, db: Path
) -> None:
    """The partner's timer starts before the call is logged and stops after its end is
    (here 0.9 s on each side): the time the debrief gives is the one the log keeps, so
    `trainer history` and `show` read the same 0:08, not 0:09 or 0:10."""
    from trainer.tui.screens.attempt import pair_summary

    loaded = load_library(include_user=False).get("objection/too-expensive")
    store = open_store(str(db))
    clock = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
    timer = [100.0]
    try:
        drill = start_drill(
            loaded, store, settings=Settings(), rep="ana", seed=1, clock=clock,
            mode=DrillMode.PAIR,
        )  # fmt: skip
        call = PairCall(drill, PairRoles("ana", "ben"), store, monotonic=lambda: timer[0])
        call.start()  # the timer began at 100 s, the log's call 0.9 s later
        timer[0] += 0.9
        clock.advance(8.4)
        timer[0] += 8.4 + 0.9  # and it stops 0.9 s after the call's end is logged
        call.end()
        note = store.pair_note(drill.attempt_id)
    finally:
        store.close()
    assert note is not None
    assert "(0:08 of partner practice)" in pair_summary(note, loaded.scenario)
    shown = trainer("show", drill.attempt_id[:8]).stdout
    assert "partner's time 0:08" in shown and "time practised 0:08" in shown
    [row] = [r for r in trainer("history").stdout.splitlines() if drill.attempt_id[:8] in r]
    assert row.split()[-1] == "0:08"


def test_show_says_ticked_nothing_once(trainer: Run, db: Path) -> None:
    """An answer the partner and the observer ticked nothing on reads "ticked nothing"
    (not "ticked nothing ticked")."""
    loaded = load_library(include_user=False).get("objection/too-expensive")
    store = open_store(str(db))
    start = datetime(2026, 11, 26, 9, tzinfo=UTC)
    try:
        drill = start_drill(
            loaded, store, settings=Settings(), rep="ana", seed=1, clock=FixedClock(start),
            mode=DrillMode.PAIR,
        )  # fmt: skip
        call = PairCall(drill, PairRoles("ana", "ben", "cy"), store)
        call.start()
        seen = ObserverCall(store, drill.attempt_id, "cy", start, clock=drill.clock)
        seen.witness(call.note(), finished=False)
        seen.save()
        call.take(None)
        call.end()
    finally:
        store.close()
    shown = trainer("show", drill.attempt_id[:8]).stdout
    assert "answer 1: ticked nothing" in shown
    assert "Observer  cy, answer 1: ticked nothing" in shown
    assert "nothing ticked" not in shown
