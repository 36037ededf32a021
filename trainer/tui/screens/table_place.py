"""What Library and History share: a table in focus, a search box (`#search`) and filter
menus above it, keys to reach them and escape back to the table."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.actions import SkipAction
from textual.widgets import DataTable, Input, Select

from trainer.tui.app import D, DataScreen


class TablePlace(DataScreen[D]):
    TABLE: ClassVar[str]  # the table's selector

    def on_mount(self) -> None:
        self.action_back_to_table()
        for select in self.query(Select):
            self.watch(select, "expanded", partial(self._menu_toggled, select), init=False)

    def _menu_toggled(self, select: Select[Any], expanded: bool) -> None:
        """A filter's menu closed on a choice (or esc): back to the table, so the next enter
        opens a row rather than the menu again."""
        if not expanded:
            self.call_after_refresh(self._back_from, select)  # after the menu's own focus()

    def _back_from(self, select: Select[Any]) -> None:
        focused = self.focused
        if focused is select or (focused is not None and select in focused.ancestors):
            self.action_back_to_table()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.action_back_to_table()

    # "/budget" typed in one burst must land in the search box: the app hands each key to
    # whatever has focus as the key arrives, so "/" is a priority key (run on arrival) and
    # moves the focus at once (`focus()` would wait behind the keys already read).
    def action_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction  # typing in a box: "/" is a character
        self.set_focus(self.query_one("#search", Input))

    def action_focus_filter(self, selector: str) -> None:
        select = self.query_one(selector, Select)
        self.set_focus(select)
        select.expanded = True

    def action_back_to_table(self) -> None:
        self.set_focus(self.query_one(self.TABLE, DataTable))
