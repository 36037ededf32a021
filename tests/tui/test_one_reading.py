"""One reading of a score, of minutes and of when a card is due, on every screen and
command: a call scored 52.5 reads 53 on Progress as in History; minutes practised read the
same on Home and in `trainer stats`; an overdue card says so on Progress as Home does, and a
step not reached in the latest drill comes back with its scenario, in `trainer stats` as on
Progress."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from tests.tui.conftest import BUDGET_LINE, GOOD, REP, _score, pilot_test, settle
from trainer.clock import SystemClock
from trainer.practice.schedule import read_schedule
from trainer.scenario.library import load_library
from trainer.scoring.answer import InputKind
from trainer.store.open import open_store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp

NUMBER_LINE = "Our budget line is two thousand a month."
TRAINER = [sys.executable, "-m", "trainer"]
# (scenario, days ago, [(step, score)], status, seconds long)
LOG = [
    ("tui/front-desk", 20, [("pushback", 20.0)], AttemptStatus.FINISHED, 60),  # overdue 19 d
    ("tui/budget", 10, [("pushback", 90.0), ("the-number", 30.0)], AttemptStatus.FINISHED, 60),
    ("tui/budget", 1, [("pushback", 52.5)], AttemptStatus.FINISHED, 60),  # the-number not met
    ("tui/budget", 0, [("pushback", 100.0)], AttemptStatus.ABANDONED, 12),  # 0.2 min today
]


def _fill(db: Path) -> None:
    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    store = open_store(str(db))
    try:
        for n, (scenario, days, steps, status, seconds) in enumerate(LOG):
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
            for seq, (step, value) in enumerate(steps, start=1):
                store.log_turn(
                    TurnRecord(
                        id=f"{n:02d}{seq:02d}" + "b" * 28,
                        attempt_id=attempt.id,
                        seq=seq,
                        step_id=step,
                        prospect_line=BUDGET_LINE if step == "pushback" else NUMBER_LINE,
                        answer_text=GOOD,
                        input_kind=InputKind.TYPED,
                        result=_score(GOOD, value),
                        created_at=started + timedelta(seconds=seq),
                    )
                )
            score = sum(v for _, v in steps) / len(steps) if status.value == "finished" else None
            store.finish_attempt(
                attempt.id, status, started + timedelta(seconds=seconds), None, None, score
            )
    finally:
        store.close()


def _stats(db: Path) -> str:
    run = subprocess.run(
        [*TRAINER, "--db", str(db), "--scenarios", "scenarios", "stats", "--rep", REP],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _next_due(stats: str, scenario_id: str, step_words: str) -> date:
    """The NEXT DUE of a weak spot of `trainer stats`: the row above its name."""
    lines = stats.splitlines()
    at = next(
        i
        for i, line in enumerate(lines[:-1])
        if line.split()[:1] == [scenario_id] and step_words in lines[i + 1]
    )
    return date.fromisoformat(lines[at].split()[-2])


@pilot_test
async def test_scores_minutes_and_due_days_read_the_same_everywhere(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    db = tui_env / "log.sqlite3"
    _fill(db)
    today = datetime.now().astimezone().date()
    budget_back = read_schedule(open_store(str(db)), REP).scenario_due("tui/budget")
    assert budget_back is not None and budget_back > today  # yesterday's drill: not due

    stats = _stats(db)
    assert "2.2 min practised" in stats  # 2 + 0.2 in the last 14 days, not "2 min"
    today_row = next(line for line in stats.splitlines() if line.startswith(f"{today:%a %Y-%m-%d}"))
    assert today_row.split()[3] == "0.2"  # 12 seconds today: as Home says it, not "0"
    # The step not reached yesterday comes back with its scenario, as the session said
    # ("back in N days"), not on its own day long past.
    assert _next_due(stats, "tui/budget", "“Our budget line") == budget_back
    assert _next_due(stats, "tui/front-desk", "Front desk") == today - timedelta(days=19)

    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "0.2 of 20 min" in str(app.screen.query_one("#today", Static).render())
        assert "1 due (1 overdue)" in str(app.screen.query_one("#due", Static).render())
        await pilot.press("3")
        await settle(pilot)
        table: DataTable[Any] = app.screen.query_one("#attempts", DataTable)
        shown = [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert any("53" in row for row in shown), shown  # yesterday's 52.5, halves up
        await pilot.press("4")
        await settle(pilot)
        trends = str(app.screen.query_one("#trends", Static).render())
        budget = next(line for line in trends.splitlines() if "budget" in line)
        assert budget.split()[-2:] == ["53", "60"], budget  # last 52.5 (halves up), best 60
        weakest = str(app.screen.query_one("#weakest", Static).render())
        assert "overdue 19 days · every" in weakest  # the front desk, as Home counts it
        assert "next today" not in weakest
        assert f"next {budget_back:%d %b} · every" in weakest  # the-number, with its scenario
