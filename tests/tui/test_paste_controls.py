"""Pasting text with control characters into the answer box: the text keeps its order, a
pasted "\\r" never sends the answer, and the box shows what the log keeps (no control
characters, no bidi controls; trainer.safe_text.kept_text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_drill_flow import logged
from trainer.drill.run import plain_answer
from trainer.tui.app import TrainerApp
from trainer.tui.paste import PasteSafeParser
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.answer_box import AnswerBox

PASTED = "Hi there \x1b[31mred\x1b[0m and \x1b done\rnext \u202eevil\u202c \x07bell"
KEPT = "Hi there [31mred[0m and  done\nnext evil bell"
BRACKETED = f"\x1b[200~{PASTED}\x1b[201~"


def parsed(chunks: list[str]) -> list[object]:
    parser = PasteSafeParser()
    out: list[object] = []
    for chunk in chunks:
        out += list(parser.feed(chunk))
    return out


def test_a_bracketed_paste_holding_escapes_is_one_paste_in_order() -> None:
    events_seen = parsed([BRACKETED])
    assert [type(e) for e in events_seen] == [events.Paste]
    assert events_seen[0].text == PASTED.replace("\x1b", "")  # type: ignore[attr-defined]


@pytest.mark.parametrize("cut", range(1, len(BRACKETED)))
def test_a_paste_split_over_two_reads_is_the_same_paste(cut: int) -> None:
    """The terminal's reads may split the paste anywhere, its marks included."""
    events_seen = parsed([BRACKETED[:cut], BRACKETED[cut:]])
    assert [type(e) for e in events_seen] == [events.Paste]
    assert events_seen[0].text == PASTED.replace("\x1b", "")  # type: ignore[attr-defined]


def test_keys_outside_a_paste_are_keys_as_ever() -> None:
    keys = parsed(["ab\x1b[A", BRACKETED, "c\r"])
    names = [e.key if isinstance(e, events.Key) else type(e).__name__ for e in keys]
    assert names == ["a", "b", "up", "Paste", "c", "enter"]


def test_an_answer_keeps_no_control_or_bidi_characters() -> None:
    assert plain_answer(PASTED + "  \r\n") == KEPT


@pilot_test
async def test_a_paste_with_control_characters_shows_and_logs_the_same_text(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        box = app.screen.query_one(AnswerBox)
        app.post_message(events.Paste(PASTED))  # as the terminal driver sends it
        await settle(pilot)
        assert box.text == KEPT  # nothing sent: the "\r" is a new line in the box
        assert not logged(tui_env) or not logged(tui_env)[0].turns  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    assert turn.answer_text == KEPT
