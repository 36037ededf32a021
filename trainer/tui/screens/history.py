"""History: every attempt in a table; filter by text and outcome, sort by any column."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, Select, Static

from trainer.drill.selection import HIGHEST_FIRST
from trainer.practice.rules import AttemptResult, attempt_input, attempt_result
from trainer.store.records import AttemptRecord
from trainer.tui import render
from trainer.tui.keys import bindings
from trainer.tui.screens.table_place import TablePlace
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.nav import NavBar
from trainer.tui.widgets.table import clipped, fit_columns
from trainer.words import result_word

# column key (a sort of trainer.drill.selection.ATTEMPT_SORTS), heading, width
COLUMNS: list[tuple[str, str, int | None]] = [
    ("date", "Date", 16),
    ("scenario", "Scenario", None),
    ("score", "Score", 5),
    ("outcome", "Outcome", 11),
    ("duration", "Time", 7),
    ("input", "Input", 6),
]
# Narrower than this the date loses its weekday; narrower still the input column goes, then
# the time column: the scenario keeps room to be read (the attempt view has it all).
WIDE_WIDTH = 90
MEDIUM_WIDTH = 80
NARROW_WIDTH = 70
ROWS_SHOWN = 500  # a table of thousands of rows takes seconds to build and to re-sort
FITTED = {"outcome", "duration", "input"}
# every way a call can end, as the filter offers them (not "in progress")
OUTCOMES = [r.value for r in AttemptResult if r is not AttemptResult.IN_PROGRESS]


class HistoryScreen(TablePlace[list[AttemptRecord]]):
    PROBLEM_AT = "#history-status"
    TABLE = "#attempts"

    BINDINGS: ClassVar[list[BindingType]] = bindings("history")

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[AttemptRecord] = []
        self.complete = True  # False while only the newest attempts are loaded
        self.sort_column = "date"
        self.descending = True

    def compose(self) -> ComposeResult:
        yield NavBar("History")
        with Horizontal(id="filters"):
            yield Input(placeholder="/ filter by scenario…", id="search", compact=True)
            yield Select[str](
                [(result_word(o), o) for o in OUTCOMES],
                prompt="outcome: any",
                id="outcome",
                compact=True,
            )
        yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-status")
        yield Footer(compact=True)

    def on_resize(self) -> None:
        self.redraw()

    def waiting(self) -> None:
        self.query_one("#history-status", Static).update(
            self.waiting_text("Loading your practice log…")
        )

    def fetch(self) -> list[AttemptRecord]:
        """The newest attempts at once, then (for a long log) all of them for search and sort."""
        app = self.trainer
        assert app.store is not None
        newest: list[AttemptRecord] = app.store.history(rep=app.rep, limit=ROWS_SHOWN + 1)
        if len(newest) <= ROWS_SHOWN:
            return newest
        app.call_from_thread(self.show, newest[:ROWS_SHOWN], complete=False)
        everything: list[AttemptRecord] = app.store.history(rep=app.rep)
        return everything

    def show(self, data: list[AttemptRecord], complete: bool = True) -> None:
        self.attempts = data
        self.complete = complete
        self.redraw()

    def shown_attempts(self) -> list[AttemptRecord]:
        from trainer.drill.selection import AttemptFilter, filter_attempts

        result = self.query_one("#outcome", Select).value
        return filter_attempts(
            self.attempts,
            AttemptFilter(
                query=self.query_one("#search", Input).value,
                result=AttemptResult(result) if isinstance(result, str) else None,
                sort=self.sort_column,
                descending=self.descending,
            ),
        )

    def redraw(self) -> None:
        table: DataTable[Any] = self.query_one("#attempts", DataTable)
        keep = table.cursor_row
        width = self.size.width or self.app.size.width
        shown = self.shown_columns(width)
        rows = self.shown_attempts()
        listed = [self._cells(a, width) for a in rows[:ROWS_SHOWN]]
        columns = []
        for key, heading, size in COLUMNS:
            if key not in shown:
                continue
            if key == self.sort_column:
                heading += " ▼" if self.descending else " ▲"
            if key == "date" and width < WIDE_WIDTH:
                size = 12
            elif key in FITTED:  # as wide as its longest cell: the title takes the rest
                size = max([len(heading)] + [cells[key].cell_length for cells in listed])
            if size is not None:  # room for the sort mark ("Score ▼")
                size = max(size, len(heading))
            columns.append((key, heading, size))
        widths = fit_columns(table, columns, width, scrollbar=len(listed) > table.size.height - 1)
        for a, cells in zip(rows, listed, strict=False):
            table.add_row(*clipped([cells[key] for key in shown], widths), key=a.id)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1, ROWS_SHOWN - 1))
        if self.trainer.store is None:  # nothing read yet: not "no attempts"
            self.waiting()
            return
        total = len(self.attempts)
        noun = "attempt" if total == 1 else "attempts"
        status = f"{len(rows):,} of {total:,} {noun}" if len(rows) != total else f"{total:,} {noun}"
        drills = sum(a.is_drill for a in self.attempts)
        if drills < total:  # an attempt with no answer is no drill (practice.rules)
            status += f", {drills:,} {'drill' if drills == 1 else 'drills'}"
        if not self.complete:
            status = f"the newest {total} attempts (loading the older ones…)"
        elif len(rows) > ROWS_SHOWN:
            status += f" (the first {ROWS_SHOWN} listed: search or filter to narrow)"
        sort_key = self.trainer.key_for("history.sort")
        self.query_one("#history-status", Static).update(
            Content.styled(
                f"{status} · enter opens one · {sort_key} sorts by the next column",
                "$text-muted",
            )
            if total
            else Content.styled(
                f"No attempts yet. Press {self.trainer.key_for('app.library')} for the Library "
                "and drill one.",
                "$text-muted",
            )
        )

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#outcome")
    def _filter_changed(self) -> None:
        self.redraw()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, column in HIGHEST_FIRST
        self.redraw()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from trainer.tui.screens.attempt import AttemptScreen

        if event.row_key.value:
            self.app.push_screen(AttemptScreen(event.row_key.value))

    @staticmethod
    def _cells(a: AttemptRecord, width: int) -> dict[str, Content]:
        return {
            "date": Content(render.when(a.started_at, weekday=width >= WIDE_WIDTH)),
            "scenario": render.plain_line(a.scenario_title),
            "score": Content.styled(
                render.score_text(a.score).rjust(5), render.score_style(a.score)
            ),
            "outcome": render.outcome(attempt_result(a)),
            "duration": Content(render.duration(a.active_s)),
            "input": render.plain_line(attempt_input(a) or "—"),
        }

    @staticmethod
    def shown_columns(width: int) -> list[str]:
        hidden = {"input"} if width < MEDIUM_WIDTH else set()
        if width < NARROW_WIDTH:
            hidden.add("duration")
        return [key for key, _, _ in COLUMNS if key not in hidden]

    def action_sort_next(self) -> None:
        keys = self.shown_columns(self.size.width or self.app.size.width)
        if self.sort_column not in keys:
            keys.append(self.sort_column)
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.descending = self.sort_column in HIGHEST_FIRST
        self.redraw()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.redraw()
