"""The team server's schema and security, applied by `trainer team setup` (an admin's job).

Same tables as the SQLite log (`migrations.py`), with real types: times are `timestamptz`,
the local day a `date`, flags `boolean`; ids sort byte-wise (`COLLATE "C"`) so a prefix
search works as in SQLite. The version reached is the largest row of `trainer_schema`.

Security (row-level security, see docs/team.md): login roles belong to one of two group
roles. `trainer_rep` may insert and read rows whose `rep` is its login name, finish its own
attempts while they are in progress and flag its own turns as retried; nothing else changes
or goes. `trainer_manager` also reads everyone's rows and may delete a rep's rows (`forget`).
The tables' owner (the admin) is not bound by the policies.
"""

from __future__ import annotations

from typing import Any

from trainer.store.base import StoreError
from trainer.store.migrations import V1_ATTEMPT_INDEXES, V1_DAY_INDEX, Migration
from trainer.store.queries import REBUILD_TOTALS

REP_ROLE = "trainer_rep"
MANAGER_ROLE = "trainer_manager"
_LOCK_KEY = 0x54524E52  # "TRNR": one setup at a time

_OWN_ATTEMPT = "EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = current_user)"
_OWN_OPEN_ATTEMPT = (
    "EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = current_user "
    "AND a.status = 'in_progress')"
)
_BOTH = f"{REP_ROLE}, {MANAGER_ROLE}"
# What finishing an attempt and logging a turn change; everything else is written once.
_ATTEMPT_RUNNING_COLUMNS = (
    "status, ended_at, outcome, ending_id, score, input_kind, turn_count, active_s, "
    "last_activity_at"
)


def _totals_policies(table: str) -> tuple[str, ...]:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_totals ON {table} FOR ALL TO {_BOTH} "
        "USING (rep = current_user) WITH CHECK (rep = current_user)",
        f"CREATE POLICY manager_read ON {table} FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_forget ON {table} FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT, INSERT, UPDATE ON {table} TO {_BOTH}",
        f"GRANT DELETE ON {table} TO {MANAGER_ROLE}",
    )


PG_V1 = Migration(
    1,
    "practice log: attempts and turns, per-day and per-scenario totals, row-level security",
    (
        """CREATE TABLE attempts (
            id TEXT COLLATE "C" PRIMARY KEY,
            rep TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            scenario_hash TEXT NOT NULL,
            scenario_title TEXT NOT NULL,
            mode TEXT NOT NULL,
            input_kind TEXT NOT NULL,
            seed BIGINT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            local_day DATE NOT NULL,
            ended_at TIMESTAMPTZ,
            last_activity_at TIMESTAMPTZ NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('in_progress', 'finished', 'abandoned', 'unfinished')),
            outcome TEXT,
            ending_id TEXT,
            score DOUBLE PRECISION,
            turn_count INTEGER NOT NULL DEFAULT 0,
            active_s DOUBLE PRECISION NOT NULL DEFAULT 0,
            writer_host TEXT NOT NULL,
            writer_boot TEXT NOT NULL,
            writer_pid INTEGER NOT NULL,
            writer_start TEXT NOT NULL
        )""",
        *V1_ATTEMPT_INDEXES,
        """CREATE TABLE turns (
            id TEXT COLLATE "C" PRIMARY KEY,
            attempt_id TEXT COLLATE "C" NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            prospect_line TEXT NOT NULL,
            answer_text TEXT NOT NULL,
            input_kind TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            result_json TEXT NOT NULL,
            pause_s DOUBLE PRECISION,
            duration_s DOUBLE PRECISION,
            hint_used BOOLEAN NOT NULL,
            retried BOOLEAN NOT NULL,
            audio_path TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            UNIQUE (attempt_id, seq)
        )""",
        """CREATE TABLE daily_practice (
            rep TEXT NOT NULL,
            local_day DATE NOT NULL,
            drills INTEGER NOT NULL DEFAULT 0,
            active_s DOUBLE PRECISION NOT NULL DEFAULT 0,
            answers INTEGER NOT NULL DEFAULT 0,
            answer_score_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
            PRIMARY KEY (rep, local_day)
        )""",
        V1_DAY_INDEX,
        """CREATE TABLE scenario_practice (
            rep TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            best_score DOUBLE PRECISION,
            last_started_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (rep, scenario_id)
        )""",
        # -- who may do what ---------------------------------------------------------------
        f"GRANT USAGE ON SCHEMA public TO {_BOTH}",
        f"GRANT SELECT ON trainer_schema TO {_BOTH}",
        "ALTER TABLE attempts ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON attempts FOR SELECT TO {_BOTH} USING (rep = current_user)",
        f"CREATE POLICY own_insert ON attempts FOR INSERT TO {_BOTH} "
        "WITH CHECK (rep = current_user)",
        f"CREATE POLICY own_finish ON attempts FOR UPDATE TO {_BOTH} "
        "USING (rep = current_user AND status = 'in_progress') WITH CHECK (rep = current_user)",
        f"CREATE POLICY manager_read ON attempts FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_forget ON attempts FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT, INSERT ON attempts TO {_BOTH}",
        f"GRANT UPDATE ({_ATTEMPT_RUNNING_COLUMNS}) ON attempts TO {_BOTH}",
        f"GRANT DELETE ON attempts TO {MANAGER_ROLE}",
        "ALTER TABLE turns ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON turns FOR SELECT TO {_BOTH} USING ({_OWN_ATTEMPT})",
        f"CREATE POLICY own_insert ON turns FOR INSERT TO {_BOTH} "
        f"WITH CHECK ({_OWN_OPEN_ATTEMPT})",
        f"CREATE POLICY own_retry ON turns FOR UPDATE TO {_BOTH} "
        f"USING ({_OWN_ATTEMPT}) WITH CHECK ({_OWN_ATTEMPT})",
        f"CREATE POLICY manager_read ON turns FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_forget ON turns FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT, INSERT ON turns TO {_BOTH}",
        f"GRANT UPDATE (retried) ON turns TO {_BOTH}",
        f"GRANT DELETE ON turns TO {MANAGER_ROLE}",
        *_totals_policies("daily_practice"),
        *_totals_policies("scenario_practice"),
    ),
)

PG_V2 = Migration(2, "totals count only drills with an answer", REBUILD_TOTALS)

PG_MIGRATIONS: tuple[Migration, ...] = (PG_V1, PG_V2)
LATEST = PG_MIGRATIONS[-1].version

SCHEMA_TABLE = """CREATE TABLE IF NOT EXISTS trainer_schema (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)"""
SCHEMA_VERSION = "SELECT coalesce(max(version), 0) FROM trainer_schema"


def setup(conn: Any) -> tuple[int, int]:
    """Create the group roles and bring the schema up to date in one transaction;
    returns (version found, version now). Running it again changes nothing."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        for role in (REP_ROLE, MANAGER_ROLE):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            if exists.fetchone() is None:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
        conn.execute(SCHEMA_TABLE)
        found = int(conn.execute(SCHEMA_VERSION).fetchone()[0])
        if found > LATEST:
            raise StoreError(
                f"The team database has schema {found}, newer than this trainer knows "
                f"({LATEST}): upgrade trainer before running setup; nothing was changed."
            )
        for migration in PG_MIGRATIONS:
            if migration.version > found:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO trainer_schema (version, description) VALUES (%s, %s)",
                    (migration.version, migration.description),
                )
    return found, LATEST


def add_login(conn: Any, name: str, password: str, group: str) -> bool:
    """Create (or, when it exists, update) the login role `name` in `group`; the password
    is sent already hashed (SCRAM), never in clear. Returns True when it was created."""
    from psycopg import sql

    user = name.encode()
    verifier = conn.pgconn.encrypt_password(password.encode(), user, b"scram-sha-256")
    role = sql.Identifier(name)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        created = exists.fetchone() is None
        verb = "CREATE" if created else "ALTER"
        conn.execute(
            sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                sql.SQL(verb), role, sql.Literal(verifier.decode())
            )
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
    return created
