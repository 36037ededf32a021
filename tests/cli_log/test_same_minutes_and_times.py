"""One minutes rule and one duration rule: a short drill reads the same minutes in `trainer
stats --by-rep` and the team report (never "0m"), and the same time in `trainer history`,
`show` and the app's History, attempt view and Team place ("0:40", never "40s")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli_log.cli_run import Run
from trainer.scoring.answer import InputKind
from trainer.scoring.result import TurnScore
from trainer.store.open import open_store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id
from trainer.tui import render


def _short_drill(db: Path, seconds: float) -> str:
    """A drill of one answer played to its end `seconds` after it started (a minute ago)."""
    started = datetime.now(UTC) - timedelta(minutes=1)
    store = open_store(str(db))
    try:
        attempt = AttemptRecord(
            new_id(), "alex", "objection/no-budget", 1, "ab" * 32, "No budget", started_at=started
        )
        store.start_attempt(attempt)
        store.log_turn(
            TurnRecord(
                new_id(),
                attempt.id,
                1,
                "open",
                "line",
                "answer",
                InputKind.TYPED,
                TurnScore(60.0, ()),
                created_at=started + timedelta(seconds=seconds - 1),
            )
        )
        end = started + timedelta(seconds=seconds)
        store.finish_attempt(attempt.id, AttemptStatus.FINISHED, end, "win", "end", 60.0)
        return attempt.id
    finally:
        store.close()


def test_a_short_drills_minutes_read_alike_in_stats_and_the_team_report(
    trainer: Run, db: Path
) -> None:
    _short_drill(db, 12.0)  # 0.2 minutes
    by_rep = trainer("stats", "--by-rep")
    assert by_rep.returncode == 0, by_rep.stderr
    [row] = [line.split() for line in by_rep.stdout.splitlines() if line.startswith("alex")]
    assert row[2] == "0.2"  # REP DRILLS MINUTES
    report = trainer("team", "report")
    assert report.returncode == 0, report.stderr
    [line] = [line for line in report.stdout.splitlines() if line.startswith("alex")]
    assert "1 · 0.2m" in line and "0 · 0m" in line  # this week's; last week's is none
    assert "1 · 0m" not in line


def test_a_calls_time_reads_one_way_in_the_commands_and_the_app(trainer: Run, db: Path) -> None:
    attempt_id = _short_drill(db, 40.6)
    history = trainer("history")
    [row] = [r for r in history.stdout.splitlines() if attempt_id[:8] in r]
    assert row.split()[-1] == "0:40"  # whole seconds as the call's timer read them
    assert "time practised 0:40" in trainer("show", attempt_id[:8]).stdout
    # History, the attempt view and the Team place in the app (`render.duration`)
    assert render.duration(40.6) == "0:40"
    assert render.duration(3725.0) == "1:02:05"
