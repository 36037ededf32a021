"""A small yes/no question before something that loses work (ending a call, quitting)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui.keys import bindings


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes (y), False for no (n or esc)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Static("y: yes · n or esc: no", classes="dialog-keys")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
