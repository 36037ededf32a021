"""What the rep can do once a call is over: retry the last answer, drill again, close.

It takes the focus when the call ends, so letters typed then never reach the app's keys
from an answer box that no longer takes answers. Where the three buttons do not fit in a row
(40 columns) they name only their own letter, then stack.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Button

from trainer.tui.keys import bindings

# (action, its label, its label where the row is narrow)
ACTIONS = (
    ("retry", "Retry", "Retry"),
    ("again", "Drill again", "Again"),
    ("close", "Close", "Close"),
)
BUTTON_PADDING = 2  # a compact button's label has a space either side


class NextActions(Horizontal, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = bindings("next")

    def __init__(self, keys: dict[str, str], own_keys: dict[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.keys = keys  # action -> how its keys show ("r or ^r"), as the summary says them
        self.own_keys = own_keys  # action -> this widget's own key ("r"), for narrow screens

    def labels(self, short: bool) -> list[str]:
        if short:
            return [f"{label} ({self.own_keys[action]})" for action, _, label in ACTIONS]
        return [f"{label} ({self.keys[action]})" for action, label, _ in ACTIONS]

    def compose(self) -> ComposeResult:
        for (action, _, _), label in zip(ACTIONS, self.labels(short=False), strict=True):
            yield Button(label, id=f"next-{action}", compact=True)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def fit(self, width: int) -> None:
        """The full labels where they fit in a row, else the short ones, else stacked."""
        buttons = list(self.query(Button))
        inside = width - self.styles.padding.width
        gap = max((b.styles.margin.right for b in buttons), default=0)

        def row_width(labels: list[str]) -> int:
            return sum(cell_len(x) + BUTTON_PADDING for x in labels) + gap * (len(labels) - 1)

        labels = self.labels(short=False)
        if row_width(labels) > inside:
            labels = self.labels(short=True)
        for button, label in zip(buttons, labels, strict=True):
            button.label = label
        self.set_class(row_width(labels) > inside, "-stacked")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.screen.run_action((event.button.id or "").removeprefix("next-"))

    async def action_retry(self) -> None:
        await self.screen.run_action("retry")

    async def action_again(self) -> None:
        await self.screen.run_action("again")

    async def action_close(self) -> None:
        await self.screen.run_action("close")
