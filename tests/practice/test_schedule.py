"""Spaced repetition: the rating mapping, rebuilding the schedule from a real log (same log,
same due dates; the cache never changes the answer), the due queue, and a simulated month."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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
)
from trainer.practice.schedule_cache import cached_schedule, forget_memo
from trainer.practice.stats import weakest
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
        (AttemptStatus.ABANDONED, 95.0, None),  # ended early: no review
        (AttemptStatus.UNFINISHED, 95.0, None),
    ],
)
def test_rating_of_an_attempt_follows_score_bands_and_finishing(
    status: AttemptStatus, score: float | None, rating: Rating | None
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
    # The schedule saved in the log is brought up to date from it, and replayed when the
    # log disagrees with its mark (a merged drill started before it).
    store = SQLiteStore(tmp_path / "log.sqlite3")
    cached = cached_schedule(store, "ana")
    assert {k: c.due_day for k, c in cached.cards.items()} == first
    saved = store.saved_schedule("ana")
    assert saved is not None and len(saved.cards) == len(first)
    log_drill(store, "objection/price", START + timedelta(days=40), [90.0, 90.0])
    log_drill(store, "objection/price", START - timedelta(days=40), [90.0, 90.0])  # merged
    fresh = {k: c.due_day for k, c in build_schedule(store.review_rows("ana")).cards.items()}
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    forget_memo()  # a new process: from the tables
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    # Saved rows damaged by hand: replayed, and saved again whole.
    store._conn.execute("UPDATE schedule_cards SET scores = 'not numbers'")
    forget_memo()
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    assert store.saved_schedule("ana") is not None
    # Rules of another version: replayed under these.
    store._conn.execute("UPDATE schedule_marks SET version = version + 1")
    forget_memo()
    assert {k: c.due_day for k, c in cached_schedule(store, "ana").cards.items()} == fresh
    # A drill in progress while the schedule is saved is rated once it closes.
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
    forget_memo()
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
    # Folded in day by day and saved in the log, it is what a replay of the log gives.
    forget_memo()
    folded, replayed = cached_schedule(store, "ana"), build_schedule(store.review_rows("ana"))
    assert folded.cards == replayed.cards and list(folded.cards) == list(replayed.cards)
    assert folded.cleared_by_day == replayed.cleared_by_day
    assert folded.new_by_day == replayed.new_by_day
    weak = weakest(cached_schedule(store, "ana"), START + timedelta(days=30))
    assert weak[0].scenario_id == failing
    assert weak[0].recall == min(w.recall for w in weak)


def test_the_saved_schedule_reads_back_the_same_cards_in_a_new_process(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    for day in range(10):
        log_drill(store, "objection/price", START + timedelta(days=day), [30.0, 80.0])
    schedule = cached_schedule(store, "ana")
    log_drill(store, "objection/timing", START + timedelta(days=11), [60.0])
    later = cached_schedule(store, "ana")  # one drill folded in and saved
    store.close()
    store = SQLiteStore(tmp_path / "log.sqlite3")
    forget_memo()
    back = cached_schedule(store, "ana")
    assert back.cards == later.cards == build_schedule(store.review_rows("ana")).cards
    assert list(back.cards) == list(later.cards)  # the order cards were first reviewed in
    assert back.new_by_day == later.new_by_day and back.cleared_by_day == later.cleared_by_day
    assert schedule is later  # the same process brought its schedule up to date


def test_a_save_from_a_stale_reading_is_refused_and_the_newer_one_stands(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    log_drill(store, "objection/price", START, [30.0, 80.0])
    cached_schedule(store, "ana")
    old = store.saved_schedule("ana")
    log_drill(store, "objection/timing", START + timedelta(days=1), [90.0])
    forget_memo()
    cached_schedule(store, "ana")  # another process folds the new drill in and saves
    newer = store.saved_schedule("ana")
    assert old is not None and newer is not None and newer.mark != old.mark
    assert newer.mark.last_attempt_id != old.mark.last_attempt_id
    assert not store.save_schedule("ana", old, old.mark)  # a fold from the stale reading
    assert store.saved_schedule("ana") == newer


READ_ONLY_SCHEDULE = """
import sys
from trainer.practice.schedule import build_schedule
from trainer.practice.stats import weakest
from trainer.practice.schedule_cache import cached_schedule
from trainer.store.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
got = cached_schedule(store, "ana")
same = got.cards == build_schedule(store.review_rows("ana")).cards
print("cards", len(got.cards), "same", same, "saved", store.saved_schedule("ana"))
"""


def test_a_read_only_log_gives_the_schedule_from_a_replay() -> None:
    """A log the rep may only read: the schedule is replayed and kept in memory, the log
    is left as it is. As root the check runs as `nobody` (root may write anywhere)."""
    folder = Path(tempfile.mkdtemp(prefix="trainer-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "log.sqlite3"
        store = SQLiteStore(path)
        for day in range(5):
            log_drill(store, "objection/price", START + timedelta(days=day), [30.0, 80.0])
        store.close()
        path.chmod(0o444)
        folder.chmod(0o555)
        as_user = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to test as a normal user"
            as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        done = subprocess.run(
            [*as_user, sys.executable, "-c", READ_ONLY_SCHEDULE, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).parents[2],
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "cards 3 same True saved None"
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_the_weakest_are_the_first_of_every_card_ranked(tmp_path: Path) -> None:
    """`weakest` picks the first few without ranking every card: the same as sorting all
    of them by recall tomorrow, then most lapses, then card, ties included (cards drilled
    the same way at the same time have the same recall)."""
    from trainer.practice.stats import objection_cards

    store = SQLiteStore(tmp_path / "log.sqlite3")
    for day in range(0, 20, 4):
        for n in range(8):
            at = START + timedelta(days=day, minutes=n)
            steps = [30.0 if (n + day) % 3 else 85.0, 70.0, 95.0] if n % 2 else [55.0]
            log_drill(store, f"objection/s{n % 4}{n}", at, steps)
    schedule = build_schedule(store.review_rows("ana"))
    store.close()
    now = START + timedelta(days=40)
    tomorrow = now + timedelta(days=1)
    cards = objection_cards(schedule)
    every = sorted(cards, key=lambda c: (c.retrievability(tomorrow), -c.lapses, c.key))
    recalls = [c.retrievability(tomorrow) for c in every]
    assert len(set(recalls)) < len(recalls)  # ties, broken by the card
    for count in (1, 3, 5, len(cards)):
        found = weakest(schedule, now, count)
        assert [w.card for w in found] == every[:count]
        assert [w.recall for w in found] == recalls[:count]


def test_a_call_ended_early_makes_no_weak_spot_and_leaves_the_scenario_to_do(
    tmp_path: Path,
) -> None:
    """trainer.practice.rules: an ended-early call never counts in "weakest". It is no
    review of the schedule either: no card, no lapse, no "cleared"; a new scenario stays
    new and a due one stays due until a call of it is played to its end."""
    from trainer.practice.stats import weakest

    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    log_drill(store, "objection/timing", START, [90.0])  # due again START + a few days
    log_drill(store, "objection/price", START, [10.0, 5.0], finished=False)  # new, ended early
    later = START + timedelta(days=30)
    log_drill(store, "objection/timing", later, [10.0, 10.0], finished=False)  # due, ended early
    schedule = build_schedule(store.review_rows("ana"))
    assert {k.scenario_id for k in schedule.cards} == {"objection/timing"}
    assert all(c.lapses == 0 for c in schedule.cards.values())
    timing = schedule.cards[CardKey("objection/timing")]
    assert timing.lapses == 0 and timing.reviews == 1 and timing.last_day == START.date()
    assert [w.scenario_id for w in weakest(schedule, later)] == ["objection/timing"]
    queue = due_queue(schedule, ["objection/timing", "objection/price"], later.date(), 2)
    assert queue.scenario_ids == ["objection/timing", "objection/price"]
    assert (queue.due, queue.new, queue.cleared_today) == (1, 1, 0)
    cached = cached_schedule(store, "ana")
    assert set(cached.cards) == set(schedule.cards)
    store.close()
    # What the rep reads: `trainer stats` names no weak spot from the ended-early calls.
    trainer = Path(sys.executable).with_name("trainer")
    done = subprocess.run(
        [str(trainer), "--db", str(db), "stats", "--rep", "ana"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    weak = done.stdout.split("Weak spots of ana")[1]
    assert "objection/timing" in weak and "objection/price" not in weak


def test_a_call_lost_today_is_a_weaker_spot_than_one_won_today(tmp_path: Path) -> None:
    """Right after practice every card's recall now is 100%: the weak spots rank and show
    recall tomorrow, so the call just lost reads weaker than the one just won, in figures
    that differ."""
    store = SQLiteStore(tmp_path / "log.sqlite3")
    log_drill(store, "objection/a-won", START, [95.0])
    log_drill(store, "objection/b-lost", START + timedelta(minutes=5), [20.0])
    schedule = build_schedule(store.review_rows("ana"))
    store.close()
    weak = weakest(schedule, START + timedelta(minutes=10))
    assert [w.scenario_id for w in weak] == ["objection/b-lost", "objection/a-won"]
    lost, won = (round(w.recall * 100) for w in weak)
    assert lost < 90 <= won < 100
