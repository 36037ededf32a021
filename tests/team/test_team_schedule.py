"""Spaced repetition on the team server: the same schedule as from a SQLite log, saved on
the server under row-level security (a rep's schedule comes from, and is saved in, their
own rows only; a manager reads it)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.practice.schedule import build_schedule, due_queue, read_schedule
from trainer.practice.schedule_cache import forget_memo
from trainer.store.base import Store, StoreError
from trainer.store.open import open_store
from trainer.store.sqlite import SQLiteStore

from .conftest import TeamDb

sys.path.insert(0, str(Path(__file__).parents[1] / "practice"))
from tests.practice.practicelog import log_drill

pytestmark = pytest.mark.real_part
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)


def write_practice(store: Store) -> None:
    for day in range(0, 30, 2):
        at = START + timedelta(days=day)
        log_drill(store, "objection/price", at, [20.0, 80.0], rep="alex")
        log_drill(store, "objection/timing", at + timedelta(hours=1), [90.0], rep="alex")
        log_drill(store, "objection/price", at + timedelta(hours=2), [95.0], rep="blake")


def test_the_team_server_gives_the_schedule_a_sqlite_log_gives(
    team_db: TeamDb, tmp_path: Path
) -> None:
    admin = open_store(team_db.admin_url)  # past practice is written by the admin
    write_practice(admin)
    admin.close()
    local = SQLiteStore(tmp_path / "log.sqlite3")
    write_practice(local)
    expected = {
        k: (c.due_day, c.reviews, c.lapses)
        for k, c in build_schedule(local.review_rows("alex")).cards.items()
    }
    alex = open_store(team_db.url("alex"))
    try:
        schedule = read_schedule(alex, "alex")
        got = {k: (c.due_day, c.reviews, c.lapses) for k, c in schedule.cards.items()}
        assert got == expected and len(got) == 5
        today = datetime.now().astimezone().date()
        queue = due_queue(schedule, ["objection/price", "objection/timing"], today, 2)
        assert "objection/price" in queue.scenario_ids  # its first step keeps failing
        # the checks' queries work on the server too
        later = datetime.now(UTC) + timedelta(days=1)
        assert alex.attempts_before("alex", later) == 30
        assert alex.open_attempts("alex", None, later, ["nope"]) == []
        saved = alex.saved_schedule("alex")  # saved on the server, in alex's rows
        assert saved is not None and len(saved.cards) == 5
    finally:
        alex.close()
    forget_memo()  # a new process: the saved schedule, read back
    alex = open_store(team_db.url("alex"))
    try:
        again = read_schedule(alex, "alex")
        assert {k: (c.due_day, c.reviews, c.lapses) for k, c in again.cards.items()} == expected
    finally:
        alex.close()
    blake = open_store(team_db.url("blake"))
    try:
        assert blake.review_rows("alex") == []  # row-level security: only their own
        assert blake.saved_schedule("alex") is None
        assert len(read_schedule(blake, "blake").cards) == 2
        assert not blake.save_schedule("alex", saved, saved.mark)  # not what blake sees
        with pytest.raises(StoreError, match="row-level security"):
            blake.save_schedule("alex", saved, None, replace=True)
    finally:
        blake.close()
    morgan = open_store(team_db.url("morgan"))  # a manager reads it
    try:
        seen = morgan.saved_schedule("alex")
        assert seen is not None and len(seen.cards) == 5
    finally:
        morgan.close()
