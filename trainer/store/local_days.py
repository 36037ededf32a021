"""A log's days follow the time zone the trainer runs in (`trainer.clock.local_day`).

Every attempt keeps the local day it started on (`attempts.local_day`), and the day totals
and the saved schedule are by those days. They are written in the zone of the process that
logs; after a time zone change, "today", the times on screen and `--since today` are in the
new zone while the logged days would stay in the old one (Home's Today at 0 beside a drill
from today). So a SQLite log opened for writing checks its latest attempts: when their days
are not those of this zone, it counts every attempt's day again in this zone, rebuilds the
day totals, and drops the saved schedule (it is replayed from the log: nothing is lost).
A zone set per process (`TZ=...`) counts them again at each opening in another zone.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from trainer.clock import local_day
from trainer.store.queries import REBUILD_TOTALS
from trainer.store.schedule_sql import SCHEDULE_TABLES

CHECKED = 50  # the latest attempts compared with this zone at each opening (the rowid index)
_DAY_TOTALS = (REBUILD_TOTALS[0], REBUILD_TOTALS[2])  # daily_practice, as the writes keep it


def _day_of(started_at: str) -> str | None:
    """The local day an attempt started on in this zone (None: a time that cannot be read,
    left as logged)."""
    try:
        return local_day(datetime.fromisoformat(started_at)).isoformat()
    except ValueError:
        return None


def zone_differs(conn: sqlite3.Connection) -> bool:
    """Whether the log's latest attempts were counted in another time zone (one small read
    of the rowid index)."""
    latest = conn.execute(
        f"SELECT started_at, local_day FROM attempts ORDER BY rowid DESC LIMIT {CHECKED}"
    ).fetchall()
    return any(
        (day := _day_of(started)) is not None and day != logged for started, logged in latest
    )


def follow_zone(conn: sqlite3.Connection) -> bool:
    """Inside the caller's write transaction: count the log's days in this time zone if its
    latest attempts were counted in another (asked again here: another process may have
    done it while this one waited for the lock); whether it did."""
    if not zone_differs(conn):
        return False
    moved = [
        (day, attempt_id)
        for attempt_id, started, logged in conn.execute(
            "SELECT id, started_at, local_day FROM attempts"
        ).fetchall()
        if (day := _day_of(started)) is not None and day != logged
    ]
    conn.executemany("UPDATE attempts SET local_day = ? WHERE id = ?", moved)
    for statement in _DAY_TOTALS:
        conn.execute(statement)
    for table in SCHEDULE_TABLES:
        conn.execute(f"DELETE FROM {table}")
    return True
