"""A rep's schedule saved in the log itself (derived tables, trainer.store.schedule_sql), so
today's queue never replays the whole log: a new process reads the saved cards and folds in
only the drills closed since.

The saved schedule is never the source. It holds the cards as of a `mark` (every closed
drill started before it, the latest being the last attempt folded in), with how many
attempts started before the mark and which of them were still in progress. It is used only
when the rating rules' version matches, the log still has that many attempts before the
mark and none of those in progress has closed since (its drill would be rated out of
order); otherwise the schedule is replayed from the log and saved again. A restored or
copied log carries its own saved schedule, checked the same way; deleting the tables'
rows loses nothing. A log that cannot be written (read-only file, a manager reading a
rep's rows on the team server) is replayed and kept in memory only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from trainer.practice.schedule import (
    SCHEDULE_VERSION,
    CardKey,
    CardState,
    Schedule,
    apply_rows,
)
from trainer.store.base import StoreError
from trainer.store.records import SavedCard, SavedSchedule, ScheduleMark

if TYPE_CHECKING:
    from trainer.store.base import Store

Progress = Callable[[int, int], None]  # (reps done, reps in all)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class Known:
    """A schedule and the mark it is up to date with; `saved`: the mark the log holds;
    `writable`: False once the log refused a save (read-only), so it is not tried again."""

    schedule: Schedule
    mark: ScheduleMark
    saved: ScheduleMark | None
    writable: bool = True


# The schedule as last read by this process (the app asks many times: Home, each drill of a
# session, Progress), checked against the log like the saved one. The schedules it hands out
# are shared: read them, never change them.
_MEMO: dict[tuple[object, str], Known] = {}
_LOCK = threading.Lock()


def cached_schedule(store: Store, rep: str) -> Schedule:
    """The rep's schedule: the saved one brought up to date from the log, or a replay."""
    with _LOCK:
        return _up_to_date(store, rep)


def forget_memo() -> None:
    """Drop what this process remembers (as a new process would start)."""
    with _LOCK:
        _MEMO.clear()


def _memo_key(store: Store, rep: str) -> tuple[object, str]:
    return (store.path.resolve() if store.path is not None else id(store), rep)


def _up_to_date(store: Store, rep: str) -> Schedule:
    key = _memo_key(store, rep)
    known = _MEMO.pop(key, None) or _from_log(store, rep)
    replay = known is None or not _still_true(store, rep, known.mark)
    if known is None or replay:
        known = Known(Schedule(), ScheduleMark(SCHEDULE_VERSION, EPOCH, 0, (), None), None)
    rows = store.review_rows(rep, known.mark.mark)
    apply_rows(known.schedule, rows)
    if rows:
        mark = rows[-1].started_at + timedelta(microseconds=1)  # rows come oldest first
        known.mark = ScheduleMark(
            SCHEDULE_VERSION,
            mark,
            store.attempts_before(rep, mark),
            tuple(store.open_attempts(rep, known.mark.mark, mark, known.mark.open_ids)),
            rows[-1].attempt_id,
        )
    if (
        (replay or known.saved != known.mark)
        and known.writable
        and not _save(store, rep, known, replay)
    ):
        return known.schedule  # another process saved first: read theirs next time
    _MEMO[key] = known
    return known.schedule


def _from_log(store: Store, rep: str) -> Known | None:
    """The schedule saved in the log, if any was saved under these rules."""
    try:
        saved = store.saved_schedule(rep)
    except StoreError:  # an older team server or an unreadable table: replay
        return None
    return _known(saved)


def _known(saved: SavedSchedule | None) -> Known | None:
    """A saved schedule as this process keeps it; None when none was saved under these
    rules."""
    if saved is None or saved.mark.version != SCHEDULE_VERSION:
        return None
    schedule = Schedule()
    cards, steps = schedule.cards, schedule.steps
    for c in saved.cards:  # Schedule.add, inlined: thousands of cards at each start
        key = CardKey(c.scenario_id, c.step_id)
        state = CardState(
            key,
            c.first_day,
            c.last_day,
            c.reviews,
            c.lapses,
            list(c.scores),
            c.state,
            c.stability,
            c.difficulty,
            c.interval_days,
            c.last_review,
        )
        cards[key] = state
        if c.step_id is not None:
            steps.setdefault(c.scenario_id, []).append(state)
    for day, cleared, new in saved.days:
        if cleared:
            schedule.cleared_by_day[day] = cleared
        if new:
            schedule.new_by_day[day] = new
    return Known(schedule, saved.mark, saved.mark)


def _still_true(store: Store, rep: str, mark: ScheduleMark) -> bool:
    """The log before the mark is as the schedule saw it."""
    if mark.mark == EPOCH:
        return True
    return store.attempts_before(rep, mark.mark) == mark.attempts and store.open_attempts(
        rep, mark.mark, mark.mark, mark.open_ids
    ) == sorted(mark.open_ids)


def _save(store: Store, rep: str, known: Known, replace: bool) -> bool:
    """Save what changed since the saved mark (all of it on a replay). False when another
    process saved first; a log that cannot be written keeps the schedule in memory only."""
    schedule = known.schedule
    order = {k: n for n, k in enumerate(schedule.cards)}
    keys = schedule.cards.keys() if replace else schedule.touched
    cards = tuple(_saved_card(order[k], schedule.cards[k]) for k in keys)
    days = sorted(set(schedule.cleared_by_day) | set(schedule.new_by_day))
    if not replace:
        days = [d for d in days if d in schedule.touched_days]
    day_rows = tuple(
        (d, schedule.cleared_by_day.get(d, 0), schedule.new_by_day.get(d, 0)) for d in days
    )
    try:
        saved = store.save_schedule(
            rep, SavedSchedule(known.mark, cards, day_rows), known.saved, replace
        )
    except StoreError:
        known.writable = False
        return True
    if saved:
        known.saved = known.mark
        schedule.touched.clear()
        schedule.touched_days.clear()
    return saved


def _saved_card(seq: int, s: CardState) -> SavedCard:
    return SavedCard(
        seq,
        s.key.scenario_id,
        s.key.step_id,
        s.first_day,
        s.last_day,
        s.reviews,
        s.lapses,
        tuple(s.scores),
        s.state,
        s.stability,
        s.difficulty,
        s.interval_days,
        s.last_review,
    )


def cached_schedules(
    store: Store, reps: Sequence[str], progress: Progress | None = None
) -> dict[str, Schedule]:
    """`cached_schedule` of many reps (the manager's team view). The saved schedules'
    checks and new drills are read for all reps at once (one query each on a team server);
    a rep whose saved schedule fails its check or has new drills is then brought up to date
    (and saved) alone, exactly as `cached_schedule` does, so the next report reads it.
    `progress(done, total)` is told after each rep (the first report after an upgrade
    replays every rep's log: tens of seconds on a large team)."""
    with _LOCK:
        known: dict[str, Known] = {}
        unknown = [rep for rep in reps if _memo_key(store, rep) not in _MEMO]
        try:  # the saved schedules of all at once (one read, not one a rep)
            saved = store.saved_schedules(unknown)
        except StoreError:  # an older team server or an unreadable table: replays
            saved = {}
        for rep in reps:
            found = _MEMO.get(_memo_key(store, rep)) or _known(saved.get(rep))
            if found is not None and found.mark.mark != EPOCH:
                known[rep] = found
        wanted = list(known)
        checks = store.schedule_checks(
            [(r, known[r].mark.mark, known[r].mark.open_ids) for r in wanted]
        )
        holds = [
            r
            for r, (attempts, still_open) in zip(wanted, checks, strict=True)
            if attempts == known[r].mark.attempts and still_open == sorted(known[r].mark.open_ids)
        ]
        newer = store.reviews_since([(r, known[r].mark.mark) for r in holds])
        schedules: dict[str, Schedule] = {}
        for done, rep in enumerate(reps, 1):
            if progress is not None:
                progress(done - 1, len(reps))
            if rep in known:
                _MEMO[_memo_key(store, rep)] = known[rep]
            if rep in holds and rep not in newer and known[rep].saved == known[rep].mark:
                schedules[rep] = known[rep].schedule
            else:
                schedules[rep] = _up_to_date(store, rep)
        if progress is not None:
            progress(len(reps), len(reps))
        return schedules
