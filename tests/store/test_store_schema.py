"""Schema versions on real files: creation, reopening, migrations with backups, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import logdata
import pytest

from trainer.store.base import StoreError
from trainer.store.migrations import MIGRATIONS, Migration, migrate
from trainer.store.sqlite import SQLiteStore


def _logged_file(path: Path) -> tuple[str, list[str]]:
    store = SQLiteStore(path)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    turns = [logdata.turn(attempt, seq) for seq in (1, 2)]
    for turn in turns:
        store.log_turn(turn)
    store.close()
    return attempt.id, [t.id for t in turns]


def test_new_log_is_durable_by_configuration(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "deep" / "folder" / "log.sqlite3")  # folders are created
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS[-1].version


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "my logs #1" / "log?100% é.sqlite3"  # characters URIs treat specially
    attempt_id, turn_ids = _logged_file(path)
    again = SQLiteStore(path)
    detail = again.attempt(attempt_id)
    assert detail is not None
    assert [t.id for t in detail.turns] == turn_ids
    assert detail.turns[0].result == logdata.turn_score()
    assert again.backup is None  # nothing to migrate, no backup


def test_database_from_a_newer_trainer_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    _logged_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer version of trainer \(schema 99.*Upgrade"):
        SQLiteStore(path)
    assert path.read_bytes() == before


LATEST = MIGRATIONS[-1].version
V2 = Migration(
    LATEST + 1,
    "test: a note per attempt",
    ("ALTER TABLE attempts ADD COLUMN note TEXT",),
)


def test_migration_backs_up_first_and_keeps_the_log(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    _attempt_id, turn_ids = _logged_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    backup = migrate(conn, path, (*MIGRATIONS, V2))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    assert "note" in [r[1] for r in conn.execute("PRAGMA table_info(attempts)")]
    conn.close()

    assert backup is not None and backup.exists() and backup.name.startswith(f"log.sqlite3.v{LATEST}-")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert old.execute("SELECT count(*) FROM turns").fetchone()[0] == len(turn_ids)
    migrated = sqlite3.connect(path)
    ids = [r[0] for r in migrated.execute("SELECT id FROM turns ORDER BY seq")]
    assert ids == turn_ids


def test_failed_migration_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    _, turn_ids = _logged_file(path)
    broken = Migration(LATEST + 1, "breaks half-way", ("ALTER TABLE attempts ADD COLUMN x TEXT", "BAD SQL"))
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, path, (*MIGRATIONS, broken))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert "x" not in [r[1] for r in conn.execute("PRAGMA table_info(attempts)")]
    assert conn.execute("SELECT count(*) FROM turns").fetchone()[0] == len(turn_ids)


def test_a_file_that_is_not_a_practice_log_is_refused_untouched(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("shopping list\n" * 200)
    with pytest.raises(StoreError, match="not a trainer practice log"):
        SQLiteStore(text)
    assert text.read_text() == "shopping list\n" * 200

    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a trainer practice log"):
        SQLiteStore(other)
    tables = [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")]
    assert tables == ["photos"]
