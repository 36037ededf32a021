"""Who may do what with the team's plan, on a real team server: reps read only their own
assignments and the notes on their own attempts, never drafts; only managers publish,
assign, change, withdraw and note; nobody alters a human score; names and titles are data."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import psycopg
import pytest

from trainer.store.base import StoreError
from trainer.store.plan_records import Assignment, AttemptNote, PublishedScenario, TargetKind
from trainer.store.postgres import PostgresStore
from trainer.store.records import AttemptRecord, AttemptStatus, new_id

from .conftest import TeamDb

pytestmark = pytest.mark.real_part

HOSTILE = "x'); DROP TABLE assignments; --"


@pytest.fixture
def stores(team_db: TeamDb) -> Iterator[dict[str, PostgresStore]]:
    opened = {u: PostgresStore(team_db.url(u)) for u in ("alex", "blake", "morgan")}
    yield opened
    for s in opened.values():
        s.close()


def _published(by: str, draft: bool, title: str = "Budget") -> PublishedScenario:
    content = f"id: team/x\nversion: 1\ntitle: {title}\n".encode()
    return PublishedScenario(
        "team/x", 1, hashlib.sha256(content).hexdigest(), title, content, by, draft=draft
    )


def _drill(store: PostgresStore, rep: str) -> str:
    """An attempt with one answer, logged by `rep` (ended early)."""
    from trainer.scoring.answer import InputKind
    from trainer.scoring.result import TurnScore
    from trainer.store.records import TurnRecord, utcnow

    a = AttemptRecord(new_id(), rep, "objection/too-expensive", 1, "h" * 64, "Too expensive")
    store.start_attempt(a)
    store.log_turn(
        TurnRecord(
            new_id(),
            a.id,
            1,
            "s1",
            "Too much.",
            "Fair, compared to what?",
            InputKind.TYPED,
            TurnScore(score=60.0, criteria=()),
        )
    )
    store.finish_attempt(a.id, AttemptStatus.ABANDONED, utcnow(), None, None, None)
    return a.id


def test_publishing_and_drafts(stores: dict[str, PostgresStore]) -> None:
    alex, morgan = stores["alex"], stores["morgan"]
    with pytest.raises(StoreError, match=r"alex publish scenarios: only a manager can, "):
        alex.publish_scenario(_published("alex", False))
    with pytest.raises(StoreError):  # a manager signs as themselves only
        morgan.publish_scenario(_published("someone-else", False))
    assert morgan.publish_scenario(_published("morgan", True))
    assert alex.published_scenarios(latest_only=False) == []  # a draft: managers only
    assert [p.draft for p in morgan.published_scenarios(include_drafts=True)] == [True]
    with pytest.raises(StoreError):
        alex.publish_scenario(_published("morgan", False))  # cannot release it either
    assert morgan.publish_scenario(_published("morgan", False))  # released
    assert [p.scenario_id for p in alex.published_scenarios()] == ["team/x"]


def test_assignments_are_private_and_managers_only(stores: dict[str, PostgresStore]) -> None:
    alex, blake, morgan = stores["alex"], stores["blake"], stores["morgan"]
    due = date.today() + timedelta(days=3)
    for_alex = Assignment(
        "alex", TargetKind.SCENARIO, "objection/too-expensive", due, 3, assigned_by="morgan"
    )
    for_blake = Assignment("blake", TargetKind.TAG, "price", due, 0, 10, assigned_by="morgan")
    morgan.add_assignments([for_alex, for_blake])
    assert [a.id for a in alex.assignments()] == [for_alex.id]
    assert [a.id for a in blake.assignments()] == [for_blake.id]
    assert alex.find_assignment(for_blake.id) is None
    assert {a.rep for a in morgan.assignments()} == {"alex", "blake"}
    # A rep cannot create, change or withdraw one, even their own.
    mine = Assignment("alex", TargetKind.SCENARIO, "x", due, 1, assigned_by="alex")
    refused: tuple[Callable[[], object], ...] = (
        lambda: alex.add_assignments([mine]),
        lambda: alex.update_assignment(for_alex),
        lambda: alex.withdraw_assignment(for_alex.id, for_alex.assigned_at),
    )
    for attempt in refused:
        with pytest.raises(StoreError, match=r"only a manager can.*row-level security"):
            attempt()
    # A manager signs what they assign as themselves.
    with pytest.raises(StoreError):
        morgan.add_assignments(
            [Assignment("alex", TargetKind.KIND, "objection", due, 1, assigned_by="boss")]
        )
    for_alex.attempts_target = 5
    morgan.update_assignment(for_alex)
    assert alex.assignments()[0].attempts_target == 5
    morgan.withdraw_assignment(for_alex.id, for_alex.assigned_at)
    assert alex.assignments() == [] and len(alex.assignments(include_withdrawn=True)) == 1


def test_notes_and_human_scores(stores: dict[str, PostgresStore], team_db: TeamDb) -> None:
    alex, blake, morgan = stores["alex"], stores["blake"], stores["morgan"]
    attempt = _drill(alex, "alex")
    note = AttemptNote(attempt, "morgan", "Ask sooner.", 72.0)
    morgan.add_note(note)
    detail = alex.attempt(attempt)
    assert detail is not None and [n.human_score for n in detail.notes] == [72.0]
    assert detail.attempt.score is None  # the automatic score is never replaced
    assert blake.notes([attempt]) == {}  # another rep's attempt: nothing
    with pytest.raises(StoreError, match="alex comment on the attempt: only a manager can"):
        alex.add_note(AttemptNote(attempt, "alex", "", 100.0))  # no self-scoring
    with pytest.raises(StoreError):
        morgan.add_note(AttemptNote(attempt, "alex", "signed as someone else"))
    # Nobody changes a human score in place: reps and managers alike.
    for user in ("alex", "morgan"):
        with (
            psycopg.connect(team_db.url(user), autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("UPDATE attempt_notes SET human_score = 100")
    with (
        psycopg.connect(team_db.url("alex"), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("DELETE FROM attempt_notes")
    assert [n.human_score for n in morgan.notes([attempt])[attempt]] == [72.0]


def test_names_and_titles_are_data(stores: dict[str, PostgresStore]) -> None:
    morgan, alex = stores["morgan"], stores["alex"]
    due = date.today()
    morgan.add_assignments(
        [Assignment(HOSTILE, TargetKind.TAG, HOSTILE, due, 1, note=HOSTILE, assigned_by="morgan")]
    )
    assert morgan.publish_scenario(_published("morgan", False, title=HOSTILE))
    found = morgan.assignments(rep=HOSTILE)
    assert [(a.rep, a.target, a.note) for a in found] == [(HOSTILE, HOSTILE, HOSTILE)]
    assert alex.assignments(rep=HOSTILE) == []  # still only alex's own
    assert alex.published_scenarios()[0].title == HOSTILE
    assert len(morgan.assignments()) == 1  # the table is still there


def test_the_servers_sums_are_the_rules_sums(stores: dict[str, PostgresStore]) -> None:
    """The one-query progress of many assignments (old ones) equals the rules over records."""
    from datetime import UTC, datetime

    from trainer.practice.assignments import totals_of

    alex, morgan = stores["alex"], stores["morgan"]
    for _ in range(2):
        _drill(alex, "alex")
    long_ago = datetime.now(UTC) - timedelta(days=90)
    plan = [
        Assignment(
            rep,
            TargetKind.SCENARIO,
            "objection/too-expensive",
            date.today(),
            3,
            assigned_by="morgan",
            assigned_at=long_ago,
        )
        for rep in ("alex", "blake")
    ]
    wanted = [(a, {"objection/too-expensive", "x/y"}) for a in plan]
    records = morgan.history()
    assert morgan.assignments_totals(wanted) == [totals_of(a, records, ids) for a, ids in wanted]
    assert morgan.assignments_totals(wanted)[0].drills == 2
