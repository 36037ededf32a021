"""A rep's name is matched spaces and case aside, and shown as first written
(trainer.store.base.rep_key): "ana" practising after "Ana" adds to Ana's practice, and every
--rep filter reads them so; a --rep nobody practised under says so in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from trainer.clock import SystemClock
from trainer.practice.stats import read_practice
from trainer.settings import Settings
from trainer.store.base import rep_of
from trainer.store.open import open_store

TRAINER = str(Path(sys.executable).parent / "trainer")
BRUSH_OFF = "Sure."  # a call played to its end


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [TRAINER, "--db", str(db), *args], input=stdin, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_names_differing_in_case_are_one_rep_shown_as_first_written(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    drill = ("drill", "objection/take-me-off-your-list", "--plain")
    for name in ("Ana", "ana", " ANA "):  # the settings' name, then --rep
        run(db, "config", "set", "rep", name.strip())
        run(db, *drill, stdin=BRUSH_OFF + "\n")
    run(db, *drill, "--rep", " ANA ", stdin=BRUSH_OFF + "\n")
    run(db, *drill, "--rep", "Bo", stdin=BRUSH_OFF + "\n")

    by_rep = run(db, "stats", "--by-rep").stdout.splitlines()
    assert [line.split()[:2] for line in by_rep[2:]] == [["Ana", "4"], ["Bo", "1"]]
    for asked in ("ANA", "ana", "Ana"):
        stats = run(db, "stats", "--rep", asked).stdout.splitlines()
        assert stats[0].startswith("Practice for Ana since ") and stats[1].startswith("4 drills")
        history = run(db, "history", "--rep", asked).stdout
        assert history.count("take-me-off-your-list") == 4
        export = run(db, "export", "--rep", asked).stdout.splitlines()
        assert len(export) == 5 and all(",Ana," in row for row in export[1:])

    # what the app reads for a rep whose settings say "ana": Ana's practice
    store = open_store(str(db))
    try:
        rep = rep_of(store, Settings(rep="ana"))
        assert rep == "Ana"
        assert read_practice(store, rep, SystemClock()).drills == 4
    finally:
        store.close()

    for command in ("stats", "history", "export"):
        typo = run(db, command, "--rep", "Anna")
        assert (typo.returncode, typo.stdout) == (1, ""), command
        assert typo.stderr == (
            "trainer: nobody named Anna has practised in this log: did you mean Ana? "
            "`trainer stats --by-rep` lists who has\n"
        )
    nobody = run(db, "stats", "--rep", "Zed")
    assert nobody.returncode == 1 and nobody.stdout == ""
    assert nobody.stderr.startswith("trainer: nobody named Zed has practised in this log: `")


def test_forget_takes_the_rep_however_their_name_is_spelt(tmp_path: Path) -> None:
    """Forgetting ANA (one rep with Ana and ana) deletes every attempt of theirs."""
    from datetime import UTC, datetime, timedelta

    from tests.practice.practicelog import log_drill

    db = tmp_path / "log.sqlite3"
    store = open_store(str(db))
    try:
        start = datetime.now(UTC) - timedelta(days=2)
        log_drill(store, "objection/no-time", start, [60.0], rep="Ana")
        log_drill(store, "objection/no-time", start + timedelta(days=1), [70.0], rep="ana")
        log_drill(store, "objection/no-time", start, [80.0], rep="Bo")
    finally:
        store.close()
    done = run(db, "forget", "--rep", "ANA", "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Rep 'Ana': 2 attempts in ")
    assert "Deleted 2 attempts, 2 answers and 0 recordings of 'Ana'." in done.stdout
    by_rep = run(db, "stats", "--by-rep").stdout.splitlines()
    assert [line.split()[0] for line in by_rep[2:]] == ["Bo"]
    assert "ana" not in run(db, "history").stdout.lower()


def test_a_log_with_two_spellings_of_one_rep_becomes_one_rep_as_first_written(
    tmp_path: Path,
) -> None:
    """Written before names were matched so (the store logs what it is given): Ana, then
    ana. Opening the log moves ana's rows to Ana; nothing is lost."""
    from datetime import UTC, datetime, timedelta

    from tests.practice.practicelog import log_drill
    from trainer.store.sqlite import SQLiteStore

    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    try:
        start = datetime.now(UTC) - timedelta(days=3)
        log_drill(store, "objection/no-time", start, [40.0], rep="Ana")
        log_drill(store, "objection/no-time", start + timedelta(days=1), [80.0], rep="ana")
        log_drill(store, "objection/price", start + timedelta(days=2), [60.0], rep="ANA")
        log_drill(store, "objection/price", start, [90.0], rep="Bo")
    finally:
        store.close()

    by_rep = run(db, "stats", "--by-rep").stdout.splitlines()
    rows = [line.split() for line in by_rep[2:]]
    # rep, drills, minutes, answers, average score, days
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows] == [
        ("Ana", "3", "3", "60", "3"),
        ("Bo", "1", "1", "90", "1"),
    ]
    for asked in ("ana", "ANA", "Ana"):
        stats = run(db, "stats", "--rep", asked).stdout.splitlines()
        assert stats[0].startswith("Practice for Ana ") and stats[1].startswith("3 drills")
        assert "Streak: 3 days now" in stats[2]
        assert run(db, "history", "--rep", asked).stdout.count("objection/") == 3
    reopened = open_store(str(db))
    try:
        assert reopened.rep_names() == ["Ana", "Bo"]
        assert {a.rep for a in reopened.history()} == {"Ana", "Bo"}
        assert len(reopened.history()) == 4
    finally:
        reopened.close()
