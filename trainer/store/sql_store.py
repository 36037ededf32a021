"""What the SQLite and PostgreSQL stores share: the writes that log a drill, every read,
and the row converters, all from the same queries (`queries.py`).

A backend supplies small hooks: how a read or a write runs (`_read` / `_write`, each a
context giving a connection), how its SQL spells parameters (`_sql`), how a time and a
local day are bound and read back (ISO text in SQLite, timestamptz and date in
PostgreSQL), what to say when an attempt is missing, and what an update that changed no
row means (`_check_updated`).
"""

from __future__ import annotations

import contextlib
import json
import math
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from trainer.clock import local_day as day_of
from trainer.scoring.answer import InputKind
from trainer.scoring.result import TurnScore
from trainer.store import queries as q
from trainer.store import schedule_sql as sched
from trainer.store.base import StoreError
from trainer.store.plan_sql import PlanSQL
from trainer.store.records import (
    FORGOTTEN_NAME,
    AttemptDetail,
    AttemptEnd,
    AttemptRecord,
    AttemptStatus,
    DayActivity,
    DrillMode,
    Forgotten,
    ObserverNote,
    PairNote,
    PairPracticeRow,
    RepActivity,
    ReviewRow,
    SavedCard,
    SavedSchedule,
    ScenarioSummary,
    ScheduleMark,
    ScoreTrend,
    TurnRecord,
)
from trainer.store.writer import Writer, writer_alive

EXPORT_BATCH = 500  # attempts per page of `export`
DAMAGED_SHOWN = 10  # damaged turns `doctor` names one by one


def _ts(moment: datetime) -> str:
    """ISO-8601 UTC text that sorts as time does (naive times are taken as local)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SQLStore(PlanSQL, ABC):
    """The shared part of `SQLiteStore` and `PostgresStore` (see the module docstring)."""

    _writer: Writer
    # True where the database keeps the per-day and per-scenario totals itself (the team
    # server's triggers, `pg_schema.PG_V2`): the shared writes then leave them alone.
    _server_keeps_totals: bool = False
    # How a read inside a write locks the row it reads ("" where the write locks the file).
    _for_update: str = ""

    # -- hooks each backend supplies ---------------------------------------------------------

    @abstractmethod
    def _read(self, action: str) -> AbstractContextManager[Any]:
        """A context giving the connection for reads (errors explained as failing to `action`)."""

    @abstractmethod
    def _write(self, action: str, managers: bool = False) -> AbstractContextManager[Any]:
        """A context giving the connection inside one durable transaction."""

    @abstractmethod
    def _sql(self, sql: str) -> str:
        """A shared query in this backend's parameter style."""

    @abstractmethod
    def _bind_time(self, moment: datetime) -> Any:
        """A time as this backend stores it."""

    @abstractmethod
    def _bind_day(self, day: date) -> Any:
        """A local day as this backend stores it."""

    @abstractmethod
    def _time(self, value: Any) -> datetime:
        """A stored time, read back as an aware datetime."""

    @abstractmethod
    def _day(self, value: Any) -> date:
        """A stored local day, read back as a date."""

    @abstractmethod
    def _no_attempt(self, attempt_id: str) -> StoreError:
        """The error for a write to an attempt that is not in the log."""

    @abstractmethod
    def _check_updated(self, changed: int, attempt_id: str) -> None:
        """Raise if an update of attempt `attempt_id` that changed `changed` rows failed."""

    # -- writes -----------------------------------------------------------------------------

    def start_attempt(self, attempt: AttemptRecord) -> None:
        started = self._bind_time(attempt.started_at)
        local_day = self._bind_day(day_of(attempt.started_at))
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
            "ended_at": None if attempt.ended_at is None else self._bind_time(attempt.ended_at),
            "last_activity_at": self._bind_time(attempt.ended_at or attempt.started_at),
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
        with self._write("record the attempt") as conn:
            # Not a drill yet: the day and scenario totals count it with its first answer
            # (on a team server, the server's triggers do, by the same rules).
            conn.execute(self._sql(q.INSERT_ATTEMPT), row)

    def log_turn(self, turn: TurnRecord, ends: AttemptEnd | None = None) -> None:
        result = json.dumps(turn.result.to_dict(), ensure_ascii=False, separators=(",", ":"))
        created = self._bind_time(turn.created_at)
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
            # The call's last answer may be sent again after a write whose acknowledgement
            # was lost: then it is in the log, and the call may have ended with it (closed to
            # a rep's inserts on a team server, even one that would change nothing).
            again = ends is not None and self._logged(conn, turn.id)
            added = not again and self._add_turn(conn, turn, row, created)
            if ends is not None and (added or self._in_progress(conn, turn.attempt_id)):
                end = (ends.status, ends.ended_at, ends.outcome, ends.ending_id, ends.score)
                self._finish(conn, turn.attempt_id, *end)

    def _logged(self, conn: Any, turn_id: str) -> bool:
        return conn.execute(self._sql(q.TURN_LOGGED), {"id": turn_id}).fetchone() is not None

    def _in_progress(self, conn: Any, attempt_id: str) -> bool:
        found = conn.execute(self._sql(q.ATTEMPT_STATUS), {"id": attempt_id}).fetchone()
        return found is not None and found[0] == AttemptStatus.IN_PROGRESS.value

    def _add_turn(self, conn: Any, turn: TurnRecord, row: dict[str, Any], created: Any) -> bool:
        """Inside a write: add the turn and keep the totals; False if it was logged before."""
        sql = self._sql
        totals = self._totals(conn, turn.attempt_id)
        if conn.execute(sql(q.INSERT_TURN), row).rowcount != 1:
            return False  # already logged
        if self._server_keeps_totals:
            return True  # the server counts the answer in its attempt and day
        active_s = max(totals.active_s, totals.seconds_until(turn.created_at))
        changed = conn.execute(
            sql(q.ADD_TURN_TO_ATTEMPT),
            {"id": turn.attempt_id, "at": created, "active_s": active_s},
        ).rowcount
        self._check_updated(changed, turn.attempt_id)
        first = totals.turn_count == 0
        conn.execute(
            sql(q.ADD_TO_DAY),
            totals.day_keys(active_s, answers=1, score=turn.result.score, drills=int(first)),
        )
        if first:  # now it is a drill (trainer.practice.rules)
            conn.execute(
                sql(q.ADD_TO_SCENARIO),
                {
                    "rep": totals.rep,
                    "scenario_id": totals.scenario_id,
                    "started_at": self._bind_time(totals.started_at),
                },
            )
        return True

    def _totals(self, conn: Any, attempt_id: str) -> _AttemptTotals:
        found = conn.execute(self._sql(q.ATTEMPT_TOTALS), {"id": attempt_id}).fetchone()
        if found is None:
            raise self._no_attempt(attempt_id)
        rep, scenario_id, local_day, started_at, active_s, turns = found
        return _AttemptTotals(
            rep, scenario_id, local_day, self._time(started_at), float(active_s), int(turns)
        )

    def skipped_numbers(self) -> tuple[list[str], list[int]]:
        with self._read("check the answers' numbers") as conn:
            ids = [str(row[0]) for row in conn.execute(self._sql(q.SKIPPED_NUMBERS))]
            if not ids:
                return [], []
            rows = conn.execute(self._sql(q.SEQS_OF_ATTEMPT), {"id": ids[0]})
            return ids, [int(row[0]) for row in rows]

    def turn_logged(self, turn_id: str) -> bool:
        with self._read("check the answer was logged") as conn:
            return self._logged(conn, turn_id)

    def mark_retried(self, turn_id: str) -> None:
        with self._write("mark the turn as retried") as conn:
            conn.execute(self._sql(q.MARK_RETRIED), {"id": turn_id, "retried": True})

    def retry_ended(self, attempt_id: str, turn_id: str, at: datetime) -> None:
        """Reopen an ended call to answer its last step again (the team server does it in
        one step under its own rules and clock: `PostgresStore.retry_ended`)."""
        with self._write("reopen the call to retry") as conn:  # one step: both or neither
            conn.execute(self._sql(q.MARK_RETRIED), {"id": turn_id, "retried": True})
            self._finish(conn, attempt_id, AttemptStatus.IN_PROGRESS, at, None, None, None)

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
            self._finish(conn, attempt_id, status, ended_at, outcome, ending_id, score)

    def _finish(
        self,
        conn: Any,
        attempt_id: str,
        status: AttemptStatus,
        ended_at: datetime,
        outcome: str | None,
        ending_id: str | None,
        score: float | None,
    ) -> None:
        """Inside a write: end the attempt (or reopen it: IN_PROGRESS) and keep the totals."""
        sql = self._sql
        totals = self._totals(conn, attempt_id)
        active_s = totals.seconds_until(ended_at)
        changed = conn.execute(
            sql(q.FINISH_ATTEMPT),
            {
                "id": attempt_id,
                "status": str(status),
                "ended_at": self._bind_time(ended_at),
                "outcome": outcome,
                "ending_id": ending_id,
                "score": score,
                "active_s": active_s,
            },
        ).rowcount
        self._check_updated(changed, attempt_id)
        if self._server_keeps_totals or totals.turn_count == 0:
            return  # kept by the server; or no answer: no drill, no time, no score
        conn.execute(sql(q.ADD_TO_DAY), totals.day_keys(active_s, answers=0, score=0.0))
        keys = {"rep": totals.rep, "scenario_id": totals.scenario_id}
        if score is not None and status is AttemptStatus.FINISHED:
            conn.execute(sql(q.SCORE_SCENARIO), {**keys, "score": score})
        elif status is AttemptStatus.IN_PROGRESS:  # reopened to retry (`retry_ended`)
            conn.execute(sql(q.REBEST_SCENARIO), keys)

    def _delete_rep(self, conn: Any, rep: str) -> Forgotten:
        """Inside a write: delete a rep's turns, attempts and totals (`forget_rep`, whose
        backends add how the freed space is wiped or reclaimed)."""
        sql, params = self._sql, {"rep": rep}
        turns = conn.execute(sql(q.FORGET_COUNT_TURNS), params).fetchone()[0]
        audio = [row[0] for row in conn.execute(sql(q.FORGET_AUDIO), params)]
        # Pair calls: their notes go with their attempts; where they were the partner or
        # an observer of another rep's call, their name goes and their own notes do. The
        # count reported is the one `pair_mentions` showed before (the same query).
        mentions = conn.execute(sql(q.PAIR_MENTIONS), params).fetchone()[0]
        conn.execute(sql(q.FORGET_OBSERVATIONS), params)
        conn.execute(sql(q.FORGET_PAIR_NOTES), params)
        renamed = {"rep": rep, "forgotten": FORGOTTEN_NAME}
        conn.execute(sql(q.FORGET_AS_PARTNER), renamed)
        conn.execute(sql(q.FORGET_AS_OBSERVER), renamed)
        conn.execute(sql(q.FORGET_TURNS), params)
        attempts = conn.execute(sql(q.FORGET_ATTEMPTS), params).rowcount
        conn.execute(sql(q.FORGET_DAYS), params)
        conn.execute(sql(q.FORGET_SCENARIOS), params)
        conn.execute(sql(q.FORGET_ASSIGNMENTS), params)  # their notes go with the attempts
        for statement in sched.FORGET:
            conn.execute(sql(statement), params)
        return Forgotten(
            attempts=attempts,
            turns=int(turns),
            audio_paths=audio,
            pair_mentions=int(mentions),
        )

    # -- pair practice ----------------------------------------------------------------------

    def save_pair_note(self, note: PairNote) -> None:
        row: dict[str, Any] = {
            "attempt_id": note.attempt_id,
            "rep": note.rep,
            "partner": note.partner,
            "observer": note.observer,
            "human_score": note.human_score,
            "partner_s": note.partner_seconds,
            "comment": note.comment,
            "details": json.dumps(note.details(), ensure_ascii=False, separators=(",", ":")),
            "updated_at": self._bind_time(note.updated_at),
        }
        with self._write("record the pair notes") as conn:
            conn.execute(self._sql(q.SAVE_PAIR_NOTE), row)

    def pair_note(self, attempt_id: str) -> PairNote | None:
        """The call's note with its observers' notes, read together (one snapshot)."""
        with self._read("read the pair notes") as conn:
            row = conn.execute(self._sql(q.PAIR_NOTE), {"id": attempt_id}).fetchone()
            if row is None:
                return None
            observed = conn.execute(self._sql(q.OBSERVATIONS), {"id": attempt_id}).fetchall()
        note = self._pair_note(row)
        note.observations = self._observer_notes(observed)
        return note

    def latest_pair_notes(self) -> dict[str, PairNote]:
        """Each rep's latest pair note the login may read, by rep."""
        with self._read("read the pair notes") as conn:
            rows = conn.execute(self._sql(q.LATEST_PAIR_NOTES)).fetchall()
        return {note.rep: note for note in map(self._pair_note, rows)}

    def team_pair_practice(self, since: datetime) -> list[PairPracticeRow]:
        """Pair practice per name since `since` (Store.team_pair_practice)."""
        params = {"since": self._bind_time(since)}
        found: dict[str, dict[str, Any]] = {}
        with self._read("read the team's pair practice") as conn:
            for name, calls in conn.execute(self._sql(q.TEAM_PAIR_AS_REP), params):
                found.setdefault(name, {})["calls_as_rep"] = int(calls)
            for sql, role in (
                (q.TEAM_PAIR_AS_PARTNER, "partner"),
                (q.TEAM_PAIR_AS_OBSERVER, "observer"),
            ):
                for name, calls, seconds in conn.execute(self._sql(sql), params):
                    found.setdefault(name, {}).update(
                        {f"{role}_calls": int(calls), f"{role}_seconds": float(seconds)}
                    )
        return [PairPracticeRow(name, **found[name]) for name in sorted(found)]

    def _pair_note(self, row: tuple[Any, ...]) -> PairNote:
        c = dict(zip(q.PAIR_NOTE_COLUMNS, row, strict=True))
        note = PairNote(
            attempt_id=c["attempt_id"],
            rep=c["rep"],
            partner=c["partner"],
            observer=c["observer"],
            comment=c["comment"] or "",
            human_score=None if c["human_score"] is None else float(c["human_score"]),
            partner_seconds=float(c["partner_s"] or 0.0),
            updated_at=self._time(c["updated_at"]),
        )
        try:
            details = json.loads(c["details"])
            note.read_details(details if isinstance(details, dict) else {})
        except (ValueError, TypeError):
            pass  # a damaged note still shows its names, score and comment
        return note

    def save_observation(self, note: ObserverNote) -> None:
        row: dict[str, Any] = {
            "attempt_id": note.attempt_id,
            "observer": note.observer,
            "comment": note.comment,
            "details": json.dumps(note.details(), ensure_ascii=False, separators=(",", ":")),
            "updated_at": self._bind_time(note.updated_at),
        }
        with self._write("record the observer's notes") as conn:
            conn.execute(self._sql(q.SAVE_OBSERVATION), row)

    def observations(self, attempt_id: str) -> list[ObserverNote]:
        with self._read("read the observers' notes") as conn:
            rows = conn.execute(self._sql(q.OBSERVATIONS), {"id": attempt_id}).fetchall()
        return self._observer_notes(rows)

    def _observer_notes(self, rows: list[Any]) -> list[ObserverNote]:
        notes = []
        for row in rows:
            c = dict(zip(q.OBSERVATION_COLUMNS, row, strict=True))
            note = ObserverNote(
                attempt_id=c["attempt_id"],
                observer=c["observer"],
                comment=c["comment"] or "",
                updated_at=self._time(c["updated_at"]),
            )
            try:
                details = json.loads(c["details"])
                note.read_details(details if isinstance(details, dict) else {})
            except (ValueError, TypeError):
                pass
            notes.append(note)
        return notes

    def pair_mentions(self, person: str) -> int:
        """Pair notes naming `person` as partner or observer, and their own observer notes."""
        with self._read("read the pair notes") as conn:
            row = conn.execute(self._sql(q.PAIR_MENTIONS), {"rep": person}).fetchone()
        return int(row[0])

    def partner_practice(self, partner: str, since: datetime) -> tuple[int, float]:
        """Calls played as the partner since a moment, and the seconds they took."""
        with self._read("read partner practice") as conn:
            row = conn.execute(
                self._sql(q.PARTNER_SECONDS), {"partner": partner, "since": self._bind_time(since)}
            ).fetchone()
        return int(row[0]), float(row[1])

    # -- reads ------------------------------------------------------------------------------

    def _attempt(self, row: tuple[Any, ...], now: datetime) -> AttemptRecord:
        c = dict(zip(q.ATTEMPT_COLUMNS, row, strict=True))
        time = self._time
        last = time(c["last_activity_at"])
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
            mode=DrillMode(c["mode"]),
            input_kind=InputKind(c["input_kind"]),
            seed=c["seed"],
            started_at=time(c["started_at"]),
            ended_at=None if c["ended_at"] is None else time(c["ended_at"]),
            status=status,
            outcome=c["outcome"],
            ending_id=c["ending_id"],
            score=c["score"],
            turn_count=c["turn_count"],
            last_activity_at=last,
        )

    def _turn(self, row: tuple[Any, ...]) -> TurnRecord:
        c = dict(zip(q.TURN_COLUMNS, row, strict=True))
        result, damage = read_result(c["result_json"], c["score"])
        return TurnRecord(
            id=c["id"],
            attempt_id=c["attempt_id"],
            seq=c["seq"],
            step_id=c["step_id"],
            prospect_line=c["prospect_line"],
            answer_text=c["answer_text"],
            input_kind=InputKind(c["input_kind"]),
            result=result,
            pause_s=c["pause_s"],
            duration_s=c["duration_s"],
            hint_used=bool(c["hint_used"]),
            retried=bool(c["retried"]),
            audio_path=c["audio_path"],
            created_at=self._time(c["created_at"]),
            damaged=None if damage is None else damaged_turn(c["seq"], c["attempt_id"], damage),
        )

    def history(
        self,
        rep: str | tuple[str, ...] | None = None,
        scenario_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptRecord]:
        sql, params = q.attempts_query(
            rep, scenario_id, None if since is None else _ts(since), limit
        )
        now = datetime.now(UTC)
        with self._read("read the history") as conn:
            return [self._attempt(row, now) for row in conn.execute(self._sql(sql), params)]

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        prefix = attempt_id.strip().lower()
        if not prefix:
            return None
        with self._read("read the attempt") as conn:
            rows = conn.execute(
                self._sql(q.ATTEMPTS_BY_PREFIX), {"lo": prefix, "hi": prefix + "\x7f"}
            )
            found = rows.fetchall()
            if len(found) > 1:
                raise StoreError(
                    f"More than one attempt starts with {attempt_id!r}: give more of its id."
                )
            if not found:
                return None
            record = self._attempt(found[0], datetime.now(UTC))
            turns = conn.execute(self._sql(q.TURNS_OF_ATTEMPT), {"id": record.id})
            detail = AttemptDetail(record, [self._turn(r) for r in turns])
        detail.notes = self.notes([record.id]).get(record.id, [])
        if record.mode is DrillMode.PAIR:
            detail.pair = self.pair_note(record.id)
        return detail

    def daily_activity(self, rep: str | None, since: date | None = None) -> list[DayActivity]:
        since_day = None if since is None else since.isoformat()
        sql, params = q.daily_query(rep, since_day)
        calls_sql, calls_params = q.finished_calls_query(rep, since_day)
        with self._read("read the daily activity") as conn:
            calls = self._finished_calls(conn, calls_sql, calls_params)
            out = []
            for day, drills, seconds, answers, score_sum in conn.execute(self._sql(sql), params):
                finished, finished_sum = calls.get(str(day), (0, 0.0))
                out.append(
                    DayActivity(
                        day=self._day(day),
                        drills=int(drills),
                        seconds=float(seconds or 0.0),
                        answers=int(answers or 0),
                        answer_score_sum=float(score_sum or 0.0),
                        calls=finished,
                        call_score_sum=finished_sum,
                    )
                )
            return out

    def _finished_calls(
        self, conn: Any, sql: str, params: dict[str, Any]
    ) -> dict[str, tuple[int, float]]:
        """`finished_calls_query`'s rows by their key as text (a day or a rep)."""
        return {
            str(key): (int(n), float(total or 0.0))
            for key, n, total in conn.execute(self._sql(sql), params)
        }

    def _review_row(self, row: tuple[Any, ...]) -> ReviewRow:
        attempt_id, scenario_id, started, day, status, score, step_id, step_score, seq = row
        return ReviewRow(
            attempt_id,
            scenario_id,
            self._time(started),
            self._day(day),
            AttemptStatus(status),
            score,
            step_id,
            float(step_score),
            int(seq),
        )

    def review_rows(self, rep: str, since: datetime | None = None) -> list[ReviewRow]:
        start = self._bind_time(since or datetime(1970, 1, 1, tzinfo=UTC))
        with self._read("read the practice for spaced repetition") as conn:
            rows = conn.execute(self._sql(q.REVIEW_ROWS), {"rep": rep, "since": start})
            found: list[ReviewRow] = []
            last: str | None = None
            for attempt_id, scenario_id, started, day, status, score, step, value, seq in rows:
                if attempt_id != last:  # an attempt's fields are read once
                    last = attempt_id
                    at, local_day, closed = (
                        self._time(started),
                        self._day(day),
                        AttemptStatus(status),
                    )
                found.append(
                    ReviewRow(
                        attempt_id,
                        scenario_id,
                        at,
                        local_day,
                        closed,
                        score,
                        step,
                        float(value),
                        int(seq),
                    )
                )
            return found

    def heard_lines(
        self, wanted: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], str]:
        found: dict[tuple[str, str, str], str] = {}
        if not wanted:
            return found
        with self._read("read the lines of the weak spots") as conn:
            for rep, scenario, step in wanted:
                row = conn.execute(
                    self._sql(q.HEARD_LINE), {"rep": rep, "scenario": scenario, "step": step}
                ).fetchone()
                if row is not None and row[0]:
                    found[(rep, scenario, step)] = str(row[0])
        return found

    def attempts_before(self, rep: str, before: datetime) -> int:
        with self._read("read the practice for spaced repetition") as conn:
            row = conn.execute(
                self._sql(q.ATTEMPTS_BEFORE), {"rep": rep, "before": self._bind_time(before)}
            ).fetchone()
            return int(row[0])

    def open_attempts(
        self, rep: str, since: datetime | None, before: datetime, among: Sequence[str] = ()
    ) -> list[str]:
        start = self._bind_time(since or datetime(1970, 1, 1, tzinfo=UTC))
        with self._read("read the practice for spaced repetition") as conn:
            found = [
                row[0]
                for row in conn.execute(
                    self._sql(q.OPEN_BETWEEN),
                    {"rep": rep, "since": start, "before": self._bind_time(before)},
                )
            ]
            for attempt_id in among:
                found += [
                    row[0] for row in conn.execute(self._sql(q.OPEN_AMONG), {"id": attempt_id})
                ]
        return sorted(set(found))

    def schedule_checks(
        self, marks: Sequence[tuple[str, datetime, Sequence[str]]]
    ) -> list[tuple[int, list[str]]]:
        """The schedule cache's checks of many reps (one query each on a team server)."""
        return [
            (self.attempts_before(rep, mark), self.open_attempts(rep, mark, mark, ids))
            for rep, mark, ids in marks
        ]

    def reviews_since(self, wanted: Sequence[tuple[str, datetime]]) -> dict[str, list[ReviewRow]]:
        found = {rep: self.review_rows(rep, since) for rep, since in wanted}
        return {rep: rows for rep, rows in found.items() if rows}

    # -- the saved schedule (trainer.store.schedule_sql) --------------------------------------

    def saved_schedule(self, rep: str) -> SavedSchedule | None:
        rows = self._saved_rows([rep]).get(rep)
        if rows is None:
            return None
        try:
            return self._saved(*rows)
        except (ValueError, TypeError) as exc:  # rows written by hand: replayed instead
            raise StoreError(f"The saved schedule of {rep} cannot be read ({exc}).") from exc

    def saved_schedules(self, reps: Sequence[str]) -> dict[str, SavedSchedule]:
        """`saved_schedule` of many reps in one read (a query a table, not a rep); a rep
        whose saved rows cannot be read is left out (replayed instead)."""
        found: dict[str, SavedSchedule] = {}
        for rep, rows in self._saved_rows(reps).items():
            with contextlib.suppress(ValueError, TypeError):
                found[rep] = self._saved(*rows)
        return found

    def _saved_rows(self, reps: Sequence[str]) -> dict[str, tuple[Any, list[Any], list[Any]]]:
        """Each rep's saved mark row with its card and day rows (reps never saved: none)."""
        if not reps:
            return {}
        params = {f"rep{n}": rep for n, rep in enumerate(dict.fromkeys(reps))}
        among = ", ".join(f":{name}" for name in params)
        cards: dict[str, list[Any]] = {}
        days: dict[str, list[Any]] = {}

        def query(sql: str) -> str:
            return self._sql(sql.format(reps=among))

        with self._read("read the saved schedule") as conn:
            marks = {
                rep: tuple(row) for rep, *row in conn.execute(query(sched.READ_MARKS_OF), params)
            }
            for rep, *row in conn.execute(query(sched.READ_CARDS_OF), params):
                cards.setdefault(rep, []).append(tuple(row))
            for rep, *row in conn.execute(query(sched.READ_DAYS_OF), params):
                days.setdefault(rep, []).append(tuple(row))
        return {rep: (mark, cards.get(rep, []), days.get(rep, [])) for rep, mark in marks.items()}

    def _saved(
        self, row: tuple[Any, ...], cards: list[tuple[Any, ...]], days: list[tuple[Any, ...]]
    ) -> SavedSchedule:
        time, day, card = self._time, self._day, SavedCard
        return SavedSchedule(
            self._mark(row),
            tuple(
                [
                    card(
                        seq,
                        sid,
                        step or None,
                        day(first),
                        day(last),
                        reviews,
                        lapses,
                        tuple(map(float, scores.split())),
                        state,
                        stability,
                        difficulty,
                        interval,
                        None if reviewed is None else time(reviewed),
                    )
                    for (
                        seq,
                        sid,
                        step,
                        first,
                        last,
                        reviews,
                        lapses,
                        scores,
                        state,
                        stability,
                        difficulty,
                        interval,
                        reviewed,
                    ) in cards
                ]
            ),
            tuple((day(d), int(cleared), int(new)) for d, cleared, new in days),
        )

    def _mark(self, row: tuple[Any, ...]) -> ScheduleMark:
        version, mark, attempts, open_ids, last_attempt_id = row
        ids = json.loads(open_ids)
        return ScheduleMark(
            int(version), self._time(mark), int(attempts), tuple(map(str, ids)), last_attempt_id
        )

    def save_schedule(
        self,
        rep: str,
        saved: SavedSchedule,
        expected: ScheduleMark | None,
        replace: bool = False,
    ) -> bool:
        sql = self._sql
        with self._write("save the schedule") as conn:
            if replace:  # a whole schedule as of its mark: consistent whoever saved before
                for statement in sched.FORGET:
                    conn.execute(sql(statement), {"rep": rep})
            else:
                found = conn.execute(sql(sched.READ_MARK + self._for_update), {"rep": rep})
                row = found.fetchone()
                if (None if row is None else self._mark(row)) != expected:
                    return False  # another process saved first: theirs stands
            mark = saved.mark
            conn.execute(
                sql(sched.SAVE_MARK),
                {
                    "rep": rep,
                    "version": mark.version,
                    "mark": self._bind_time(mark.mark),
                    "attempts": mark.attempts,
                    "open_ids": json.dumps(list(mark.open_ids)),
                    "last_attempt_id": mark.last_attempt_id,
                },
            )
            cursor = conn.cursor()
            if saved.cards:
                cursor.executemany(sql(sched.SAVE_CARD), [self._card(rep, c) for c in saved.cards])
            if saved.days:
                cursor.executemany(
                    sql(sched.SAVE_DAY),
                    [
                        {
                            "rep": rep,
                            "local_day": self._bind_day(d),
                            "cleared": c,
                            "new_scenarios": n,
                        }
                        for d, c, n in saved.days
                    ],
                )
        return True

    def _card(self, rep: str, c: SavedCard) -> dict[str, Any]:
        return {
            "rep": rep,
            "seq": c.seq,
            "scenario_id": c.scenario_id,
            "step_id": c.step_id or "",
            "first_day": self._bind_day(c.first_day),
            "last_day": self._bind_day(c.last_day),
            "reviews": c.reviews,
            "lapses": c.lapses,
            "scores": " ".join(map(repr, c.scores)),  # floats' repr reads back exactly
            "state": c.state,
            "stability": c.stability,
            "difficulty": c.difficulty,
            "interval_days": c.interval_days,
            "last_review": None if c.last_review is None else self._bind_time(c.last_review),
        }

    def rep_activity(self, since: date) -> list[RepActivity]:
        sql, params = q.reps_query(since.isoformat())
        calls_sql, calls_params = q.finished_calls_query(None, since.isoformat(), by="rep")
        with self._read("read the team's practice") as conn:
            calls = self._finished_calls(conn, calls_sql, calls_params)
            return [
                RepActivity(
                    rep=rep,
                    drills=int(drills),
                    seconds=float(seconds or 0.0),
                    answers=int(answers or 0),
                    answer_score_sum=float(score_sum or 0.0),
                    calls=calls.get(rep, (0, 0.0))[0],
                    call_score_sum=calls.get(rep, (0, 0.0))[1],
                    active_days=int(days),
                    last_day=self._day(last),
                )
                for rep, drills, seconds, answers, score_sum, days, last in conn.execute(
                    self._sql(sql), params
                )
            ]

    def rep_names(self) -> list[str]:
        with self._read("read the reps' names") as conn:
            return [str(rep) for (rep,) in conn.execute(self._sql(q.REP_NAMES))]

    def _recent(
        self, conn: Any, rep: str | None, scenario_id: str, n: int, scored: bool
    ) -> list[tuple[str, float | None]]:
        """The latest `n` attempts of a scenario (only scored ones if `scored`): title and
        score, newest first."""
        sql, params = q.scenario_recent_query(rep, scenario_id, n, scored)
        return [(title, score) for title, score in conn.execute(self._sql(sql), params)]

    def scenario_summary(self, rep: str | None, recent: int = 5) -> list[ScenarioSummary]:
        summaries: list[ScenarioSummary] = []
        with self._read("read the scenario summary") as conn:
            sql, params = q.scenario_totals_query(rep)
            totals = conn.execute(self._sql(sql), params).fetchall()
            sql, params = q.scenario_finished_query(rep)
            finished = dict(conn.execute(self._sql(sql), params).fetchall())
            for scenario_id, attempts, best, last in totals:
                title = self._recent(conn, rep, scenario_id, 1, False)[0][0]
                scores = [
                    float(s)
                    for _, s in self._recent(conn, rep, scenario_id, recent, True)
                    if s is not None
                ]
                summaries.append(
                    ScenarioSummary(
                        scenario_id=scenario_id,
                        scenario_title=title,
                        attempts=int(attempts),
                        best_score=best,
                        last_practised=self._time(last),
                        recent_average=sum(scores) / len(scores) if scores else None,
                        recent=len(scores),
                        finished=int(finished.get(scenario_id, 0)),
                    )
                )
        summaries.sort(key=lambda s: s.last_practised, reverse=True)
        return summaries

    def score_trends(self, rep: str | None, recent: int = 12, limit: int = 8) -> list[ScoreTrend]:
        trends: list[ScoreTrend] = []
        with self._read("read the score trends") as conn:
            sql, params = q.scenario_totals_query(rep)
            totals = conn.execute(self._sql(sql), params).fetchall()
            totals.sort(key=lambda t: (-t[1], t[0]))  # most attempts first
            for scenario_id, attempts, best, _ in totals[:limit]:
                rows = self._recent(conn, rep, scenario_id, recent, True)[::-1]
                if rows:
                    title = rows[-1][0]
                else:  # practised, never scored: the title from the latest attempt
                    title = self._recent(conn, rep, scenario_id, 1, False)[0][0]
                trends.append(
                    ScoreTrend(
                        scenario_id,
                        title,
                        int(attempts),
                        best,
                        [float(s) for _, s in rows if s is not None],
                    )
                )
        return trends

    def export(
        self, rep: str | None = None, since: datetime | None = None
    ) -> Iterator[AttemptDetail]:
        # Page by start time (never all attempts in memory); `seen` holds the ids already
        # given at the page boundary's time, which the next page starts from again.
        after = None if since is None else _ts(since)
        seen: set[str] = set()
        size = EXPORT_BATCH
        while True:
            sql, params = q.attempts_query(rep, None, after, size, newest_first=False)
            now = datetime.now(UTC)
            with self._read("export the log") as conn:
                rows = conn.execute(self._sql(sql), params).fetchall()
                batch = [a for a in (self._attempt(r, now) for r in rows) if a.id not in seen]
                if not batch:
                    if len(rows) < size:
                        return
                    size *= 2  # one instant holds a whole page: widen the page
                    continue
                turns: dict[str, list[TurnRecord]] = {a.id: [] for a in batch}
                ids = {f"a{i}": a.id for i, a in enumerate(batch)}
                for row in conn.execute(self._sql(q.turns_of_attempts(len(batch))), ids):
                    turn = self._turn(row)
                    turns[turn.attempt_id].append(turn)
            notes = self.notes([a.id for a in batch])
            for a in batch:
                pair = self.pair_note(a.id) if a.mode is DrillMode.PAIR else None
                yield AttemptDetail(a, turns[a.id], notes.get(a.id, []), pair)
            if len(rows) < size:
                return
            last = batch[-1].started_at
            at_last = {a.id for a in batch if a.started_at == last}
            seen = at_last | seen if _ts(last) == after else at_last
            after = _ts(last)

    def _damaged_turns(self, conn: Any, sql: str, limit: int = DAMAGED_SHOWN) -> list[str]:
        """`doctor`'s lines for turns whose scoring details a reader cannot use, from `sql`
        (attempt id, seq, result JSON, score of the suspect rows, in order)."""
        problems: list[str] = []
        count = 0
        for attempt_id, seq, text, score in conn.execute(sql):
            _, reason = read_result(text, score)
            count += 1
            if len(problems) < limit:
                reason = reason or "its scoring details are incomplete"
                problems.append(damaged_turn(seq, attempt_id, reason))
        if count > limit:
            problems.append(
                f"... and {count - limit} more damaged turn{'s' if count - limit != 1 else ''}"
            )
        return problems

    def recording_paths(self) -> list[str]:
        with self._read("list the recordings") as conn:
            return [row[0] for row in conn.execute(self._sql(q.RECORDING_PATHS))]


def read_result(text: Any, score: Any) -> tuple[TurnScore, str | None]:
    """A turn's scoring details from its stored JSON, and what is wrong with them (None when
    nothing). Damaged details (written by hand, or by a broken program) never fail a reader:
    unreadable ones are replaced by the stored score alone, with a note saying so."""
    try:
        stored = float(score)
    except (TypeError, ValueError):
        stored = 0.0
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return _damaged(stored, "its scoring details are not valid JSON")
    if not isinstance(data, dict):
        return _damaged(stored, "its scoring details are not a JSON object")
    try:
        result = TurnScore.from_dict(data)
    except KeyError as exc:
        return _damaged(stored, f"its scoring details lack {exc}")
    except (TypeError, ValueError, AttributeError, RecursionError):
        return _damaged(stored, "its scoring details cannot be read")
    if result.score != stored and not (math.isnan(result.score) and math.isnan(stored)):
        reason = f"its details give the score {result.score:g}, its score column {stored:g}"
        note = f"Damaged in the log: {reason}."
        return replace(result, score=stored, notes=(*result.notes, note)), reason
    return result, None


def _damaged(stored: float, reason: str) -> tuple[TurnScore, str]:
    note = (
        f"This answer's scoring details are damaged in the log ({reason}): only its "
        "stored score is shown."
    )
    return TurnScore(score=stored, criteria=(), notes=(note,)), reason


def damaged_turn(seq: int, attempt_id: str, reason: str) -> str:
    """How every reader names a damaged turn (`show`, `export`, `doctor`)."""
    return f"turn {seq} of attempt {attempt_id} is damaged ({reason})"


@dataclass(frozen=True, slots=True)
class _AttemptTotals:
    """An attempt's running totals, read inside a write to update them and its day's."""

    rep: str
    scenario_id: str
    local_day: Any  # as the backend stores it (ISO text in SQLite, a date in PostgreSQL)
    started_at: datetime
    active_s: float
    turn_count: int

    def seconds_until(self, moment: datetime) -> float:
        return max(0.0, (moment - self.started_at).total_seconds())

    def day_keys(
        self, active_s: float, answers: int, score: float, drills: int = 0
    ) -> dict[str, Any]:
        """An `ADD_TO_DAY` row moving the day from this attempt's old time to `active_s`."""
        return {
            "rep": self.rep,
            "local_day": self.local_day,
            "drills": drills,
            "active_s": active_s - self.active_s,
            "answers": answers,
            "score": score,
        }
