"""One rep, one name in a file log (`trainer.store.base.rep_key`: spaces and case aside).

A log written before names were matched so may hold one rep under two spellings ("Ana" and
"ana": two rows in `stats --by-rep`, practice split between them). A SQLite log opened for
writing moves every later spelling's rows to the first written, in one transaction: their
attempts, assignments, notes and pair calls; the day and scenario totals are rebuilt from the
attempts (as the writes keep them) and the saved schedule of both is dropped (replayed from the
log). Nothing is deleted. A team server's reps are its logins: it is never changed.
"""

from __future__ import annotations

import sqlite3

from trainer.store.base import rep_key
from trainer.store.queries import REBUILD_TOTALS, REP_NAMES
from trainer.store.schedule_sql import SCHEDULE_TABLES

# (table, column) naming a rep; UPDATE OR IGNORE keeps a row whose key the first spelling
# already has (an observer's notes on one call under both spellings).
_NAMED = (
    ("attempts", "rep"),
    ("assignments", "rep"),
    ("assignments", "assigned_by"),
    ("attempt_notes", "author"),
    ("pair_notes", "rep"),
    ("pair_notes", "partner"),
    ("pair_notes", "observer"),
    ("pair_observations", "observer"),
)


def later_spellings(names: list[str]) -> dict[str, str]:
    """Each later spelling of a rep (names first written first) and the first written."""
    first: dict[str, str] = {}
    moved: dict[str, str] = {}
    for name in names:
        kept = first.setdefault(rep_key(name), name)
        if kept != name:
            moved[name] = kept
    return moved


def spellings_to_merge(conn: sqlite3.Connection) -> dict[str, str]:
    """Each later spelling of a rep in the log and the first written (one small query)."""
    return later_spellings([str(n) for (n,) in conn.execute(REP_NAMES)])


def merge_spellings(conn: sqlite3.Connection) -> dict[str, str]:
    """Inside the caller's write transaction: move the rows of every later spelling of a rep
    to the first written (asked again here: another process may have done it while this one
    waited for the lock); what it moved."""
    moved = spellings_to_merge(conn)
    if not moved:
        return moved
    tables = {str(t) for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for old, new in moved.items():
        for table, column in _NAMED:
            if table in tables:
                conn.execute(
                    f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {column} = ?", (new, old)
                )
        for table in SCHEDULE_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE rep IN (?, ?)", (old, new))
    for statement in REBUILD_TOTALS:
        conn.execute(statement)
    return moved
