"""The rep's assignment cards on Home: what is assigned, due when, progress against each
target (trainer.practice.assignments), overdue ones marked; enter starts a drill on it.
Hidden when nothing is assigned. Loads in its own worker when `load()` is called."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.tui import render
from trainer.tui.later import LaterMixin

if TYPE_CHECKING:
    from trainer.practice.assignments import AssignmentProgress
    from trainer.tui.app import TrainerApp

SHOWN = 4  # cards on Home (the rest: `trainer assignments`)


def card(p: AssignmentProgress) -> Content:
    """Two lines: title and due day; progress against the targets."""
    due_style = "bold $error" if p.overdue else "$success" if p.done else "$text-muted"
    mark = "done · " if p.done else ""  # overdue says so itself, in red
    return Content.assemble(
        render.plain_line(p.title).stylize("bold"),
        "  ",
        (mark + p.due_text(), due_style),
        "\n  ",
        (p.targets_text(), "$accent"),
    )


def drill_target(p: AssignmentProgress, app: TrainerApp) -> str | None:
    """The scenario a card starts: its scenario, or the covered one practised least."""
    from trainer.practice.assignments import covered, scenario_facts

    if app.library is None:
        return None
    ids = sorted(covered(p.assignment, scenario_facts(app.library)) & set(app.library.scenarios))
    return ids[0] if ids else None


class AssignmentCards(OptionList, LaterMixin):
    DEFAULT_CSS = """
    AssignmentCards { height: auto; max-height: 10; }
    AssignmentCards.-empty { display: none; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.progress: list[AssignmentProgress] = []
        self.add_class("-empty")
        self.can_focus = False  # until there is a card (Home's focus stays where it was)
        self.border_title = "Assigned to you  (enter to drill)"

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def load(self) -> None:
        self._fetch()

    @work(thread=True, exclusive=True, group="assignments", exit_on_error=False)
    def _fetch(self) -> None:
        from trainer.practice.assignments import read_assignments, scenario_facts

        app = self.trainer
        if app.store is None or app.library is None:
            return
        found = read_assignments(app.store, scenario_facts(app.library), app.clock, app.rep)
        self.later(self.show, found)

    def show(self, found: list[AssignmentProgress]) -> None:
        self.progress = found[:SHOWN]
        was = self.highlighted
        self.clear_options()
        for n, p in enumerate(self.progress):
            self.add_option(Option(card(p), id=str(n)))
        self.set_class(not self.progress, "-empty")
        self.can_focus = bool(self.progress)
        if self.progress:
            self.highlighted = min(was or 0, len(self.progress) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Home's own lists handle their own options
        if event.option.id is None:
            return
        scenario_id = drill_target(self.progress[int(event.option.id)], self.trainer)
        if scenario_id is None:
            self.notify(
                "No scenario in your library matches this assignment yet.",
                severity="warning",
                markup=False,
            )
            return
        self.trainer.start_drilling(scenario_id)
