"""One attempt: the full transcript with evidence per turn and the model answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from trainer.tui.app import DataScreen
from trainer.tui.widgets import transcript

if TYPE_CHECKING:
    from trainer.store.records import AttemptDetail, AttemptRecord


@dataclass(slots=True)
class AttemptData:
    detail: AttemptDetail | None
    best: AttemptRecord | None


class AttemptScreen(DataScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "compare", "Compare with best"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, attempt_id: str) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.data: AttemptData | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the attempt…", id="attempt-head")
        yield VerticalScroll(id="transcript")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#transcript").focus()

    def fetch(self) -> AttemptData:
        from trainer.drill.selection import best_attempt

        app = self.trainer
        assert app.store is not None
        detail = app.store.attempt(self.attempt_id)
        if detail is None:
            return AttemptData(None, None)
        a = detail.attempt
        best = best_attempt(app.store.history(rep=a.rep, scenario_id=a.scenario_id))
        return AttemptData(detail, best)

    def show(self, data: AttemptData) -> None:
        self.data = data
        head = self.query_one("#attempt-head", Static)
        body = self.query_one("#transcript", VerticalScroll)
        body.remove_children()
        if data.detail is None:
            head.update("This attempt is no longer in the log.")
            return
        attempt = data.detail.attempt
        library = self.trainer.library
        loaded = library.scenarios.get(attempt.scenario_id) if library else None
        extra = ""
        if loaded is None:
            extra = "\nThis scenario is no longer in the library: model answers are not shown."
        elif loaded.sha256 != attempt.scenario_hash:
            extra = "\nThe scenario file has changed since: model answers are today's version."
        if data.best is not None and data.best.id == attempt.id:
            extra += "\nThis is your best attempt on this scenario."
        head.update(Content.assemble(transcript.header(attempt), (extra, "$text-muted")))
        name = loaded.scenario.persona.name if loaded else "Prospect"
        body.mount_all(transcript.turn_widgets(data.detail, loaded, name))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_compare(self) -> None:
        data = self.data
        if data is None or data.detail is None:
            return
        if data.best is None or data.best.id == data.detail.attempt.id:
            self.notify("This is already your best attempt on this scenario.", timeout=4)
            return
        from trainer.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(data.detail.attempt.id, data.best.id))
