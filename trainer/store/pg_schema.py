"""The team server's schema and security, applied by `trainer team setup` (an admin's job).

Same tables as the SQLite log (`migrations.py`), with real types: times are `timestamptz`,
the local day a `date`, flags `boolean`; ids sort byte-wise (`COLLATE "C"`) so a prefix
search works as in SQLite. The version reached is the largest row of `trainer_schema`.

Security (row-level security, see docs/team.md): login roles belong to one of two group
roles. `trainer_rep` may insert and read rows whose `rep` is its login name (`session_user`,
which `SET ROLE` does not change), finish its own attempts while they are in progress and
flag its own turns as retried while they are; nothing else changes or goes.
`trainer_manager` also reads everyone's rows and may delete a rep's rows (`forget`). The
tables' owner (the admin) is not bound by the policies. From schema 2 the totals and each
attempt's running columns are computed by triggers, an attempt is inserted only in
progress and finished only with the score its answers earned, times are held to the
server's clock, and a turn's scoring details must be readable (see PG_V2).
"""

from __future__ import annotations

from typing import Any

from trainer.store import queries, schedule_sql
from trainer.store.base import StoreError
from trainer.store.migrations import V1_ATTEMPT_INDEXES, V1_DAY_INDEX, Migration

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
        f"CREATE POLICY own_insert ON turns FOR INSERT TO {_BOTH} WITH CHECK ({_OWN_OPEN_ATTEMPT})",
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

# -- schema 2: a team log no rep can game ------------------------------------------------------
# Rows are tied to the session's login (`session_user`: `SET ROLE trainer_rep` changes
# `current_user`, never the login). The totals are kept by the server (triggers running as
# the tables' owner), so no rep or manager writes them; an attempt is inserted only in
# progress and finished only by the update that ends it, whose score must be the mean of its
# counted answers; the running columns (answer count, time practised, last activity) are
# computed by the server whatever the update says. A turn's scoring details must be readable.

_ME = "session_user"
_OWN_ATTEMPT_2 = f"EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = {_ME})"
_OWN_OPEN_ATTEMPT_2 = (
    f"EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = {_ME} "
    "AND a.status = 'in_progress')"
)
# Times a rep's client gives may be off by this much from the server's clock; no more, so
# time practised (end - start, both checked against the server's clock) cannot be padded.
CLOCK_SKEW_MINUTES = 10
CLOCK_SKEW = f"interval '{CLOCK_SKEW_MINUTES} minutes'"
# What a rep's new attempt must look like: in progress, with nothing of an ending, started
# now (by the server's clock).
_FRESH_ATTEMPT = (
    f"rep = {_ME} AND status = 'in_progress' AND ended_at IS NULL AND outcome IS NULL "
    "AND ending_id IS NULL AND score IS NULL AND turn_count = 0 AND active_s = 0 "
    f"AND started_at BETWEEN now() - {CLOCK_SKEW} AND now() + {CLOCK_SKEW} "
    # the rep's local day: the UTC day give or take one (time zones span -12 h to +14 h)
    "AND local_day BETWEEN (started_at AT TIME ZONE 'UTC')::date - 1 "
    "AND (started_at AT TIME ZONE 'UTC')::date + 1"
)
_NOT_LATER = f"(ended_at IS NULL OR ended_at <= now() + {CLOCK_SKEW})"
# `SCHEMA` is replaced by the schema the tables live in (functions run with a fixed path).
_DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = SCHEMA, pg_temp"

_ATTEMPT_RULES = f"""CREATE OR REPLACE FUNCTION trainer_attempt_rules() RETURNS trigger
{_DEFINER} AS $$
DECLARE
    answers integer;
    last_answer timestamptz;
    expected double precision;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.turn_count := 0;
        NEW.last_activity_at := greatest(NEW.started_at, NEW.ended_at);
        NEW.active_s := CASE WHEN NEW.ended_at IS NULL THEN 0
            ELSE greatest(0, extract(epoch FROM NEW.ended_at - NEW.started_at)) END;
        RETURN NEW;
    END IF;
    SELECT count(*), max(created_at) INTO answers, last_answer
        FROM turns WHERE attempt_id = NEW.id;
    NEW.turn_count := answers;
    NEW.last_activity_at := greatest(OLD.last_activity_at, last_answer, NEW.ended_at);
    IF NEW.status = 'in_progress' THEN
        IF NEW.score IS NOT NULL OR NEW.outcome IS NOT NULL OR NEW.ending_id IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = 'an attempt in progress has no score or outcome yet';
        END IF;
        NEW.active_s := greatest(OLD.active_s,
                                 extract(epoch FROM last_answer - NEW.started_at));
        RETURN NEW;
    END IF;
    IF NEW.status NOT IN ('finished', 'abandoned') OR NEW.ended_at IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'an attempt ends finished or abandoned, with its end time';
    END IF;
    NEW.active_s := greatest(0, extract(epoch FROM NEW.ended_at - NEW.started_at));
    IF NEW.score IS NOT NULL THEN
        SELECT coalesce(avg(least(100, greatest(0, t.score))), 0) INTO expected
            FROM turns t WHERE t.attempt_id = NEW.id AND NOT t.retried
            AND t.score NOT IN ('NaN', 'Infinity', '-Infinity');
        IF NOT (abs(NEW.score - expected) <= 0.051) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = format('attempt %s: score %s is not the mean of its answers (%s)',
                                 NEW.id, NEW.score, round(expected::numeric, 1));
        END IF;
    END IF;
    RETURN NEW;
END
$$"""

_ATTEMPT_TOTALS = f"""CREATE OR REPLACE FUNCTION trainer_attempt_totals() RETURNS trigger
{_DEFINER} AS $$
BEGIN
    -- trainer.practice.rules: an attempt is a drill (and adds time) only once it has an
    -- answer (trainer_turn_totals counts it then); only a finished call makes a best.
    IF TG_OP = 'INSERT' OR NEW.turn_count = 0 THEN
        RETURN NULL;
    END IF;
    IF NEW.active_s IS DISTINCT FROM OLD.active_s THEN
        UPDATE daily_practice SET active_s = active_s + (NEW.active_s - OLD.active_s)
            WHERE rep = NEW.rep AND local_day = NEW.local_day;
    END IF;
    IF NEW.score IS NOT NULL AND NEW.status = 'finished' THEN
        UPDATE scenario_practice SET best_score = NEW.score
            WHERE rep = NEW.rep AND scenario_id = NEW.scenario_id
            AND (best_score IS NULL OR best_score < NEW.score);
    END IF;
    RETURN NULL;
END
$$"""

_TURN_TOTALS = f"""CREATE OR REPLACE FUNCTION trainer_turn_totals() RETURNS trigger
{_DEFINER} AS $$
DECLARE
    first_answer boolean;
BEGIN
    -- the attempt's first answer makes it a drill: counted on its day and its scenario
    SELECT a.turn_count = 0 INTO first_answer FROM attempts a WHERE a.id = NEW.attempt_id;
    INSERT INTO daily_practice AS d (rep, local_day, drills, active_s, answers,
                                     answer_score_sum)
        SELECT a.rep, a.local_day, CASE WHEN first_answer THEN 1 ELSE 0 END, 0, 1, NEW.score
        FROM attempts a WHERE a.id = NEW.attempt_id
        ON CONFLICT (rep, local_day) DO UPDATE SET
            drills = d.drills + excluded.drills,
            answers = d.answers + 1,
            answer_score_sum = d.answer_score_sum + excluded.answer_score_sum;
    IF first_answer THEN
        INSERT INTO scenario_practice AS s (rep, scenario_id, attempts, best_score,
                                            last_started_at)
            SELECT a.rep, a.scenario_id, 1, NULL, a.started_at FROM attempts a
            WHERE a.id = NEW.attempt_id
            ON CONFLICT (rep, scenario_id) DO UPDATE SET
                attempts = s.attempts + 1,
                last_started_at = greatest(s.last_started_at, excluded.last_started_at);
    END IF;
    -- the attempt's answer count, last activity and time practised (trainer_attempt_rules)
    UPDATE attempts SET turn_count = turn_count WHERE id = NEW.attempt_id;
    RETURN NULL;
END
$$"""

# Retrying answers the last counted answer again: only that one can be marked retried, and
# a retried answer stays retried (so low answers cannot be dropped from a score at will).
_TURN_RULES = f"""CREATE OR REPLACE FUNCTION trainer_turn_rules() RETURNS trigger
{_DEFINER} AS $$
BEGIN
    IF NEW.retried IS DISTINCT FROM OLD.retried THEN
        IF NOT NEW.retried THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = 'a retried answer stays retried';
        END IF;
        IF EXISTS (SELECT 1 FROM turns t WHERE t.attempt_id = NEW.attempt_id
                   AND t.seq > NEW.seq AND NOT t.retried) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = 'only the last counted answer of an attempt can be retried';
        END IF;
    END IF;
    RETURN NEW;
END
$$"""

# The scoring details a reader needs: a JSON object whose score is the row's, whose lists
# are lists, each criterion, guard and delivery figure an object with its named keys.
_RESULT_OK = """CREATE OR REPLACE FUNCTION trainer_result_ok(result text, score double precision)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE
    doc jsonb;
    part text;
    needs text[];
    item jsonb;
BEGIN
    BEGIN
        doc := result::jsonb;
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    IF jsonb_typeof(doc) IS DISTINCT FROM 'object'
       OR jsonb_typeof(doc -> 'score') IS DISTINCT FROM 'number'
       OR (doc ->> 'score')::double precision IS DISTINCT FROM score THEN
        RETURN false;
    END IF;
    FOREACH part IN ARRAY ARRAY['criteria', 'guards', 'delivery', 'notes'] LOOP
        IF doc ? part AND jsonb_typeof(doc -> part) IS DISTINCT FROM 'array' THEN
            RETURN false;
        END IF;
        needs := CASE part
            WHEN 'criteria' THEN ARRAY['id', 'label', 'weight', 'passed']
            WHEN 'guards' THEN ARRAY['id', 'label', 'triggered', 'penalty']
            WHEN 'delivery' THEN ARRAY['id', 'label', 'actual', 'target_min', 'target_max']
            ELSE NULL END;
        CONTINUE WHEN needs IS NULL OR NOT doc ? part;
        FOR item IN SELECT value FROM jsonb_array_elements(doc -> part) LOOP
            IF jsonb_typeof(item) IS DISTINCT FROM 'object' OR NOT item ?& needs THEN
                RETURN false;
            END IF;
        END LOOP;
    END LOOP;
    RETURN true;
END
$$"""


# The running columns and totals rebuilt from the rows themselves, with the rules the
# triggers follow (schema 1 let reps write them; `team setup --rebuild-totals` reruns it).
REBUILD_TOTALS: tuple[str, ...] = (
    """UPDATE attempts a SET
        turn_count = coalesce(t.n, 0),
        active_s = CASE WHEN a.ended_at IS NOT NULL
            THEN greatest(0, extract(epoch FROM a.ended_at - a.started_at))
            ELSE greatest(0, extract(epoch FROM coalesce(t.last, a.started_at) - a.started_at))
            END,
        last_activity_at = greatest(a.started_at, t.last, a.ended_at)
    FROM attempts b LEFT JOIN (SELECT attempt_id, count(*) AS n, max(created_at) AS last
                               FROM turns GROUP BY attempt_id) t ON t.attempt_id = b.id
    WHERE b.id = a.id""",
    *queries.REBUILD_TOTALS,  # the day and scenario totals, as SQLite rebuilds them
)

# What `doctor` checks on the team server: totals that do not match the rows, and ended
# attempts whose score is not the mean of their counted answers (both possible before
# schema 2, or by the admin's hand).
TOTALS_OFF = """
SELECT count(*) FROM daily_practice d FULL JOIN (
    SELECT a.rep, a.local_day, count(*) AS drills, sum(a.active_s) AS active_s,
           sum(coalesce(t.n, 0)) AS answers, sum(coalesce(t.s, 0)) AS score_sum
    FROM attempts a LEFT JOIN (SELECT attempt_id, count(*) AS n, sum(score) AS s
                               FROM turns GROUP BY attempt_id) t ON t.attempt_id = a.id
    WHERE a.turn_count > 0  -- only drills count (trainer.practice.rules)
    GROUP BY a.rep, a.local_day) x ON x.rep = d.rep AND x.local_day = d.local_day
WHERE x.rep IS NULL OR d.rep IS NULL OR x.drills <> d.drills OR x.answers <> d.answers
   OR abs(x.active_s - d.active_s) > 0.01 OR abs(x.score_sum - d.answer_score_sum) > 0.01
"""
# The mean of the answers' scores in whole points (from schema 11) or in tenths (before).
SCORES_OFF = """
SELECT count(*) FROM attempts a WHERE a.score IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM (SELECT coalesce(avg(least(100, greatest(0, t.score))), 0) AS tenths,
                          coalesce(avg(floor(least(100, greatest(0, t.score)) + 0.5)), 0) AS whole
                   FROM turns t WHERE t.attempt_id = a.id AND NOT t.retried
                   AND t.score NOT IN ('NaN', 'Infinity', '-Infinity')) m
    WHERE abs(a.score - m.whole) <= 0.051 OR abs(a.score - m.tenths) <= 0.051)
"""


# From schema 9 a call's time runs to its end or to its last answer, whichever is later (a
# retry's answers after the end are practice: PG_V9_RETRY_PRACTICE).
_TO_THE_END = "THEN greatest(0, extract(epoch FROM a.ended_at - a.started_at))"
_TO_THE_LAST = "THEN greatest(0, extract(epoch FROM greatest(a.ended_at, t.last) - a.started_at))"
REBUILD_TOTALS_9 = (REBUILD_TOTALS[0].replace(_TO_THE_END, _TO_THE_LAST), *REBUILD_TOTALS[1:])


def rebuild_totals(conn: Any) -> None:
    """Recompute every attempt's running columns and the totals from the rows (admin)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute("ALTER TABLE attempts DISABLE TRIGGER attempt_rules")
        conn.execute("ALTER TABLE attempts DISABLE TRIGGER attempt_totals")
        for statement in REBUILD_TOTALS_9:
            conn.execute(statement)
        conn.execute("ALTER TABLE attempts ENABLE TRIGGER attempt_rules")
        conn.execute("ALTER TABLE attempts ENABLE TRIGGER attempt_totals")


def _own_totals_2(table: str) -> tuple[str, ...]:
    return (
        f"DROP POLICY own_totals ON {table}",
        f"CREATE POLICY own_read ON {table} FOR SELECT TO {_BOTH} USING (rep = {_ME})",
        f"REVOKE INSERT, UPDATE ON {table} FROM {_BOTH}",
    )


PG_V2 = Migration(
    2,
    "a team log no rep can game: rows tied to the login, totals kept by the server, attempts "
    "created in progress and finished only by their ending, readable scoring details",
    (
        "DROP POLICY own_read ON attempts",
        "DROP POLICY own_insert ON attempts",
        "DROP POLICY own_finish ON attempts",
        f"CREATE POLICY own_read ON attempts FOR SELECT TO {_BOTH} USING (rep = {_ME})",
        f"CREATE POLICY own_insert ON attempts FOR INSERT TO {_BOTH} WITH CHECK ({_FRESH_ATTEMPT})",
        f"CREATE POLICY own_finish ON attempts FOR UPDATE TO {_BOTH} "
        f"USING (rep = {_ME} AND status = 'in_progress') WITH CHECK (rep = {_ME} AND {_NOT_LATER})",
        "DROP POLICY own_read ON turns",
        "DROP POLICY own_insert ON turns",
        "DROP POLICY own_retry ON turns",
        f"CREATE POLICY own_read ON turns FOR SELECT TO {_BOTH} USING ({_OWN_ATTEMPT_2})",
        f"CREATE POLICY own_insert ON turns FOR INSERT TO {_BOTH} "
        f"WITH CHECK ({_OWN_OPEN_ATTEMPT_2} AND created_at <= now() + {CLOCK_SKEW})",
        f"CREATE POLICY own_retry ON turns FOR UPDATE TO {_BOTH} "
        f"USING ({_OWN_OPEN_ATTEMPT_2}) WITH CHECK ({_OWN_OPEN_ATTEMPT_2})",
        *_own_totals_2("daily_practice"),
        *_own_totals_2("scenario_practice"),
        *REBUILD_TOTALS,  # before the triggers: totals a rep wrote under schema 1 go
        _ATTEMPT_RULES,
        _ATTEMPT_TOTALS,
        _TURN_TOTALS,
        _RESULT_OK,
        _TURN_RULES,
        "REVOKE EXECUTE ON FUNCTION trainer_attempt_rules(), trainer_attempt_totals(), "
        "trainer_turn_totals(), trainer_turn_rules() FROM PUBLIC",
        "CREATE TRIGGER turn_rules BEFORE UPDATE ON turns "
        "FOR EACH ROW EXECUTE FUNCTION trainer_turn_rules()",
        "CREATE TRIGGER attempt_rules BEFORE INSERT OR UPDATE ON attempts "
        "FOR EACH ROW EXECUTE FUNCTION trainer_attempt_rules()",
        "CREATE TRIGGER attempt_totals AFTER INSERT OR UPDATE ON attempts "
        "FOR EACH ROW EXECUTE FUNCTION trainer_attempt_totals()",
        "CREATE TRIGGER turn_totals AFTER INSERT ON turns "
        "FOR EACH ROW EXECUTE FUNCTION trainer_turn_totals()",
        # Nobody but the admin creates objects beside the tables (PostgreSQL 15's default;
        # older servers let everyone). A warning, not an error, where the admin may not.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        # New rows only: rows already there are flagged by `doctor`, and readers cope.
        "ALTER TABLE turns ADD CONSTRAINT turn_result_readable "
        "CHECK (trainer_result_ok(result_json, score)) NOT VALID",
    ),
)


# -- schema 3: the team's plan -----------------------------------------------------------------
# Managers publish scenarios (reps read the published ones, never drafts), assign practice
# (reps read only their own assignments) and leave notes with a human score on attempts (reps
# read those on their own attempts); only managers create or change any of them, each row
# signed with the manager's login.
_MANAGER_SIGNS = "{column} = session_user"
_OWN_NOTE_ATTEMPT = f"EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = {_ME})"

PG_V3 = Migration(
    3,
    "the team's plan: published scenarios, assignments, notes and human scores on attempts",
    (
        """CREATE TABLE published_scenarios (
            scenario_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            title TEXT NOT NULL,
            content BYTEA NOT NULL,
            published_by TEXT NOT NULL,
            published_at TIMESTAMPTZ NOT NULL,
            draft BOOLEAN NOT NULL DEFAULT false,
            PRIMARY KEY (scenario_id, version)
        )""",
        """CREATE TABLE assignments (
            id TEXT COLLATE "C" PRIMARY KEY,
            rep TEXT NOT NULL,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('scenario', 'tag', 'kind')),
            target TEXT NOT NULL,
            due_day DATE NOT NULL,
            attempts_target INTEGER NOT NULL DEFAULT 0 CHECK (attempts_target >= 0),
            minutes_target INTEGER NOT NULL DEFAULT 0 CHECK (minutes_target >= 0),
            passing_score DOUBLE PRECISION CHECK (passing_score BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT '',
            assigned_by TEXT NOT NULL,
            assigned_at TIMESTAMPTZ NOT NULL,
            withdrawn_at TIMESTAMPTZ
        )""",
        "CREATE INDEX assignments_by_rep ON assignments (rep, due_day)",
        """CREATE TABLE attempt_notes (
            id TEXT COLLATE "C" PRIMARY KEY,
            attempt_id TEXT COLLATE "C" NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            turn_seq INTEGER,
            author TEXT NOT NULL,
            body TEXT NOT NULL DEFAULT '',
            human_score DOUBLE PRECISION CHECK (human_score BETWEEN 0 AND 100),
            created_at TIMESTAMPTZ NOT NULL
        )""",
        "CREATE INDEX attempt_notes_by_attempt ON attempt_notes (attempt_id)",
        "ALTER TABLE published_scenarios ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY published_read ON published_scenarios FOR SELECT TO {_BOTH} "
        "USING (NOT draft)",
        f"CREATE POLICY manager_read ON published_scenarios FOR SELECT TO {MANAGER_ROLE} "
        "USING (true)",
        f"CREATE POLICY manager_publish ON published_scenarios FOR INSERT TO {MANAGER_ROLE} "
        f"WITH CHECK ({_MANAGER_SIGNS.format(column='published_by')})",
        f"CREATE POLICY manager_release ON published_scenarios FOR UPDATE TO {MANAGER_ROLE} "
        "USING (true) WITH CHECK (true)",
        f"GRANT SELECT ON published_scenarios TO {_BOTH}",
        f"GRANT INSERT, UPDATE (draft) ON published_scenarios TO {MANAGER_ROLE}",
        "ALTER TABLE assignments ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON assignments FOR SELECT TO {_BOTH} USING (rep = {_ME})",
        f"CREATE POLICY manager_read ON assignments FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_assign ON assignments FOR INSERT TO {MANAGER_ROLE} "
        f"WITH CHECK ({_MANAGER_SIGNS.format(column='assigned_by')})",
        f"CREATE POLICY manager_change ON assignments FOR UPDATE TO {MANAGER_ROLE} "
        "USING (true) WITH CHECK (true)",
        f"CREATE POLICY manager_forget ON assignments FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT ON assignments TO {_BOTH}",
        f"GRANT INSERT, DELETE ON assignments TO {MANAGER_ROLE}",
        "GRANT UPDATE (due_day, attempts_target, minutes_target, passing_score, note, "
        f"withdrawn_at) ON assignments TO {MANAGER_ROLE}",
        "ALTER TABLE attempt_notes ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON attempt_notes FOR SELECT TO {_BOTH} "
        f"USING ({_OWN_NOTE_ATTEMPT})",
        f"CREATE POLICY manager_read ON attempt_notes FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_note ON attempt_notes FOR INSERT TO {MANAGER_ROLE} "
        f"WITH CHECK ({_MANAGER_SIGNS.format(column='author')})",
        f"CREATE POLICY manager_forget ON attempt_notes FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT ON attempt_notes TO {_BOTH}",
        f"GRANT INSERT, DELETE ON attempt_notes TO {MANAGER_ROLE}",
    ),
)


# Pair practice (docs/pairs.md): the partner's notes on a pair call. The rep's login logs
# the call (attempts are the rep's), so the rep writes the note; the rep and the partner
# read it; managers read all.
PG_V4 = Migration(
    4,
    "pair practice notes",
    (
        """CREATE TABLE pair_notes (
            attempt_id TEXT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
            rep TEXT NOT NULL,
            partner TEXT NOT NULL,
            observer TEXT,
            human_score DOUBLE PRECISION,
            partner_s DOUBLE PRECISION NOT NULL DEFAULT 0,
            comment TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL
        )""",
        "CREATE INDEX pair_notes_by_partner ON pair_notes (partner, updated_at)",
        "ALTER TABLE pair_notes ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON pair_notes FOR SELECT TO {_BOTH} "
        f"USING (rep = {_ME} OR partner = {_ME})",
        f"CREATE POLICY own_write ON pair_notes FOR INSERT TO {_BOTH} "
        f"WITH CHECK (rep = {_ME} AND {_OWN_ATTEMPT_2})",
        f"CREATE POLICY own_update ON pair_notes FOR UPDATE TO {_BOTH} "
        f"USING (rep = {_ME}) WITH CHECK (rep = {_ME} AND {_OWN_ATTEMPT_2})",
        f"CREATE POLICY manager_read ON pair_notes FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"CREATE POLICY manager_forget ON pair_notes FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT, INSERT, UPDATE ON pair_notes TO {_BOTH}",
        f"GRANT DELETE ON pair_notes TO {MANAGER_ROLE}",
    ),
)

# -- schema 6: who is on this team; retrying the last answer of a call just ended ------------
# Roles are the server's, not the database's: a login in `trainer_rep` may be a rep of
# another team database on the same server. `team_members` lists the logins the admin
# added to this one (`team add-rep`, `add-manager`); only the admin writes it. Backfilled
# with everyone who already has practice, assignments or pair notes here.
#
# A drill's retry after the call ended reopens the attempt. Finished attempts stay closed to
# a rep's updates (row-level security); `trainer_retry_ended` is the one way back: the rep's
# own call, finished less than REOPEN_WINDOW ago, its last counted answer marked retried
# and the ending cleared in one step. The score it ends with again is checked as ever.
REOPEN_MINUTES = 30
REOPEN_WINDOW = f"interval '{REOPEN_MINUTES} minutes'"

_RETRY_ENDED_TEMPLATE = f"""CREATE OR REPLACE FUNCTION trainer_retry_ended(attempt text, turn text)
RETURNS void {_DEFINER} AS $$
DECLARE
    played attempts%ROWTYPE;
BEGIN
    SELECT * INTO played FROM attempts WHERE id = attempt FOR UPDATE;
    IF NOT FOUND OR played.rep IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only the rep who played a call can retry it (row-level security)';
    END IF;
    IF played.status <> 'finished' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'only a call played to its end is reopened to retry its last answer';
    END IF;
    IF played.ended_at < now() - {REOPEN_WINDOW} THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'the call ended more than 30 minutes ago: start it again instead';
    END IF;
    -- trainer_turn_rules: only the last counted answer, for good
    UPDATE turns SET retried = true WHERE id = turn AND attempt_id = attempt AND NOT retried;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'that answer is not a counted answer of this call';
    END IF;
    -- trainer_attempt_rules keeps the time practised so far and recounts the answers
    UPDATE attempts SET status = 'in_progress', ended_at = NULL, outcome = NULL,
        ending_id = NULL, score = NULL WHERE id = attempt;{{rebest}}
END
$$"""
# Schema 8: the reopened call's score no longer counts as the scenario's best (it counts
# again with the score it ends with: trainer.practice.rules).
_REBEST = """
    UPDATE scenario_practice SET best_score = (
        SELECT max(a.score) FROM attempts a WHERE a.rep = played.rep
        AND a.scenario_id = played.scenario_id AND a.status = 'finished'
        AND a.score IS NOT NULL)
    WHERE rep = played.rep AND scenario_id = played.scenario_id;"""

# Spaced repetition (docs/practice.md): each rep's schedule saved as derived tables
# (trainer.store.schedule_sql); a rep reads and writes only their own rows. Released as
# schema 5: the numbers of released migrations never change.
PG_V5_SCHEDULE = Migration(5, schedule_sql.DESCRIPTION, schedule_sql.PG_SCHEDULE_STATEMENTS)

PG_V6 = Migration(
    6,
    "team members of this database; retrying the last answer of a call just ended",
    (
        """CREATE TABLE team_members (
            login TEXT PRIMARY KEY,
            added_by TEXT NOT NULL,
            added_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )""",
        """INSERT INTO team_members (login, added_by)
        SELECT DISTINCT who, 'schema 6' FROM (
            SELECT rep FROM attempts UNION SELECT rep FROM assignments
            UNION SELECT partner FROM pair_notes) seen (who)
        WHERE EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = who AND r.rolcanlogin)
        ON CONFLICT DO NOTHING""",
        "ALTER TABLE team_members ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON team_members FOR SELECT TO {_BOTH} USING (login = {_ME})",
        f"CREATE POLICY manager_read ON team_members FOR SELECT TO {MANAGER_ROLE} USING (true)",
        f"GRANT SELECT ON team_members TO {_BOTH}",
        _RETRY_ENDED_TEMPLATE.replace("{rebest}", ""),
        "REVOKE EXECUTE ON FUNCTION trainer_retry_ended(text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION trainer_retry_ended(text, text) TO {_BOTH}",
    ),
)


# A triad's observer ticks and tags from their own process, under their own login: one row
# per observer and attempt (the partner's note is the rep's row, never overwritten by it).
# An observer writes only their own row, and only on a call whose note names them; they,
# the rep and the partner read it; managers read all and may forget. The partner and the
# observer read the call they were on (its attempt, turns and note) to follow it from their
# own login. A manager forgetting a person puts "(forgotten)" in place of their name.
_NAMED_OBSERVER = (
    "EXISTS (SELECT 1 FROM pair_notes p WHERE p.attempt_id = pair_observations.attempt_id "
    f"AND p.observer = {_ME})"
)
_ON_THE_CALL = (
    "EXISTS (SELECT 1 FROM pair_notes p WHERE p.attempt_id = {column} "
    f"AND (p.partner = {_ME} OR p.observer = {_ME}))"
)
# Only the rep changes their call's note; anyone else's update (a manager's `forget`) may
# only replace the partner's or the observer's name by "(forgotten)".
_PAIR_NOTE_NAMES_ONLY = """CREATE OR REPLACE FUNCTION trainer_pair_note_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.rep = session_user THEN
        RETURN NEW;
    END IF;
    IF ROW(NEW.attempt_id, NEW.rep, NEW.human_score, NEW.partner_s, NEW.comment,
           NEW.details, NEW.updated_at)
       IS DISTINCT FROM ROW(OLD.attempt_id, OLD.rep, OLD.human_score, OLD.partner_s,
           OLD.comment, OLD.details, OLD.updated_at)
       OR (NEW.partner IS DISTINCT FROM OLD.partner AND NEW.partner <> '(forgotten)')
       OR (NEW.observer IS DISTINCT FROM OLD.observer
           AND NEW.observer IS DISTINCT FROM '(forgotten)') THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'only the rep changes a pair note; forgetting a person only '
                      'replaces their name by (forgotten)';
    END IF;
    RETURN NEW;
END
$$"""

PG_V7_PAIR_OBSERVERS = Migration(
    7,
    "pair observers' own ticks, tags and comments",
    (
        """CREATE TABLE pair_observations (
            attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            observer TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (attempt_id, observer)
        )""",
        "CREATE INDEX pair_observations_by_observer ON pair_observations (observer)",
        "ALTER TABLE pair_observations ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_read ON pair_observations FOR SELECT TO {_BOTH} "
        f"USING (observer = {_ME} OR EXISTS (SELECT 1 FROM pair_notes p "
        "WHERE p.attempt_id = pair_observations.attempt_id "
        f"AND (p.rep = {_ME} OR p.partner = {_ME})))",
        f"CREATE POLICY own_write ON pair_observations FOR INSERT TO {_BOTH} "
        f"WITH CHECK (observer = {_ME} AND {_NAMED_OBSERVER})",
        f"CREATE POLICY own_update ON pair_observations FOR UPDATE TO {_BOTH} "
        f"USING (observer = {_ME}) WITH CHECK (observer = {_ME} AND {_NAMED_OBSERVER})",
        f"CREATE POLICY manager_read ON pair_observations FOR SELECT TO {MANAGER_ROLE} "
        "USING (true)",
        f"CREATE POLICY manager_forget ON pair_observations FOR DELETE TO {MANAGER_ROLE} "
        "USING (true)",
        f"GRANT SELECT, INSERT, UPDATE ON pair_observations TO {_BOTH}",
        f"GRANT DELETE ON pair_observations TO {MANAGER_ROLE}",
        f"CREATE POLICY observer_read ON pair_notes FOR SELECT TO {_BOTH} USING (observer = {_ME})",
        f"CREATE POLICY manager_forget_names ON pair_notes FOR UPDATE TO {MANAGER_ROLE} "
        "USING (true) WITH CHECK "
        "(partner = '(forgotten)' OR observer = '(forgotten)')",
        f"CREATE POLICY pair_read ON attempts FOR SELECT TO {_BOTH} "
        f"USING ({_ON_THE_CALL.format(column='attempts.id')})",
        f"CREATE POLICY pair_read ON turns FOR SELECT TO {_BOTH} "
        f"USING ({_ON_THE_CALL.format(column='turns.attempt_id')})",
        _PAIR_NOTE_NAMES_ONLY,
        "CREATE TRIGGER pair_note_rules BEFORE UPDATE ON pair_notes "
        "FOR EACH ROW EXECUTE FUNCTION trainer_pair_note_rules()",
    ),
)

# A manager takes a rep off this team database (`team remove-rep`, and `forget --rep`, which
# deletes the rep's practice too): only the admin adds members, managers may remove them.
PG_V8_REMOVE_MEMBERS = Migration(
    8,
    "managers remove reps from this team database and save replayed schedules; a call "
    "reopened to retry is no best",
    (
        f"CREATE POLICY manager_remove ON team_members FOR DELETE TO {MANAGER_ROLE} USING (true)",
        f"GRANT DELETE ON team_members TO {MANAGER_ROLE}",
        _RETRY_ENDED_TEMPLATE.replace("{rebest}", _REBEST),
        *schedule_sql.PG_MANAGER_SAVES,
    ),
)

# A call played to its end keeps its result and score (trainer.practice.rules): the drill's
# retry after the end no longer reopens it. The retry's answers are practice: the rep adds
# them to their own finished call, already marked retried (so its score, still checked as
# the mean of its counted answers, cannot change), while the retry goes on: within
# REOPEN_WINDOW of the call's last activity (its end, or the retry's last answer). They
# count as answers on their day, and the call's time runs to its end or its last answer,
# whichever is later (trainer_attempt_rules, as SQLite's writes). `trainer_retry_ended`
# stays for a trainer of schema 8 that was mid-retry when the server was upgraded, and for
# an answer that reached the server unacknowledged (docs/team.md).
_OWN_RECENT_CALL = (
    f"EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.rep = {_ME} "
    f"AND a.status = 'finished' AND a.last_activity_at >= now() - {REOPEN_WINDOW})"
)

_ENDED_TIME = "NEW.active_s := greatest(0, extract(epoch FROM NEW.ended_at - NEW.started_at));"
_ENDED_OR_LAST_TIME = (
    "NEW.active_s := greatest(0, extract(epoch FROM greatest(NEW.ended_at, last_answer)\n"
    "        - NEW.started_at));"
)

PG_V9_RETRY_PRACTICE = Migration(
    9,
    "a retry after the call ended is practice: its answers join the finished call retried, "
    "and the call keeps its result and score",
    (
        f"CREATE POLICY retry_practice ON turns FOR INSERT TO {_BOTH} "
        f"WITH CHECK (retried AND {_OWN_RECENT_CALL} AND created_at <= now() + {CLOCK_SKEW})",
        _ATTEMPT_RULES.replace(_ENDED_TIME, _ENDED_OR_LAST_TIME),
    ),
)

# A rep taken off this team database (`team remove-rep`, `forget --rep`) no longer uses it:
# every table a rep reads or writes also asks that the login be one of its members
# (restrictive policies, added to each table's own). Roles are the server's, so the login
# itself stays (a rep of another team database on the server keeps using that one); the
# app refuses such a login in one line when it opens the log (PostgresStore). `turns` needs
# none: each of a rep's policies on it asks for an attempt they may read (or a pair note),
# which the rule on `attempts` (and on pair_notes) already holds back; the largest table is
# spared a check on every read.
MEMBER_TABLES = (
    "attempts",
    "daily_practice",
    "scenario_practice",
    "published_scenarios",
    "assignments",
    "attempt_notes",
    "pair_notes",
    "pair_observations",
    "schedule_marks",
    "schedule_cards",
    "schedule_days",
)
MEMBERS_ONLY = "members_only"
# An uncorrelated subquery, run once per query. pair_notes asks a function instead (run for
# each of its few rows): a subquery in its policies would make the pair policies, which read
# pair_notes from attempts and attempts from pair_notes, recurse.
_A_MEMBER = f"EXISTS (SELECT 1 FROM team_members m WHERE m.login = {_ME})"
_MEMBER_FUNCTION = """CREATE OR REPLACE FUNCTION trainer_is_member() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = SCHEMA, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM team_members WHERE login = session_user)
$$"""

PG_V10_MEMBERS_ONLY = Migration(
    10,
    "a rep taken off this team database can no longer read or log practice in it",
    (
        _MEMBER_FUNCTION,
        "REVOKE EXECUTE ON FUNCTION trainer_is_member() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION trainer_is_member() TO {_BOTH}",
        *(
            f"CREATE POLICY {MEMBERS_ONLY} ON {table} AS RESTRICTIVE FOR ALL TO {REP_ROLE} "
            f"USING ({member}) WITH CHECK ({member})"
            for table in MEMBER_TABLES
            for member in ("trainer_is_member()" if table == "pair_notes" else _A_MEMBER,)
        ),
    ),
)

# From schema 11 an attempt's score is the mean of its answers' scores as the rep read them,
# in whole points (trainer.scoring.scorer.attempt_score: 100 and 3 make 51.5, not 51.25). An
# attempt ended before keeps its mean of the tenths: either passes, nothing else does.
_MEAN_OF_TENTHS = (
    "SELECT coalesce(avg(least(100, greatest(0, t.score))), 0) INTO expected\n"
    "            FROM turns t WHERE t.attempt_id = NEW.id AND NOT t.retried\n"
    "            AND t.score NOT IN ('NaN', 'Infinity', '-Infinity');\n"
    "        IF NOT (abs(NEW.score - expected) <= 0.051) THEN"
)
_MEAN_OF_WHOLE = (
    "SELECT coalesce(avg(least(100, greatest(0, t.score))), 0),\n"
    "               coalesce(avg(floor(least(100, greatest(0, t.score)) + 0.5)), 0)\n"
    "            INTO expected, whole_mean\n"
    "            FROM turns t WHERE t.attempt_id = NEW.id AND NOT t.retried\n"
    "            AND t.score NOT IN ('NaN', 'Infinity', '-Infinity');\n"
    "        IF NOT (abs(NEW.score - whole_mean) <= 0.051 OR abs(NEW.score - expected) <= 0.051)"
    " THEN"
)
_ATTEMPT_RULES_10 = (
    _ATTEMPT_RULES.replace(_ENDED_TIME, _ENDED_OR_LAST_TIME)
    .replace(_MEAN_OF_TENTHS, _MEAN_OF_WHOLE)
    .replace(
        "    expected double precision;",
        "    expected double precision;\n    whole_mean double precision;",
    )
)
PG_V11_WHOLE_POINTS = Migration(
    11,
    "an attempt's score is the mean of its answers' scores in whole points, as the rep read them",
    (_ATTEMPT_RULES_10,),
)

PG_MIGRATIONS: tuple[Migration, ...] = (
    PG_V1,
    PG_V2,
    PG_V3,
    PG_V4,
    PG_V5_SCHEDULE,
    PG_V6,
    PG_V7_PAIR_OBSERVERS,
    PG_V8_REMOVE_MEMBERS,
    PG_V9_RETRY_PRACTICE,
    PG_V10_MEMBERS_ONLY,
    PG_V11_WHOLE_POINTS,
)
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
        schema = _quoted(str(conn.execute("SELECT current_schema()").fetchone()[0]))
        for migration in PG_MIGRATIONS:
            if migration.version > found:
                for statement in migration.statements:
                    conn.execute(
                        statement.replace("search_path = SCHEMA,", f"search_path = {schema},")
                    )
                conn.execute(
                    "INSERT INTO trainer_schema (version, description) VALUES (%s, %s)",
                    (migration.version, migration.description),
                )
    return found, LATEST


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


RESERVED = ("trainer_admin", REP_ROLE, MANAGER_ROLE, "postgres", "public")


def reserved_name(name: str) -> str | None:
    """Why `name` can never be a team member's login (None when it can)."""
    low = name.lower()
    if low in RESERVED:
        return f"{name!r} is reserved (trainer's group roles, the usual admin, PostgreSQL's own)"
    if low.startswith("pg_"):
        return f"{name!r} is reserved: names starting with pg_ are PostgreSQL's own"
    return None


def login_conflict(conn: Any, name: str, group: str, change_role: bool) -> str | None:
    """Why `name` may not be added to `group` on this server (None when it may): the admin
    running it, the tables' owner, a powerful role, a role trainer did not make, or a member
    of the other group (unless `change_role`)."""
    other = REP_ROLE if group == MANAGER_ROLE else MANAGER_ROLE
    what = "rep" if group == REP_ROLE else "manager"
    other_what = "manager" if what == "rep" else "rep"
    row = conn.execute(
        "SELECT session_user, r.rolcanlogin, r.rolsuper OR r.rolcreaterole OR r.rolbypassrls "
        "OR r.rolcreatedb OR r.rolreplication, "
        "pg_has_role(r.oid, %s, 'MEMBER'), pg_has_role(r.oid, %s, 'MEMBER'), "
        "EXISTS (SELECT 1 FROM pg_tables t WHERE t.tablename = 'attempts' "
        "        AND t.schemaname = current_schema() AND t.tableowner = r.rolname) "
        "FROM (SELECT 1) one LEFT JOIN pg_roles r ON r.rolname = %s",
        (group, other, name),
    ).fetchone()
    me, can_login, powerful, in_group, in_other, owner = row
    if name == me:
        return f"{name!r} is the login running this command (the admin): use another name"
    if can_login is None:
        return None  # a new login
    if owner or powerful:
        return (
            f"{name!r} is an administrator's login on this server (it owns the tables or "
            "may create roles or databases): use another name"
        )
    if not can_login:
        return f"{name!r} is a group role on this server, not a person's login: use another name"
    if in_other and not change_role:
        return (
            f"{name} is a {other_what}, not a {what}: to make them a {what} instead, run "
            f"`trainer team add-{what} {name} --change-role` (this also sets their password)"
        )
    if not (in_group or in_other):
        return (
            f"{name!r} is an existing login that trainer did not create (in neither "
            f"{REP_ROLE} nor {MANAGER_ROLE}): use another name, or ask the server's admin"
        )
    return None


def login_exists(conn: Any, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def add_login(conn: Any, name: str, password: str | None, group: str) -> bool:
    """Create (or, when it exists, update) the login role `name` in `group` (and no longer
    in the other group), and make it a member of this team database (`team_members`); the
    password is sent already hashed (SCRAM), never in clear. `password` None keeps an
    existing login's password (a member of another team database on the server). Returns
    True when it was created. Check `reserved_name` and `login_conflict` first."""
    from psycopg import sql

    other = REP_ROLE if group == MANAGER_ROLE else MANAGER_ROLE
    role = sql.Identifier(name)
    with conn.transaction():
        created = not login_exists(conn, name)
        if password is not None:
            user = name.encode()
            verifier = conn.pgconn.encrypt_password(password.encode(), user, b"scram-sha-256")
            verb = "CREATE" if created else "ALTER"
            conn.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    sql.SQL(verb), role, sql.Literal(verifier.decode())
                )
            )
        elif created:
            raise StoreError(f"There is no login {name!r} on this server yet: give a password.")
        if not created:
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), role))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
        add_member(conn, name)
    return created


def add_member(conn: Any, name: str) -> None:
    """Make the login `name` a member of this team database (the admin; idempotent)."""
    if conn.execute("SELECT to_regclass('team_members')").fetchone()[0] is None:
        raise StoreError(
            "This database has no trainer tables of schema 6 yet: run `trainer team setup` "
            "first (as the admin); nothing was changed."
        )
    conn.execute(
        "INSERT INTO team_members (login, added_by) VALUES (%s, session_user) "
        "ON CONFLICT (login) DO NOTHING",
        (name,),
    )
