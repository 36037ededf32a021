"""Faults a user can meet: a locked log, a full disk, a place that cannot be written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import logdata
import pytest

from trainer.store.base import StoreError
from trainer.store.sqlite import SQLiteStore


def test_locked_log_gives_a_clear_error_and_saves_nothing_half(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path, busy_timeout_s=0.3)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(logdata.turn(attempt, 1))

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock past the timeout
    blocked = logdata.turn(attempt, 2)
    with pytest.raises(StoreError, match=r"locked by another program .*try again") as caught:
        store.log_turn(blocked)
    assert "Nothing from this write was saved" in str(caught.value)
    other.execute("ROLLBACK")
    other.close()

    detail = store.attempt(attempt.id)
    assert detail is not None
    assert [t.seq for t in detail.turns] == [1]
    store.log_turn(blocked)  # once the lock is gone the same turn goes in
    detail = store.attempt(attempt.id)
    assert detail is not None
    assert [t.seq for t in detail.turns] == [1, 2]
    assert detail.attempt.turn_count == 2
    assert [d.answers for d in store.daily_activity("alex")] == [2]


def test_full_disk_gives_a_clear_error_and_keeps_earlier_practice(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    kept = [logdata.turn(attempt, seq) for seq in (1, 2)]
    for turn in kept:
        store.log_turn(turn)

    # No more room in the file: the next page SQLite needs is refused as SQLITE_FULL.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    huge = logdata.turn(attempt, 3, answer="What else? " * 20_000)
    with pytest.raises(StoreError, match=r"disk holding the practice log .* is full.*Free some"):
        store.log_turn(huge)
    store.close()

    again = SQLiteStore(path)
    detail = again.attempt(attempt.id)
    assert detail is not None
    assert [t.id for t in detail.turns] == [t.id for t in kept]
    assert detail.attempt.turn_count == 2  # the totals were not bumped either
    assert [d.answers for d in again.daily_activity("alex")] == [2]
    again.log_turn(huge)  # with room again, the answer is logged
    assert again.history()[0].turn_count == 3


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("/proc/trainer-test/log.sqlite3", "cannot create the folder /proc/trainer-test"),
        ("{tmp}/notes.txt/log.sqlite3", "notes.txt is a file, not a folder"),
        ("{tmp}", "is a folder: give --db a file name"),
    ],
)
def test_unusable_location_is_explained(tmp_path: Path, where: str, says: str) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    with pytest.raises(StoreError, match=r"Pass --db|give --db") as caught:
        SQLiteStore(where.format(tmp=tmp_path))
    assert says in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; needs a normal user")
def test_read_only_log_can_be_read_but_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "log.sqlite3"
    store = SQLiteStore(path)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.close()
    path.chmod(0o444)
    try:
        store = SQLiteStore(path)
        assert [a.id for a in store.history()] == [attempt.id]
        with pytest.raises(StoreError, match="read-only"):
            store.start_attempt(logdata.attempt())
    finally:
        path.chmod(0o644)
