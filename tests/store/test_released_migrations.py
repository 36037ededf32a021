"""Released migrations never change: a log or a team server at a released schema version
upgrades by the migrations after it only, so version N must mean the same statements in
every later trainer. The digests below are those of the last landed release (SQLite schema 6:
pair observers' own notes; PostgreSQL schema 8: team members, pair observers, managers remove
members); a new migration gets the next number."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from trainer.store import migrations, pg_schema
from trainer.store.migrations import MIGRATIONS, Migration, migrate
from trainer.store.open import open_store

RELEASED_SQLITE = {
    1: "b4083b51513122e4",
    2: "400f10b392580935",
    3: "de07b5a37c15737f",
    4: "d0f58d7d3710e419",
    5: "978808d7c2dbd271",
    6: "85955c72bb61be8d",
}
RELEASED_PG = {
    1: "38de87b1488b98f9",
    2: "36a7848d852238a8",
    3: "17e59d7526178b6f",
    4: "ec9d064b410efd37",
    5: "be797235394eef31",
    6: "84e7e256213607f2",
    7: "4514befd138f76fd",
    8: "eed5198fd8d48114",
}


def _digests(found: tuple[Migration, ...]) -> dict[int, str]:
    return {
        m.version: hashlib.sha256("\n".join(m.statements).encode()).hexdigest()[:16] for m in found
    }


def test_released_migrations_keep_their_numbers_and_statements() -> None:
    sqlite_now = _digests(migrations.MIGRATIONS)
    pg_now = _digests(pg_schema.PG_MIGRATIONS)
    assert {v: sqlite_now[v] for v in RELEASED_SQLITE} == RELEASED_SQLITE
    assert {v: pg_now[v] for v in RELEASED_PG} == RELEASED_PG
    for found in (migrations.MIGRATIONS, pg_schema.PG_MIGRATIONS):
        assert [m.version for m in found] == list(range(1, len(found) + 1))


def test_a_log_at_the_released_schema_upgrades_and_keeps_its_schedule(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    conn = sqlite3.connect(path)
    migrate(conn, path, MIGRATIONS[:5])  # as the released trainer left it
    conn.execute(
        "INSERT INTO schedule_days (rep, local_day, cleared, new_scenarios) "
        "VALUES ('tess', '2026-11-20', 3, 1)"
    )
    conn.commit()
    conn.close()
    store = open_store(str(path))  # this trainer: schema 6 and on
    store.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS[-1].version
        assert conn.execute("SELECT cleared FROM schedule_days").fetchall() == [(3,)]
        assert conn.execute("SELECT count(*) FROM pair_observations").fetchone() == (0,)
    finally:
        conn.close()
