"""Schema versions on real files: creation, reopening, migrations with backups, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store import logdata
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

    assert (
        backup is not None and backup.exists() and backup.name.startswith(f"log.sqlite3.v{LATEST}-")
    )
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert old.execute("SELECT count(*) FROM turns").fetchone()[0] == len(turn_ids)
    migrated = sqlite3.connect(path)
    ids = [r[0] for r in migrated.execute("SELECT id FROM turns ORDER BY seq")]
    assert ids == turn_ids


def test_failed_migration_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    _, turn_ids = _logged_file(path)
    broken = Migration(
        LATEST + 1, "breaks half-way", ("ALTER TABLE attempts ADD COLUMN x TEXT", "BAD SQL")
    )
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


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _rollback_journal_db(path: Path, app_id: int, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("CREATE TABLE attempts (id TEXT PRIMARY KEY, future TEXT)")
    conn.execute("INSERT INTO attempts VALUES ('a', 'b')")
    conn.commit()
    conn.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.parametrize(
    ("app_id", "version", "says"),
    [
        (0x54524E52, 99, r"newer version of trainer \(schema 99"),  # a future trainer's log
        (0, 0, "not a trainer practice log"),  # someone else's database
        (0x12345678, 1, "not a trainer practice log"),
    ],
)
def test_nothing_changes_in_a_file_before_it_is_known_to_be_ours(
    tmp_path: Path, app_id: int, version: int, says: str
) -> None:
    """No WAL switch, no migration, no side files: every byte stays as it was."""
    path = tmp_path / "log.sqlite3"
    _rollback_journal_db(path, app_id, version)
    before = _files(tmp_path)
    for create in (True, False):
        with pytest.raises(StoreError, match=says):
            SQLiteStore(path, create=create)
        assert _files(tmp_path) == before


def test_a_backup_is_written_whole_then_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup killed half-way never leaves a `.bak` that doctor might recommend."""
    path = tmp_path / "log.sqlite3"
    _logged_file(path)
    conn = sqlite3.connect(path, isolation_level=None)

    class Killed(BaseException):
        pass

    def dies(*args: object) -> None:  # killed once the copy is written, before the rename
        raise Killed

    monkeypatch.setattr("trainer.store.migrations.os.replace", dies)
    with pytest.raises(Killed):
        migrate(conn, path, (*MIGRATIONS, V2))
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST  # not migrated either
    backup = migrate(conn, path, (*MIGRATIONS, V2))
    conn.close()
    assert backup is not None and backup.suffix == ".bak"
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
