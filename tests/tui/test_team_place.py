"""The manager's Team place and the rep's assignment cards on Home: how they look (80×24
and wide) and what enter does, on the fixed log of the app tests plus a plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import BUDGET_LINE, NOW, REP, pilot_test, settle
from trainer.tui.app import TrainerApp

# The manager's line on the first assignment: markup-like, and longer than a card at 80×24.
NOTE = "Lead with the [bold]value[/bold] before the price, then ask what they set aside for it."
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


def add_plan(db: Path) -> None:
    """Two assignments for the rep (one overdue) and a manager's note on an attempt."""
    from trainer.store.open import open_store
    from trainer.store.plan_records import Assignment, AttemptNote, TargetKind

    store = open_store(str(db))
    try:
        given = NOW - timedelta(days=3)
        today = NOW.date()
        store.add_assignments(
            [
                Assignment(
                    REP,
                    TargetKind.SCENARIO,
                    "tui/budget",
                    today + timedelta(days=4),
                    5,
                    passing_score=70,
                    assigned_by="Morgan",
                    assigned_at=given,
                    id="a" * 32,
                    note=NOTE,
                ),
                Assignment(
                    REP,
                    TargetKind.SCENARIO,
                    "tui/front-desk",
                    date(2025, 3, 12),
                    2,
                    10,
                    assigned_by="Morgan",
                    assigned_at=given,
                    id="b" * 32,
                ),
                Assignment(
                    "Alex Kim",
                    TargetKind.SCENARIO,
                    "tui/budget",
                    today,
                    3,
                    assigned_by="Morgan",
                    assigned_at=given,
                    id="c" * 32,
                ),
            ]
        )
        attempt = store.history(rep=REP, limit=1)[0]
        store.add_note(
            AttemptNote(
                attempt.id, "Morgan", "Pause before you answer.", 70.0, created_at=NOW, id="d" * 32
            )
        )
    finally:
        store.close()


def add_pair_call(db: Path) -> None:
    """A pair call the rep answered yesterday, Alex Kim playing the prospect."""
    from trainer.store.open import open_store

    store = open_store(str(db))
    try:
        _add_pair_call(store)
    finally:
        store.close()


def _add_pair_call(store: Any) -> None:
    from trainer.scoring.answer import InputKind
    from trainer.scoring.result import TurnScore
    from trainer.store.records import (
        AttemptRecord,
        AttemptStatus,
        DrillMode,
        PairNote,
        PairTag,
        PairTurnNote,
        TurnRecord,
    )

    at = NOW - timedelta(days=1)
    attempt = AttemptRecord(
        "e" * 32, REP, "tui/budget", 1, "ab" * 32, "Budget", DrillMode.PAIR, started_at=at
    )
    store.start_attempt(attempt)
    for seq, score in ((1, 67.0), (2, 100.0)):
        store.log_turn(
            TurnRecord(
                f"{'e' * 31}{seq}",
                attempt.id,
                seq,
                f"step-{seq}",
                BUDGET_LINE if seq == 1 else "And what would that cost us?",
                "(said out loud to the partner)",
                InputKind.TYPED,
                TurnScore(score, ()),
                created_at=at + timedelta(seconds=40 * seq),
            )
        )
    end = at + timedelta(minutes=4)
    store.finish_attempt(attempt.id, AttemptStatus.FINISHED, end, "win", "booked", 83.5)
    store.save_pair_note(
        PairNote(
            attempt.id,
            REP,
            "Alex Kim",
            turns=[
                PairTurnNote(1, "step-1", ["acknowledge", "ask"], 67.0, None),
                PairTurnNote(2, "step-2", ["acknowledge", "ask", "advance"], 100.0, None),
            ],
            tags=[PairTag("great-line", 35.0, 1), PairTag("filler", 90.0, 2)],
            comment="Good recovery; ask about the budget sooner.",
            human_score=83.5,
            partner_seconds=240.0,
            updated_at=end,
        )
    )


@pytest.fixture
def plan_app(
    make_app: Callable[..., TrainerApp], tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], TrainerApp]:
    """The app as a manager's (the Team place shows) with the plan in the log."""
    from trainer.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "login_role", lambda self: "manager")

    def make() -> TrainerApp:
        app = make_app()
        add_plan(tui_env / "log.sqlite3")
        return app

    return make


async def _team(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_assignment_cards_look(
    size: tuple[int, int], snap_compare: Any, plan_app: Callable[[], TrainerApp]
) -> None:
    async def home(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(plan_app(), terminal_size=size, run_before=home)


@pytest.mark.parametrize("size", SIZES)
def test_team_place_look(
    size: tuple[int, int], snap_compare: Any, plan_app: Callable[[], TrainerApp], tui_env: Path
) -> None:
    async def team_on_the_rep(pilot: Pilot[Any]) -> None:
        await _team(pilot)
        await pilot.press("down")  # the rep with pair calls: their panel under the table
        await settle(pilot)

    app = plan_app()
    add_pair_call(tui_env / "log.sqlite3")
    assert snap_compare(app, terminal_size=size, run_before=team_on_the_rep)


@pilot_test
async def test_home_reads_the_assignments_once_for_its_cards_and_its_due_queue(
    plan_app: Callable[[], TrainerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.store.sqlite import SQLiteStore
    from trainer.tui.screens.home import HomeScreen
    from trainer.tui.widgets.assignments import AssignmentCards

    reads: list[str] = []  # "home" for each Home read, "assignments" for each read of them
    assignments, fetch = SQLiteStore.assignments, HomeScreen.fetch

    def read_assignments(store: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        reads.append("assignments")
        return assignments(store, *args, **kwargs)

    def read_home(screen: HomeScreen) -> Any:
        reads.append("home")
        return fetch(screen)

    monkeypatch.setattr(SQLiteStore, "assignments", read_assignments)
    monkeypatch.setattr(HomeScreen, "fetch", read_home)
    app = plan_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert len(app.screen.query_one(AssignmentCards).rows) == 2
        after_library = reads[reads.index("assignments") - 1 :]
        assert after_library == ["home", "assignments"]


@pilot_test
async def test_the_managers_note_shows_on_the_card_as_text_cut_to_one_row(
    plan_app: Callable[[], TrainerApp],
) -> None:
    """`assign --note` is the manager's line for the rep: Home's card shows it under the
    targets, markup as typed, on one row ending in "…" at 80×24 (the card under it stays)."""
    from trainer.tui.widgets.assignments import AssignmentCards

    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        cards = app.screen.query_one(AssignmentCards)
        assert [r.note for r in cards.rows] == ["", NOTE]
        lines = _card_lines(cards)
        screen = "\n".join(lines)
        noted = [n for n, line in enumerate(lines) if "Lead with the [bold]value[/bold]" in line]
        assert len(noted) == 1, "\n".join(lines)  # one row, markup shown as typed
        row = lines[noted[0]]
        assert "…" in row and "set aside for it." not in screen
        assert "3 of 5 attempts" in lines[noted[0] - 1]  # under its own card's targets
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert any(NOTE in line for line in _card_lines(cards))  # whole where it fits


def _card_lines(cards: Any) -> list[str]:
    """The assignment cards' rows as drawn, as text."""
    from textual.geometry import Region

    return [strip.text for strip in cards.render_lines(Region(0, 0, *cards.outer_size))]


@pilot_test
async def test_cards_show_progress_and_enter_drills(plan_app: Callable[[], TrainerApp]) -> None:
    from trainer.tui.widgets.assignments import AssignmentCards

    app = plan_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        cards = app.screen.query_one(AssignmentCards)
        rows = cards.rows
        assert [r.scenario_id for r in rows] == ["tui/front-desk", "tui/budget"]
        assert rows[0].overdue and rows[0].due == "overdue since Wed"
        assert rows[1].targets == "3 of 5 attempts · best 95, needs 70"  # Alex Kim's not shown
        cards.focus()
        cards.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.active_drill is not None
        assert app.active_drill.loaded.id == "tui/budget"


@pilot_test
async def test_team_opens_a_rep_and_an_attempt_read_only(
    plan_app: Callable[[], TrainerApp],
) -> None:
    from textual.widgets import DataTable, Static

    from trainer.tui.screens.attempt import AttemptScreen
    from trainer.tui.screens.team import RepScreen, TeamScreen

    app = plan_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _team(pilot)
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one("#team", DataTable)
        assert table.row_count == 2  # Alex Kim (assigned, no practice) and the rep
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RepScreen) and app.screen.rep == REP
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        head = str(app.screen.query_one("#attempt-head", Static).render())
        assert "Human score 70" in head and "Pause before you answer." in head
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)


@pilot_test
async def test_a_rep_is_not_shown_the_team(make_app: Callable[..., TrainerApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert app.current_mode == "home"


def test_team_weak_spots_fill_in_with_the_due_backlog(
    plan_app: Callable[[], TrainerApp], tui_env: Path
) -> None:
    """The Team place first draws without the reps' schedules ("…" in Due and Weak spots),
    then the worker fills in both from each rep's schedule: the weak spots of their
    Progress (trainer.practice.stats.weakest), recall tomorrow and lapses in the panel."""
    from trainer.clock import FixedClock
    from trainer.practice.assignments import scenario_facts
    from trainer.practice.schedule import read_schedule
    from trainer.practice.stats import spot_names, weakest
    from trainer.practice.team import WEAKEST_SHOWN, read_rep_schedules, read_team
    from trainer.scenario.library import load_library
    from trainer.store.open import open_store
    from trainer.tui.screens.team import cells, rep_panel

    plan_app()  # the fixed log and the plan
    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    facts, names = scenario_facts(library), spot_names(library)
    clock = FixedClock(NOW)
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        report = read_team(store, facts, clock, with_schedules=False, names=names)
        rep = next(r for r in report.rows if r.rep == REP)
        assert cells(rep, report)[4] == "…" and cells(rep, report)[7] == "…"
        assert "Weak spots" not in rep_panel(rep, report)
        reps = [r.rep for r in report.rows]
        report.with_schedules(read_rep_schedules(store, reps, facts, clock))
        own = weakest(read_schedule(store, REP), NOW, WEAKEST_SHOWN)
    finally:
        store.close()
    assert own  # the test means something
    assert cells(rep, report)[7] == "; ".join(f"{w.name(names)} {w.recall:.0%}" for w in own)
    texts = [w.text(names) for w in own]
    assert "Weak spots (recall tomorrow): " + "; ".join(texts) in rep_panel(rep, report)
    alex = next(r for r in report.rows if r.rep == "Alex Kim")  # assigned, never drilled
    assert cells(alex, report)[7] == "—"


@pilot_test
async def test_a_manager_reads_a_reps_best_attempt_as_the_reps(
    plan_app: Callable[[], TrainerApp], isolated_dirs: Path
) -> None:
    """Morgan (the manager) opens Sam Lee's best attempt from Team: the head and the
    compare pane say it is Sam Lee's best, never "your best"."""
    from textual.widgets import DataTable, Static

    from trainer.practice.rules import best_attempt
    from trainer.store.open import open_store
    from trainer.tui.screens.attempt import AttemptScreen
    from trainer.tui.screens.compare import CompareScreen
    from trainer.tui.screens.team import RepScreen

    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text('rep = "Morgan"\nspeak_prospect = false\n', encoding="utf-8")
    app = plan_app()
    store = open_store(app.db or "")
    try:
        attempts = store.history(rep=REP, scenario_id="tui/budget")
        best = best_attempt(attempts)
    finally:
        store.close()
    assert best is not None
    other = next(a for a in attempts if a.id != best.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await _team(pilot)
        app.screen.query_one("#team", DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RepScreen)
        table = app.screen.query_one("#rep-attempts", DataTable)
        table.move_cursor(row=table.get_row_index(best.id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        head = str(app.screen.query_one("#attempt-head", Static).render())
        assert "This is Sam Lee's best attempt on this scenario." in head
        assert "your best" not in head
        await pilot.press("escape")
        await settle(pilot)
        table.move_cursor(row=table.get_row_index(other.id))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert str(app.screen.query_one("#compare-best").border_title) == "Sam Lee's best"


@pilot_test
async def test_help_in_team_lists_enter_and_esc(plan_app: Callable[[], TrainerApp]) -> None:
    """`?` on the Team place says enter opens a rep's attempts; on a rep's attempts, that
    enter opens one and esc goes back."""
    from trainer.tui.screens.help import HelpScreen

    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _team(pilot)
        seen = []
        for _ in range(2):
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            seen.append(" ".join(str(s.render()) for s in app.screen.query("Static")))
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("enter")  # the highlighted rep's attempts
            await settle(pilot)
    words = [" ".join(text.split()) for text in seen]
    assert "Team ⏎ A rep's attempts" in words[0]  # ⏎: how the app shows enter
    assert "⏎ Open the attempt esc Back" in words[1]


@pilot_test
async def test_a_reps_attempts_fit_80_columns_with_their_time(
    plan_app: Callable[[], TrainerApp],
) -> None:
    """At 80×24 the rep's attempts show every column whole: the Time column reads "4:00"
    (not "T"/"1"), and a title too long for its column ends in "…"."""
    from textual.widgets import DataTable

    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _team(pilot)
        app.screen.query_one("#team", DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#rep-attempts", DataTable)
        widths = [c.width for c in table.columns.values()]
        assert sum(widths) + 2 * table.cell_padding * len(widths) <= 80
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        times = [r[-1] for r in rows]
        # as `trainer history` and every screen says a call's time (`render.duration`)
        assert all(t == "—" or re.fullmatch(r"\d+:\d\d", t) for t in times), times
        scenario = widths[1]
        for r in rows:
            assert len(r[1]) <= scenario
            assert not r[1].endswith("…") or len(r[1]) == scenario


@pilot_test
async def test_the_team_place_at_80_cuts_with_an_ellipsis_and_shows_the_last_day(
    plan_app: Callable[[], TrainerApp],
) -> None:
    """At 80 columns the table leaves out Pair calls and Last day: the panel under it says
    both for the highlighted rep, and a weak spot too long for its column ends in "…"."""
    from textual.widgets import DataTable, Static

    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _team(pilot)
        table = app.screen.query_one("#team", DataTable)
        table.move_cursor(row=1)
        await settle(pilot)
        widths = [c.width for c in table.columns.values()]
        assert sum(widths) + 2 * table.cell_padding * len(widths) <= 80
        weak = str(table.get_row_at(1)[-1])
        assert weak.endswith("…") and len(weak) == widths[-1], weak
        panel = " ".join(str(app.screen.query_one("#team-rep", Static).render()).split())
        assert "Last practised Fri 14 Mar." in panel and "pair calls since" in panel.lower()
