"""Side by side: this attempt and the rep's best attempt on the same scenario."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.safe_text import display
from trainer.store.records import AttemptDetail
from trainer.tui.app import DataScreen
from trainer.tui.keys import bindings
from trainer.tui.widgets import transcript
from trainer.tui.widgets.footer import Footer
from trainer.words import answerer


class CompareScreen(DataScreen[list[AttemptDetail | None]]):
    PROBLEM_AT = ".compare-head"
    BINDINGS: ClassVar[list[BindingType]] = bindings("compare")

    def __init__(self, attempt_id: str, best_id: str, whose: str = "your") -> None:
        super().__init__()
        self.ids = (attempt_id, best_id)
        self.whose = whose  # "your", or "Alex Kim's" for a manager reading a rep's attempt

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare"):
            for side in ("this", "best"):
                with VerticalScroll(id=f"compare-{side}", classes="compare-side"):
                    yield Static("Loading…", classes="compare-head")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#compare-this").border_title = "This attempt"
        best = self.whose[0].upper() + self.whose[1:] + " best"
        self.query_one("#compare-best").border_title = Content(display(best))  # never markup

    def fetch(self) -> list[AttemptDetail | None]:
        store = self.trainer.store
        assert store is not None
        return [store.attempt(i) for i in self.ids]

    def show(self, data: list[AttemptDetail | None]) -> None:
        library = self.trainer.library
        for side, detail in zip(("this", "best"), data, strict=True):
            column = self.query_one(f"#compare-{side}", VerticalScroll)
            column.remove_children()
            if detail is None:
                column.mount(Static("This attempt is no longer in the log."))
                continue
            loaded = library.scenarios.get(detail.attempt.scenario_id) if library else None
            name = loaded.scenario.persona.label if loaded else "Prospect"
            column.mount(Static(transcript.header(detail.attempt), classes="compare-head"))
            rep = answerer(detail.attempt.rep, self.trainer.rep)
            column.mount_all(transcript.turn_widgets(detail, loaded, name, compact=True, rep=rep))

    def action_back(self) -> None:
        self.dismiss(None)
