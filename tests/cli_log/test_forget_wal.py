"""`forget` with another program reading the log: either the forgotten text is gone from
every file, or the command says it is not (and how to finish) and exits non-zero."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli_log.cli_run import Run
from tests.store import logdata
from trainer.store import sqlite as sqlite_store
from trainer.store.sqlite import SQLiteStore

SECRET = "Zanzibar-quartz-7319 is our budget holder"


def _files(db: Path) -> list[Path]:
    return [p for p in (db, db.with_name(db.name + "-wal")) if p.exists()]


def _copies(db: Path) -> int:
    return sum(p.read_bytes().count(SECRET.encode()) for p in _files(db))


def _log(db: Path) -> None:
    store = SQLiteStore(db)
    try:
        for rep in ("ana", "bob"):
            for _ in range(3):
                attempt = logdata.attempt(rep=rep)
                store.start_attempt(attempt)
                for seq in range(1, 6):
                    answer = SECRET if rep == "ana" else logdata.ANSWER
                    turn = logdata.turn(attempt, seq, answer="I hear you. What " + answer)
                    store.log_turn(turn)
    finally:
        store.close()


def test_forget_with_a_reader_says_what_remains_then_finishes(
    db: Path, trainer: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log(db)
    assert _copies(db) >= 15
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM turns").fetchone() == (30,)  # holds it
        run = trainer("forget", "--rep", "ana", "--yes")
        assert run.returncode == 1, run.stderr
        assert "Deleted 3 attempts, 15 answers" in run.stdout
        (line,) = run.stderr.strip().splitlines()
        assert "another program is reading the practice log" in line
        assert f"copies of the deleted practice remain in {db}" in line
        assert "trainer forget --rep ana --yes" in line and "Traceback" not in line
        assert _copies(db) > 0  # what it said is true
        reader.execute("COMMIT")  # the other program lets go, but stays open
        again = trainer("forget", "--rep", "ana", "--yes")
        assert again.returncode == 0, again.stderr
        assert "Rep 'ana': 0 attempts" in again.stdout
        assert "write-ahead file is emptied" in again.stdout
        assert _copies(db) == 0
    finally:
        reader.close()
    assert _copies(db) == 0
    assert trainer("history", "--rep", "bob").stdout.count("objection/too-expensive") == 3


def test_forget_without_readers_leaves_no_copy_in_any_file(db: Path, trainer: Run) -> None:
    _log(db)
    run = trainer("forget", "--rep", "ana", "--yes")
    assert run.returncode == 0, run.stderr
    assert _copies(db) == 0


def test_a_reader_that_lets_go_in_time_is_waited_for(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    _log(db)
    reader = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM turns").fetchone()
    monkeypatch.setattr(sqlite_store, "FORGET_WAIT_S", 10.0)
    timer = threading.Timer(0.5, lambda: reader.execute("COMMIT"))
    timer.start()
    store = SQLiteStore(db)
    try:
        forgotten = store.forget_rep("ana")
    finally:
        store.close()
        timer.join()
        reader.close()
    assert forgotten.remains is None and forgotten.attempts == 3
    assert _copies(db) == 0
