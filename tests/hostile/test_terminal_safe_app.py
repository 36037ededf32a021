"""The app's screens on hostile content: markup in titles never crashes or styles anything,
and no ESC, C1 or bidi control from a file, an answer or the log reaches the screen."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.hostile.corpus import ANSWERS, HAND_WRITTEN
from tests.hostile.test_terminal_safe_cli import BIDI, C1, ESC, HOSTILE, hostile_result
from tests.tui.conftest import pilot_test, settle
from trainer.safe_text import terminal_safe
from trainer.scoring.answer import InputKind
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen


@pytest.fixture
def hostile_app(
    tmp_path: Path, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TrainerApp]:
    from trainer.scenario.library import load_library
    from trainer.store.open import open_store

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    shipped = tmp_path / "scenarios"
    shipped.mkdir()
    (shipped / "markup.yaml").write_bytes((HAND_WRITTEN / "markup-title.yaml").read_bytes())
    (shipped / "issue-title.yaml").write_bytes((HAND_WRITTEN / "issue-title.yaml").read_bytes())
    (shipped / f"name{ESC}{C1}[b].yaml").write_text("id: [\n", encoding="utf-8")
    os.mkfifo(shipped / "fifo.yaml")  # once hung the app (q no longer quit)
    (shipped / "loop.yaml").symlink_to("loop.yaml")  # once crashed it with RuntimeError
    config = isolated_dirs / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        'rep = "Sam"\n"bo\\u001b]0;x\\u0007gus[/]" = 1\n', encoding="utf-8"
    )
    library = load_library([], include_user=False, shipped_dir=shipped)
    loaded = library.scenarios["hostile/markup-title"]
    db = tmp_path / "log.sqlite3"
    store = open_store(str(db))
    now = datetime.now(UTC)
    try:
        for n, (scenario_id, title) in enumerate(
            [
                ("hostile/markup-title", f"[/] {HOSTILE}"),
                (f"gone{ESC}", f"Gone {HOSTILE}"),
            ]
        ):
            attempt_id = f"{n:02d}" + "a" * 30
            started = now - timedelta(hours=2 - n)
            store.start_attempt(
                AttemptRecord(
                    id=attempt_id,
                    rep="Sam",
                    scenario_id=scenario_id,
                    scenario_version=1,
                    scenario_hash=loaded.sha256,
                    scenario_title=title,
                    started_at=started,
                )
            )
            for seq, answer in enumerate(ANSWERS[:10], start=1):
                store.log_turn(
                    TurnRecord(
                        id=f"{n:02d}{seq:02d}" + "b" * 28,
                        attempt_id=attempt_id,
                        seq=seq,
                        step_id="first",
                        prospect_line=f"Prospect {HOSTILE}",
                        answer_text=answer,
                        input_kind=InputKind.TYPED,
                        result=hostile_result(answer),
                        pause_s=1.0,
                        created_at=started + timedelta(seconds=20 * seq),
                    )
                )
            store.finish_attempt(
                attempt_id,
                AttemptStatus.FINISHED,
                started + timedelta(minutes=5),
                "win",
                "booked",
                55.0,
            )
    finally:
        store.close()
    yield TrainerApp(db=str(db), shipped_dir=shipped)
    monkeypatch.undo()
    time.tzset()


def screen_text(app: TrainerApp) -> str:
    """What the screen shows: the rendered screenshot (every widget and toast) and the text
    of every Static and table cell."""
    parts = [app.export_screenshot()]
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(str(cell) for cell in table.get_row_at(row))
    return "\n".join(parts)


def assert_safe(app: TrainerApp, where: str) -> str:
    text = screen_text(app)
    assert "\x1b" not in text, f"{where}: ESC on screen"
    assert terminal_safe(text.replace("\r", "")), f"{where}: a control character on screen"
    return text


async def visit(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


@pilot_test
async def test_every_screen_shows_hostile_content_as_text(hostile_app: TrainerApp) -> None:
    app = hostile_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = assert_safe(app, "home")
        assert "␛]0;pwned␇" in home  # the hostile title is there, as text
        await visit(pilot, "2")
        library = assert_safe(app, "library")
        assert "[/] broken" in library  # markup is text: no MarkupError, no styling
        assert "[bold]Dana[/bold]" in library
        assert "control character U+001B" in library  # the broken file, listed
        assert "name␛]0;pwned␇" in library
        assert "named pipe (FIFO)" in library and "symbolic link that loops" in library
        await visit(pilot, "3")
        history = assert_safe(app, "history")
        assert "Gone ␛]0;pwned␇" in history and "�evil�" in history
        await visit(pilot, "enter")
        assert isinstance(app.screen, AttemptScreen)
        attempt = assert_safe(app, "attempt")
        assert "Prospect ␛]0;pwned␇" in attempt
        assert "[/] [bold]" in attempt
        await visit(pilot, "c")
        assert_safe(app, "compare")
        await visit(pilot, "escape")
        await visit(pilot, "escape")
        await visit(pilot, "4")
        assert_safe(app, "progress")
        await visit(pilot, "g")
        assert_safe(app, "settings")
        assert BIDI not in screen_text(app)


@pilot_test
async def test_the_app_reports_a_settings_file_that_is_a_folder(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """Loading reports it; saving the name from the welcome dialog says it was not saved;
    the app keeps running."""
    config = isolated_dirs / "config"
    (config / "settings.toml").mkdir(parents=True)
    shipped = tmp_path / "scenarios"
    shipped.mkdir()
    (shipped / "markup.yaml").write_bytes((HAND_WRITTEN / "markup-title.yaml").read_bytes())
    app = TrainerApp(db=str(tmp_path / "log.sqlite3"), shipped_dir=shipped)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("is a folder, not a settings file" in m for m in messages), messages
        await pilot.press("enter")  # the welcome dialog: save the suggested name
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("cannot save the settings" in m for m in messages), messages
        await visit(pilot, "2")
        assert "[/] broken" in assert_safe(app, "library")


@pilot_test
async def test_a_pair_call_shows_hostile_names_and_comments_as_text(
    hostile_app: TrainerApp,
) -> None:
    from textual.widgets import Input

    from trainer.drill.pair import PairRoles

    app = hostile_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.pair_roles = PairRoles(f"Sam{ESC}]0;x\a", f"[b]Bo{C1}", f"Cy{BIDI}")
        app.start_pairing("hostile/markup-title")
        await settle(pilot)
        assert_safe(app, "pair card")
        await visit(pilot, "1")
        await visit(pilot, "g")
        await visit(pilot, "escape")
        await visit(pilot, "y")  # end the call: it asks first
        comment = app.screen.query_one("#pair-comment", Input)
        comment.value = f"nice {ESC}[2J{C1} [red]call"
        await visit(pilot, "enter")
        text = assert_safe(app, "pair debrief")
        assert "[b]Bo" in text  # markup shown as text
        app.pair_roles = None
        app.start_pairing("hostile/markup-title", "observer")
        await pilot.pause(0.8)
        await settle(pilot)
        assert_safe(app, "observer view")
