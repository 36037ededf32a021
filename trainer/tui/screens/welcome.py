"""First run: ask the rep's name once; it is kept in the settings file."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.tui.keys import bindings, keys_shown


class WelcomeScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("welcome")

    def compose(self) -> ComposeResult:
        from trainer.settings import default_rep_name

        with Vertical(id="welcome", classes="dialog"):
            yield Static("Welcome to trainer", classes="dialog-title")
            yield Static(
                "Practise calls and objections, get scored on every answer, and watch your "
                "practice add up.\n\nWhat is your name? It labels your practice log."
            )
            yield Input(value=default_rep_name(), id="name")
            yield Static(
                f"enter: save · {keys_shown(self.app, 'welcome.later')}: later",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#welcome").border_title = "First start"

    @on(Input.Submitted, "#name")
    def _save(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            later = keys_shown(self.app, "welcome.later")
            self.notify(f"Type a name, or press {later} to decide later.", timeout=3)
            return
        self.dismiss(name)

    def action_skip(self) -> None:
        self.dismiss(None)
