"""A cache of a rep's schedule beside the data, so today's queue does not replay the whole
log each time. It is never the source: it holds the cards as of a `mark` (every closed drill
started before it), with how many attempts started before the mark and which of them were
still in progress. It is used only when the schedule version matches, the log still has that
many attempts before the mark and none of those in progress has closed since (its drill
would be rated out of order); else the schedule is rebuilt from the log. Deleting it loses
nothing. On a team server the checks and the new rows are read from the server (under its
row-level security), and the cache is kept on the machine that reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.practice.schedule import (
    SCHEDULE_VERSION,
    CardKey,
    CardState,
    Schedule,
    apply_rows,
)

if TYPE_CHECKING:
    from trainer.store.base import Store


def cache_path(store: Store, rep: str) -> Path:
    """Where the cache of `rep`'s schedule for this log lives (a log file, or a team server
    and database: a manager's machine keeps one per rep it has shown)."""
    from trainer.paths import data_dir

    key = hashlib.sha256(f"{store.log_key}\0{rep}".encode()).hexdigest()[:24]
    return data_dir() / "cache" / f"schedule-{key}.json"


@dataclass(slots=True)
class Cached:
    schedule: Schedule
    mark: datetime  # every closed drill started before it is in `schedule`
    attempts: int  # attempts (any state) started before the mark
    open_ids: list[str]  # of those, the ones in progress then
    unsaved: int = 0  # drills replayed since the file was last written


CACHE_FORMAT = 2  # the file's layout (days as ordinals, times as POSIX seconds)
SAVE_EVERY = 20  # the file is rewritten after this many new drills (or after a rebuild)


# The cache as last read or written by this process (the app asks many times: Home, each
# drill of a session, Progress); checked against the log like the file. The schedules it
# hands out are shared: read them, never change them.
_MEMO: dict[Path, Cached] = {}
_LOCK = threading.Lock()


def cached_schedule(store: Store, rep: str) -> Schedule:
    """The rep's schedule: the cache brought up to date from the log, or a rebuild."""
    with _LOCK:
        return _up_to_date(store, rep)


def cached_schedules(store: Store, reps: Sequence[str]) -> dict[str, Schedule]:
    """`cached_schedule` of many reps (the manager's team view): the caches' checks and
    new rows are read for all of them at once; a rep whose cache fails its check or has
    new drills is then brought up to date alone, exactly as `cached_schedule` does."""
    with _LOCK:
        found: dict[str, Cached] = {}
        for rep in reps:
            path = cache_path(store, rep)
            cached = _MEMO.get(path) or _load(path)
            if cached is not None:
                found[rep] = cached
        wanted = list(found)
        checks = store.schedule_checks([(r, found[r].mark, found[r].open_ids) for r in wanted])
        fresh = [
            r
            for r, (attempts, still_open) in zip(wanted, checks, strict=True)
            if attempts == found[r].attempts and still_open == sorted(found[r].open_ids)
        ]
        newer = store.reviews_since([(r, found[r].mark) for r in fresh])
        schedules: dict[str, Schedule] = {}
        for rep in reps:
            if rep in fresh and rep not in newer:
                _MEMO[cache_path(store, rep)] = found[rep]
                schedules[rep] = found[rep].schedule
            else:
                schedules[rep] = _up_to_date(store, rep)
        return schedules


def _up_to_date(store: Store, rep: str) -> Schedule:
    path = cache_path(store, rep)
    cached = _MEMO.get(path) or _load(path)
    if cached is not None and not _still_true(store, rep, cached):
        cached = None
    since = cached.mark if cached is not None else None
    schedule = cached.schedule if cached is not None else Schedule()
    rows = store.review_rows(rep, since)
    apply_rows(schedule, rows)
    if rows or cached is None:
        mark = max((r.started_at for r in rows), default=since or datetime(1970, 1, 1, tzinfo=UTC))
        mark += timedelta(microseconds=1)
        open_ids = store.open_attempts(rep, since, mark, cached.open_ids if cached else ())
        unsaved = (cached.unsaved if cached else SAVE_EVERY) + len({r.attempt_id for r in rows})
        cached = Cached(schedule, mark, store.attempts_before(rep, mark), open_ids, unsaved)
        if unsaved >= SAVE_EVERY:
            _save(path, cached)
            cached.unsaved = 0
    if cached is not None:
        _MEMO[path] = cached
    return schedule


def _still_true(store: Store, rep: str, cached: Cached) -> bool:
    """The log before the mark is as the cache saw it."""
    return store.attempts_before(rep, cached.mark) == cached.attempts and store.open_attempts(
        rep, cached.mark, cached.mark, cached.open_ids
    ) == sorted(cached.open_ids)


def to_json(cached: Cached) -> dict[str, Any]:
    schedule = cached.schedule
    return {
        "version": [SCHEDULE_VERSION, CACHE_FORMAT],
        "mark": cached.mark.isoformat(),
        "attempts": cached.attempts,
        "open": cached.open_ids,
        "cleared": {d.isoformat(): n for d, n in schedule.cleared_by_day.items()},
        "new": {d.isoformat(): n for d, n in schedule.new_by_day.items()},
        "cards": [
            [
                s.key.scenario_id,
                s.key.step_id,
                s.first_day.toordinal(),
                s.last_day.toordinal(),
                s.reviews,
                s.lapses,
                s.scores,
                s.state,
                s.stability,
                s.difficulty,
                s.interval_days,
                None if s.last_review is None else s.last_review.timestamp(),
            ]
            for s in schedule.cards.values()
        ],
    }


def from_json(data: dict[str, Any]) -> Cached | None:
    if data.get("version") != [SCHEDULE_VERSION, CACHE_FORMAT]:
        return None
    schedule = Schedule(
        cleared_by_day={date.fromisoformat(d): int(n) for d, n in data["cleared"].items()},
        new_by_day={date.fromisoformat(d): int(n) for d, n in data["new"].items()},
    )
    ordinal, stamp = date.fromordinal, datetime.fromtimestamp
    for (
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
    ) in data["cards"]:
        if not all(isinstance(x, int | float) for x in scores):
            raise ValueError("scores must be numbers")
        schedule.add(
            CardState(
                CardKey(str(sid), None if step is None else str(step)),
                ordinal(int(first)),
                ordinal(int(last)),
                int(reviews),
                int(lapses),
                scores,
                int(state),
                None if stability is None else float(stability),
                None if difficulty is None else float(difficulty),
                int(interval),
                None if reviewed is None else stamp(float(reviewed), UTC),
            )
        )
    return Cached(
        schedule,
        datetime.fromisoformat(data["mark"]),
        int(data["attempts"]),
        [str(i) for i in data["open"]],
    )


def _load(path: Path) -> Cached | None:
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: rebuild
        return None


def _save(path: Path, cached: Cached) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(to_json(cached)), encoding="utf-8")
        os.replace(temp, path)
