"""What to drill next, library search and the best attempt: the rules the app shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.drill.selection import LibraryFilter, filter_scenarios, next_drills
from trainer.practice.rules import best_attempt
from trainer.practice.schedule import CardKey, CardState
from trainer.practice.stats import WEAK_RECALL, Weak
from trainer.scenario.library import Library, load_library
from trainer.store.records import AttemptRecord, AttemptStatus, ScenarioSummary

NOW = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)


def scenario_file(
    folder: Path, sid: str, kind: str, difficulty: int, title: str, tags: str = "[]"
) -> None:
    path = folder / f"{sid.replace('/', '-')}.yaml"
    path.write_text(
        f"id: {sid}\nversion: 1\ntitle: {title}\nkind: {kind}\ndifficulty: {difficulty}\n"
        f"tags: {tags}\npersona: {{name: Pat Kim}}\nbrief: A brief.\n"
        "steps:\n  - id: only\n    prospect: Hello?\n"
        "    rubric: [{id: ask, question: true}]\n    model_answer: How can I help?\n",
        encoding="utf-8",
    )


@pytest.fixture
def library(tmp_path: Path) -> Library:
    scenario_file(tmp_path, "o/price", "objection", 2, "Too expensive", "[price]")
    scenario_file(tmp_path, "o/timing", "objection", 3, "Not a good time", "[timing]")
    scenario_file(tmp_path, "o/new-easy", "objection", 1, "Send me an email")
    scenario_file(tmp_path, "o/new-hard", "objection", 4, "We use a competitor")
    scenario_file(tmp_path, "g/desk", "gatekeeper", 1, "Front desk", "[gatekeeper]")
    lib = load_library([], include_user=False, shipped_dir=tmp_path)
    assert not lib.broken
    return lib


def summary(sid: str, average: float | None, days_ago: float) -> ScenarioSummary:
    return ScenarioSummary(
        sid,
        sid,
        attempts=3,
        best_score=average,
        last_practised=NOW - timedelta(days=days_ago),
        recent_average=average,
        recent=3 if average is not None else 0,
    )


def weak(sid: str, recall: float, step: str | None = None, heard: str | None = None) -> Weak:
    """One of the weakest objections (trainer.practice.stats.weakest gives them in order)."""
    day = NOW.date()
    return Weak(CardState(CardKey(sid, step), day, day), recall, heard=heard)


def test_weakest_objection_first_then_new_ones_easiest_first_then_least_recent(
    library: Library,
) -> None:
    summaries = [summary("o/price", 85, 1), summary("o/timing", 40, 0.1), summary("g/desk", 20, 30)]
    heard = "Look, I'm busy. Can you call back?"  # the line the rep heard at the step
    weakest = [weak("g/desk", 0.2), weak("o/timing", 0.4, "only", heard), weak("o/price", 0.95)]
    picks = next_drills(library, summaries, NOW, count=10, weakest=weakest)
    assert [p.scenario_id for p in picks] == [
        "o/timing",  # weak (recall 40%), even though practised an hour ago
        "o/new-easy",
        "o/new-hard",  # never practised, easiest first
        "o/price",  # practised and fine
        "g/desk",  # not an objection: after every objection, even when weaker
    ]
    assert WEAK_RECALL <= 0.95  # o/price: well remembered, no weak spot
    assert picks[0].reason == "weak spot “Can you call back?”: recall tomorrow 40%"
    assert picks[-1].reason == "weak spot: recall tomorrow 20%"
    assert picks[1].reason == "new: not practised yet"
    assert picks[3].reason == "last practised yesterday"


def test_among_good_scores_the_least_recently_practised_comes_first(library: Library) -> None:
    summaries = [
        summary(s, 90, d)
        for s, d in [("o/price", 2), ("o/timing", 20), ("o/new-easy", 5), ("o/new-hard", 0.5)]
    ]
    picks = next_drills(library, summaries, NOW, count=4)
    assert [p.scenario_id for p in picks] == ["o/timing", "o/new-easy", "o/price", "o/new-hard"]
    assert picks[0].reason == "last practised 2 weeks ago"


def test_the_weaker_of_two_weak_spots_comes_first_and_count_is_respected(
    library: Library,
) -> None:
    summaries = [summary("o/price", 55, 1), summary("o/timing", 65, 1)]
    weakest = [weak("o/timing", 0.5), weak("o/price", 0.6)]  # the order given is kept
    picks = next_drills(library, summaries, NOW, count=1, weakest=weakest)
    assert [p.scenario_id for p in picks] == ["o/timing"]


def test_search_forgives_typos_and_ranks_the_best_match_first(library: Library) -> None:
    found = filter_scenarios(library.scenarios, LibraryFilter(query="expnsive"))
    assert [s.id for s in found] == ["o/price"]
    assert [s.id for s in filter_scenarios(library.scenarios, LibraryFilter(query="zzzz"))] == []


def test_kind_tag_and_difficulty_filters_combine(library: Library) -> None:
    def ids(**kw: object) -> list[str]:
        return [s.id for s in filter_scenarios(library.scenarios, LibraryFilter(**kw))]  # type: ignore[arg-type]

    assert ids(kind="gatekeeper") == ["g/desk"]
    assert ids(tag="timing") == ["o/timing"]
    assert ids(kind="objection", difficulty=1) == ["o/new-easy"]
    assert len(ids()) == 5


def attempt(score: float | None, status: AttemptStatus, hours_ago: float) -> AttemptRecord:
    return AttemptRecord(
        id=f"{score}-{hours_ago}",
        rep="r",
        scenario_id="o/price",
        scenario_version=1,
        scenario_hash="h",
        scenario_title="t",
        started_at=NOW - timedelta(hours=hours_ago),
        status=status,
        score=score,
    )


def test_best_attempt_is_the_top_finished_call_and_the_latest_among_equals() -> None:
    finished = AttemptStatus.FINISHED
    early = attempt(100, AttemptStatus.ABANDONED, 1)
    old_top, new_top = attempt(90, finished, 48), attempt(90, finished, 5)
    assert best_attempt([early, old_top, new_top, attempt(60, finished, 2)]) is new_top
    assert best_attempt([early, attempt(None, finished, 1)]) is None
