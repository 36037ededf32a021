"""The drill's conversation: a scrolling column that follows its newest line as it grows
(content grows after layout, so a one-off scroll can land short), until the rep scrolls up
to read earlier feedback; new lines bring it back to the end."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget


class Conversation(VerticalScroll):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.following = True

    def add(self, widget: Widget) -> None:
        """Append a line (or feedback) and follow it."""
        self.following = True
        self.mount(widget)
        self.scroll_end(animate=False)

    def show_from(self, widget: Widget) -> None:
        """Stop following and bring `widget`'s top to the top of the view (as far as the
        content allows), once what was just added has its height."""
        self.following = False
        self.call_after_refresh(self.scroll_to_widget, widget, animate=False, top=True)

    def _scroll_update(self, virtual_size: Size) -> None:
        super()._scroll_update(virtual_size)
        if self.following:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def on_mouse_scroll_up(self, _: events.MouseScrollUp) -> None:
        self.following = False

    def action_scroll_up(self) -> None:
        self.following = False
        super().action_scroll_up()

    def action_page_up(self) -> None:
        self.following = False
        super().action_page_up()
