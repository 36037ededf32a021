"""The plan's reads and writes shared by the SQLite and PostgreSQL stores (`SQLStore`
mixes this in): published scenarios, assignments, notes on attempts, and the grouped
figures the team report reads. Same hooks as `sql_store.SQLStore`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from trainer.store import plan_queries as pq
from trainer.store.base import StoreError
from trainer.store.plan_records import (
    Assignment,
    AssignmentTotals,
    AttemptNote,
    PublishedScenario,
    TargetKind,
)

IN_BATCH = 500  # ids bound in one `IN (...)`


class PlanSQL(ABC):
    """Mixed into `SQLStore`, whose backends supply these hooks (documented there)."""

    @abstractmethod
    def _read(self, action: str) -> AbstractContextManager[Any]: ...
    @abstractmethod
    def _write(self, action: str, managers: bool = False) -> AbstractContextManager[Any]: ...
    @abstractmethod
    def _sql(self, sql: str) -> str: ...
    @abstractmethod
    def _bind_time(self, moment: datetime) -> Any: ...
    @abstractmethod
    def _bind_day(self, day: date) -> Any: ...
    @abstractmethod
    def _time(self, value: Any) -> datetime: ...
    @abstractmethod
    def _day(self, value: Any) -> date: ...

    # -- published scenarios ------------------------------------------------------------------

    def publish_scenario(self, published: PublishedScenario) -> bool:
        """Keep one version of a scenario file; False when that exact version was already
        published. The same id and version with other content is refused: bump `version`."""
        row = {
            "scenario_id": published.scenario_id,
            "version": published.version,
            "sha256": published.sha256,
            "title": published.title,
            "content": published.content,
            "published_by": published.published_by,
            "published_at": self._bind_time(published.published_at),
            "draft": published.draft,
        }
        keys = {"scenario_id": published.scenario_id, "version": published.version}
        with self._write("publish scenarios", managers=True) as conn:
            found = conn.execute(self._sql(pq.PUBLISHED_VERSION), keys).fetchone()
            if found is not None:
                if found[0] != published.sha256:
                    raise StoreError(
                        f"{published.scenario_id} version {published.version} is already "
                        "published with other content: raise its `version` to publish a change."
                    )
                # Written even when unchanged: on a team server only a manager may.
                conn.execute(self._sql(pq.UNDRAFT), {**keys, "draft": published.draft})
                return bool(found[1]) != published.draft
            latest = conn.execute(self._sql(pq.PUBLISHED_LATEST_VERSION), keys).fetchone()
            if latest is not None and latest[0] is not None and latest[0] > published.version:
                raise StoreError(
                    f"{published.scenario_id} version {latest[0]} is already published, newer "
                    f"than this file's version {published.version}: nothing was published."
                )
            conn.execute(self._sql(pq.PUBLISH), row)
            return True

    def published_scenarios(
        self, latest_only: bool = True, include_drafts: bool = False
    ) -> list[PublishedScenario]:
        """Published versions (each id's newest by default) the login may read."""
        sql = pq.published_query(latest_only, include_drafts)
        params = {} if include_drafts else {"no": False}
        with self._read("read the published scenarios") as conn:
            return [self._published(r) for r in conn.execute(self._sql(sql), params)]

    def _published(self, row: tuple[Any, ...]) -> PublishedScenario:
        c = dict(zip(pq.PUBLISHED_COLUMNS, row, strict=True))
        return PublishedScenario(
            scenario_id=c["scenario_id"],
            version=int(c["version"]),
            sha256=c["sha256"],
            title=c["title"],
            content=bytes(c["content"]),
            published_by=c["published_by"],
            published_at=self._time(c["published_at"]),
            draft=bool(c["draft"]),
        )

    # -- assignments --------------------------------------------------------------------------

    def _assignment_row(self, a: Assignment) -> dict[str, Any]:
        return {
            "id": a.id,
            "rep": a.rep,
            "target_kind": str(a.target_kind),
            "target": a.target,
            "due_day": self._bind_day(a.due),
            "attempts_target": a.attempts_target,
            "minutes_target": a.minutes_target,
            "passing_score": a.passing_score,
            "note": a.note,
            "assigned_by": a.assigned_by,
            "assigned_at": self._bind_time(a.assigned_at),
            "withdrawn_at": None if a.withdrawn_at is None else self._bind_time(a.withdrawn_at),
        }

    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        """Give practice to reps (one row per rep), all in one transaction."""
        with self._write("assign practice", managers=True) as conn:
            for a in assignments:
                conn.execute(self._sql(pq.INSERT_ASSIGNMENT), self._assignment_row(a))

    def update_assignment(self, assignment: Assignment) -> None:
        """Change an open assignment's due day, targets and note."""
        with self._write("change the assignment", managers=True) as conn:
            changed = conn.execute(
                self._sql(pq.UPDATE_ASSIGNMENT), self._assignment_row(assignment)
            ).rowcount
        if changed != 1:
            raise StoreError(f"No open assignment {assignment.id}: nothing was changed.")

    def withdraw_assignment(self, assignment_id: str, at: datetime) -> None:
        with self._write("withdraw the assignment", managers=True) as conn:
            changed = conn.execute(
                self._sql(pq.WITHDRAW_ASSIGNMENT),
                {"id": assignment_id, "at": self._bind_time(at)},
            ).rowcount
        if changed != 1:
            raise StoreError(f"No open assignment {assignment_id}: nothing was withdrawn.")

    def assignments(
        self, rep: str | None = None, include_withdrawn: bool = False
    ) -> list[Assignment]:
        """Assignments the login may read (a rep on a team server: their own), by due day."""
        sql, params = pq.assignments_query(rep, include_withdrawn)
        with self._read("read the assignments") as conn:
            return [self._assignment(r) for r in conn.execute(self._sql(sql), params)]

    def find_assignment(self, prefix: str) -> Assignment | None:
        """The assignment whose id starts with `prefix` (None when none; an error when many)."""
        lo = prefix.strip().lower()
        if not lo:
            return None
        with self._read("read the assignment") as conn:
            rows = conn.execute(
                self._sql(pq.ASSIGNMENTS_BY_PREFIX), {"lo": lo, "hi": lo + "\x7f"}
            ).fetchall()
        if len(rows) > 1:
            raise StoreError(f"More than one assignment starts with {prefix!r}: give more of it.")
        return self._assignment(rows[0]) if rows else None

    def _assignment(self, row: tuple[Any, ...]) -> Assignment:
        c = dict(zip(pq.ASSIGNMENT_COLUMNS, row, strict=True))
        return Assignment(
            id=c["id"],
            rep=c["rep"],
            target_kind=TargetKind(c["target_kind"]),
            target=c["target"],
            due=self._day(c["due_day"]),
            attempts_target=int(c["attempts_target"]),
            minutes_target=int(c["minutes_target"]),
            passing_score=c["passing_score"],
            note=c["note"],
            assigned_by=c["assigned_by"],
            assigned_at=self._time(c["assigned_at"]),
            withdrawn_at=None if c["withdrawn_at"] is None else self._time(c["withdrawn_at"]),
        )

    def assignment_totals(
        self, rep: str, scenario_ids: Collection[str], since: datetime
    ) -> AssignmentTotals:
        """What `rep` practised on these scenarios since `since` (trainer.practice.rules)."""
        ids = sorted(set(scenario_ids))
        drills, seconds, best, finished, score_sum = 0, 0.0, None, 0, 0.0
        last: datetime | None = None
        with self._read("read the assignment's progress") as conn:
            for start in range(0, len(ids), IN_BATCH):
                chunk = ids[start : start + IN_BATCH]
                params: dict[str, Any] = {f"s{i}": s for i, s in enumerate(chunk)}
                params |= {"rep": rep, "since": self._bind_time(since)}
                row = conn.execute(
                    self._sql(pq.assignment_totals_query(len(chunk))), params
                ).fetchone()
                part = totals_row(tuple(row), self._time)
                drills += part.drills
                seconds += part.seconds
                if part.best is not None and (best is None or part.best > best):
                    best = part.best
                finished += part.finished
                score_sum += part.score_sum
                if part.last_started_at is not None:
                    moment = part.last_started_at
                    last = moment if last is None else max(last, moment)
        return AssignmentTotals(drills, seconds, best, finished, score_sum, last)

    def assignments_totals(
        self, wanted: Sequence[tuple[Assignment, Collection[str]]]
    ) -> list[AssignmentTotals]:
        """`assignment_totals` of many assignments (each with the scenarios it covers), in
        order; the team server answers them in one query (`PostgresStore`)."""
        return [self.assignment_totals(a.rep, ids, a.assigned_at) for a, ids in wanted]

    # -- notes on attempts --------------------------------------------------------------------

    def add_note(self, note: AttemptNote) -> None:
        """A comment and/or a human score on an attempt (never changes its own score)."""
        with self._write("comment on the attempt", managers=True) as conn:
            conn.execute(
                self._sql(pq.INSERT_NOTE),
                {
                    "id": note.id,
                    "attempt_id": note.attempt_id,
                    "turn_seq": note.turn_seq,
                    "author": note.author,
                    "body": note.body,
                    "human_score": note.human_score,
                    "created_at": self._bind_time(note.created_at),
                },
            )

    def notes(self, attempt_ids: Collection[str]) -> dict[str, list[AttemptNote]]:
        """The notes on these attempts the login may read, oldest first, by attempt."""
        found: dict[str, list[AttemptNote]] = defaultdict(list)
        ids = list(dict.fromkeys(attempt_ids))
        with self._read("read the notes") as conn:
            for start in range(0, len(ids), IN_BATCH):
                chunk = ids[start : start + IN_BATCH]
                params = {f"a{i}": a for i, a in enumerate(chunk)}
                for row in conn.execute(self._sql(pq.notes_of_attempts(len(chunk))), params):
                    c = dict(zip(pq.NOTE_COLUMNS, row, strict=True))
                    found[c["attempt_id"]].append(
                        AttemptNote(
                            id=c["id"],
                            attempt_id=c["attempt_id"],
                            turn_seq=c["turn_seq"],
                            author=c["author"],
                            body=c["body"],
                            human_score=c["human_score"],
                            created_at=self._time(c["created_at"]),
                        )
                    )
        return dict(found)

    # -- the team report's grouped reads ------------------------------------------------------

    def team_days(self, since: date) -> list[tuple[str, date, int, float]]:
        """(rep, local day, drills, seconds) of every day with a drill since `since`."""
        with self._read("read the team's practice") as conn:
            rows = conn.execute(self._sql(pq.REP_DAYS), {"since_day": self._bind_day(since)})
            return [(r, self._day(d), int(n), float(s or 0.0)) for r, d, n, s in rows]

    def team_last_days(self) -> dict[str, date]:
        """Each rep's last local day with a drill."""
        with self._read("read the team's practice") as conn:
            return {r: self._day(d) for r, d in conn.execute(self._sql(pq.REP_LAST_DAYS))}

    def team_members(self) -> list[str] | None:
        """Reps of the team (a SQLite log: no members list, None)."""
        return None

    def login_role(self) -> str | None:
        """ "rep", "manager" or "admin" on a team server; None for a file log."""
        return None


def totals_row(row: tuple[Any, ...], time: Callable[[Any], datetime]) -> AssignmentTotals:
    """Totals from a row of drills, seconds, best, finished, score sum, last start."""
    d, s, b, f, ss, lt = row
    return AssignmentTotals(
        int(d or 0),
        float(s or 0.0),
        None if b is None else float(b),
        int(f or 0),
        float(ss or 0.0),
        None if lt is None else time(lt),
    )
