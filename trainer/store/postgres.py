"""The practice log on a team PostgreSQL server (`--db postgresql://user@host:port/dbname`).

Same records and behaviour as `SQLiteStore`, from the same queries (`queries.py`, with
`pg_params()` placeholders). Each person logs in as themselves (password from PGPASSWORD or
~/.pgpass, libpq's usual ways) and the server's row-level security decides what they see and
may change (`pg_schema.py`); the rep name logged is the login role, `fixed_rep`. Every write
is one transaction, committed (durable) before the call returns, with the per-day and
per-scenario totals in the same transaction. One connection per store, shared by threads
under a lock. The schema is created and upgraded by an admin (`trainer team setup`), never
by a rep's app.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict

from trainer.scoring.result import TurnScore
from trainer.store import pg_schema
from trainer.store import queries as q
from trainer.store import stats as practice
from trainer.store.base import StoreError
from trainer.store.records import (
    AttemptDetail,
    AttemptRecord,
    AttemptStatus,
    DayActivity,
    Forgotten,
    PracticeStats,
    ScenarioSummary,
    ScoreTrend,
    TurnRecord,
)
from trainer.store.writer import Writer, this_writer, writer_alive

STATS_DAYS = 14
CONNECT_TIMEOUT_S = 10
_EXPORT_BATCH = 500
_SQL: dict[str, str] = {}


def _pg(sql: str) -> str:
    """A shared query with psycopg placeholders (converted once)."""
    found = _SQL.get(sql)
    if found is None:
        found = _SQL[sql] = q.pg_params(sql)
    return found


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _value(conn: psycopg.Connection[Any], sql: str) -> Any:
    """The single value a query gives (None when it gives no row)."""
    row = conn.execute(sql).fetchone()
    return None if row is None else row[0]


def _local_today() -> date:
    return datetime.now().astimezone().date()


@dataclass(frozen=True, slots=True)
class Server:
    """Where the store connects (for messages; never holds the password)."""

    host: str
    port: str
    dbname: str
    user: str

    @classmethod
    def of(cls, url: str) -> Server:
        try:
            info = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(
                f"The team server address is not a valid postgresql:// URL ({exc}). "
                "Use --db postgresql://NAME@HOST:PORT/DBNAME."
            ) from exc
        import getpass

        user = str(info.get("user") or getpass.getuser())
        return cls(
            host=str(info.get("host") or "localhost"),
            port=str(info.get("port") or "5432"),
            dbname=str(info.get("dbname") or user),
            user=user,
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def explain(exc: psycopg.Error, server: Server, action: str, writing: bool = False) -> str:
    """One sentence for a psycopg error, with what to do about it."""
    text = str(exc).strip()
    lost = " Nothing from this write was saved; earlier practice is safe." if writing else ""
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, pgerrors.InsufficientPrivilege) or "row-level security" in text:
        return (
            f"The team server refused to let {server.user} {action}: team members may only "
            f"log and read their own practice (row-level security). Ask a manager if you "
            f"need more.{lost}"
        )
    if isinstance(exc, pgerrors.InvalidCatalogName) or (
        "database" in text and "does not exist" in text
    ):
        return (
            f"There is no database {server.dbname!r} on the team server at {server.where}: "
            "check the --db URL, or ask the admin to create it and run `trainer team setup`."
        )
    if "password authentication failed" in text or (
        "role" in text and "does not exist" in text
    ):
        return (
            f"The team server at {server.where} refused the login {server.user!r}: wrong "
            "password or no such team member. Set PGPASSWORD or ~/.pgpass, or ask the admin "
            f"to run `trainer team add-rep {server.user}`."
        )
    if "no password supplied" in text:
        return (
            f"The team server at {server.where} needs a password for {server.user!r}: set "
            "PGPASSWORD or add a line to ~/.pgpass."
        )
    if isinstance(exc, psycopg.OperationalError) and (
        action == "log in" or "connection" in text.lower() or "server closed" in text
    ):
        return (
            f"Cannot reach the team server at {server.where} to {action}{_why(text)}: is the "
            f"team server running? Check the --db URL and the network.{lost}"
        )
    return f"The team server at {server.where} could not {action}: {first}.{lost}"


def _why(text: str) -> str:
    low = text.lower()
    if "resolve host" in low or "translate host name" in low or "name or service" in low:
        return " (unknown host name)"
    if "refused" in low:
        return " (connection refused)"
    if "timeout" in low or "timed out" in low:
        return " (no answer)"
    return ""


def connect(url: str, server: Server | None = None) -> psycopg.Connection[Any]:
    """A connection in autocommit mode (transactions are explicit), times in UTC."""
    server = server or Server.of(url)
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="trainer",
            options="-c TimeZone=UTC",
        )
    except psycopg.Error as exc:
        raise StoreError(explain(exc, server, "log in")) from exc
    return conn


class PostgresStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.server = Server.of(url)
        self.path = None  # no file: `forget` looks for migration backups beside a file
        self._lock = threading.RLock()
        self._writer = this_writer()
        self._conn = connect(url, self.server)
        try:
            with self._errors("open the practice log", writing=False):
                self.fixed_rep: str = str(_value(self._conn, "SELECT current_user"))
                self._check_schema()
        except BaseException:
            self._conn.close()
            raise

    def _check_schema(self) -> None:
        where = f"{self.server.where}/{self.server.dbname}"
        try:
            with self._conn.transaction():
                found = int(_value(self._conn, pg_schema.SCHEMA_VERSION))
        except pgerrors.UndefinedTable:
            found = 0
        if found == 0:
            raise StoreError(
                f"The team database {where} has no trainer tables yet: ask the admin to run "
                f"`trainer --db {self._safe_url} team setup`."
            )
        if found < pg_schema.LATEST:
            raise StoreError(
                f"The team database {where} has schema {found}, older than this trainer "
                f"({pg_schema.LATEST}): ask the admin to run `trainer team setup` to upgrade it."
            )
        if found > pg_schema.LATEST:
            raise StoreError(
                f"The team database {where} was set up by a newer version of trainer "
                f"(schema {found}; this version knows up to {pg_schema.LATEST}). Upgrade "
                "trainer to use it; nothing was changed."
            )

    @property
    def _safe_url(self) -> str:
        s = self.server
        return f"postgresql://ADMIN@{s.host}:{s.port}/{s.dbname}"

    # -- errors and transactions ------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, writing: bool = True) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise StoreError(explain(exc, self.server, action, writing)) from exc

    @contextmanager
    def _write(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """One transaction, committed (durable) when the block ends, or rolled back whole."""
        with self._lock, self._errors(action), self._conn.transaction():
            yield self._conn

    @contextmanager
    def _read(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        with self._lock, self._errors(action, writing=False), self._conn.transaction():
            yield self._conn

    # -- writes -----------------------------------------------------------------------------

    def start_attempt(self, attempt: AttemptRecord) -> None:
        started = _utc(attempt.started_at)
        local_day = attempt.started_at.astimezone().date()
        active_s = 0.0 if attempt.ended_at is None else attempt.active_s
        row: dict[str, Any] = {
            "id": attempt.id,
            "rep": attempt.rep,
            "scenario_id": attempt.scenario_id,
            "scenario_version": attempt.scenario_version,
            "scenario_hash": attempt.scenario_hash,
            "scenario_title": attempt.scenario_title,
            "mode": attempt.mode,
            "input_kind": attempt.input_kind,
            "seed": attempt.seed,
            "started_at": started,
            "local_day": local_day,
            "ended_at": None if attempt.ended_at is None else _utc(attempt.ended_at),
            "last_activity_at": _utc(attempt.ended_at or attempt.started_at),
            "status": str(attempt.status),
            "outcome": attempt.outcome,
            "ending_id": attempt.ending_id,
            "score": attempt.score,
            "turn_count": 0,
            "active_s": active_s,
            "writer_host": self._writer.host,
            "writer_boot": self._writer.boot,
            "writer_pid": self._writer.pid,
            "writer_start": self._writer.start,
        }
        keys = {"rep": attempt.rep, "scenario_id": attempt.scenario_id}
        if attempt.rep != self.fixed_rep and not self._is_admin():
            raise StoreError(
                f"{self.fixed_rep} cannot log an attempt as {attempt.rep!r} on the team server: "
                "each team member logs their own practice under their login name."
            )
        with self._write("record the attempt") as conn:
            if conn.execute(_pg(q.INSERT_ATTEMPT), row).rowcount != 1:
                return  # already recorded
            day = {"local_day": local_day, "drills": 1, "active_s": active_s, "answers": 0}
            conn.execute(_pg(q.ADD_TO_DAY), {**keys, **day, "score": 0.0})
            conn.execute(_pg(q.ADD_TO_SCENARIO), {**keys, "started_at": started})
            if attempt.score is not None:
                conn.execute(_pg(q.SCORE_SCENARIO), {**keys, "score": attempt.score})

    def _is_admin(self) -> bool:
        """Not bound by row-level security: a superuser or the tables' owner."""
        sql = (
            "SELECT rolsuper OR rolbypassrls OR pg_has_role(current_user, "
            "(SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'attempts'), 'MEMBER') FROM pg_roles WHERE rolname = current_user"
        )
        with self._read("check the login's rights") as conn:
            found = conn.execute(sql).fetchone()
        return bool(found and found[0])

    def log_turn(self, turn: TurnRecord) -> None:
        result = json.dumps(turn.result.to_dict(), ensure_ascii=False, separators=(",", ":"))
        created = _utc(turn.created_at)
        row: dict[str, Any] = {
            "id": turn.id,
            "attempt_id": turn.attempt_id,
            "seq": turn.seq,
            "step_id": turn.step_id,
            "prospect_line": turn.prospect_line,
            "answer_text": turn.answer_text,
            "input_kind": turn.input_kind,
            "score": turn.result.score,
            "result_json": result,
            "pause_s": turn.pause_s,
            "duration_s": turn.duration_s,
            "hint_used": turn.hint_used,
            "retried": turn.retried,
            "audio_path": turn.audio_path,
            "created_at": created,
        }
        with self._write("log the turn") as conn:
            totals = self._totals(conn, turn.attempt_id)
            if conn.execute(_pg(q.INSERT_TURN), row).rowcount != 1:
                return  # already logged
            active_s = max(totals.active_s, totals.seconds_until(turn.created_at))
            changed = conn.execute(
                _pg(q.ADD_TURN_TO_ATTEMPT),
                {"id": turn.attempt_id, "at": created, "active_s": active_s},
            ).rowcount
            if changed != 1:
                raise _closed(turn.attempt_id)
            conn.execute(
                _pg(q.ADD_TO_DAY),
                totals.day_keys(active_s, answers=1, score=turn.result.score),
            )

    def _totals(self, conn: psycopg.Connection[Any], attempt_id: str) -> _AttemptTotals:
        found = conn.execute(_pg(q.ATTEMPT_TOTALS), {"id": attempt_id}).fetchone()
        if found is None:
            raise StoreError(
                f"No attempt {attempt_id} on the team server {self.server.where}: start the "
                "attempt first."
            )
        rep, scenario_id, local_day, started_at, active_s = found
        return _AttemptTotals(rep, scenario_id, local_day, _utc(started_at), float(active_s))

    def mark_retried(self, turn_id: str) -> None:
        with self._write("mark the turn as retried") as conn:
            conn.execute(_pg(q.MARK_RETRIED), {"id": turn_id, "retried": True})

    def finish_attempt(
        self,
        attempt_id: str,
        status: AttemptStatus,
        ended_at: datetime,
        outcome: str | None,
        ending_id: str | None,
        score: float | None,
    ) -> None:
        with self._write("finish the attempt") as conn:
            totals = self._totals(conn, attempt_id)
            active_s = totals.seconds_until(ended_at)
            changed = conn.execute(
                _pg(q.FINISH_ATTEMPT),
                {
                    "id": attempt_id,
                    "status": str(status),
                    "ended_at": _utc(ended_at),
                    "outcome": outcome,
                    "ending_id": ending_id,
                    "score": score,
                    "active_s": active_s,
                },
            ).rowcount
            if changed != 1:
                raise _closed(attempt_id)
            conn.execute(_pg(q.ADD_TO_DAY), totals.day_keys(active_s, answers=0, score=0.0))
            if score is not None:
                keys = {"rep": totals.rep, "scenario_id": totals.scenario_id}
                conn.execute(_pg(q.SCORE_SCENARIO), {**keys, "score": score})

    def forget_rep(self, rep: str) -> Forgotten:
        with self._read("check the login's rights") as conn:
            allowed = conn.execute("SELECT has_table_privilege('attempts', 'DELETE')").fetchone()
        if not (allowed and allowed[0]):
            raise StoreError(
                f"{self.fixed_rep} may not delete practice on the team server: only a manager "
                "or the admin can forget a rep (the log is append-only for reps)."
            )
        params = {"rep": rep}
        with self._write("forget the rep") as conn:
            turns = conn.execute(_pg(q.FORGET_COUNT_TURNS), params).fetchone()
            audio = [r[0] for r in conn.execute(_pg(q.FORGET_AUDIO), params)]
            conn.execute(_pg(q.FORGET_TURNS), params)
            attempts = conn.execute(_pg(q.FORGET_ATTEMPTS), params).rowcount
            conn.execute(_pg(q.FORGET_DAYS), params)
            conn.execute(_pg(q.FORGET_SCENARIOS), params)
        # Reclaim the deleted rows now where we may (the tables' owner); otherwise the
        # server's autovacuum does it. Backups are the server admin's (docs/team.md).
        with self._lock, self._errors("forget the rep", writing=False):
            self._conn.execute("VACUUM attempts, turns, daily_practice, scenario_practice")
        return Forgotten(attempts=attempts, turns=int(turns[0] if turns else 0), audio_paths=audio)

    # -- reads ------------------------------------------------------------------------------

    def _attempt(self, row: tuple[Any, ...], now: datetime) -> AttemptRecord:
        c = dict(zip(q.ATTEMPT_COLUMNS, row, strict=True))
        last = _utc(c["last_activity_at"])
        status = AttemptStatus(c["status"])
        if status is AttemptStatus.IN_PROGRESS:
            writer = Writer(c["writer_host"], c["writer_boot"], c["writer_pid"], c["writer_start"])
            if not writer_alive(writer, last, now):
                status = AttemptStatus.UNFINISHED
        return AttemptRecord(
            id=c["id"],
            rep=c["rep"],
            scenario_id=c["scenario_id"],
            scenario_version=c["scenario_version"],
            scenario_hash=c["scenario_hash"],
            scenario_title=c["scenario_title"],
            mode=c["mode"],
            input_kind=c["input_kind"],
            seed=c["seed"],
            started_at=_utc(c["started_at"]),
            ended_at=None if c["ended_at"] is None else _utc(c["ended_at"]),
            status=status,
            outcome=c["outcome"],
            ending_id=c["ending_id"],
            score=c["score"],
            turn_count=c["turn_count"],
            last_activity_at=last,
        )

    @staticmethod
    def _turn(row: tuple[Any, ...]) -> TurnRecord:
        c = dict(zip(q.TURN_COLUMNS, row, strict=True))
        return TurnRecord(
            id=c["id"],
            attempt_id=c["attempt_id"],
            seq=c["seq"],
            step_id=c["step_id"],
            prospect_line=c["prospect_line"],
            answer_text=c["answer_text"],
            input_kind=c["input_kind"],
            result=TurnScore.from_dict(json.loads(c["result_json"])),
            pause_s=c["pause_s"],
            duration_s=c["duration_s"],
            hint_used=bool(c["hint_used"]),
            retried=bool(c["retried"]),
            audio_path=c["audio_path"],
            created_at=_utc(c["created_at"]),
        )

    def history(
        self,
        rep: str | None = None,
        scenario_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptRecord]:
        sql, params = q.attempts_query(
            rep, scenario_id, None if since is None else _ts(since), limit
        )
        now = datetime.now(UTC)
        with self._read("read the history") as conn:
            return [self._attempt(row, now) for row in conn.execute(_pg(sql), params)]

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        prefix = attempt_id.strip().lower()
        if not prefix:
            return None
        with self._read("read the attempt") as conn:
            rows = conn.execute(
                _pg(q.ATTEMPTS_BY_PREFIX), {"lo": prefix, "hi": prefix + "\x7f"}
            )
            found = rows.fetchall()
            if len(found) > 1:
                raise StoreError(
                    f"More than one attempt starts with {attempt_id!r}: give more of its id."
                )
            if not found:
                return None
            record = self._attempt(found[0], datetime.now(UTC))
            turns = conn.execute(_pg(q.TURNS_OF_ATTEMPT), {"id": record.id})
            return AttemptDetail(record, [self._turn(r) for r in turns])

    def daily_activity(self, rep: str | None, since: date | None = None) -> list[DayActivity]:
        sql, params = q.daily_query(rep, None if since is None else since.isoformat())
        with self._read("read the daily activity") as conn:
            return [
                DayActivity(
                    day=day,
                    drills=int(drills),
                    seconds=float(seconds or 0.0),
                    answers=int(answers or 0),
                    answer_score_sum=float(score_sum or 0.0),
                )
                for day, drills, seconds, answers, score_sum in conn.execute(_pg(sql), params)
            ]

    def _recent(
        self, conn: psycopg.Connection[Any], rep: str | None, scenario_id: str, n: int,
        scored: bool,
    ) -> list[tuple[str, float | None]]:
        sql, params = q.scenario_recent_query(rep, scenario_id, n, scored)
        return [(title, score) for title, score in conn.execute(_pg(sql), params)]

    def scenario_summary(self, rep: str | None, recent: int = 5) -> list[ScenarioSummary]:
        summaries: list[ScenarioSummary] = []
        with self._read("read the scenario summary") as conn:
            sql, params = q.scenario_totals_query(rep)
            totals = conn.execute(_pg(sql), params).fetchall()
            for scenario_id, attempts, best, last in totals:
                title = self._recent(conn, rep, scenario_id, 1, False)[0][0]
                scores = [float(s) for _, s in self._recent(conn, rep, scenario_id, recent, True)
                          if s is not None]
                summaries.append(
                    ScenarioSummary(
                        scenario_id=scenario_id,
                        scenario_title=title,
                        attempts=int(attempts),
                        best_score=best,
                        last_practised=_utc(last),
                        recent_average=sum(scores) / len(scores) if scores else None,
                        recent=len(scores),
                    )
                )
        summaries.sort(key=lambda s: s.last_practised, reverse=True)
        return summaries

    def score_trends(self, rep: str | None, recent: int = 12, limit: int = 8
                     ) -> list[ScoreTrend]:
        trends: list[ScoreTrend] = []
        with self._read("read the score trends") as conn:
            sql, params = q.scenario_totals_query(rep)
            totals = conn.execute(_pg(sql), params).fetchall()
            totals.sort(key=lambda t: (-t[1], t[0]))  # most attempts first
            for scenario_id, attempts, best, _ in totals[:limit]:
                rows = self._recent(conn, rep, scenario_id, recent, True)[::-1]
                if rows:
                    title = rows[-1][0]
                else:  # practised, never scored: the title from the latest attempt
                    title = self._recent(conn, rep, scenario_id, 1, False)[0][0]
                trends.append(ScoreTrend(scenario_id, title, int(attempts), best,
                                         [float(s) for _, s in rows if s is not None]))
        return trends

    def stats(
        self, rep: str | None = None, since: date | None = None, weakest: int = 5
    ) -> PracticeStats:
        today = _local_today()
        first = since if since is not None else today - timedelta(days=STATS_DAYS - 1)
        all_days = self.daily_activity(rep)  # streaks need all of them
        current, longest = practice.streaks((d.day for d in all_days if d.drills), today)
        days = practice.every_day((d for d in all_days if d.day >= first), first, today)
        return PracticeStats(
            days=days,
            weeks=practice.weeks_of(days),
            current_streak=current,
            longest_streak=longest,
            weakest=practice.weakest(self.scenario_summary(rep), weakest),
        )

    def export(
        self, rep: str | None = None, since: datetime | None = None
    ) -> Iterator[AttemptDetail]:
        # Paged by start time as in SQLiteStore.export: `seen` holds the ids already given
        # at the page boundary's time, which the next page starts from again.
        after = None if since is None else _ts(since)
        seen: set[str] = set()
        size = _EXPORT_BATCH
        while True:
            sql, params = q.attempts_query(rep, None, after, size, newest_first=False)
            now = datetime.now(UTC)
            with self._read("export the log") as conn:
                rows = conn.execute(_pg(sql), params).fetchall()
                batch = [a for a in (self._attempt(r, now) for r in rows) if a.id not in seen]
                if not batch:
                    if len(rows) < size:
                        return
                    size *= 2
                    continue
                turns: dict[str, list[TurnRecord]] = {a.id: [] for a in batch}
                ids = {f"a{i}": a.id for i, a in enumerate(batch)}
                for row in conn.execute(_pg(q.turns_of_attempts(len(batch))), ids):
                    turn = self._turn(row)
                    turns[turn.attempt_id].append(turn)
            for a in batch:
                yield AttemptDetail(a, turns[a.id])
            if len(rows) < size:
                return
            last = batch[-1].started_at
            at_last = {a.id for a in batch if a.started_at == last}
            seen = at_last | seen if _ts(last) == after else at_last
            after = _ts(last)

    def health_problems(self) -> list[str]:
        problems: list[str] = []
        with self._read("check the log") as conn:
            version = int(_value(conn, pg_schema.SCHEMA_VERSION))
            if version != pg_schema.LATEST:
                problems.append(f"schema {version}, expected {pg_schema.LATEST}")
            miscounted = conn.execute(
                "SELECT count(*) FROM attempts a WHERE a.turn_count <> "
                "(SELECT count(*) FROM turns t WHERE t.attempt_id = a.id)"
            ).fetchone()
            if miscounted and miscounted[0]:
                problems.append(f"{miscounted[0]} attempt(s) whose turn count does not match")
            secured = conn.execute(
                "SELECT count(*) FROM pg_class WHERE relrowsecurity AND relname IN "
                "('attempts', 'turns', 'daily_practice', 'scenario_practice') "
                "AND relnamespace = current_schema()::regnamespace"
            ).fetchone()
            if not secured or secured[0] != 4:
                problems.append("row-level security is off on some tables: rerun team setup")
        return problems

    def recording_paths(self) -> list[str]:
        with self._read("list the recordings") as conn:
            return [row[0] for row in conn.execute(_pg(q.RECORDING_PATHS))]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _closed(attempt_id: str) -> StoreError:
    return StoreError(
        f"Attempt {attempt_id} is already finished (or not yours): the team log is "
        "append-only, so it cannot change. Nothing from this write was saved."
    )


@dataclass(frozen=True, slots=True)
class _AttemptTotals:
    rep: str
    scenario_id: str
    local_day: date
    started_at: datetime
    active_s: float

    def seconds_until(self, moment: datetime) -> float:
        return max(0.0, (moment - self.started_at).total_seconds())

    def day_keys(self, active_s: float, answers: int, score: float) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "local_day": self.local_day,
            "drills": 0,
            "active_s": active_s - self.active_s,
            "answers": answers,
            "score": score,
        }
