"""Queries of the team's plan (published scenarios, assignments, notes on attempts), in SQL
that SQLite and PostgreSQL both accept, like `queries.py`. What counts follows
trainer.practice.rules: a drill is an attempt with an answer (`turn_count > 0`), a best or
an average counts only calls played to their end (`status = 'finished'` with a score)."""

from __future__ import annotations

from trainer.store.queries import Params, rep_filters, where_clause

PUBLISHED_COLUMNS = (
    "scenario_id",
    "version",
    "sha256",
    "title",
    "content",
    "published_by",
    "published_at",
    "draft",
)
ASSIGNMENT_COLUMNS = (
    "id",
    "rep",
    "target_kind",
    "target",
    "due_day",
    "attempts_target",
    "minutes_target",
    "passing_score",
    "note",
    "assigned_by",
    "assigned_at",
    "withdrawn_at",
)
NOTE_COLUMNS = ("id", "attempt_id", "turn_seq", "author", "body", "human_score", "created_at")

_PUBLISHED = ", ".join(PUBLISHED_COLUMNS)
_ASSIGNMENTS = ", ".join(ASSIGNMENT_COLUMNS)
_NOTES = ", ".join(NOTE_COLUMNS)


def _values(columns: tuple[str, ...]) -> str:
    return ", ".join(f":{c}" for c in columns)


PUBLISH = (
    f"INSERT INTO published_scenarios ({_PUBLISHED}) VALUES ({_values(PUBLISHED_COLUMNS)}) "
    "ON CONFLICT (scenario_id, version) DO NOTHING"
)
PUBLISHED_VERSION = (
    "SELECT sha256, draft FROM published_scenarios WHERE scenario_id = :scenario_id "
    "AND version = :version"
)
PUBLISHED_LATEST_VERSION = (
    "SELECT max(version) FROM published_scenarios WHERE scenario_id = :scenario_id"
)
UNDRAFT = (
    "UPDATE published_scenarios SET draft = :draft WHERE scenario_id = :scenario_id "
    "AND version = :version"
)


def published_query(latest_only: bool, include_drafts: bool) -> str:
    """Published scenario versions, by id then version (only each id's newest if asked)."""
    filters = [] if include_drafts else ["draft = :no"]
    if latest_only:
        filters.append(
            "version = (SELECT max(p2.version) FROM published_scenarios p2 "
            "WHERE p2.scenario_id = p.scenario_id"
            + ("" if include_drafts else " AND p2.draft = :no")
            + ")"
        )
    return (
        f"SELECT {_PUBLISHED} FROM published_scenarios p {where_clause(filters)} "
        "ORDER BY scenario_id, version"
    )


INSERT_ASSIGNMENT = (
    f"INSERT INTO assignments ({_ASSIGNMENTS}) VALUES ({_values(ASSIGNMENT_COLUMNS)})"
)
UPDATE_ASSIGNMENT = """
UPDATE assignments SET due_day = :due_day, attempts_target = :attempts_target,
    minutes_target = :minutes_target, passing_score = :passing_score, note = :note
WHERE id = :id AND withdrawn_at IS NULL
"""
WITHDRAW_ASSIGNMENT = (
    "UPDATE assignments SET withdrawn_at = :at WHERE id = :id AND withdrawn_at IS NULL"
)
ASSIGNMENTS_BY_PREFIX = (
    f"SELECT {_ASSIGNMENTS} FROM assignments WHERE id >= :lo AND id < :hi LIMIT 2"
)


def assignments_query(rep: str | None, include_withdrawn: bool) -> tuple[str, Params]:
    filters, params = rep_filters(rep, [])
    if not include_withdrawn:
        filters.append("withdrawn_at IS NULL")
    sql = (
        f"SELECT {_ASSIGNMENTS} FROM assignments {where_clause(filters)} ORDER BY due_day, rep, id"
    )
    return sql, params


def assignment_totals_query(count: int) -> str:
    """One rep's drills, time, best, finished calls and their score sum since a time, on
    the scenarios `:s0`... (`count` of them)."""
    marks = ", ".join(f":s{i}" for i in range(count))
    return f"""
SELECT sum(CASE WHEN turn_count > 0 THEN 1 ELSE 0 END),
       sum(CASE WHEN turn_count > 0 THEN active_s ELSE 0 END),
       max(CASE WHEN status = 'finished' AND score IS NOT NULL THEN score END),
       sum(CASE WHEN status = 'finished' AND score IS NOT NULL THEN 1 ELSE 0 END),
       sum(CASE WHEN status = 'finished' AND score IS NOT NULL THEN score ELSE 0 END),
       max(CASE WHEN turn_count > 0 THEN started_at END)
FROM attempts WHERE rep = :rep AND started_at >= :since AND scenario_id IN ({marks})
"""


_TOTALS_COLUMNS = """
       sum(CASE WHEN t.turn_count > 0 THEN 1 ELSE 0 END),
       sum(CASE WHEN t.turn_count > 0 THEN t.active_s ELSE 0 END),
       max(CASE WHEN t.status = 'finished' AND t.score IS NOT NULL THEN t.score END),
       sum(CASE WHEN t.status = 'finished' AND t.score IS NOT NULL THEN 1 ELSE 0 END),
       sum(CASE WHEN t.status = 'finished' AND t.score IS NOT NULL THEN t.score ELSE 0 END),
       max(CASE WHEN t.turn_count > 0 THEN t.started_at END)"""

# The team server's form of `assignment_totals_query` for many assignments at once, in
# psycopg's style (arrays of keys, reps, start times; pairs of key and scenario id): each
# assignment reads its rep's attempts since it was given (index on rep and start time).
PG_ASSIGNMENTS_TOTALS = (
    """
WITH x AS (SELECT * FROM unnest(%(keys)s::text[], %(reps)s::text[],
                                %(sinces)s::timestamptz[]) AS x(key, rep, since)),
     s AS (SELECT key, array_agg(scenario_id) AS ids
           FROM unnest(%(pair_keys)s::text[], %(pair_ids)s::text[]) AS s(key, scenario_id)
           GROUP BY key)
SELECT x.key, agg.* FROM x JOIN s ON s.key = x.key CROSS JOIN LATERAL (
    SELECT"""
    + _TOTALS_COLUMNS
    + """
    FROM attempts t WHERE t.rep = x.rep AND t.started_at >= x.since
    AND t.scenario_id = ANY (s.ids)) agg
"""
)

INSERT_NOTE = f"INSERT INTO attempt_notes ({_NOTES}) VALUES ({_values(NOTE_COLUMNS)})"
NOTES_OF_ATTEMPT = (
    f"SELECT {_NOTES} FROM attempt_notes WHERE attempt_id = :attempt_id ORDER BY created_at, id"
)


def notes_of_attempts(count: int) -> str:
    marks = ", ".join(f":a{i}" for i in range(count))
    return (
        f"SELECT {_NOTES} FROM attempt_notes WHERE attempt_id IN ({marks}) "
        "ORDER BY attempt_id, created_at, id"
    )


# The team report: per rep and day since a day; finished calls' scores per rep and scenario
# since a time (averages over calls played to their end); each rep's last day practised.
REP_DAYS = (
    "SELECT rep, local_day, drills, active_s FROM daily_practice "
    "WHERE local_day >= :since_day AND drills > 0"
)
REP_LAST_DAYS = "SELECT rep, max(local_day) FROM daily_practice WHERE drills > 0 GROUP BY rep"

# SQLite schema 3 (the team server's is in pg_schema.PG_V3, with row-level security).
SQLITE_V3 = (
    """CREATE TABLE published_scenarios (
        scenario_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL,
        content BLOB NOT NULL,
        published_by TEXT NOT NULL,
        published_at TEXT NOT NULL,
        draft INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scenario_id, version)
    )""",
    """CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        rep TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('scenario', 'tag', 'kind')),
        target TEXT NOT NULL,
        due_day TEXT NOT NULL,
        attempts_target INTEGER NOT NULL DEFAULT 0 CHECK (attempts_target >= 0),
        minutes_target INTEGER NOT NULL DEFAULT 0 CHECK (minutes_target >= 0),
        passing_score REAL CHECK (passing_score BETWEEN 0 AND 100),
        note TEXT NOT NULL DEFAULT '',
        assigned_by TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        withdrawn_at TEXT
    )""",
    "CREATE INDEX assignments_by_rep ON assignments (rep, due_day)",
    """CREATE TABLE attempt_notes (
        id TEXT PRIMARY KEY,
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        turn_seq INTEGER,
        author TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        human_score REAL CHECK (human_score BETWEEN 0 AND 100),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX attempt_notes_by_attempt ON attempt_notes (attempt_id)",
)
