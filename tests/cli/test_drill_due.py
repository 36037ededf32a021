"""`trainer drill --due --plain`: the daily session through a pipe, on a real log."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.store.sqlite import SQLiteStore

sys.path.insert(0, str(Path(__file__).parents[1] / "practice"))
from tests.practice.practicelog import log_drill

TRAINER = str(Path(sys.executable).parent / "trainer")
GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"


def due(db: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRAINER, "--db", str(db), "drill", "--due", "--plain", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_due_session_runs_overdue_then_new_drills_and_sums_up(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    long_ago = datetime.now(UTC) - timedelta(days=20)
    log_drill(store, "objection/too-expensive", long_ago, [10.0])  # failed: overdue now
    store.close()
    answers = f"{GOOD}\n" * 12
    run = due(db, answers, "--rep", "ana", "--seed", "1")
    out = run.stdout
    assert run.returncode == 0, run.stderr
    assert "Daily practice: 1 due (1 overdue), 2 new, 3 drills in all." in out
    first = out.index("--- Drill 1 of 3 · overdue")
    assert out.index("== It's more than we wanted to spend", first) > first  # the overdue one
    assert "--- Drill 2 of 3 · new ---" in out and "--- Drill 3 of 3 · new ---" in out
    summary = out.rsplit("== Daily practice:", 1)[1]
    assert "of 3 planned" in summary and "back in" in summary
    # Everything was drilled: tomorrow's queue has nothing new for today and nothing due.
    again = due(db, "", "--rep", "ana")
    assert again.returncode == 0, again.stderr
    assert "Nothing is due today. Next due:" in again.stdout


def test_due_session_stops_when_the_answers_run_out(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    run = due(db, f"{GOOD}\n", "--rep", "ana")
    assert run.returncode == 5, run.stderr  # the session stopped early
    assert "Drill 1 of 2" in run.stdout
    summary = run.stdout.rsplit("== Daily practice:", 1)[1]
    assert "not drilled" in summary
    # the second new scenario was not drilled: it is named, never "all done"
    assert summary.rstrip().endswith("Left for today: 0 due (0 overdue), 1 new."), summary


def test_a_session_left_at_once_names_all_that_is_left(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    run = due(db, "", "--rep", "ana")
    summary = run.stdout.rsplit("== Daily practice:", 1)[1]
    assert "0 drills of 2 planned" in summary
    assert "All due drills are done" not in run.stdout
    assert summary.rstrip().endswith("Left for today: 0 due (0 overdue), 2 new."), summary


def test_a_due_drill_ended_early_stays_due(tmp_path: Path) -> None:
    """An ended-early call is no review (docs/practice.md): the summary says it is still
    due, and the next session offers it again."""
    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    log_drill(store, "objection/too-expensive", datetime.now(UTC) - timedelta(days=20), [10.0])
    store.close()
    run = due(db, f"{GOOD}\n", "--rep", "ana", "--seed", "1")
    assert run.returncode == 5, run.stderr
    summary = run.stdout.rsplit("== Daily practice:", 1)[1]
    ended = next(line for line in summary.splitlines() if "· ended early" in line)
    assert "It's more than we wanted to spend" in ended
    assert ended.endswith("· ended early, still due")
    again = due(db, "", "--rep", "ana")
    assert "Daily practice: 1 due (1 overdue)" in again.stdout


def test_due_and_a_scenario_are_one_or_the_other(tmp_path: Path) -> None:
    run = subprocess.run(
        [TRAINER, "--db", str(tmp_path / "x.sqlite3"), "drill"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "--due" in run.stderr


def test_an_assignment_not_done_comes_first_in_the_session_as_on_home(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    long_ago = datetime.now(UTC) - timedelta(days=20)
    log_drill(store, "objection/too-expensive", long_ago, [10.0], rep="ana")  # overdue
    store.close()
    assign = ["assign", "objection/no-time", "--to", "ana", "--due", "tomorrow", "--attempts", "1"]
    given = subprocess.run(
        [TRAINER, "--db", str(db), *assign],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert given.returncode == 0, given.stderr
    run = due(db, "", "--rep", "ana")  # no answers: the plan is printed, then it stops
    assert "Daily practice: 1 assigned, 1 due (1 overdue), " in run.stdout, run.stdout
    first = run.stdout.index("--- Drill 1 of")
    assert run.stdout.index("· assigned", first) < run.stdout.index("\n", first + 1) + 1
    summary = run.stdout.rsplit("== Daily practice:", 1)[1]
    assert "All due drills are done" not in summary
    assert summary.splitlines()[-1] == "Left for today: 1 assigned, 1 due (1 overdue), 2 new."


def test_a_plain_drill_without_a_name_says_once_whose_log_it_writes(tmp_path: Path) -> None:
    """The app's first start asks for the rep's name; a plain drill cannot ask, so until
    `rep` is set it says (once, on stderr) that it logs under the login name and how to
    set it. A name given with --rep or set in the settings: nothing said."""
    import getpass

    db = tmp_path / "log.sqlite3"
    run = due(db, f"{GOOD}\n" * 4)
    login = getpass.getuser()
    told = [line for line in run.stderr.splitlines() if "Logging this practice as" in line]
    assert told == [
        f"Logging this practice as {login} (this computer's login name); for your own"
        ' name: trainer config set rep "Your Name" (or give --rep NAME).'
    ], run.stderr
    store = SQLiteStore(db)
    try:
        assert {a.rep for a in store.history()} == {login}
    finally:
        store.close()
    assert "Logging this practice" not in due(db, "", "--rep", "ana").stderr
    assert one_drill(db).stderr.count(f"Logging this practice as {login} ") == 1
    subprocess.run([TRAINER, "config", "set", "rep", "Rita"], check=True, capture_output=True)
    assert "Logging this practice" not in due(db, "").stderr
    assert "Logging this practice" not in one_drill(db).stderr


def one_drill(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRAINER, "--db", str(db), "drill", "objection/too-expensive", "--plain"],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
