"""Which drill next, and which scenarios and attempts match a search: rules shared by the
app and the CLI.

What to drill next favours objections (what reps fear most), then:
1. the weakest first: the rep's weak spots (trainer.practice.stats.weakest, the
   list Progress and `trainer stats` show, in its order) whose recall now is below
   `WEAK_RECALL` (past their due day), shown with the recall tomorrow they list;
2. then scenarios never practised (easiest first);
3. then the least recently practised.
Each suggestion says why, in words a rep understands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from trainer.practice.rules import AttemptResult, attempt_input, attempt_result
from trainer.scenario.models import Kind, Scenario

if TYPE_CHECKING:
    from trainer.practice.stats import Weak
    from trainer.scenario.library import Library, LoadedScenario
    from trainer.store.records import AttemptRecord, ScenarioSummary

# rapidfuzz partial_ratio (0-100) a search must reach on a title, id, tag or person.
SEARCH_CUTOFF = 70.0


def _step_words(weak: Weak, scenario: Scenario) -> str:
    """A weak step as the rep heard it (`Weak.step_words`: the line logged, else the
    library's), as Progress and `trainer stats` name it."""
    from trainer.practice.stats import SpotNames
    from trainer.words import step_words

    lines = {s.id: s.prospect for s in scenario.steps if s.id == weak.step_id}
    names = SpotNames(steps={(weak.scenario_id, i): step_words(p) for i, p in lines.items()})
    return weak.step_words(names)


@dataclass(frozen=True, slots=True)
class Suggestion:
    scenario_id: str
    reason: str


def next_drills(
    library: Library,
    summaries: Iterable[ScenarioSummary],
    now: datetime,
    count: int = 5,
    weakest: Sequence[Weak] = (),
) -> list[Suggestion]:
    """The drills to do next, best first (see the module docstring for the rule);
    `weakest`: the rep's weak spots (`PracticeStats.weakest`)."""
    by_id = {s.scenario_id: s for s in summaries}
    weak: dict[str, tuple[int, Weak]] = {}
    for n, w in enumerate(weakest):
        if w.past_due:
            weak.setdefault(w.scenario_id, (n, w))
    ranked: list[tuple[tuple[bool, int, float, str], Suggestion]] = []
    for scenario_id, loaded in library.scenarios.items():
        scenario = loaded.scenario
        not_objection = scenario.kind is not Kind.OBJECTION
        summary = by_id.get(scenario_id)
        if scenario_id in weak:
            n, w = weak[scenario_id]
            key = (not_objection, 0, float(n), scenario_id)
            step = f" {_step_words(w, scenario)}" if w.step_id else ""
            reason = f"weak spot{step}: recall tomorrow {w.recall:.0%}"
        elif summary is None:
            key = (not_objection, 1, float(scenario.difficulty), scenario_id)
            reason = "new: not practised yet"
        else:
            key = (not_objection, 2, summary.last_practised.timestamp(), scenario_id)
            reason = f"last practised {ago(summary.last_practised, now)}"
        ranked.append((key, Suggestion(scenario_id, reason)))
    ranked.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in ranked[:count]]


def ago(then: datetime, now: datetime) -> str:
    """'today', 'yesterday', '5 days ago', '3 weeks ago' (by elapsed time)."""
    days = int((now - then).total_seconds() // 86400)
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{days // 7} weeks ago"


@dataclass(frozen=True, slots=True)
class LibraryFilter:
    """What the rep narrowed the library to; empty fields match everything."""

    query: str = ""
    kind: str | None = None
    tag: str | None = None
    difficulty: int | None = None


def filter_scenarios(
    scenarios: Mapping[str, LoadedScenario], wanted: LibraryFilter
) -> list[LoadedScenario]:
    """Scenarios matching the filter: by kind and title when there is no search text, else
    best fuzzy match first (title, id and tags are searched; typos are forgiven)."""
    matching = [
        s
        for s in scenarios.values()
        if (wanted.kind is None or s.scenario.kind.value == wanted.kind)
        and (wanted.tag is None or wanted.tag in s.scenario.tags)
        and (wanted.difficulty is None or s.scenario.difficulty == wanted.difficulty)
    ]
    query = wanted.query.strip().lower()
    if not query:
        return sorted(matching, key=lambda s: (s.scenario.kind.value, s.scenario.title.lower()))
    from rapidfuzz import fuzz

    scored = []
    for s in matching:
        fields = [s.scenario.title, s.scenario.id, *s.scenario.tags, s.scenario.persona.label]
        best = max(_match(query, f.lower(), fuzz.partial_ratio) for f in fields)
        if best >= SEARCH_CUTOFF:
            scored.append((-best, s.scenario.title.lower(), s))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [s for _, _, s in scored]


def _match(query: str, text: str, scorer: Callable[[str, str], float]) -> float:
    return 100.0 if query in text else float(scorer(query, text))


# The columns attempts can be sorted by, in order; those listed in HIGHEST_FIRST start from
# the newest, best or longest.
ATTEMPT_SORTS = ("date", "scenario", "score", "outcome", "duration", "input")
HIGHEST_FIRST = frozenset({"date", "score", "duration"})


@dataclass(frozen=True, slots=True)
class AttemptFilter:
    """Which attempts the rep wants to see, in which order; empty fields match everything."""

    query: str = ""  # part of the scenario's title or id
    result: AttemptResult | None = None
    sort: str = "date"  # one of ATTEMPT_SORTS
    descending: bool = True


def filter_attempts(
    attempts: Iterable[AttemptRecord], wanted: AttemptFilter
) -> list[AttemptRecord]:
    """The attempts matching the filter, sorted as asked (never-scored attempts sort as the
    lowest scores)."""
    text = wanted.query.strip().lower()
    rows = [
        a
        for a in attempts
        if (not text or text in a.scenario_title.lower() or text in a.scenario_id)
        and (wanted.result is None or attempt_result(a) == wanted.result)
    ]
    rows.sort(key=lambda a: _sort_value(a, wanted.sort), reverse=wanted.descending)
    return rows


def _sort_value(a: AttemptRecord, column: str) -> Any:
    if column == "date":
        return a.started_at
    if column == "scenario":
        return a.scenario_title.lower()
    if column == "score":
        return -1.0 if a.score is None else a.score
    if column == "outcome":
        return attempt_result(a)
    if column == "duration":
        return a.active_s
    if column == "input":
        return attempt_input(a) or ""
    raise ValueError(f"cannot sort attempts by {column!r}")
