"""What the rep can do once a call is over: retry the last answer, drill again, close.

It takes the focus when the call ends, so letters typed then never reach the app's keys
from an answer box that no longer takes answers.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Button

from trainer.tui.keys import bindings


class NextActions(Horizontal, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = bindings("next")

    def __init__(self, keys: dict[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.keys = keys  # action -> how its keys show ("r or ^r"), as the summary says them

    def compose(self) -> ComposeResult:
        for action, label in (("retry", "Retry"), ("again", "Drill again"), ("close", "Close")):
            yield Button(f"{label} ({self.keys[action]})", id=f"next-{action}", compact=True)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.screen.run_action((event.button.id or "").removeprefix("next-"))

    async def action_retry(self) -> None:
        await self.screen.run_action("retry")

    async def action_again(self) -> None:
        await self.screen.run_action("again")

    async def action_close(self) -> None:
        await self.screen.run_action("close")
