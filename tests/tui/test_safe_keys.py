"""Keys that never lose work: ending a call, quitting or retrying over a typed answer asks
first; after a call letters reach explicit next actions, never the app's keys; pastes arrive
whole; the footer shows only keys that work now."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.widgets import Footer, Input

from tests.tui.conftest import GOOD, REP, WEAK, pilot_test, send_answer, settle, type_text
from tests.tui.test_drill_flow import conversation_text, open_budget_drill
from trainer.tui.app import TrainerApp
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.next_actions import NextActions


def footer_text(app: TrainerApp) -> str:
    from textual.widgets._footer import FooterKey

    return " ".join(
        f"{k.key_display} {k.description}" for k in app.screen.query(FooterKey) if k.display
    )


def logged(tmp: Path) -> list[object]:
    from trainer.store.open import open_store

    store = open_store(str(tmp / "log.sqlite3"))
    try:
        return [store.attempt(a.id) for a in store.history(rep=REP)]
    finally:
        store.close()


@pilot_test
async def test_esc_with_a_typed_answer_asks_and_no_keeps_the_text(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await type_text(pilot, "That's fair, what are")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "not sent" in str(app.screen.query("Static").nodes[1].render())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.query_one(AnswerBox).text == "That's fair, what are"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert "Call over: no answer" in conversation_text(app)  # the typed text was not sent


@pilot_test
async def test_quitting_mid_call_asks_first(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await send_answer(pilot, GOOD)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen) and app.is_running
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert logged(tui_env)[0].attempt.status == "abandoned"  # type: ignore[attr-defined]


@pilot_test
async def test_ctrl_r_over_a_typed_answer_asks(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await send_answer(pilot, GOOD)
        await type_text(pilot, "Half an ans")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one(AnswerBox).text == "Half an ans"
        await pilot.press("ctrl+r", "y")
        await settle(pilot)
        assert "retry" in conversation_text(app).lower()


@pilot_test
async def test_after_a_call_letters_reach_the_next_actions_not_the_app(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        assert "Again" not in footer_text(app)  # does nothing mid-call: not shown
        await send_answer(pilot, GOOD)
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
        assert "Call over" in conversation_text(app)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert isinstance(app.focused.parent, NextActions)  # type: ignore[union-attr]
        assert "Again" in footer_text(app)
        for letter in "qgn1234hello":
            await pilot.press(letter)
        await settle(pilot)
        assert app.is_running and app.screen is screen  # no quit, no place, no settings
        assert "Quit" not in footer_text(app)
        await pilot.press("c")  # Close
        await settle(pilot)
        assert not isinstance(app.screen, DrillScreen)


@pilot_test
async def test_a_500_character_paste_then_enter_arrives_whole(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    long = ("That's fair, and I hear the budget is tight. " * 12)[:500]
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        box = app.focused
        assert isinstance(box, AnswerBox)
        app.post_message(events.Paste(long))  # as the driver does: the app hands it on
        await pilot.press("enter")
        await settle(pilot)
        assert "Type your answer first" not in [n.message for n in app._notifications]
        await pilot.press("escape", "y")
        await settle(pilot)
    detail = logged(tui_env)[0]
    assert detail.turns[0].answer_text == long.strip()  # type: ignore[attr-defined]


@pilot_test
async def test_in_settings_the_footer_does_not_offer_q(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Quit" in footer_text(app)
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.query(Footer) is not None
        assert "q Quit" not in footer_text(app)


@pilot_test
async def test_settings_footer_shows_only_its_own_keys_over_any_place(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Over Home or the Library, Settings' footer is its own (save, cancel): not the
    place's letters, which type into the name field."""
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for place, underneath in (("1", "Drill next"), ("2", "Kind")):
            await pilot.press(place)
            await settle(pilot)
            assert underneath in footer_text(app)
            await pilot.press("g")
            await settle(pilot)
            shown = footer_text(app)
            assert "Save" in shown and "Cancel" in shown, shown
            for other in ("Drill next", "Search", "Kind", "Tag", "Quit", "Settings"):
                assert other not in shown, (other, shown)
            await pilot.press("end", "n", "k")
            await settle(pilot)
            assert app.screen.query_one("#rep", Input).value == f"{REP}nk"
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ != "SettingsScreen"


@pilot_test
async def test_retry_shows_in_the_footer_only_once_there_is_an_answer(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        assert "Retry" not in footer_text(app)  # nothing to retry yet: not offered
        await send_answer(pilot, WEAK)
        assert "^r Retry" in footer_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "retry" in conversation_text(app).lower()
        assert "Retry" not in footer_text(app)  # the retried line is answered afresh


@pilot_test
async def test_a_burst_of_keys_then_enter_arrives_whole_and_in_order(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Keys that reach the app in one read (a fast typist, an unbracketed paste): enter, a
    priority key, must not send the answer before the keys ahead of it are in the box."""
    burst = "That's fair. What are you comparing it to, another quote or the budget you set?"
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        for ch in burst:
            app.post_message(events.Key(ch, ch))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert "Type your answer first" not in [n.message for n in app._notifications]
        await pilot.press("escape", "y")
        await settle(pilot)
    detail = logged(tui_env)[0]
    assert detail.turns[0].answer_text == burst  # type: ignore[attr-defined]


@pilot_test
async def test_a_paste_while_the_end_call_question_is_open_goes_into_the_answer_on_no(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await type_text(pilot, "That's fair,")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.post_message(events.Paste(" what are you comparing it to?"))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # the paste answers nothing
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "pasted text is kept" in shown
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        box = app.screen.query_one(AnswerBox)
        assert box.text == "That's fair, what are you comparing it to?"
        assert app.focused is box
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
    detail = logged(tui_env)[0]
    assert detail.turns[0].answer_text == (  # type: ignore[attr-defined]
        "That's fair, what are you comparing it to?"
    )


@pilot_test
async def test_dialogs_over_a_call_show_their_own_keys_in_the_footer(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """The end-call question, the full brief and help each show their own keys, not the
    call's (which do nothing while the dialog is open)."""
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await type_text(pilot, "Fair enough")
        for key, own in (("escape", ("Yes", "No")), ("ctrl+b", ("Back to the call",))):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, DrillScreen)
            shown = footer_text(app)
            for label in own:
                assert label in shown, (key, shown)
            for call_key in ("Hint", "Brief", "Model"):
                assert call_key not in shown, (key, shown)
            await pilot.press("escape")  # no / back: the call goes on
            await settle(pilot)
            assert isinstance(app.screen, DrillScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert "Close" in footer_text(app) and "Hint" not in footer_text(app)
