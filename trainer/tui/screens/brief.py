"""The brief and the prospect in full, scrollable (ctrl+b in a drill; esc or ctrl+b closes):
the side panel may be too short, or hidden on a narrow terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui import render
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.widgets import drill_parts as parts
from trainer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from trainer.scenario.models import Scenario


class BriefScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("brief")

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="brief-full", classes="dialog"):
            yield Static("Prospect", classes="dialog-title")
            yield Static(parts.persona(self.scenario))
            yield Static("Brief", classes="dialog-title brief-head")
            yield Static(render.plain(self.scenario.brief))
            yield Static(
                f"{keys_shown(self.app, 'brief.close', most=1)}: back to the call · ↑↓ scroll",
                classes="dialog-keys",
            )
        yield Footer(compact=True)  # its own keys, not the ones of the screen underneath

    def on_mount(self) -> None:
        self.query_one("#brief-full").border_title = render.plain_line(self.scenario.title)
        self.query_one("#brief-full").focus()

    def action_close(self) -> None:
        self.dismiss(None)
