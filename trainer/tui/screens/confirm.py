"""A small yes/no question before something that loses work (ending a call, quitting).

Text pasted while it is open is not lost: it is kept (`pasted`), the dialog says so, and the
drill puts it in the answer box when the rep goes back (n).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui.keys import bindings, keys_shown
from trainer.tui.widgets.footer import Footer


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes (y), False for no (n or esc)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.pasted = ""  # pasted while the question was open

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            pasted = Static("", id="confirm-pasted", markup=False)
            pasted.display = False  # until something is pasted
            yield pasted
            yield Static(
                f"{keys_shown(self.app, 'confirm.yes')}: yes · "
                f"{keys_shown(self.app, 'confirm.no')}: no",
                classes="dialog-keys",
            )
        yield Footer(compact=True)  # its own keys, not the ones of the screen underneath

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.pasted += event.text
        note = self.query_one("#confirm-pasted", Static)
        no = keys_shown(self.app, "confirm.no", most=1)
        note.update(f"Your pasted text is kept: {no} puts it in your answer.")
        note.display = True

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
