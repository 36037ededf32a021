"""What Library and History share: a table in focus, a search box (`#search`) and filter
menus above it, keys to reach them and escape back to the table."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.widgets import DataTable, Input, Select

from trainer.tui.app import D, DataScreen


class TablePlace(DataScreen[D]):
    TABLE: ClassVar[str]  # the table's selector

    def on_mount(self) -> None:
        self.action_back_to_table()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.action_back_to_table()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_filter(self, selector: str) -> None:
        select = self.query_one(selector, Select)
        select.focus()
        select.expanded = True

    def action_back_to_table(self) -> None:
        self.query_one(self.TABLE, DataTable).focus()
