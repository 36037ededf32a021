"""The SQLite schema as numbered migrations; `PRAGMA user_version` holds the version reached.

Times are ISO-8601 UTC text with microseconds (`2026-11-01T09:30:00.000000Z`), so they sort
and compare as text. Attempts carry running totals of their turns (count, score sum, time
practised) and the local day they started on, so history never scans turns; per-day and
per-scenario totals (`daily_practice`, `scenario_practice`) are kept up to date by the same
write transactions, so stats read a few thousand rows even over millions of turns.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trainer.paths import sync_folder
from trainer.store import schedule_sql
from trainer.store.base import StoreError
from trainer.store.plan_queries import SQLITE_V3
from trainer.store.queries import REBUILD_TOTALS

APPLICATION_ID = 0x54524E52  # "TRNR": marks the file as a trainer practice log


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


# The indexes the shared queries (`queries.py`) rely on; the team server's schema
# (`pg_schema.PG_V1`) creates the same ones.
V1_ATTEMPT_INDEXES = (
    "CREATE INDEX attempts_by_time ON attempts (started_at)",
    "CREATE INDEX attempts_by_rep_time ON attempts (rep, started_at)",
    "CREATE INDEX attempts_by_scenario ON attempts (scenario_id, started_at, score)",
    "CREATE INDEX attempts_by_rep_scenario ON attempts (rep, scenario_id, started_at, score)",
)
V1_DAY_INDEX = "CREATE INDEX daily_practice_by_day ON daily_practice (local_day)"

V1 = Migration(
    1,
    "practice log: attempts and turns",
    (
        """CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            rep TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            scenario_hash TEXT NOT NULL,
            scenario_title TEXT NOT NULL,
            mode TEXT NOT NULL,
            input_kind TEXT NOT NULL,
            seed INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            local_day TEXT NOT NULL,
            ended_at TEXT,
            last_activity_at TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('in_progress', 'finished', 'abandoned', 'unfinished')),
            outcome TEXT,
            ending_id TEXT,
            score REAL,
            turn_count INTEGER NOT NULL DEFAULT 0,
            active_s REAL NOT NULL DEFAULT 0,
            writer_host TEXT NOT NULL,
            writer_boot TEXT NOT NULL,
            writer_pid INTEGER NOT NULL,
            writer_start TEXT NOT NULL
        )""",
        *V1_ATTEMPT_INDEXES,
        """CREATE TABLE turns (
            id TEXT PRIMARY KEY,
            attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            prospect_line TEXT NOT NULL,
            answer_text TEXT NOT NULL,
            input_kind TEXT NOT NULL,
            score REAL NOT NULL,
            result_json TEXT NOT NULL,
            pause_s REAL,
            duration_s REAL,
            hint_used INTEGER NOT NULL,
            retried INTEGER NOT NULL,
            audio_path TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (attempt_id, seq)
        )""",
        # Running totals kept in the same transactions as the attempts and turns they sum.
        """CREATE TABLE daily_practice (
            rep TEXT NOT NULL,
            local_day TEXT NOT NULL,
            drills INTEGER NOT NULL DEFAULT 0,
            active_s REAL NOT NULL DEFAULT 0,
            answers INTEGER NOT NULL DEFAULT 0,
            answer_score_sum REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (rep, local_day)
        )""",
        V1_DAY_INDEX,
        """CREATE TABLE scenario_practice (
            rep TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            best_score REAL,
            last_started_at TEXT NOT NULL,
            PRIMARY KEY (rep, scenario_id)
        )""",
    ),
)

# Honest counting (trainer.practice.rules): attempts without an answer are no drill and
# add no time; only finished calls make a best. The totals are rebuilt by those rules.
V2 = Migration(2, "totals count only drills with an answer", REBUILD_TOTALS)

# The plan: published scenarios, assignments ("assign yourself"), notes on attempts.
V3 = Migration(3, "published scenarios, assignments, notes and human scores", SQLITE_V3)

# Pair practice (docs/pairs.md): what the partner and the observer noted on a pair call,
# one row per attempt.
PAIR_NOTES_TABLE = """CREATE TABLE pair_notes (
    attempt_id TEXT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    rep TEXT NOT NULL,
    partner TEXT NOT NULL,
    observer TEXT,
    human_score REAL,
    partner_s REAL NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL,
    updated_at TEXT NOT NULL
)"""
PAIR_NOTES_INDEX = "CREATE INDEX pair_notes_by_partner ON pair_notes (partner, updated_at)"
V4 = Migration(4, "pair practice notes", (PAIR_NOTES_TABLE, PAIR_NOTES_INDEX))

# Spaced repetition (docs/practice.md): each rep's schedule saved in the log as derived tables
# (trainer.store.schedule_sql), rebuilt from the attempts whenever they disagree. Released as
# schema 5: the numbers of released migrations never change.
V5_SCHEDULE = Migration(5, schedule_sql.DESCRIPTION, schedule_sql.SQLITE_SCHEDULE_STATEMENTS)


# A triad's observer ticks and tags from their own process: one row per observer and
# attempt, written only by that observer, so the partner's note never overwrites it.
PAIR_OBSERVATIONS_TABLE = """CREATE TABLE pair_observations (
    attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    observer TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (attempt_id, observer)
)"""
PAIR_OBSERVATIONS_INDEX = (
    "CREATE INDEX pair_observations_by_observer ON pair_observations (observer)"
)
V6_PAIR_OBSERVERS = Migration(
    6,
    "pair observers' own ticks, tags and comments",
    (PAIR_OBSERVATIONS_TABLE, PAIR_OBSERVATIONS_INDEX),
)


MIGRATIONS: tuple[Migration, ...] = (V1, V2, V3, V4, V5_SCHEDULE, V6_PAIR_OBSERVERS)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _too_new(where: str, found: int, known: int) -> StoreError:
    return StoreError(
        f"The practice log {where} was written by a newer version of trainer "
        f"(schema {found}; this version knows up to {known}). Upgrade trainer to use it; "
        "nothing was changed."
    )


def _not_ours(where: str) -> StoreError:
    return StoreError(
        f"{where} is not a trainer practice log. Pass --db with another file name; "
        "this file was left as it is."
    )


def check_ours(
    conn: sqlite3.Connection, path: Path | None, migrations: Sequence[Migration] = MIGRATIONS
) -> None:
    """Refuse, before anything in the file changes (no WAL switch, no migration), a file
    that is not a trainer practice log or one written by a newer trainer. Only reads the
    header and the schema; a new, empty file passes."""
    where = str(path) if path else "in memory"
    latest = migrations[-1].version
    # One read transaction: another process creating the same new log commits its schema
    # and header together, and must not land between these three reads.
    conn.execute("BEGIN")
    try:
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        current = _user_version(conn)
    finally:
        conn.execute("COMMIT")
    if app_id not in (0, APPLICATION_ID):
        raise _not_ours(where)
    if current > latest and app_id == APPLICATION_ID:
        raise _too_new(where, current, latest)
    if app_id == 0 and (current or tables):
        raise _not_ours(where)


def backup_file(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database next to it, taken before migrating."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    whole_copy(conn, target)
    return target


def whole_copy(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the database open on `conn`, at `target`: written to a hidden
    temporary file beside it, synced, then renamed, so `target` is always a whole copy (and
    one self-contained file, with no write-ahead file of its own)."""
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        copy = sqlite3.connect(temp)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        with open(temp, "rb+") as synced:
            os.fsync(synced.fileno())
        os.replace(temp, target)
        sync_folder(target.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def migrate(
    conn: sqlite3.Connection,
    path: Path | None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> Path | None:
    """Bring the schema up to the last migration; returns the backup taken, if any.

    The file is copied before an existing log is migrated; all steps run in one
    transaction, so a failure leaves the log as it was.
    """
    where = str(path) if path else "in memory"
    latest = migrations[-1].version
    current = _user_version(conn)
    if current > latest:
        raise _too_new(where, current, latest)
    if current == latest:
        if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
            raise _not_ours(where)
        return None
    backup = backup_file(conn, path, current) if current > 0 and path is not None else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = _user_version(conn)  # another process may have migrated meanwhile
        if current > latest:
            raise _too_new(where, current, latest)
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if app_id not in (0, APPLICATION_ID):
            raise _not_ours(where)
        if current == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise _not_ours(where)
        for migration in migrations:
            if migration.version > current:
                for statement in migration.statements:
                    conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {latest}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite has rolled back already after SQLITE_FULL
            with suppress(sqlite3.Error):  # the first error is the one to report
                conn.execute("ROLLBACK")
        raise
    return backup
