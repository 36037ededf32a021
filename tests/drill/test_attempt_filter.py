"""History's rule for which attempts show and in which order (trainer.drill.selection)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from trainer.drill.selection import AttemptFilter, filter_attempts
from trainer.practice.rules import AttemptResult, attempt_result
from trainer.store.records import AttemptRecord, AttemptStatus

START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def attempt(
    n: int,
    scenario_id: str,
    title: str,
    score: float | None,
    outcome: str | None,
    status: AttemptStatus = AttemptStatus.FINISHED,
    minutes: float = 5,
) -> AttemptRecord:
    started = START + timedelta(hours=n)
    return AttemptRecord(
        id=f"a{n}",
        rep="Sam",
        scenario_id=scenario_id,
        scenario_version=1,
        scenario_hash="x",
        scenario_title=title,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        status=status,
        outcome=outcome,
        score=score,
        turn_count=1,
    )


ATTEMPTS = [
    attempt(1, "objections/budget", "We don't have the budget", 40.0, "loss", minutes=3),
    attempt(2, "gatekeeper/front-desk", "Front desk asks what it is about", 90.0, "win", minutes=9),
    attempt(
        3,
        "objections/budget",
        "We don't have the budget",
        None,
        None,
        AttemptStatus.ABANDONED,
        minutes=1,
    ),
    attempt(4, "objections/budget", "We don't have the budget", 75.0, "win", minutes=6),
]


def ids(wanted: AttemptFilter) -> list[str]:
    return [a.id for a in filter_attempts(ATTEMPTS, wanted)]


def test_newest_first_by_default_and_a_call_ended_early_reads_as_its_status() -> None:
    assert ids(AttemptFilter()) == ["a4", "a3", "a2", "a1"]
    assert [attempt_result(a) for a in ATTEMPTS] == ["loss", "win", "abandoned", "win"]
    # left without an answer: no drill, whatever way it closed
    left = replace(ATTEMPTS[2], turn_count=0)
    assert attempt_result(left) == "no_answer"
    assert filter_attempts([left], AttemptFilter(result=AttemptResult("no_answer"))) == [left]


def test_search_matches_part_of_the_title_or_the_id_in_any_case() -> None:
    assert ids(AttemptFilter(query="  FRONT ")) == ["a2"]
    assert ids(AttemptFilter(query="gatekeeper/")) == ["a2"]


def test_the_result_filter_keeps_only_that_outcome_or_status() -> None:
    assert ids(AttemptFilter(result=AttemptResult("win"))) == ["a4", "a2"]
    assert ids(AttemptFilter(result=AttemptResult("abandoned"))) == ["a3"]


def test_sorting_by_score_puts_unscored_attempts_lowest() -> None:
    assert ids(AttemptFilter(sort="score")) == ["a2", "a4", "a1", "a3"]
    assert ids(AttemptFilter(sort="score", descending=False)) == ["a3", "a1", "a4", "a2"]


def test_sorting_by_title_and_by_time_practised() -> None:
    assert ids(AttemptFilter(sort="scenario", descending=False))[0] == "a2"
    assert ids(AttemptFilter(sort="duration")) == ["a2", "a4", "a1", "a3"]
