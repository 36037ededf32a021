"""The practice log's queries, in SQL that SQLite and PostgreSQL both accept.

Parameters are named (`:name`); a PostgreSQL backend turns them into `%(name)s` with
`pg_params()` and binds real timestamps where SQLite binds ISO text. No SQLite-only
functions, no `INSERT OR ...`: the same strings serve both backends.
"""

from __future__ import annotations

import re
from typing import Any

ATTEMPT_COLUMNS = (
    "id",
    "rep",
    "scenario_id",
    "scenario_version",
    "scenario_hash",
    "scenario_title",
    "mode",
    "input_kind",
    "seed",
    "started_at",
    "local_day",
    "ended_at",
    "last_activity_at",
    "status",
    "outcome",
    "ending_id",
    "score",
    "turn_count",
    "active_s",
    "writer_host",
    "writer_boot",
    "writer_pid",
    "writer_start",
)
TURN_COLUMNS = (
    "id",
    "attempt_id",
    "seq",
    "step_id",
    "prospect_line",
    "answer_text",
    "input_kind",
    "score",
    "result_json",
    "pause_s",
    "duration_s",
    "hint_used",
    "retried",
    "audio_path",
    "created_at",
)

_ATTEMPTS = ", ".join(ATTEMPT_COLUMNS)
_TURNS = ", ".join(TURN_COLUMNS)

Params = dict[str, Any]


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT (id) DO NOTHING"


# Client-generated ids make writes idempotent: logging the same record twice is a no-op.
INSERT_ATTEMPT = _insert("attempts", ATTEMPT_COLUMNS)
INSERT_TURN = _insert("turns", TURN_COLUMNS)

ATTEMPT_TOTALS = (
    "SELECT rep, scenario_id, local_day, started_at, active_s, turn_count "
    "FROM attempts WHERE id = :id"
)

ATTEMPT_STATUS = "SELECT status FROM attempts WHERE id = :id"
TURN_LOGGED = "SELECT 1 FROM turns WHERE id = :id"

ADD_TURN_TO_ATTEMPT = """
UPDATE attempts SET
    turn_count = turn_count + 1,
    last_activity_at = CASE WHEN :at > last_activity_at THEN :at ELSE last_activity_at END,
    active_s = :active_s
WHERE id = :id
"""

# The totals follow trainer.practice.rules: a drill (and its scenario's attempt) is added
# with its first answer, never for an attempt left without one; only a finished call's
# score can become its scenario's best.
ADD_TO_DAY = """
INSERT INTO daily_practice (rep, local_day, drills, active_s, answers, answer_score_sum)
VALUES (:rep, :local_day, :drills, :active_s, :answers, :score)
ON CONFLICT (rep, local_day) DO UPDATE SET
    drills = daily_practice.drills + excluded.drills,
    active_s = daily_practice.active_s + excluded.active_s,
    answers = daily_practice.answers + excluded.answers,
    answer_score_sum = daily_practice.answer_score_sum + excluded.answer_score_sum
"""

ADD_TO_SCENARIO = """
INSERT INTO scenario_practice (rep, scenario_id, attempts, best_score, last_started_at)
VALUES (:rep, :scenario_id, 1, NULL, :started_at)
ON CONFLICT (rep, scenario_id) DO UPDATE SET
    attempts = scenario_practice.attempts + 1,
    last_started_at = CASE WHEN excluded.last_started_at > scenario_practice.last_started_at
                           THEN excluded.last_started_at
                           ELSE scenario_practice.last_started_at END
"""

SCORE_SCENARIO = """
UPDATE scenario_practice SET best_score = :score
WHERE rep = :rep AND scenario_id = :scenario_id
  AND (best_score IS NULL OR best_score < :score)
"""

# A call reopened to retry its last answer no longer has the score it ended with: the
# scenario's best is again that of the calls played to their end (trainer.practice.rules).
REBEST_SCENARIO = """
UPDATE scenario_practice SET best_score = (
    SELECT max(a.score) FROM attempts a
    WHERE a.rep = :rep AND a.scenario_id = :scenario_id
      AND a.status = 'finished' AND a.score IS NOT NULL)
WHERE rep = :rep AND scenario_id = :scenario_id
"""

FINISH_ATTEMPT = """
UPDATE attempts SET
    status = :status, ended_at = :ended_at, outcome = :outcome, ending_id = :ending_id,
    score = :score, active_s = :active_s,
    input_kind = COALESCE(
        (SELECT CASE WHEN COUNT(DISTINCT t.input_kind) > 1 THEN 'mixed'
                     ELSE MAX(t.input_kind) END
         FROM turns t WHERE t.attempt_id = :id),
        input_kind),
    last_activity_at = CASE WHEN :ended_at > last_activity_at THEN :ended_at
                            ELSE last_activity_at END
WHERE id = :id
"""

MARK_RETRIED = "UPDATE turns SET retried = :retried WHERE id = :id"

ATTEMPTS_BY_PREFIX = f"SELECT {_ATTEMPTS} FROM attempts WHERE id >= :lo AND id < :hi LIMIT 2"

TURNS_OF_ATTEMPT = f"SELECT {_TURNS} FROM turns WHERE attempt_id = :id ORDER BY seq"
# Attempts whose answers are not numbered 1, 2, 3... without a gap (seq is unique per
# attempt): an older trainer skipped a number during a team-server outage.
SKIPPED_NUMBERS = (
    "SELECT attempt_id FROM turns GROUP BY attempt_id "
    "HAVING count(*) <> max(seq) OR min(seq) <> 1 ORDER BY attempt_id"
)
SEQS_OF_ATTEMPT = "SELECT seq FROM turns WHERE attempt_id = :id ORDER BY seq"


def turns_of_attempts(count: int) -> str:
    marks = ", ".join(f":a{i}" for i in range(count))
    return f"SELECT {_TURNS} FROM turns WHERE attempt_id IN ({marks}) ORDER BY attempt_id, seq"


def where_clause(filters: list[str]) -> str:
    """The WHERE clause that ANDs `filters` ("" for none)."""
    return f"WHERE {' AND '.join(filters)}" if filters else ""


def rep_filters(
    rep: str | tuple[str, ...] | None, filters: list[str], since_day: str | None = None
) -> tuple[list[str], Params]:
    """`filters` with a rep's and a first local day's, when given, and their parameters."""
    params: Params = {}
    if isinstance(rep, str):
        filters = [*filters, "rep = :rep"]
        params["rep"] = rep
    elif rep is not None:  # several people: their attempts together, in one query
        marks = ", ".join(f":rep{i}" for i in range(len(rep))) or "NULL"  # () matches none
        filters = [*filters, f"rep IN ({marks})"]
        params.update({f"rep{i}": name for i, name in enumerate(rep)})
    if since_day is not None:
        filters = [*filters, "local_day >= :since_day"]
        params["since_day"] = since_day
    return filters, params


def attempts_query(
    rep: str | tuple[str, ...] | None,
    scenario_id: str | None,
    since: str | None,
    limit: int | None,
    newest_first: bool = True,
) -> tuple[str, Params]:
    """History (newest first) or export (oldest first); each filter has an index. `rep`
    may name several people: their attempts together, in one query."""
    filters, params = rep_filters(rep, [])
    if scenario_id is not None:
        filters.append("scenario_id = :scenario_id")
        params["scenario_id"] = scenario_id
    if since is not None:
        filters.append("started_at >= :since")
        params["since"] = since
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT {_ATTEMPTS} FROM attempts {where_clause(filters)} ORDER BY started_at {order}"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return sql, params


def daily_query(rep: str | None, since_day: str | None) -> tuple[str, Params]:
    """Per local day: drills, seconds, answers, answer score sum."""
    filters, params = rep_filters(rep, [], since_day)
    sql = (
        "SELECT local_day, sum(drills), sum(active_s), sum(answers), sum(answer_score_sum) "
        f"FROM daily_practice {where_clause(filters)} GROUP BY local_day ORDER BY local_day"
    )
    return sql, params


def finished_calls_query(
    rep: str | None, since_day: str | None, by: str = "local_day"
) -> tuple[str, Params]:
    """Per local day (or per rep, `by="rep"`): the calls played to their end and the sum of
    their scores, the only calls an average counts (trainer.practice.rules)."""
    filters, params = rep_filters(rep, ["status = 'finished'", "score IS NOT NULL"], since_day)
    column = "rep" if by == "rep" else "local_day"
    sql = (
        f"SELECT {column}, count(*), sum(score) FROM attempts {where_clause(filters)} "
        f"GROUP BY {column}"
    )
    return sql, params


def reps_query(since_day: str) -> tuple[str, Params]:
    """Per rep since a local day: drills, seconds, answers, score sum, days, last day."""
    sql = (
        "SELECT rep, sum(drills), sum(active_s), sum(answers), sum(answer_score_sum), "
        "count(*), max(local_day) FROM daily_practice WHERE local_day >= :since_day "
        "GROUP BY rep ORDER BY rep"
    )
    return sql, {"since_day": since_day}


# The reps who practised, each spelling once, "first written" first: by the first local day
# each practised on, then by name (daily_practice is small; a call with no answer is in none).
REP_NAMES = "SELECT rep FROM daily_practice GROUP BY rep ORDER BY min(local_day), rep"


def scenario_totals_query(rep: str | None) -> tuple[str, Params]:
    """Per scenario: attempts, best score, last started."""
    where, params = ("WHERE rep = :rep", {"rep": rep}) if rep is not None else ("", {})
    sql = (
        "SELECT scenario_id, sum(attempts), max(best_score), max(last_started_at) "
        f"FROM scenario_practice {where} GROUP BY scenario_id"
    )
    return sql, params


def scenario_finished_query(rep: str | None) -> tuple[str, Params]:
    """Per scenario: the calls played to their end (trainer.practice.rules: "done")."""
    filters, params = rep_filters(rep, ["status = 'finished'"])
    sql = f"SELECT scenario_id, count(*) FROM attempts {where_clause(filters)} GROUP BY scenario_id"
    return sql, params


def scenario_recent_query(
    rep: str | None, scenario_id: str, limit: int, scored: bool
) -> tuple[str, Params]:
    """The latest attempts of one scenario (only finished ones with a score if `scored`):
    title and score, newest first."""
    filters, params = rep_filters(rep, ["scenario_id = :scenario_id"])
    params |= {"scenario_id": scenario_id, "limit": limit}
    if scored:  # a score counts once the call was played to its end (trainer.practice.rules)
        filters.append("score IS NOT NULL AND status = 'finished'")
    sql = (
        f"SELECT scenario_title, score FROM attempts {where_clause(filters)} "
        "ORDER BY started_at DESC LIMIT :limit"
    )
    return sql, params


# Spaced repetition (trainer.practice.schedule) replays closed drills: every answer with its
# attempt, oldest first; and how many closed drills started before a time (to check a cache).
_CLOSED_DRILL = "a.rep = :rep AND a.turn_count > 0 AND a.status <> 'in_progress'"
# A retry's answers after the call was played to its end are practice, not recall
# (trainer.practice.rules): a finished call's retried answers after its last counted one.
_NOT_RETRY_PRACTICE = (
    "NOT (a.status = 'finished' AND t.retried AND t.seq > (SELECT max(c.seq) FROM turns c "
    "WHERE c.attempt_id = t.attempt_id AND NOT c.retried))"
)
REVIEW_ROWS = (
    "SELECT a.id, a.scenario_id, a.started_at, a.local_day, a.status, a.score, "
    "t.step_id, t.score, t.seq FROM attempts a JOIN turns t ON t.attempt_id = a.id "
    f"WHERE {_CLOSED_DRILL} AND a.started_at >= :since AND {_NOT_RETRY_PRACTICE} "
    "ORDER BY a.started_at, a.id, t.seq"
)
# The prospect's line as the rep last heard it at a step, on a call played to its end (the
# weak spot's words, docs/practice.md).
HEARD_LINE = (
    "SELECT t.prospect_line FROM attempts a JOIN turns t ON t.attempt_id = a.id "
    "WHERE a.rep = :rep AND a.scenario_id = :scenario AND a.status = 'finished' "
    "AND t.step_id = :step ORDER BY a.started_at DESC, t.seq DESC LIMIT 1"
)
# The same for many (rep, scenario, step) at once, on the team server (the team view).
PG_HEARD_LINES_MANY = """
SELECT x.n, h.prospect_line
FROM unnest(%(reps)s::text[], %(scenarios)s::text[], %(steps)s::text[])
     WITH ORDINALITY AS x(rep, scenario, step, n)
CROSS JOIN LATERAL (
    SELECT t.prospect_line FROM attempts a JOIN turns t ON t.attempt_id = a.id
    WHERE a.rep = x.rep AND a.scenario_id = x.scenario AND a.status = 'finished'
    AND t.step_id = x.step ORDER BY a.started_at DESC, t.seq DESC LIMIT 1) h
"""
# The cache check, both on indexes: how many attempts (any state) started before a time, and
# which attempts are still in progress (their drill may still be rated when it closes).
ATTEMPTS_BEFORE = "SELECT count(*) FROM attempts WHERE rep = :rep AND started_at < :before"
OPEN_BETWEEN = (
    "SELECT id FROM attempts WHERE rep = :rep AND started_at >= :since "
    "AND started_at < :before AND status = 'in_progress'"
)
OPEN_AMONG = "SELECT id FROM attempts WHERE id = :id AND status = 'in_progress'"
# The same two checks and the new rows for many reps at once, on the team server (psycopg
# style, arrays of reps and times): the manager's team view reads every rep's schedule.
PG_ATTEMPTS_BEFORE_MANY = """
SELECT (SELECT count(*) FROM attempts a WHERE a.rep = x.rep AND a.started_at < x.mark)
FROM unnest(%(reps)s::text[], %(marks)s::timestamptz[]) WITH ORDINALITY AS x(rep, mark, n)
ORDER BY x.n
"""
PG_OPEN_AMONG_MANY = "SELECT id FROM attempts WHERE id = ANY (%(ids)s) AND status = 'in_progress'"
PG_REVIEW_ROWS_MANY = f"""
SELECT x.rep, r.* FROM unnest(%(reps)s::text[], %(sinces)s::timestamptz[]) AS x(rep, since)
CROSS JOIN LATERAL (
    SELECT a.id, a.scenario_id, a.started_at, a.local_day, a.status, a.score,
           t.step_id, t.score AS step_score, t.seq
    FROM attempts a JOIN turns t ON t.attempt_id = a.id
    WHERE a.rep = x.rep AND a.started_at >= x.since AND a.turn_count > 0
    AND a.status <> 'in_progress' AND {_NOT_RETRY_PRACTICE}
    OFFSET 0) r  -- kept apart: one index range per rep, not a scan of the whole log
ORDER BY x.rep, r.started_at, r.id, r.seq
"""

RECORDING_PATHS = "SELECT audio_path FROM turns WHERE audio_path IS NOT NULL"

FORGET_COUNT_TURNS = (
    "SELECT count(*) FROM turns WHERE attempt_id IN (SELECT id FROM attempts WHERE rep = :rep)"
)
FORGET_AUDIO = (
    "SELECT audio_path FROM turns WHERE audio_path IS NOT NULL "
    "AND attempt_id IN (SELECT id FROM attempts WHERE rep = :rep)"
)
FORGET_TURNS = "DELETE FROM turns WHERE attempt_id IN (SELECT id FROM attempts WHERE rep = :rep)"
FORGET_ATTEMPTS = "DELETE FROM attempts WHERE rep = :rep"
FORGET_DAYS = "DELETE FROM daily_practice WHERE rep = :rep"
FORGET_SCENARIOS = "DELETE FROM scenario_practice WHERE rep = :rep"
FORGET_ASSIGNMENTS = "DELETE FROM assignments WHERE rep = :rep"


def _each_needs(part: str, keys: tuple[str, ...]) -> str:
    missing = " OR ".join(f"json_type(e.value, '$.{k}') IS NULL" for k in keys)
    return (
        f"WHEN EXISTS (SELECT 1 FROM json_each(t.result_json, '$.{part}') e "
        f"WHERE e.type <> 'object' OR {missing}) THEN 1"
    )


# Turns whose scoring details a reader cannot use (SQLite; the team server has the same
# test as a function, `trainer_result_ok`). CASE keeps the JSON functions off invalid JSON.
SQLITE_DAMAGED_TURNS = f"""
SELECT t.attempt_id, t.seq, t.result_json, t.score FROM turns t WHERE CASE
    WHEN NOT json_valid(t.result_json) THEN 1
    WHEN json_type(t.result_json) <> 'object' THEN 1
    WHEN coalesce(json_type(t.result_json, '$.score'), '') NOT IN ('integer', 'real') THEN 1
    WHEN json_extract(t.result_json, '$.score') <> t.score THEN 1
    WHEN EXISTS (SELECT 1 FROM json_each(t.result_json) p
                 WHERE p.key IN ('criteria', 'guards', 'delivery', 'notes')
                 AND p.type <> 'array') THEN 1
    {_each_needs("criteria", ("id", "label", "weight", "passed"))}
    {_each_needs("guards", ("id", "label", "triggered", "penalty"))}
    {_each_needs("delivery", ("id", "label", "actual", "target_min", "target_max"))}
    ELSE 0 END
ORDER BY t.attempt_id, t.seq
"""
PG_DAMAGED_TURNS = (
    "SELECT attempt_id, seq, result_json, score FROM turns "
    "WHERE NOT trainer_result_ok(result_json, score) ORDER BY attempt_id, seq"
)

_NAMED = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")


def pg_params(sql: str) -> str:
    """The same query with psycopg's `%(name)s` placeholders (for the PostgreSQL backend)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


# Rebuild the running totals from the attempts and turns (a migration uses it when the
# rules of what counts change; the result equals what the writes above keep).
REBUILD_TOTALS = (
    "DELETE FROM daily_practice",
    "DELETE FROM scenario_practice",
    """INSERT INTO daily_practice (rep, local_day, drills, active_s, answers, answer_score_sum)
    SELECT a.rep, a.local_day, count(*), sum(a.active_s), sum(t.n), sum(t.s)
    FROM attempts a JOIN (SELECT attempt_id, count(*) AS n, sum(score) AS s
                          FROM turns GROUP BY attempt_id) t ON t.attempt_id = a.id
    WHERE a.turn_count > 0 GROUP BY a.rep, a.local_day""",
    """INSERT INTO scenario_practice (rep, scenario_id, attempts, best_score, last_started_at)
    SELECT rep, scenario_id, count(*),
           max(CASE WHEN status = 'finished' THEN score END), max(started_at)
    FROM attempts WHERE turn_count > 0 GROUP BY rep, scenario_id""",
)

# -- pair practice (pair_notes, migrations.V4 / pg_schema.PG_V4) ---------------------------

PAIR_NOTE_COLUMNS = (
    "attempt_id",
    "rep",
    "partner",
    "observer",
    "human_score",
    "partner_s",
    "comment",
    "details",
    "updated_at",
)
SAVE_PAIR_NOTE = (
    f"INSERT INTO pair_notes ({', '.join(PAIR_NOTE_COLUMNS)}) VALUES "
    f"({', '.join(':' + c for c in PAIR_NOTE_COLUMNS)}) "
    "ON CONFLICT (attempt_id) DO UPDATE SET observer = excluded.observer, "
    "human_score = excluded.human_score, partner_s = excluded.partner_s, "
    "comment = excluded.comment, details = excluded.details, updated_at = excluded.updated_at"
)
PAIR_NOTE = f"SELECT {', '.join(PAIR_NOTE_COLUMNS)} FROM pair_notes WHERE attempt_id = :id"
# A pair call ended before any answer is no drill (docs/practice.md): it counts for nobody.
ANSWERED_CALL = "attempt_id IN (SELECT id FROM attempts WHERE turn_count > 0)"
PARTNER_SECONDS = (
    "SELECT count(*), coalesce(sum(partner_s), 0) FROM pair_notes "
    f"WHERE partner = :partner AND updated_at >= :since AND {ANSWERED_CALL}"
)
OBSERVATION_COLUMNS = ("attempt_id", "observer", "comment", "details", "updated_at")
# One row per observer and attempt: an observer's save never touches the partner's note.
SAVE_OBSERVATION = (
    f"INSERT INTO pair_observations ({', '.join(OBSERVATION_COLUMNS)}) VALUES "
    f"({', '.join(':' + c for c in OBSERVATION_COLUMNS)}) "
    "ON CONFLICT (attempt_id, observer) DO UPDATE SET comment = excluded.comment, "
    "details = excluded.details, updated_at = excluded.updated_at"
)
OBSERVATIONS = (
    f"SELECT {', '.join(OBSERVATION_COLUMNS)} FROM pair_observations "
    "WHERE attempt_id = :id ORDER BY observer"
)
PAIR_MENTIONS = (
    "SELECT (SELECT count(*) FROM pair_notes WHERE partner = :rep OR observer = :rep) "
    "+ (SELECT count(*) FROM pair_observations WHERE observer = :rep)"
)
FORGET_OBSERVATIONS = (
    "DELETE FROM pair_observations WHERE observer = :rep OR attempt_id IN "
    "(SELECT id FROM attempts WHERE rep = :rep)"
)
FORGET_AS_PARTNER = "UPDATE pair_notes SET partner = :forgotten WHERE partner = :rep"
FORGET_AS_OBSERVER = "UPDATE pair_notes SET observer = :forgotten WHERE observer = :rep"
# The team view's pair practice (trainer.practice.team): pair calls as the rep are drills
# (trainer.practice.rules: an answer) of mode pair; the partner's and the observer's calls and
# time are counted as PARTNER_SECONDS counts them, grouped by name.
TEAM_PAIR_AS_REP = (
    "SELECT rep, count(*) FROM attempts WHERE mode = 'pair' AND turn_count > 0 "
    "AND started_at >= :since GROUP BY rep"
)
TEAM_PAIR_AS_PARTNER = (
    "SELECT partner, count(*), coalesce(sum(partner_s), 0) FROM pair_notes "
    f"WHERE updated_at >= :since AND {ANSWERED_CALL} GROUP BY partner"
)
TEAM_PAIR_AS_OBSERVER = (
    "SELECT observer, count(*), coalesce(sum(partner_s), 0) FROM pair_notes "
    f"WHERE observer IS NOT NULL AND updated_at >= :since AND {ANSWERED_CALL} "
    "GROUP BY observer"
)
LATEST_PAIR_NOTES = (
    f"SELECT {', '.join('n.' + c for c in PAIR_NOTE_COLUMNS)} FROM pair_notes n "
    "WHERE n.updated_at = (SELECT max(m.updated_at) FROM pair_notes m WHERE m.rep = n.rep "
    f"AND m.{ANSWERED_CALL}) AND n.{ANSWERED_CALL} "
    "ORDER BY n.rep, n.attempt_id"
)
FORGET_PAIR_NOTES = (
    "DELETE FROM pair_notes WHERE rep = :rep OR attempt_id IN "
    "(SELECT id FROM attempts WHERE rep = :rep)"
)
