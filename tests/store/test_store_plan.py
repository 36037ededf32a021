"""The plan on a SQLite log (a personal plan, "assign yourself"): assignments with their
progress, counted by trainer.practice.rules in SQL and from the records alike; notes beside
the automatic score; the published copy feeding the library."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.store import logdata
from trainer.clock import FixedClock
from trainer.practice.assignments import covered, read_assignments, totals_of
from trainer.store.plan_records import Assignment, AttemptNote, TargetKind
from trainer.store.records import AttemptStatus
from trainer.store.sqlite import SQLiteStore

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
FACTS = {
    "objection/too-expensive": ("Too expensive", "objection", ("price",)),
    "objection/no-time": ("No time", "objection", ()),
    "cold-call/permission": ("Permission opener", "cold_call", ("price",)),
}
TRAINER = Path(sys.executable).with_name("trainer")


def _drill(
    store: SQLiteStore,
    scenario: str,
    started: datetime,
    scores: list[float],
    finish: AttemptStatus | None = AttemptStatus.FINISHED,
) -> None:
    a = logdata.attempt("me", scenario, started_at=started)
    store.start_attempt(a)
    for i, score in enumerate(scores, 1):
        store.log_turn(logdata.turn(a, i, score))
    if finish is not None:
        mean = sum(scores) / len(scores) if scores else None
        store.finish_attempt(
            a.id,
            finish,
            started + timedelta(minutes=4),
            None,
            None,
            mean if finish is AttemptStatus.FINISHED else None,
        )


def test_a_personal_plan_counts_by_the_rules(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    given = NOW - timedelta(days=2)
    plan = [
        Assignment(
            "me",
            TargetKind.SCENARIO,
            "objection/too-expensive",
            date(2026, 11, 27),
            3,
            passing_score=70,
            assigned_by="me",
            assigned_at=given,
        ),
        Assignment(
            "me",
            TargetKind.TAG,
            "price",
            date(2026, 11, 25),
            0,
            10,
            assigned_by="me",
            assigned_at=given,
        ),
    ]
    store.add_assignments(plan)
    _drill(store, "objection/too-expensive", given - timedelta(days=1), [90])  # before: no
    _drill(store, "objection/too-expensive", given + timedelta(hours=1), [60, 70])
    _drill(store, "objection/too-expensive", given + timedelta(hours=2), [80], None)  # open
    _drill(
        store, "objection/too-expensive", given + timedelta(hours=3), [], AttemptStatus.ABANDONED
    )  # no answer: no drill
    _drill(store, "cold-call/permission", given + timedelta(hours=4), [50])
    found = read_assignments(store, FACTS, FixedClock(NOW))
    by_target = {p.assignment.target: p for p in found}
    one = by_target["objection/too-expensive"]
    assert (one.totals.drills, one.totals.best) == (2, 65.0)
    assert not one.done and not one.overdue
    assert one.summary() == "Too expensive · due tomorrow · 2 of 3 attempts · best 65, needs 70"
    tag = by_target["price"]
    assert tag.totals.drills == 3 and tag.overdue and tag.minutes < 10
    assert found[0] is tag  # overdue first
    assert tag.due_text() == "overdue since Wed"
    # The SQL totals are the rules' totals over the records.
    records = store.history()
    for p in found:
        assert p.totals == totals_of(p.assignment, records, covered(p.assignment, FACTS))
    store.withdraw_assignment(tag.assignment.id, NOW)
    assert [p.assignment.target for p in read_assignments(store, FACTS, FixedClock(NOW))] == [
        "objection/too-expensive"
    ]


def test_a_note_sits_beside_the_automatic_score(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    _drill(store, "objection/too-expensive", NOW, [60, 70])
    attempt = store.history()[0]
    store.add_note(AttemptNote(attempt.id, "me", "Slow down.", 80.0))
    store.add_note(AttemptNote(attempt.id, "me", "Acknowledge here.", None, 2))
    detail = store.attempt(attempt.id)
    assert detail is not None and detail.attempt.score == 65.0
    assert [(n.body, n.human_score, n.turn_seq) for n in detail.notes] == [
        ("Slow down.", 80.0, None),
        ("Acknowledge here.", None, 2),
    ]
    exported = list(store.export())
    assert len(exported[0].notes) == 2


def test_assign_yourself_from_the_command_line(tmp_path: Path) -> None:
    env = {
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
        "TRAINER_CONFIG_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(TRAINER), "--db", str(tmp_path / "log.sqlite3"), *args],
            capture_output=True,
            text=True,
            input=stdin,
            env=env,
            timeout=60,
        )

    assert run("config", "set", "rep", "sam").returncode == 0
    done = run("assign", "objection/too-expensive", "--due", "tomorrow", "--attempts", "2")
    assert done.returncode == 0, done.stderr
    assert "to sam" in done.stdout
    done = run(
        "drill",
        "objection/too-expensive",
        "--plain",
        "--seed",
        "1",
        stdin="That's fair. Compared to what?\n/end\n",
    )
    assert done.returncode in (0, 5), done.stderr
    done = run("assignments")
    assert done.returncode == 0 and "· due tomorrow · 1 of 2 attempts" in done.stdout
    again = run("drill", "objection/too-expensive", "--plain", stdin="Compared to what?\n/end\n")
    assert again.returncode in (0, 5), again.stderr
    line = run("assignments").stdout.splitlines()[0]
    assert "done" in line and "2 of 2 attempts" in line
    assert line.split().count("done") == 1 and "· done" not in line  # marked once
    attempt = run("history").stdout.splitlines()[2].split()[2]
    done = run("comment", attempt, "Good start.", "--score", "55")
    assert done.returncode == 0, done.stderr
    shown = run("show", attempt).stdout
    assert "Human     55 by sam" in shown and "Comment   sam" in shown
    csv_head = run("export", "--format", "csv").stdout.splitlines()[0]
    assert ",human_score,human_score_by,attempt_comments,turn_comments," in csv_head
    # A weekday is the next such day: today's name is a week on, never today (a manager
    # saying "by Friday" on a Friday means next Friday; `today` is today).
    today = datetime.now().astimezone().date()
    weekday = f"{today:%a}".lower()
    done = run("assign", "objection/no-time", "--due", weekday, "--attempts", "1")
    assert done.returncode == 0, done.stderr
    assert f"due {today + timedelta(days=7):%a %Y-%m-%d}" in done.stdout, done.stdout
    assert run("assign", "nope/none", "--due", "fri", "--attempts", "1").returncode == 2
    assert run("assign", "objection/too-expensive", "--due", "fri").returncode == 2


def test_a_weekday_is_the_next_such_day_and_a_week_on_when_it_is_today() -> None:
    from trainer.commands.plan import parse_due

    friday = date(2026, 11, 27)
    assert parse_due("fri", friday) == date(2026, 12, 4)
    assert parse_due("Friday", friday) == date(2026, 12, 4)
    assert parse_due("sat", friday) == date(2026, 11, 28)
    assert parse_due("thu", friday) == date(2026, 12, 3)
    assert parse_due("today", friday) == friday
