"""A cache of a rep's schedule beside the data, so today's queue does not replay the whole
log each time. It is never the source: it holds the cards as of a `mark` (every closed drill
started before it, and how many there were); it is used only when the log still has that
many closed drills before the mark and the schedule version matches, else the schedule is
rebuilt from the log. Deleting it loses nothing. Team servers (no log file) replay the log.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card

from trainer.practice.schedule import (
    SCHEDULE_VERSION,
    CardKey,
    CardState,
    Schedule,
    apply_rows,
)

if TYPE_CHECKING:
    from trainer.store.base import Store


def cache_path(store: Store, rep: str) -> Path | None:
    """Where the cache of `rep`'s schedule for this log lives (None on a team server)."""
    if store.path is None:
        return None
    from trainer.paths import data_dir

    key = hashlib.sha256(f"{Path(store.path).resolve()}\0{rep}".encode()).hexdigest()[:24]
    return data_dir() / "cache" / f"schedule-{key}.json"


def cached_schedule(store: Store, rep: str) -> Schedule:
    """The rep's schedule: the cache brought up to date from the log, or a rebuild."""
    path = cache_path(store, rep)
    loaded = _load(path) if path is not None else None
    if loaded is not None and store.review_count(rep, loaded[1]) == loaded[2]:
        schedule, mark, count = loaded
        rows = store.review_rows(rep, mark)
    else:
        schedule, mark, count = Schedule(), None, 0
        rows = store.review_rows(rep)
    apply_rows(schedule, rows)
    if path is not None and (rows or loaded is None):
        if rows:
            mark = max(r.started_at for r in rows) + timedelta(microseconds=1)
            count += len({r.attempt_id for r in rows})
        if mark is not None:
            _save(path, schedule, mark, count)
    return schedule


def to_json(schedule: Schedule, mark: datetime, count: int) -> dict[str, Any]:
    return {
        "version": SCHEDULE_VERSION,
        "mark": mark.isoformat(),
        "count": count,
        "cleared": {d.isoformat(): n for d, n in schedule.cleared_by_day.items()},
        "new": {d.isoformat(): n for d, n in schedule.new_by_day.items()},
        "cards": [
            [s.key.scenario_id, s.key.step_id, s.card.to_dict(), s.first_day.isoformat(),
             s.last_day.isoformat(), s.reviews, s.lapses, s.scores]
            for s in schedule.cards.values()
        ],
    }


def from_json(data: dict[str, Any]) -> tuple[Schedule, datetime, int] | None:
    if data.get("version") != SCHEDULE_VERSION:
        return None
    schedule = Schedule(
        cleared_by_day={date.fromisoformat(d): int(n) for d, n in data["cleared"].items()},
        new_by_day={date.fromisoformat(d): int(n) for d, n in data["new"].items()},
    )
    for sid, step, card, first, last, reviews, lapses, scores in data["cards"]:
        key = CardKey(str(sid), None if step is None else str(step))
        schedule.cards[key] = CardState(
            key, Card.from_dict(card), date.fromisoformat(first), date.fromisoformat(last),
            int(reviews), int(lapses), [float(x) for x in scores])
    return schedule, datetime.fromisoformat(data["mark"]), int(data["count"])


def _load(path: Path) -> tuple[Schedule, datetime, int] | None:
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: rebuild
        return None


def _save(path: Path, schedule: Schedule, mark: datetime, count: int) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(to_json(schedule, mark, count)), encoding="utf-8")
        os.replace(temp, path)
