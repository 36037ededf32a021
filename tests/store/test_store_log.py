"""What goes into the practice log comes back out: history, attempts, stats, forgetting."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.store import logdata
from trainer.clock import SystemClock
from trainer.practice.schedule import read_schedule
from trainer.practice.stats import PracticeStats, read_practice
from trainer.scoring.answer import InputKind
from trainer.store.base import Store, StoreError
from trainer.store.records import AttemptRecord, AttemptStatus
from trainer.store.sqlite import SQLiteStore


def practice(
    store: Store, rep: str | None = None, since: date | None = None, weakest: int = 5
) -> PracticeStats:
    """The practice figures every front end shows (trainer.practice.stats), as of now."""
    return read_practice(store, rep, SystemClock(), since, weakest)


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "log.sqlite3")


def _local_noon(days_ago: int) -> datetime:
    day = datetime.now().astimezone().date() - timedelta(days=days_ago)
    return datetime.combine(day, time(12)).astimezone()


def _drill(
    store: SQLiteStore,
    started: datetime,
    scores: list[float],
    rep: str = "alex",
    scenario: str = "objection/too-expensive",
    final: float | None = None,
    status: AttemptStatus = AttemptStatus.FINISHED,
) -> AttemptRecord:
    attempt = logdata.attempt(
        rep=rep, scenario_id=scenario, title=scenario.title(), started_at=started
    )
    store.start_attempt(attempt)
    for seq, score in enumerate(scores, 1):
        store.log_turn(logdata.turn(attempt, seq, score))
    if status is not AttemptStatus.IN_PROGRESS:
        store.finish_attempt(
            attempt.id, status, started + timedelta(minutes=3), "win", "closed", final
        )
    return attempt


def test_a_logged_drill_reads_back_whole_after_reopening(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    started = datetime.now(UTC) - timedelta(minutes=10)
    attempt = _drill(store, started, [60, 80], final=72.5)
    store.close()

    detail = SQLiteStore(tmp_path / "log.sqlite3").attempt(attempt.id)
    assert detail is not None
    a = detail.attempt
    assert (a.status, a.outcome, a.ending_id, a.score) == (
        AttemptStatus.FINISHED,
        "win",
        "closed",
        72.5,
    )
    assert a.started_at == started and a.duration_s == 180 and a.turn_count == 2
    assert (a.scenario_version, a.scenario_hash) == (3, "ab" * 32)
    first = detail.turns[0]
    assert first.result == logdata.turn_score(60)  # criteria, evidence, tips, delivery
    assert first.prospect_line.startswith("Prospect line 1")
    assert (first.pause_s, first.duration_s, first.input_kind) == (0.8, 6.5, "typed")


def test_logging_the_same_turn_twice_keeps_one(store: SQLiteStore) -> None:
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.start_attempt(attempt)
    turn = logdata.turn(attempt, 1)
    store.log_turn(turn)
    store.log_turn(turn)  # e.g. a retry after an uncertain failure
    [listed] = store.history()
    assert listed.turn_count == 1


def test_turn_of_an_unknown_attempt_is_refused(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="start the attempt first"):
        store.log_turn(logdata.turn(logdata.attempt(), 1))


def test_retried_turn_stays_in_the_log_marked(store: SQLiteStore) -> None:
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    first = logdata.turn(attempt, 1)
    store.log_turn(first)
    store.mark_retried(first.id)
    store.log_turn(logdata.turn(attempt, 2))
    detail = store.attempt(attempt.id)
    assert detail is not None
    assert [t.retried for t in detail.turns] == [True, False]


def test_history_filters_and_orders(store: SQLiteStore) -> None:
    old = _drill(store, _local_noon(20), [50])
    other = _drill(store, _local_noon(3), [60], scenario="gatekeeper/front-desk")
    sams = _drill(store, _local_noon(2), [70], rep="sam")
    new = _drill(store, _local_noon(1), [80])

    assert [a.id for a in store.history()] == [new.id, sams.id, other.id, old.id]
    assert [a.id for a in store.history(rep="alex")] == [new.id, other.id, old.id]
    assert [a.id for a in store.history(scenario_id="gatekeeper/front-desk")] == [other.id]
    assert [a.id for a in store.history(since=_local_noon(5))] == [new.id, sams.id, other.id]
    assert [a.id for a in store.history(rep="alex", limit=2)] == [new.id, other.id]


def test_history_of_several_people_in_one_read(store: SQLiteStore) -> None:
    alexs = _drill(store, _local_noon(3), [60])
    sams = _drill(store, _local_noon(2), [70], rep="sam")
    _drill(store, _local_noon(1), [80], rep="kim")
    newest = _drill(store, _local_noon(0), [90])

    both = store.history(rep=("alex", "sam"))
    assert [a.id for a in both] == [newest.id, sams.id, alexs.id]
    assert [a.id for a in store.history(rep=("sam", "alex"), limit=2)] == [newest.id, sams.id]
    assert store.history(rep=()) == []


def test_attempt_by_prefix(store: SQLiteStore) -> None:
    attempts = [_drill(store, _local_noon(1), [50]) for _ in range(20)]
    target = attempts[0]
    found = store.attempt(target.id[:10].upper())
    assert found is not None and found.attempt.id == target.id
    assert store.attempt("zzzz") is None
    with pytest.raises(StoreError, match="give more of its id"):
        store.attempt(_shared_prefix(attempts))


def _shared_prefix(attempts: list[AttemptRecord]) -> str:
    by_first = sorted(a.id[0] for a in attempts)
    return next(c for c, d in itertools.pairwise(by_first) if c == d)


def test_stats_per_day_and_week_streaks_and_weakest(store: SQLiteStore) -> None:
    # alex: today twice, yesterday, 3 days ago; and a 3-day run 10-12 days ago
    for days_ago in (0, 0, 1, 3):
        _drill(store, _local_noon(days_ago), [40, 60], scenario="objection/price", final=50)
    for days_ago in (10, 11, 12):
        _drill(store, _local_noon(days_ago), [90], scenario="cold-call/intro", final=90)
    _drill(store, _local_noon(0), [10], rep="sam", final=10)  # someone else

    stats = practice(store, "alex")
    today = datetime.now().astimezone().date()
    assert [d.day for d in stats.days] == [today - timedelta(days=n) for n in range(13, -1, -1)]
    by_day = {d.day: d for d in stats.days}
    assert (by_day[today].drills, by_day[today].answers) == (2, 4)
    assert by_day[today].minutes == pytest.approx(6)
    assert by_day[today].average_score == pytest.approx(50)
    assert by_day[today - timedelta(days=2)].drills == 0
    assert stats.drills == 7 and stats.answers == 11
    assert stats.average_score == pytest.approx((4 * 50 + 3 * 90) / 7)  # calls, not answers
    assert (stats.current_streak, stats.longest_streak) == (2, 3)
    assert sum(w.drills for w in stats.weeks) == 7
    assert all(w.week_start.weekday() == 0 for w in stats.weeks)
    # weakest by the schedule (lowest recall tomorrow first): the intro, unpractised for 10 days,
    # is less likely handled now than the price objection drilled today
    assert stats.weakest[0].scenario_id == "cold-call/intro"
    assert {w.scenario_id for w in stats.weakest} == {"objection/price", "cold-call/intro"}
    assert [w.recall for w in stats.weakest] == sorted(w.recall for w in stats.weakest)

    recent = practice(store, "alex", since=today - timedelta(days=2))
    assert len(recent.days) == 3 and recent.drills == 3
    assert practice(store, "nobody").drills == 0


def test_streak_survives_until_the_day_is_over(store: SQLiteStore) -> None:
    for days_ago in (1, 2, 3):
        _drill(store, _local_noon(days_ago), [70])
    stats = practice(store, "alex")
    assert (stats.current_streak, stats.longest_streak) == (3, 3)


def test_scenario_summary_for_the_library(store: SQLiteStore) -> None:
    for i, score in enumerate([10, 20, 30, 40, 50, 60, 70]):
        _drill(store, _local_noon(30 - i), [score], final=score)
    _drill(store, _local_noon(1), [5], status=AttemptStatus.IN_PROGRESS)  # no score yet
    _drill(store, _local_noon(5), [80], scenario="cold-call/intro", final=80)

    summary = {s.scenario_id: s for s in store.scenario_summary("alex", recent=5)}
    price = summary["objection/too-expensive"]
    assert price.attempts == 8
    assert price.best_score == 70
    assert price.recent_average == pytest.approx(50)  # the last 5 scored: 30..70
    assert price.recent == 5
    assert price.last_practised == _local_noon(1)
    assert price.scenario_title == "Objection/Too-Expensive"
    assert summary["cold-call/intro"].recent_average == 80
    assert next(s.scenario_id for s in store.scenario_summary("alex")) == "objection/too-expensive"


def test_score_trends_give_the_latest_scores_of_the_most_practised_scenarios(
    store: SQLiteStore,
) -> None:
    for i in range(15):
        _drill(store, _local_noon(40 - i), [i * 5], final=float(i * 5))
    _drill(store, _local_noon(1), [5], status=AttemptStatus.IN_PROGRESS)  # no score yet
    for i, score in enumerate([80, 60]):
        _drill(store, _local_noon(5 - i), [score], scenario="cold-call/intro", final=score)
    _drill(
        store,
        _local_noon(3),
        [50],
        scenario="gatekeeper/screen",
        final=None,
        status=AttemptStatus.ABANDONED,
    )
    _drill(store, _local_noon(3), [90], rep="blake", scenario="voicemail/first", final=90)

    trends = store.score_trends("alex", recent=12, limit=2)
    assert [t.scenario_id for t in trends] == ["objection/too-expensive", "cold-call/intro"]
    price, intro = trends
    assert price.scores == [float(s) for s in range(15, 75, 5)]  # the last 12, oldest first
    assert (price.attempts, price.best_score) == (16, 70)
    assert price.scenario_title == "Objection/Too-Expensive"
    assert intro.scores == [80.0, 60.0]
    never_scored = store.score_trends("alex")[-1]
    assert (never_scored.scenario_id, never_scored.scores) == ("gatekeeper/screen", [])
    assert never_scored.scenario_title == "Gatekeeper/Screen"


def test_daily_activity_for_the_heatmap(store: SQLiteStore) -> None:
    _drill(store, _local_noon(40), [50])
    _drill(store, _local_noon(2), [50, 70])
    since = date.today() - timedelta(days=7)
    [day] = store.daily_activity("alex", since)
    assert day.day == _local_noon(2).date()
    assert (day.drills, day.answers, day.seconds) == (1, 2, 180)


def test_forget_rep_deletes_for_good(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path)
    secret = "What about Zanzibar-Quokka pricing for our merger?"
    kept = _drill(store, _local_noon(1), [60], rep="sam")
    for days_ago in (1, 2):
        attempt = logdata.attempt(rep="alex", started_at=_local_noon(days_ago))
        store.start_attempt(attempt)
        turn = logdata.turn(attempt, 1, answer=secret)
        turn.audio_path = f"/recordings/{attempt.id}-1.wav"
        store.log_turn(turn)

    _drill(store, _local_noon(3), [70], rep="alex")  # a closed drill: a saved schedule
    read_schedule(store, "alex")
    read_schedule(store, "sam")
    assert store.saved_schedule("alex") is not None

    forgotten = store.forget_rep("alex")
    assert (forgotten.attempts, forgotten.turns, len(forgotten.audio_paths)) == (3, 3, 2)
    assert [a.id for a in store.history()] == [kept.id]
    assert store.saved_schedule("alex") is None  # their schedule goes with their practice
    assert store.saved_schedule("sam") is not None
    store.close()
    for file in tmp_path.iterdir():  # the log, its WAL: no copy of the answers left
        assert b"Zanzibar-Quokka" not in file.read_bytes(), file.name
    assert SQLiteStore(path).history(rep="alex") == []


def test_export_streams_every_attempt_once_oldest_first(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trainer.store.sql_store as shared

    monkeypatch.setattr(shared, "EXPORT_BATCH", 3)  # many pages
    same_instant = _local_noon(4)
    made = [_drill(store, same_instant, [50, 60]) for _ in range(7)]  # more than a page
    made += [_drill(store, _local_noon(days_ago), [70]) for days_ago in (3, 2, 1)]
    made.append(_drill(store, _local_noon(1) + timedelta(hours=1), [80], rep="sam"))

    exported = list(store.export())
    assert sorted(d.attempt.id for d in exported) == sorted(a.id for a in made)
    assert [d.attempt.started_at for d in exported] == sorted(a.started_at for a in made)
    assert all(len(d.turns) == d.attempt.turn_count for d in exported)
    recent = [d.attempt.id for d in store.export(rep="alex", since=_local_noon(2))]
    assert recent == [made[8].id, made[9].id]


def test_attempt_input_kind_follows_its_turns(store: SQLiteStore) -> None:
    spoken_only, mixed = logdata.attempt(), logdata.attempt()
    spoken, typed = InputKind.SPOKEN, InputKind.TYPED
    for a, given in ((spoken_only, [spoken, spoken]), (mixed, [typed, spoken])):
        store.start_attempt(a)
        for seq, kind in enumerate(given, 1):
            t = logdata.turn(a, seq)
            t.input_kind = kind
            store.log_turn(t)
        store.finish_attempt(a.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "x", 70.0)
    kinds = {r.id: r.input_kind for r in store.history()}
    assert kinds[spoken_only.id] == "spoken"
    assert kinds[mixed.id] == "mixed"
