"""The practice log in one SQLite file (the default backend).

Durability: WAL with `synchronous=FULL`, so a call that returns has reached the disk; every
write is one `BEGIN IMMEDIATE` transaction (writers queue behind the busy timeout instead of
failing half-way); foreign keys on. A failed write rolls back whole and reaches the caller
as a `StoreError` that says what to do. One connection per store, shared by threads under a
lock (the TUI calls from workers).
"""

from __future__ import annotations

import errno
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from trainer.scoring.result import TurnScore
from trainer.store import queries as q
from trainer.store import stats as practice
from trainer.store.base import StoreError
from trainer.store.migrations import migrate
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

DEFAULT_BUSY_TIMEOUT_S = 5.0
STATS_DAYS = 14  # days shown by `stats` when no `since` is given
_EXPORT_BATCH = 500


def _ts(moment: datetime) -> str:
    """ISO-8601 UTC text that sorts as time does (naive times are taken as local)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _dt_or_none(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _local_today() -> date:
    return datetime.now().astimezone().date()


class SQLiteStore:
    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        create: bool = True,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._lock = threading.RLock()
        self._writer = this_writer()
        self.backup: Path | None = None  # the copy taken before a migration, if any
        with self._errors("open", writing=False):
            if self.path.is_dir():
                raise StoreError(
                    f"{self.path} is a folder: give --db a file name, such as "
                    f"{self.path / 'trainer.sqlite3'}."
                )
            if create:
                self._make_folder()
            elif not self.path.exists():
                raise StoreError(f"There is no practice log at {self.path}.")
            self._conn = self._connect("rwc" if create else "rw")
            try:
                self._open_when_free()
            except sqlite3.OperationalError as exc:
                self._conn.close()
                if not self._cannot_write(exc):
                    raise
                self._open_read_only()
            except BaseException:
                self._conn.close()
                raise

    def _connect(self, query: str) -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{quote(str(self.path))}?mode={query}",
            uri=True,
            isolation_level=None,
            timeout=self.busy_timeout_s,
            check_same_thread=False,
        )

    def _cannot_write(self, exc: sqlite3.OperationalError) -> bool:
        name = getattr(exc, "sqlite_errorname", "") or ""
        return self.path.is_file() and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))

    def _open_read_only(self) -> None:
        """A log we may read but not write (a copy, a shared folder): open it for reading;
        writes then fail with the read-only message. Without write access to the folder a
        WAL log cannot get its shared-memory file, so it is read as an unchanging file."""
        for query in ("ro", "ro&immutable=1"):
            self._conn = self._connect(query)
            try:
                self._conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
                self.backup = migrate(self._conn, self.path)
                return
            except sqlite3.OperationalError as exc:
                self._conn.close()
                if query != "ro" or not self._cannot_write(exc):
                    raise

    def _make_folder(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if blocker is not None and not blocker.is_dir():
                reason = f"{blocker} is a file, not a folder"
            else:
                reason = f"cannot create the folder {folder} ({exc.strerror or exc})"
            raise StoreError(
                f"Cannot open the practice log {self.path}: {reason}. "
                "Pass --db with a writable path or set TRAINER_DATABASE_URL."
            ) from exc

    def _open_when_free(self) -> None:
        """Configure and migrate, waiting while another process creates the same file.

        Switching a new file to WAL answers "locked" at once, without the busy handler,
        when a second process opens it at the same moment: retry until the busy timeout.
        """
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                self._configure()
                self.backup = migrate(self._conn, self.path)
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def _configure(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")

    # -- errors and transactions ------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, writing: bool = True) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(self._explain(exc, action, writing)) from exc
        except OSError as exc:
            raise StoreError(self._explain_os(exc, action, writing)) from exc

    def _explain(self, exc: sqlite3.Error, action: str, writing: bool) -> str:
        name = getattr(exc, "sqlite_errorname", "") or ""
        where = self.path
        lost = " Nothing from this write was saved; earlier practice is safe." if writing else ""
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return (
                f"The practice log {where} is locked by another program "
                f"(waited {self.busy_timeout_s:g} s to {action}). Close other trainer windows "
                f"or programs using the file, then try again.{lost}"
            )
        if name.startswith("SQLITE_READONLY"):
            return (
                f"The practice log {where} is read-only, so trainer cannot {action}. Check the "
                f"permissions of the file and its folder, or pass --db with a writable file.{lost}"
            )
        if name.startswith("SQLITE_FULL"):
            return (
                f"The disk holding the practice log {where} is full, so trainer cannot {action}. "
                f"Free some space and try again.{lost}"
            )
        if name.startswith("SQLITE_CANTOPEN"):
            return (
                f"Cannot open the practice log {where}: its folder is missing or not writable. "
                "Pass --db with a writable path or set TRAINER_DATABASE_URL."
            )
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            return (
                f"{where} is not a trainer practice log, or it is damaged. Pass --db with "
                "another file; this one was left as it is."
            )
        if name.startswith("SQLITE_IOERR"):
            return (
                f"A disk error stopped trainer from being able to {action} in {where} "
                f"(is the disk full or gone?): {exc}.{lost}"
            )
        return f"The practice log {where} could not {action}: {exc}.{lost}"

    def _explain_os(self, exc: OSError, action: str, writing: bool) -> str:
        if exc.errno == errno.ENOSPC:
            return self._explain(_Full(), action, writing)
        return (
            f"Cannot {action} the practice log {self.path}: {exc.strerror or exc}. "
            "Pass --db with a writable path or set TRAINER_DATABASE_URL."
        )

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One durable transaction: all of it reaches the disk, or none of it."""
        with self._lock, self._errors(action):
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    # SQLite may have rolled back already (e.g. after SQLITE_FULL).
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors(action, writing=False):
            yield self._conn

    # -- writes -----------------------------------------------------------------------------

    def start_attempt(self, attempt: AttemptRecord) -> None:
        started = _ts(attempt.started_at)
        local_day = attempt.started_at.astimezone().date().isoformat()
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
            "ended_at": None if attempt.ended_at is None else _ts(attempt.ended_at),
            "last_activity_at": _ts(attempt.ended_at or attempt.started_at),
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
        with self._write("record the attempt") as conn:
            if conn.execute(q.INSERT_ATTEMPT, row).rowcount != 1:
                return  # already recorded
            day = {"local_day": local_day, "drills": 1, "active_s": active_s, "answers": 0}
            conn.execute(q.ADD_TO_DAY, {**keys, **day, "score": 0.0})
            conn.execute(q.ADD_TO_SCENARIO, {**keys, "started_at": started})
            if attempt.score is not None:
                conn.execute(q.SCORE_SCENARIO, {**keys, "score": attempt.score})

    def log_turn(self, turn: TurnRecord) -> None:
        result = json.dumps(turn.result.to_dict(), ensure_ascii=False, separators=(",", ":"))
        created = _ts(turn.created_at)
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
            if conn.execute(q.INSERT_TURN, row).rowcount != 1:
                return  # already logged
            active_s = max(totals.active_s, totals.seconds_until(turn.created_at))
            conn.execute(
                q.ADD_TURN_TO_ATTEMPT, {"id": turn.attempt_id, "at": created, "active_s": active_s}
            )
            conn.execute(
                q.ADD_TO_DAY,
                totals.day_keys(active_s, answers=1, score=turn.result.score),
            )

    def _totals(self, conn: sqlite3.Connection, attempt_id: str) -> _AttemptTotals:
        found = conn.execute(q.ATTEMPT_TOTALS, {"id": attempt_id}).fetchone()
        if found is None:
            raise StoreError(f"No attempt {attempt_id} in {self.path}: start the attempt first.")
        rep, scenario_id, local_day, started_at, active_s = found
        return _AttemptTotals(rep, scenario_id, local_day, _dt(started_at), active_s)

    def mark_retried(self, turn_id: str) -> None:
        with self._write("mark the turn as retried") as conn:
            conn.execute(q.MARK_RETRIED, {"id": turn_id, "retried": True})

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
            conn.execute(
                q.FINISH_ATTEMPT,
                {
                    "id": attempt_id,
                    "status": str(status),
                    "ended_at": _ts(ended_at),
                    "outcome": outcome,
                    "ending_id": ending_id,
                    "score": score,
                    "active_s": active_s,
                },
            )
            conn.execute(q.ADD_TO_DAY, totals.day_keys(active_s, answers=0, score=0.0))
            if score is not None:
                keys = {"rep": totals.rep, "scenario_id": totals.scenario_id}
                conn.execute(q.SCORE_SCENARIO, {**keys, "score": score})

    def forget_rep(self, rep: str) -> Forgotten:
        params = {"rep": rep}
        with self._lock:
            with self._errors("forget the rep"):
                self._conn.execute("PRAGMA secure_delete = ON")  # overwrite, don't just unlink
            try:
                with self._write("forget the rep") as conn:
                    turns = conn.execute(q.FORGET_COUNT_TURNS, params).fetchone()[0]
                    audio = [r[0] for r in conn.execute(q.FORGET_AUDIO, params)]
                    conn.execute(q.FORGET_TURNS, params)
                    attempts = conn.execute(q.FORGET_ATTEMPTS, params).rowcount
                    conn.execute(q.FORGET_DAYS, params)
                    conn.execute(q.FORGET_SCENARIOS, params)
                with self._errors("forget the rep"):
                    # Move the zeroed pages into the file and empty the WAL.
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                with self._errors("forget the rep", writing=False):
                    self._conn.execute("PRAGMA secure_delete = OFF")
        return Forgotten(attempts=attempts, turns=int(turns), audio_paths=audio)

    # -- reads ------------------------------------------------------------------------------

    def _attempt(self, row: tuple[Any, ...], now: datetime) -> AttemptRecord:
        c = dict(zip(q.ATTEMPT_COLUMNS, row, strict=True))
        last = _dt(c["last_activity_at"])
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
            started_at=_dt(c["started_at"]),
            ended_at=_dt_or_none(c["ended_at"]),
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
            created_at=_dt(c["created_at"]),
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
            return [self._attempt(row, now) for row in conn.execute(sql, params)]

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        prefix = attempt_id.strip().lower()
        if not prefix:
            return None
        with self._read("read the attempt") as conn:
            rows = conn.execute(q.ATTEMPTS_BY_PREFIX, {"lo": prefix, "hi": prefix + "\x7f"})
            found = rows.fetchall()
            if len(found) > 1:
                raise StoreError(
                    f"More than one attempt starts with {attempt_id!r}: give more of its id."
                )
            if not found:
                return None
            record = self._attempt(found[0], datetime.now(UTC))
            turns = conn.execute(q.TURNS_OF_ATTEMPT, {"id": record.id})
            return AttemptDetail(record, [self._turn(r) for r in turns])

    def daily_activity(self, rep: str | None, since: date | None = None) -> list[DayActivity]:
        sql, params = q.daily_query(rep, None if since is None else since.isoformat())
        with self._read("read the daily activity") as conn:
            return [
                DayActivity(
                    day=date.fromisoformat(day),
                    drills=drills,
                    seconds=float(seconds or 0.0),
                    answers=int(answers or 0),
                    answer_score_sum=float(score_sum or 0.0),
                )
                for day, drills, seconds, answers, score_sum in conn.execute(sql, params)
            ]

    def scenario_summary(self, rep: str | None, recent: int = 5) -> list[ScenarioSummary]:
        summaries: list[ScenarioSummary] = []
        with self._read("read the scenario summary") as conn:
            totals = conn.execute(*q.scenario_totals_query(rep)).fetchall()
            for scenario_id, attempts, best, last in totals:
                title_sql, title_params = q.scenario_recent_query(rep, scenario_id, 1, False)
                title = conn.execute(title_sql, title_params).fetchone()[0]
                sql, params = q.scenario_recent_query(rep, scenario_id, recent, True)
                scores = [s for _, s in conn.execute(sql, params)]
                summaries.append(
                    ScenarioSummary(
                        scenario_id=scenario_id,
                        scenario_title=title,
                        attempts=attempts,
                        best_score=best,
                        last_practised=_dt(last),
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
            totals = conn.execute(*q.scenario_totals_query(rep)).fetchall()
            totals.sort(key=lambda t: (-t[1], t[0]))  # most attempts first
            for scenario_id, attempts, best, _ in totals[:limit]:
                sql, params = q.scenario_recent_query(rep, scenario_id, recent, True)
                rows = conn.execute(sql, params).fetchall()[::-1]
                if rows:
                    title = rows[-1][0]
                else:  # practised, never scored: the title from the latest attempt
                    title_sql, title_params = q.scenario_recent_query(rep, scenario_id, 1, False)
                    title = conn.execute(title_sql, title_params).fetchone()[0]
                trends.append(ScoreTrend(scenario_id, title, attempts, best,
                                         [float(score) for _, score in rows]))
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
        # Page by start time (never all attempts in memory); `seen` holds the ids already
        # given at the page boundary's time, which the next page starts from again.
        after = None if since is None else _ts(since)
        seen: set[str] = set()
        size = _EXPORT_BATCH
        while True:
            sql, params = q.attempts_query(rep, None, after, size, newest_first=False)
            now = datetime.now(UTC)
            with self._read("export the log") as conn:
                rows = conn.execute(sql, params).fetchall()
                batch = [a for a in (self._attempt(r, now) for r in rows) if a.id not in seen]
                if not batch:
                    if len(rows) < size:
                        return
                    size *= 2  # one instant holds a whole page: widen the page
                    continue
                turns: dict[str, list[TurnRecord]] = {a.id: [] for a in batch}
                ids = {f"a{i}": a.id for i, a in enumerate(batch)}
                for row in conn.execute(q.turns_of_attempts(len(batch)), ids):
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
        with self._read("check the log") as conn:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check") if row[0] != "ok"]
            broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken_links:
            problems.append(f"{len(broken_links)} row(s) point at attempts that are not there")
        return problems

    def recording_paths(self) -> list[str]:
        with self._read("list the recordings") as conn:
            return [row[0] for row in conn.execute(q.RECORDING_PATHS)]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


@dataclass(frozen=True, slots=True)
class _AttemptTotals:
    """An attempt's running totals, read inside a write to update them and its day's."""

    rep: str
    scenario_id: str
    local_day: str
    started_at: datetime
    active_s: float

    def seconds_until(self, moment: datetime) -> float:
        return max(0.0, (moment - self.started_at).total_seconds())

    def day_keys(self, active_s: float, answers: int, score: float) -> dict[str, Any]:
        """An `ADD_TO_DAY` row moving the day from this attempt's old time to `active_s`."""
        return {
            "rep": self.rep,
            "local_day": self.local_day,
            "drills": 0,
            "active_s": active_s - self.active_s,
            "answers": answers,
            "score": score,
        }


class _Full(sqlite3.Error):
    """Stands for SQLITE_FULL when the operating system reports ENOSPC directly."""

    sqlite_errorname = "SQLITE_FULL"
