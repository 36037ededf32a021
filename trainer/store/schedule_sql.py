"""The saved schedule: each rep's spaced-repetition cards kept in the log as derived tables
(trainer.practice.schedule_cache), so a new process reads today's queue without replaying
the whole log. They are never the source: a mark row says which attempts they fold in, and
they are rebuilt from the attempts and turns whenever the log disagrees with the mark.

The migrations (`SQLITE_SCHEDULE`, `PG_SCHEDULE`) are self-contained: `migrations.py` and
`pg_schema.py` list them under their numbers. On the team server each rep writes and reads
only their own rows (row-level security); managers read everyone's, save a rep's that the
team view had to replay, and delete a rep's (`forget`).
"""

from __future__ import annotations

SCHEDULE_TABLES = ("schedule_marks", "schedule_cards", "schedule_days")

_CARD_COLUMNS = (
    "rep",
    "seq",
    "scenario_id",
    "step_id",
    "first_day",
    "last_day",
    "reviews",
    "lapses",
    "scores",
    "state",
    "stability",
    "difficulty",
    "interval_days",
    "last_review",
)
_MARK_COLUMNS = ("rep", "version", "mark", "attempts", "open_ids", "last_attempt_id")


def _tables(time: str, day: str, real: str) -> tuple[str, ...]:
    """The three tables in a backend's types. `step_id` is '' for a scenario's own card;
    `scores` are the latest scores separated by spaces; `open_ids` a JSON list."""
    return (
        f"""CREATE TABLE schedule_marks (
            rep TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            mark {time} NOT NULL,
            attempts INTEGER NOT NULL,
            open_ids TEXT NOT NULL,
            last_attempt_id TEXT
        )""",
        f"""CREATE TABLE schedule_cards (
            rep TEXT NOT NULL,
            seq INTEGER NOT NULL,
            scenario_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            first_day {day} NOT NULL,
            last_day {day} NOT NULL,
            reviews INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            scores TEXT NOT NULL,
            state INTEGER NOT NULL,
            stability {real},
            difficulty {real},
            interval_days INTEGER NOT NULL,
            last_review {time},
            PRIMARY KEY (rep, scenario_id, step_id)
        )""",
        f"""CREATE TABLE schedule_days (
            rep TEXT NOT NULL,
            local_day {day} NOT NULL,
            cleared INTEGER NOT NULL,
            new_scenarios INTEGER NOT NULL,
            PRIMARY KEY (rep, local_day)
        )""",
    )


SQLITE_SCHEDULE_STATEMENTS = _tables("TEXT", "TEXT", "REAL")


def _pg_policies(table: str) -> tuple[str, ...]:
    reps, manager = "trainer_rep, trainer_manager", "trainer_manager"
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_schedule ON {table} FOR ALL TO {reps} "
        "USING (rep = session_user) WITH CHECK (rep = session_user)",
        f"CREATE POLICY manager_read ON {table} FOR SELECT TO {manager} USING (true)",
        f"CREATE POLICY manager_forget ON {table} FOR DELETE TO {manager} USING (true)",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {reps}",
    )


def _pg_manager_saves(table: str) -> tuple[str, ...]:
    """The team view saves what it replayed for a rep who has not opened the app since
    (derived rows, checked against the log on every read like the rep's own): a later
    schema than the tables (pg_schema.PG_V8)."""
    manager = "trainer_manager"
    return (
        f"CREATE POLICY manager_save ON {table} FOR INSERT TO {manager} WITH CHECK (true)",
        f"CREATE POLICY manager_update ON {table} FOR UPDATE TO {manager} "
        "USING (true) WITH CHECK (true)",
    )


PG_SCHEDULE_STATEMENTS = (
    *_tables("TIMESTAMPTZ", "DATE", "DOUBLE PRECISION"),
    *(s for table in SCHEDULE_TABLES for s in _pg_policies(table)),
)
PG_MANAGER_SAVES = tuple(s for table in SCHEDULE_TABLES for s in _pg_manager_saves(table))

DESCRIPTION = "spaced-repetition schedule saved in the log (derived, rebuilt from attempts)"

READ_MARK = f"SELECT {', '.join(_MARK_COLUMNS[1:])} FROM schedule_marks WHERE rep = :rep"
# The saved schedules of many reps, a query a table: `{reps}` is the list of their
# placeholders (`:rep0, :rep1`); each row starts with its rep.
READ_MARKS_OF = f"SELECT {', '.join(_MARK_COLUMNS)} FROM schedule_marks WHERE rep IN ({{reps}})"
READ_CARDS_OF = (
    f"SELECT {', '.join(_CARD_COLUMNS)} FROM schedule_cards WHERE rep IN ({{reps}}) "
    "ORDER BY rep, seq"
)
READ_DAYS_OF = (
    "SELECT rep, local_day, cleared, new_scenarios FROM schedule_days WHERE rep IN ({reps})"
)


def _upsert(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    changes = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {changes}"
    )


SAVE_MARK = _upsert("schedule_marks", _MARK_COLUMNS, ("rep",))
SAVE_CARD = _upsert("schedule_cards", _CARD_COLUMNS, ("rep", "scenario_id", "step_id"))
SAVE_DAY = _upsert(
    "schedule_days", ("rep", "local_day", "cleared", "new_scenarios"), ("rep", "local_day")
)
FORGET = tuple(f"DELETE FROM {table} WHERE rep = :rep" for table in SCHEDULE_TABLES)
