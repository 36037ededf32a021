"""The rep's assignment cards on Home: what is assigned, due when, progress against each
target (trainer.practice.assignments, read with Home's figures: `HomeView.assignments`),
overdue ones marked; enter starts a drill on it. Hidden when nothing is assigned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.tui import render
from trainer.tui.clipped import Clipped

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp
    from trainer.tui.home_view import AssignmentRow


# The most rows a card's lines take: title and due day, the targets, the manager's note (one
# row, cut with "…": the cards under it stay in view at 80×24).
CARD_ROWS = (3, 2, 1)


def card(row: AssignmentRow) -> Content:
    """Title and due day; progress against the targets; the manager's note, if any (plain
    text, never markup)."""
    due_style = "bold $error" if row.overdue else "$success" if row.done else "$text-muted"
    mark = "done · " if row.done else ""  # overdue says so itself, in red
    content = Content.assemble(
        render.plain_line(row.title).stylize("bold"),
        "  ",
        (mark + row.due, due_style),
        "\n  ",
        (row.targets, "$accent"),
    )
    if row.note.strip():
        note = render.plain_line(row.note.strip()).stylize("italic $text-muted")
        content = Content.assemble(content, "\n  ", note)
    return Clipped(content, CARD_ROWS)


class AssignmentCards(OptionList):
    DEFAULT_CSS = """
    AssignmentCards { height: auto; max-height: 10; }
    AssignmentCards.-empty { display: none; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows: tuple[AssignmentRow, ...] = ()
        self.add_class("-empty")
        self.can_focus = False  # until there is a card (Home's focus stays where it was)
        self.border_title = "Assigned to you  (enter to drill)"

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def show(self, rows: Sequence[AssignmentRow]) -> None:
        if tuple(rows) == self.rows:
            return  # the same cards: no repaint, the highlight stays
        self.rows = tuple(rows)
        was = self.highlighted
        self.clear_options()
        for n, row in enumerate(self.rows):
            self.add_option(Option(card(row), id=str(n)))
        self.set_class(not self.rows, "-empty")
        self.can_focus = bool(self.rows)
        if self.rows:
            self.highlighted = min(was or 0, len(self.rows) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Home's own lists handle their own options
        if event.option.id is None:
            return
        scenario_id = self.rows[int(event.option.id)].scenario_id
        if scenario_id is None:
            self.notify(
                "No scenario in your library matches this assignment yet.",
                severity="warning",
                markup=False,
            )
            return
        self.trainer.start_drilling(scenario_id)
