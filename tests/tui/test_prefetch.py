"""The start-up prefetch (trainer.tui.prefetch): a child process reads what Home shows while
the app loads, and hands back exactly what the app would read itself; when it cannot (a
broken log, a team server), the app gets nothing from it and loads as before."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import GOOD, REP, _score, pilot_test, settle
from trainer.clock import SystemClock
from trainer.paths import settings_file
from trainer.scenario.library import load_library
from trainer.scoring.answer import InputKind
from trainer.settings import load_settings
from trainer.store.open import open_store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp
from trainer.tui.home_view import HomeView, read_home
from trainer.tui.prefetch import start_prefetch
from trainer.tui.screens.home import HomeScreen


def _reaped(pid: int) -> bool:
    """The child `pid` has exited and been waited for (other children of the test process,
    e.g. a database server a fixture started, are not touched)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def rep_log(tmp_path: Path) -> Path:
    """The rep's log: a drill of each of two shipped scenarios today (one answer each) and
    one of the first a week ago."""
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text(f'rep = "{REP}"\ndaily_goal_minutes = 15\n', encoding="utf-8")
    db = tmp_path / "log.sqlite3"
    shipped = sorted(
        load_library([], include_user=False).scenarios.values(), key=lambda s: s.scenario.id
    )
    now = datetime.now(UTC)
    store = open_store(str(db))
    try:
        for n, (loaded, ago) in enumerate([(shipped[0], 7), (shipped[0], 0), (shipped[1], 0)]):
            started = now - timedelta(days=ago, seconds=60 - n)
            attempt = AttemptRecord(
                id=f"{n:02d}" + "a" * 30,
                rep=REP,
                scenario_id=loaded.scenario.id,
                scenario_version=1,
                scenario_hash=loaded.sha256,
                scenario_title=loaded.scenario.title,
                started_at=started,
            )
            store.start_attempt(attempt)
            store.log_turn(
                TurnRecord(
                    id=f"{n:02d}" + "b" * 30,
                    attempt_id=attempt.id,
                    seq=1,
                    step_id=loaded.scenario.steps[0].id,
                    prospect_line="Go on.",
                    answer_text=GOOD,
                    input_kind=InputKind.TYPED,
                    result=_score(GOOD, 80.0),
                    created_at=started + timedelta(seconds=5),
                )
            )
            store.finish_attempt(
                attempt.id,
                AttemptStatus.FINISHED,
                started + timedelta(seconds=9),
                "win",
                None,
                80.0,
            )
    finally:
        store.close()
    return db


def test_the_child_reads_what_home_would_read_in_the_app(rep_log: Path) -> None:
    prefetch = start_prefetch(str(rep_log))
    assert prefetch is not None
    view = prefetch.receive()
    assert isinstance(view, HomeView)

    store = open_store(str(rep_log))
    try:
        settings, _ = load_settings()
        expected = read_home(store, load_library([]), settings, REP, SystemClock())
    finally:
        store.close()
    assert view == expected
    assert view.rep == REP and view.daily_goal_minutes == 15
    assert (view.today.drills, view.today.answers) == (2, 2)  # today's two calls
    assert view.suggestions and view.recent and view.due is not None
    assert _reaped(prefetch.pid)


def test_a_log_that_cannot_be_opened_sends_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "log.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    prefetch = start_prefetch(str(broken))
    assert prefetch is not None
    assert prefetch.receive() is None
    assert _reaped(prefetch.pid)


def test_a_child_that_takes_too_long_is_stopped(rep_log: Path) -> None:
    prefetch = start_prefetch(str(rep_log))
    assert prefetch is not None
    assert prefetch.receive(timeout=0.0) is None  # gave up at once: stopped and reaped
    assert _reaped(prefetch.pid)


def test_a_team_server_is_not_prefetched() -> None:
    assert start_prefetch("postgresql://rep@localhost/trainer") is None


@pytest.mark.parametrize("sent_before_home", [True, False])
@pilot_test
async def test_home_shows_the_prefetched_figures_before_the_app_has_read_its_log(
    rep_log: Path, monkeypatch: pytest.MonkeyPatch, sent_before_home: bool
) -> None:
    """Sent before Home is mounted (the usual case: the child reads while Textual loads),
    Home shows the figures as it mounts, before the app's own on_mount; sent later, they come
    through a worker. Either way they are on Home before the app has opened the log itself."""
    # (the app had not opened its log, the app's own on_mount had run, Today's card)
    seen: list[tuple[bool, bool, str]] = []
    arrived = HomeScreen.prefetched
    app_mounted = False  # the app's on_mount runs after Home's
    mount = TrainerApp.on_mount

    def spy(screen: HomeScreen, data: object) -> None:
        arrived(screen, data)
        if data is not None:
            today = str(screen.query_one("#today", Static).render())
            seen.append((screen.trainer.store is None, app_mounted, today))

    def mounted(app: TrainerApp) -> None:
        nonlocal app_mounted
        app_mounted = True
        mount(app)

    monkeypatch.setattr(HomeScreen, "prefetched", spy)
    monkeypatch.setattr(TrainerApp, "on_mount", mounted)
    prefetch = start_prefetch(str(rep_log))
    assert prefetch is not None
    deadline = time.monotonic() + 20
    while sent_before_home and not prefetch.ready() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not sent_before_home:  # on its way still when Home is mounted
        monkeypatch.setattr(TrainerApp, "take_ready_prefetch", lambda app, wait=0.0: None)
    app = TrainerApp(db=str(rep_log), prefetch=prefetch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert seen and seen[0][0], "the figures came before the app opened the log"
        assert "2 drills · 2 answers" in seen[0][2]
        assert seen[0][1] is not sent_before_home  # as Home mounts, or just after
        assert app.ready  # then the app loads as without a prefetch
        today = str(app.screen.query_one("#today", Static).render())
        assert "2 drills · 2 answers" in today
    assert _reaped(prefetch.pid)


@pilot_test
async def test_home_is_composed_with_prefetched_figures_so_its_first_frame_has_them(
    rep_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data that arrives while Textual loads is in Home from its first frame: the goal cards
    are built with the figures (never "Loading…" then the figures a frame later), and Home
    does not read them again once the app has loaded (the child read the same): only once
    something changes, here the rep's settings."""
    updates: list[str] = []
    update = Static.update
    reads: list[HomeView] = []
    fetch = HomeScreen.fetch

    def counted(screen: HomeScreen) -> HomeView:
        reads.append(fetch(screen))
        return reads[-1]

    monkeypatch.setattr(HomeScreen, "fetch", counted)

    def spy(widget: Static, *args: object, **kwargs: object) -> None:
        if widget.id in {"today", "week", "due"}:
            updates.append(str(widget.id))
        update(widget, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Static, "update", spy)
    prefetch = start_prefetch(str(rep_log))
    assert prefetch is not None
    assert prefetch.ready(wait=20)
    app = TrainerApp(db=str(rep_log), prefetch=prefetch)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.composed_with is not None
        await settle(pilot)
        assert app.ready and app.store is not None  # the app's own read has been shown
        today = str(home.query_one("#today", Static).render())
        assert "2 drills · 2 answers" in today
        assert updates == []
        assert reads == []  # nothing read twice
        app.save_settings(daily_goal_minutes=30)
        await settle(pilot)
        assert len(reads) == 1 and "of 30 min" in str(home.query_one("#today", Static).render())
    assert _reaped(prefetch.pid)


@pilot_test
async def test_home_left_while_showing_the_start_up_view_reads_afresh_on_return(
    rep_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prefetched view is kept only while the app is still loading. A rep who left Home
    then (Home still holding the start-up view) and comes back later sees figures read
    again: another terminal may have logged a drill, or the day may have turned."""
    reads: list[int] = []
    fetch = HomeScreen.fetch

    def counted(screen: HomeScreen) -> HomeView:
        reads.append(1)
        return fetch(screen)

    monkeypatch.setattr(HomeScreen, "fetch", counted)
    app = TrainerApp(db=str(rep_log))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.prefetch_shown = True  # as if the rep left before the app had loaded
        before = len(reads)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert len(reads) > before
