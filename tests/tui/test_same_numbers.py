"""One definition of every number: the same log (with a call ended early after one strong
answer and a drill left without any answer) reads the same in `trainer stats`, `trainer
export`, Home, the Library and Progress; the weak spots (trainer.practice.stats, from the
schedule) are the same in `trainer stats`, Progress and Home's "Drill next"; the app and the
plain drill share one drill service (recordings pruned at the start of every drill, one timing
rule for typed answers)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static

from tests.tui.conftest import BUDGET_LINE, GOOD, REP, _score, pilot_test, settle
from tests.tui.test_drill_flow import logged
from trainer.clock import FixedClock, SystemClock
from trainer.scenario.library import load_library
from trainer.scoring.answer import InputKind
from trainer.store.open import open_store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp
from trainer.words import plural

TRAINER = [sys.executable, "-m", "trainer"]
# (scenario, days ago, answer scores, final status, attempt score)
LOG = [
    ("tui/budget", 1, [80.0], AttemptStatus.FINISHED, 80.0),  # yesterday: finished, the best
    ("tui/budget", 0, [60.0, 60.0], AttemptStatus.FINISHED, 60.0),  # today: a finished call
    ("tui/budget", 0, [100.0], AttemptStatus.ABANDONED, 100.0),  # today: ended early
    ("tui/budget", 0, [], AttemptStatus.ABANDONED, None),  # today: left without answering
    ("tui/front-desk", 30, [20.0], AttemptStatus.FINISHED, 20.0),  # failed a month ago
]


def _fill(db: Path) -> None:
    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    now = datetime.now(UTC)
    midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    store = open_store(str(db))
    try:
        for n, (scenario, days, scores, status, score) in enumerate(LOG):
            # today's calls start a few seconds after midnight (never in the future)
            started = (midnight - timedelta(days=days) + timedelta(seconds=1 + n)).astimezone(UTC)
            attempt = AttemptRecord(
                id=f"{n:02d}" + "a" * 30,
                rep=REP,
                scenario_id=scenario,
                scenario_version=1,
                scenario_hash=library.scenarios[scenario].sha256,
                scenario_title=library.scenarios[scenario].scenario.title,
                started_at=started,
            )
            store.start_attempt(attempt)
            for seq, value in enumerate(scores, start=1):
                store.log_turn(
                    TurnRecord(
                        id=f"{n:02d}{seq:02d}" + "b" * 28,
                        attempt_id=attempt.id,
                        seq=seq,
                        step_id="pushback",
                        prospect_line=BUDGET_LINE,
                        answer_text=GOOD,
                        input_kind=InputKind.TYPED,
                        result=_score(GOOD, value),
                        created_at=started + timedelta(seconds=seq),
                    )
                )
            store.finish_attempt(
                attempt.id, status, started + timedelta(seconds=3), None, None, score
            )
    finally:
        store.close()


def _trainer(db: Path, *args: str) -> str:
    run = subprocess.run(
        [*TRAINER, "--db", str(db), "--scenarios", "scenarios", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pilot_test
async def test_stats_export_home_library_and_progress_agree(
    make_app: Callable[..., TrainerApp], tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "login_role", lambda self: "manager")  # the Team place
    db = tui_env / "log.sqlite3"
    _fill(db)

    stats = _trainer(db, "stats", "--rep", REP)
    assert "3 drills ·" in stats  # the answerless one is no drill
    # The average counts the calls played to their end (80 and 60), not the one ended early
    # after a 100, in `trainer stats`, `stats --by-rep` and the export alike (below).
    assert "average score 70 (calls played to their end)" in stats
    by_rep = _trainer(db, "stats", "--by-rep").splitlines()
    assert next(line for line in by_rep if line.startswith(REP)).split()[-3] == "70"
    assert "Streak: 2 days now" in stats
    # The weak spots by the schedule: the gatekeeper failed a month ago, then the budget
    # objection drilled today (recall tomorrow, lapses).
    lines = stats.splitlines()
    head = lines.index(f"Weak spots of {REP}, lowest recall tomorrow first, then most lapses:")
    desk, budget = lines[head + 2].split(), lines[head + 4].split()  # a name under each
    assert desk[0] == "tui/front-desk" and budget[0] == "tui/budget"
    desk_recall, budget_recall = desk[-4], budget[-4]
    assert int(desk_recall.rstrip("%")) < 90 <= int(budget_recall.rstrip("%"))
    # The manager's team view: the same weak spots, recall tomorrow and lapses
    spots = [
        f"Front desk asks what it is about {desk_recall}, {plural(int(desk[-3]), 'lapse')}",
        f"We don't have the budget {budget_recall}, {plural(int(budget[-3]), 'lapse')}",
    ]
    team = json.loads(_trainer(db, "team", "report", "--format", "json"))
    assert next(r for r in team["reps"] if r["rep"] == REP)["weakest_objections"] == spots

    # History marks which attempts are drills: the one left without answering is no drill.
    history = _trainer(db, "history", "--rep", REP).splitlines()
    assert [line.split()[4:6] for line in history[1:6]].count(["no", "answer"]) == 1
    assert sum("ended early" in line for line in history) == 1
    assert history[6] == (
        '5 attempts, 4 drills: "no answer" was opened and left without answering, not a drill.'
    )

    exported = list(csv.DictReader(io.StringIO(_trainer(db, "export", "--format", "csv"))))
    attempts = {r["attempt_id"]: r for r in exported if r["scenario_id"] == "tui/budget"}
    drills = [a for a in attempts.values() if a["counts_as_drill"] == "true"]
    best = [float(a["attempt_score"]) for a in attempts.values() if a["counts_for_best"] == "true"]
    assert (len(drills), max(best), sum(best) / len(best)) == (3, 80.0, 70.0)

    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        today = str(app.screen.query_one("#today", Static).render())
        assert "2 drills" in today and "Streak: 2 days" in today
        # Home's "Drill next": the weak gatekeeper, with the same recall tomorrow
        reasons = [
            str(app.screen.query_one("#suggestions", OptionList).get_option_at_index(i).prompt)
            for i in range(app.screen.query_one("#suggestions", OptionList).option_count)
        ]
        assert any(
            "Front desk" in r and f"weak spot: recall tomorrow {desk_recall}" in r for r in reasons
        )
        assert not any("We don't have the budget" in r and "weak spot" in r for r in reasons)
        await pilot.press("2")
        await settle(pilot)
        table: DataTable[Any] = app.screen.query_one("#scenarios", DataTable)
        budget_row = next(
            row
            for row in ([str(c) for c in table.get_row_at(i)] for i in range(table.row_count))
            if row[0] == "We don't have the budget"
        )
        # Done: the calls played to their end (80 and 60), not the one ended early; a
        # scenario stays new on Home until one is (trainer.practice.rules)
        assert budget_row[4].strip() == "80" and budget_row[5].strip() == "2"
        await pilot.press("3")
        await settle(pilot)
        status = str(app.screen.query_one("#history-status", Static).render())
        assert status.startswith("5 attempts, 4 drills ·")
        outcomes: list[str] = [
            str(app.screen.query_one("#attempts", DataTable).get_row_at(i)[3]).strip()
            for i in range(5)
        ]
        assert sorted(outcomes).count("no answer") == 1 and outcomes.count("ended early") == 1
        await pilot.press("4")
        await settle(pilot)
        weakest = str(app.screen.query_one("#weakest", Static).render()).splitlines()
        assert weakest[0].split() == [
            desk_recall,
            "Front",
            "desk",
            "asks",
            "what",
            "it",
            "is",
            "about",
        ]
        assert weakest[2].split() == [budget_recall, "We", "don't", "have", "the", "budget"]
        await pilot.press("5")
        await settle(pilot)
        team_table: DataTable[Any] = app.screen.query_one("#team", DataTable)
        team_table.move_cursor(row=team_table.get_row_index(REP))
        await settle(pilot)
        panel = str(app.screen.query_one("#team-rep", Static).render())
        assert "Weak spots (recall tomorrow): " + "; ".join(spots) in panel.replace("\n", " ")


@pilot_test
async def test_an_app_drill_prunes_expired_recordings_as_a_plain_drill_does(
    make_app: Callable[..., TrainerApp], tui_env: Path, isolated_dirs: Path
) -> None:
    folder = isolated_dirs / "data" / "recordings" / "someone"
    folder.mkdir(parents=True)

    def ancient(name: str) -> Path:
        wav = folder / name
        wav.write_bytes(b"RIFF")
        old = time.time() - 91 * 86400  # the default retention is 90 days
        os.utime(wav, (old, old))
        return wav

    fresh = folder / "fresh.wav"
    fresh.write_bytes(b"RIFF")
    for_cli, for_app = ancient("cli.wav"), ancient("app.wav")
    os.utime(for_app, (time.time(), time.time()))  # not expired yet when the CLI drills
    run = subprocess.run(
        [
            *TRAINER,
            "--db",
            str(tui_env / "cli.sqlite3"),
            "--scenarios",
            "scenarios",
            "drill",
            "tui/budget",
            "--plain",
        ],
        input="/end\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Deleted 1 recording older than 90 days" in run.stdout, run.stderr
    assert not for_cli.exists() and for_app.exists()

    old = time.time() - 91 * 86400
    os.utime(for_app, (old, old))
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
    assert not for_app.exists() and fresh.exists()


@pilot_test
async def test_the_app_times_a_typed_answer_as_the_drill_service_does_for_any_front_end(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Line shown → 1.5 s → first key → 4 s → enter: pause 1.5, answering time 4, in the
    app and through the service the plain drill calls, with the same delivery verdicts."""
    from trainer.drill.run import start_drill
    from trainer.settings import Settings

    clock = FixedClock(datetime(2025, 3, 14, 15, 0, tzinfo=UTC))
    app = make_app(filled=False, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        clock.advance(1.5)
        await pilot.press(GOOD[0])
        app.focused.insert(GOOD[1:])  # type: ignore[union-attr]
        clock.advance(4.0)
        await pilot.press("enter")
        await settle(pilot)
    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    assert (turn.pause_s, turn.duration_s) == (1.5, 4.0)

    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    store = open_store(str(tui_env / "headless.sqlite3"))
    try:
        headless_clock = FixedClock(clock.at, mono=2000.0)
        drill = start_drill(
            library.scenarios["tui/budget"],
            store,
            settings=Settings(),
            clock=headless_clock,
            seed=1,
        )
        drill.start()
        headless_clock.advance(1.5)
        first_key = headless_clock.monotonic()
        headless_clock.advance(4.0)
        outcome = drill.answer_typed(turn.answer_text, first_key)
        drill.retry()
        unknown = drill.answer_typed(turn.answer_text)  # a piped line: no keystroke times
    finally:
        store.close()
    assert (outcome.answer.pause_s, outcome.answer.duration_s) == (1.5, 4.0)
    assert outcome.result.delivery == turn.result.delivery
    assert (unknown.answer.pause_s, unknown.answer.duration_s) == (None, None)
