"""Spaced repetition: the rating mapping, rebuilding the schedule from a real log (same log,
same due dates; the cache never changes the answer), the due queue, and a simulated month."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from tests.practice.practicelog import log_drill
from trainer.practice.schedule import (
    CardKey,
    build_schedule,
    due_queue,
    rating_for_attempt,
    rating_for_step,
    weakest_cards,
)
from trainer.practice.schedule_cache import cache_path, cached_schedule
from trainer.scoring.answer import InputKind
from trainer.scoring.result import FAIR_SCORE, GOOD_SCORE, TurnScore
from trainer.store.records import AttemptRecord, AttemptStatus, ReviewRow, TurnRecord, new_id
from trainer.store.sqlite import SQLiteStore

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "score", "rating"),
    [
        (AttemptStatus.FINISHED, 100.0, Rating.Good),
        (AttemptStatus.FINISHED, GOOD_SCORE, Rating.Good),
        (AttemptStatus.FINISHED, GOOD_SCORE - 0.1, Rating.Hard),
        (AttemptStatus.FINISHED, FAIR_SCORE, Rating.Hard),
        (AttemptStatus.FINISHED, FAIR_SCORE - 0.1, Rating.Again),
        (AttemptStatus.FINISHED, None, Rating.Again),
        (AttemptStatus.ABANDONED, 95.0, Rating.Again),  # ended early: not a call handled
        (AttemptStatus.UNFINISHED, 95.0, Rating.Again),
    ],
)
def test_rating_of_an_attempt_follows_score_bands_and_finishing(
    status: AttemptStatus, score: float | None, rating: Rating
) -> None:
    assert rating_for_attempt(status, score) is rating


def test_rating_of_a_step_follows_score_bands() -> None:
    assert [rating_for_step(s) for s in (90, 70, 55, 40, 39.9, 0)] == [
        Rating.Good,
        Rating.Good,
        Rating.Hard,
        Rating.Hard,
        Rating.Again,
        Rating.Again,
    ]


def due_days(store: SQLiteStore) -> dict[CardKey, date]:
    return {k: c.due_day for k, c in build_schedule(store.review_rows("ana")).cards.items()}


def test_same_log_gives_the_same_due_dates_and_the_cache_never_changes_them(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    for day in range(20):
        at = START + timedelta(days=day)
        log_drill(store, "objection/price", at, [30.0, 80.0])  # misses step 1
        log_drill(store, "objection/timing", at + timedelta(hours=1), [85.0])
    log_drill(store, "objection/timing", START + timedelta(days=3, hours=2), [10.0])  # same day
    first = due_days(store)
    assert first == due_days(store)
    assert first[CardKey("objection/price", "step-1")] < first[CardKey("objection/price", "step-2")]
    # A copy of the log (a restore) gives the same schedule.
    copy = tmp_path / "copy.sqlite3"
    store.close()
    copy.write_bytes((tmp_path / "log.sqlite3").read_bytes())
    assert due_days(SQLiteStore(copy)) == first
    # The cache is brought up to date from the log, and rebuilt when the log disagrees.
    store = SQLiteStore(tmp_path / "log.sqlite3")
    cached = cached_schedule(store, "ana")
    assert {k: c.due_day for k, c in cached.cards.items()} == first
    path = cache_path(store, "ana")
    assert path is not None and path.exists()
    log_drill(store, "objection/price", START + timedelta(days=40), [90.0, 90.0])
    log_drill(store, "objection/price", START - timedelta(days=40), [90.0, 90.0])  # merged
    fresh = {k: c.due_day for k, c in build_schedule(store.review_rows("ana")).cards.items()}
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    path.write_text("{damaged", encoding="utf-8")
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    # A drill in progress while the cache is saved is rated once it closes.
    live = AttemptRecord(
        new_id(),
        "ana",
        "objection/timing",
        1,
        "ab" * 32,
        "t",
        started_at=START + timedelta(days=41),
    )
    store.start_attempt(live)
    log_drill(store, "objection/price", START + timedelta(days=41, hours=1), [90.0, 90.0])
    cached_schedule(store, "ana")  # saved with the live drill still open
    store.log_turn(
        TurnRecord(new_id(), live.id, 1, "step-1", "l", "a", InputKind.TYPED, TurnScore(5.0, ()))
    )
    store.finish_attempt(
        live.id, AttemptStatus.FINISHED, START + timedelta(days=41, hours=2), "loss", "end", 5.0
    )
    fresh = {k: c.due_day for k, c in build_schedule(store.review_rows("ana")).cards.items()}
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    timing = cached_schedule(store, "ana").cards[CardKey("objection/timing")]
    assert timing.lapses == 1 and timing.last_day == (START + timedelta(days=41)).date()


def test_only_the_first_drill_of_a_day_and_only_closed_drills_count(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    log_drill(store, "objection/price", START, [20.0])
    log_drill(store, "objection/price", START + timedelta(hours=1), [95.0])
    open_drill = AttemptRecord(
        new_id(), "ana", "objection/later", 1, "ab" * 32, "t", started_at=START
    )
    store.start_attempt(open_drill)  # no answer: no drill, no card
    schedule = build_schedule(store.review_rows("ana"))
    card = schedule.cards[CardKey("objection/price")]
    assert card.reviews == 1 and card.lapses == 1
    assert CardKey("objection/later") not in schedule.cards


def test_queue_puts_assigned_first_then_most_overdue_and_a_few_new() -> None:
    store_rows = []
    for i, sid in enumerate(["s/a", "s/b", "s/c"]):
        at = START + timedelta(hours=i)
        store_rows.append(
            ReviewRow(
                new_id(),
                sid,
                at,
                at.date(),
                AttemptStatus.FINISHED,
                80.0 if sid != "s/b" else 10.0,
                "one",
                80.0,
                1,
            )
        )
    schedule = build_schedule(store_rows)
    library = ["s/a", "s/b", "s/c", "s/new1", "s/new2", "s/new3"]
    today = START.date() + timedelta(days=5)
    queue = due_queue(schedule, library, today, new_per_day=2, assigned_first=["s/c"])
    assert queue.scenario_ids[0] == "s/c"  # assigned first
    assert queue.items[0].assigned
    assert queue.scenario_ids[1] == "s/b"  # failed: most overdue
    assert queue.scenario_ids[-2:] == ["s/new1", "s/new2"]  # two new a day
    assert queue.overdue >= 1 and queue.new == 2
    same_day = due_queue(schedule, library, START.date(), new_per_day=2)
    assert same_day.new_today == 3 and same_day.new == 0  # today's allowance is used up
    assert same_day.due == 0  # drilled today: done for today


def test_a_month_of_daily_practice_brings_the_failed_objection_back_far_more_often(
    tmp_path: Path,
) -> None:
    """Each day the rep drills what is due; they always fail one objection and pass the
    others: the failed one comes back nearly every day, the passed ones rarely."""
    store = SQLiteStore(tmp_path / "log.sqlite3")
    library = [f"objection/o{i}" for i in range(6)]
    failing = library[2]
    drilled: dict[str, int] = dict.fromkeys(library, 0)
    for day in range(30):
        today = START.date() + timedelta(days=day)
        schedule = cached_schedule(store, "ana")
        queue = due_queue(schedule, library, today, new_per_day=3)
        for n, sid in enumerate(queue.scenario_ids):
            at = START + timedelta(days=day, minutes=5 * n)
            log_drill(store, sid, at, [20.0] if sid == failing else [90.0])
            drilled[sid] += 1
    passed = [drilled[s] for s in library if s != failing]
    print("drills in the month:", drilled)
    assert drilled[failing] >= 25
    assert max(passed) <= 6
    assert drilled[failing] >= 4 * max(passed)
    weakest = weakest_cards(cached_schedule(store, "ana"), START + timedelta(days=30))
    assert weakest[0].key.scenario_id == failing


def test_the_cache_file_reads_back_the_same_cards(tmp_path: Path) -> None:
    import json

    from trainer.practice import schedule_cache

    store = SQLiteStore(tmp_path / "log.sqlite3")
    for day in range(10):
        log_drill(store, "objection/price", START + timedelta(days=day), [30.0, 80.0])
    schedule = cached_schedule(store, "ana")
    path = cache_path(store, "ana")
    assert path is not None
    schedule_cache._MEMO.clear()  # as a new process: from the file
    back = schedule_cache.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert back is not None and back.schedule.cards == schedule.cards
    assert cached_schedule(store, "ana").cards == schedule.cards
