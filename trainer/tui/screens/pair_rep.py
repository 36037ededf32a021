"""Pair practice, the rep's screen: only what a rep knows before a real call (the brief),
the call timer and the prospect's lines said so far; never the partner's card. The
observer's screen (a triad, `pair_observer.py`) builds on it.

The partner's process logs the call; this screen reads the shared log (the same SQLite
file, or the team server) every half second in a worker, read-only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.drill.pair import PairRoles, RepSight, rep_sight
from trainer.tui import render
from trainer.tui.keys import bindings
from trainer.tui.later import LaterMixin
from trainer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from trainer.scenario.library import LoadedScenario
    from trainer.store.records import PairNote
    from trainer.tui.app import TrainerApp

POLL_S = 0.5
# A call the partner started shortly before the rep's view opened is still this call.
LOOK_BACK = timedelta(minutes=2)


class PairRepScreen(LaterMixin, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("pair-rep")
    DEFAULT_CSS = """
    #pair-rep-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, loaded: LoadedScenario, rep: str, partner: str) -> None:
        super().__init__()
        self.note: PairNote | None = None
        self.loaded = loaded
        self.rep = rep
        self.partner = partner
        self.since: datetime | None = None  # set on mount, from the app's clock
        self.sight: RepSight | None = None
        self.polling = False

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def compose(self) -> ComposeResult:
        scenario = self.loaded.scenario
        who = PairRoles(self.rep, self.partner).who
        yield Static(render.pair_title_row(scenario.title, who), id="pair-title")
        yield Static("", id="pair-timer")
        with VerticalScroll(id="pair-rep-body"):
            yield Static(
                Content.assemble(("Your brief\n", "bold $accent"), render.plain(scenario.brief)),
                id="pair-brief",
            )
            yield Static("", id="pair-lines")
        yield Footer()

    def on_mount(self) -> None:
        self.since = self.trainer.clock.now() - LOOK_BACK
        self._draw()
        self.set_interval(POLL_S, self._poll)

    def _poll(self) -> None:
        if not self.polling:
            self.polling = True
            self._read()

    @work(thread=True, exit_on_error=False, group="pair-rep")
    def _read(self) -> None:
        store = self.trainer.store
        try:
            since = self.since or self.trainer.clock.now() - LOOK_BACK
            sight = rep_sight(store, self.rep, since) if store is not None else None
            note = self._note_of(sight) if store is not None and sight is not None else None
        except Exception:  # a busy log: try again at the next poll
            sight, note = self.sight, self.note
        self.later(self._seen, sight, note)

    def _note_of(self, sight: RepSight) -> PairNote | None:
        """In the worker: the call's note, when this view shows it (the rep's does not)."""
        return None

    def _seen(self, sight: RepSight | None, note: PairNote | None) -> None:
        self.polling = False
        self.note = note
        if sight is not None and sight.scenario_id != self.loaded.scenario.id:
            sight = None  # another scenario's call: not this one
        self.sight = sight
        self._draw()

    def _draw(self) -> None:
        sight = self.sight
        timer = self.query_one("#pair-timer", Static)
        lines = self.query_one("#pair-lines", Static)
        if sight is None:
            timer.update("")
            lines.update(render.plain(f"\nWaiting for {self.partner} to start the call…"))
            return
        until = sight.ended_at if sight.finished and sight.ended_at else self.trainer.clock.now()
        seconds = max(0.0, (until - sight.started_at).total_seconds())
        state = "call over" if sight.finished else "on the call"
        timer.update(f"{state} · {render.clock_face(seconds)}")
        rows: list[Content | tuple[str, str] | str] = [("\nThe prospect said\n", "bold")]
        for line in sight.lines:
            rows.append(Content.assemble("• ", render.plain(f"\u201c{line}\u201d"), "\n"))
        rows += self._more_rows(sight)
        lines.update(Content.assemble(*rows))

    def _more_rows(self, sight: RepSight) -> list[Content | tuple[str, str] | str]:
        """What this view adds under the lines (the observer's view adds more)."""
        if sight.finished:
            return [("\nThe call is over: your partner has your debrief.\n", "$text-muted")]
        return []

    def action_close(self) -> None:
        self.dismiss(None)
