"""Remapped keys: the [keys] table of settings.toml changes what a key does in the app, the
footer shows the rep's key, and mistakes in the table are reported, not fatal."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Button

from tests.tui.conftest import pilot_test, send_answer, settle
from tests.tui.test_drill_flow import conversation_text, open_budget_drill
from trainer.tui.app import TrainerApp

TRAINER = Path(sys.executable).with_name("trainer")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "keys.md"


def settings_file(isolated_dirs: Path) -> Path:
    return isolated_dirs / "config" / "settings.toml"


def app_with_keys(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path, table: str
) -> TrainerApp:
    """An app (on an empty log) whose settings file has this `[keys]` table."""
    with settings_file(isolated_dirs).open("a", encoding="utf-8") as fh:
        fh.write(f"[keys]\n{table}")
    return make_app(filled=False)


def footer_keys(app: TrainerApp) -> dict[str, str]:
    """Action description -> the key shown for it in the footer."""
    return {
        active.binding.description: app.get_key_display(active.binding)
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.enabled
    }


@pilot_test
async def test_a_remapped_key_acts_and_shows_in_the_footer_and_the_old_key_is_free(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    app = app_with_keys(make_app, isolated_dirs, 'drill.hint = "f2"\n"drill.retry" = "ctrl+y"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint:" not in conversation_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint: Find out what the budget is measured against." in conversation_text(app)
        shown = footer_keys(app)
        assert shown["Hint"] == "f2"
        assert "^t" not in shown.values()
        await send_answer(pilot, "Okay.")  # asks nothing: the call is lost, the answer can be
        await settle(pilot)  # retried, and the summary names the rep's keys
        assert "r or ^y retry the last answer" in conversation_text(app)
        # the buttons name the same keys as the summary does
        buttons = [str(b.label) for b in app.screen.query("#next Button").results(Button)]
        assert buttons == ["Retry (r or ^y)", "Drill again (a or ^n)", "Close (c or esc)"]


@pilot_test
async def test_an_unknown_binding_or_a_clash_in_the_keys_table_is_reported(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    app = app_with_keys(make_app, isolated_dirs, 'drill.hnt = "f2"\ndrill.hint = "ctrl+r"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "no key binding is called 'drill.hnt'" in messages
        assert "'ctrl+r' is set for both drill.hint and drill.retry" in messages
        assert app.screen.query("NavBar")  # the app runs on


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TRAINER), *args], capture_output=True, text=True, timeout=60)


def test_config_key_sets_and_restores_a_key_and_config_keys_lists_them(
    isolated_dirs: Path,
) -> None:
    done = run("config", "key", "drill.hint", "f2")
    assert done.returncode == 0, done.stderr
    saved = tomllib.loads(settings_file(isolated_dirs).read_text(encoding="utf-8"))
    assert saved["keys"] == {"drill.hint": "f2"}
    listing = run("config", "keys").stdout
    assert any(
        line.split()[:1] == ["drill.hint"] and "f2  (default ctrl+t)" in line
        for line in listing.splitlines()
    )
    run("config", "key", "drill.hint")
    assert "drill.hint" not in settings_file(isolated_dirs).read_text(encoding="utf-8")
    wrong = run("config", "key", "drill.hnt", "f2")
    assert wrong.returncode != 0
    assert "no key binding is called 'drill.hnt'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_the_keys_document_lists_every_binding() -> None:
    from trainer.keymap import key_bindings

    text = DOCS.read_text(encoding="utf-8")
    missing = [b.id for b in key_bindings() if f"`{b.id}`" not in text]
    assert not missing, f"docs/keys.md does not list {missing}"


def test_config_key_refuses_a_help_key_the_answer_box_would_type(isolated_dirs: Path) -> None:
    """`h` for help would type an h in the answer box: refused in one line, nothing saved;
    with a key that works while typing (f2) it is taken."""
    refused = run("config", "key", "app.help", "h")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "'h' types into the answer box" in refused.stderr and "nothing was saved" in (
        refused.stderr
    )
    assert not settings_file(isolated_dirs).exists() or "app.help" not in (
        settings_file(isolated_dirs).read_text(encoding="utf-8")
    )
    drill_letter = run("config", "key", "drill.hint", "h")
    assert drill_letter.returncode == 2 and "types into the answer box" in drill_letter.stderr
    taken = run("config", "key", "app.help", "h,f2")
    assert taken.returncode == 0, taken.stderr


@pilot_test
async def test_the_answer_box_names_a_help_key_that_works_while_typing(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    from trainer.tui.screens.help import HelpScreen
    from trainer.tui.widgets.answer_box import AnswerBox

    app = app_with_keys(make_app, isolated_dirs, '"app.help" = "h,f2"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        box = app.screen.query_one(AnswerBox)
        assert str(box.border_subtitle).endswith("f2 help")
        await pilot.press("h")  # a letter types, as the hint does not promise otherwise
        await pilot.pause()
        assert box.text == "h" and not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@pilot_test
async def test_a_letter_for_help_in_the_keys_table_is_reported_and_the_default_kept(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    from trainer.tui.widgets.answer_box import AnswerBox

    app = app_with_keys(make_app, isolated_dirs, '"app.help" = "h"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "'h' types into the answer box" in messages
        assert str(app.screen.query_one(AnswerBox).border_subtitle).endswith("f1 help")


def test_config_key_refuses_to_take_helps_only_key_that_works_while_typing(
    isolated_dirs: Path,
) -> None:
    """F1 for the hint would leave help no key in a drill (`?` types): refused in one line
    naming the clash and what to do, nothing saved; once help has another key, it is taken."""
    refused = run("config", "key", "drill.hint", "f1")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "'f1' is help's only key that works while you type" in refused.stderr
    assert "drill.hint would take it" in refused.stderr
    assert "trainer config key app.help question_mark,f2" in refused.stderr
    assert "nothing was saved" in refused.stderr
    assert not settings_file(isolated_dirs).exists() or "drill.hint" not in (
        settings_file(isolated_dirs).read_text(encoding="utf-8")
    )
    assert run("config", "key", "app.help", "question_mark,f2").returncode == 0
    taken = run("config", "key", "drill.hint", "f1")
    assert taken.returncode == 0, taken.stderr
    # and help cannot then give up its last key that works while typing
    back = run("config", "key", "app.help", "question_mark,f1")
    assert back.returncode == 2 and "drill.hint would take it" in back.stderr


def test_the_keys_documents_example_remap_is_taken(isolated_dirs: Path) -> None:
    """The example in docs/keys.md and in `config keys` works as written."""
    example = next(
        line.split("#")[0].split()
        for line in DOCS.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("trainer config key drill.hint")
    )
    done = run(*example[1:])
    assert done.returncode == 0, done.stderr
    assert f"`{' '.join(example)}`" in run("config", "keys").stdout


@pilot_test
async def test_a_hint_on_helps_key_in_the_keys_table_is_reported_and_help_still_opens(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    """`drill.hint = "f1"` written into the file: reported at start, the hint keeps ctrl+t,
    and F1 still opens help from the answer box, which names it."""
    from trainer.tui.screens.help import HelpScreen
    from trainer.tui.widgets.answer_box import AnswerBox

    app = app_with_keys(make_app, isolated_dirs, 'drill.hint = "f1"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "'f1' is help's only key that works while you type" in messages
        assert str(app.screen.query_one(AnswerBox).border_subtitle).endswith("f1 help")
        assert footer_keys(app)["Hint"] == "^t"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@pilot_test
async def test_dialogs_and_status_lines_name_the_reps_keys(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    """The keys a dialog or a status line names come from the key map, as remapped."""
    from textual.widgets import Static

    app = app_with_keys(
        make_app,
        isolated_dirs,
        '"settings.save" = "ctrl+y"\n"library.clear" = "z"\n"app.library" = "l"\n',
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        status = str(app.screen.query_one("#history-status", Static).render())
        assert "Press l for the Library" in status
        await pilot.press("g")
        await settle(pilot)
        keys_line = str(app.screen.query_one(".dialog-keys", Static).render())
        assert keys_line == "enter or ^y: save · esc: cancel"
        await pilot.press("escape", "l")
        await settle(pilot)
        await pilot.press("slash", "z", "z", "q")
        await settle(pilot)
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "Press z to clear the filters" in preview
