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

from trainer.drill.pair import PairRoles, RepSight, login_problem, rep_sight
from trainer.safe_text import display
from trainer.tui import render
from trainer.tui.keys import bindings
from trainer.tui.later import LaterMixin
from trainer.tui.widgets.footer import Footer
from trainer.words import UNANSWERED_CALL

if TYPE_CHECKING:
    from textual.timer import Timer

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
        self.poll: Timer | None = None  # reads the log every POLL_S

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def compose(self) -> ComposeResult:
        scenario = self.loaded.scenario
        who = self._who(self.rep, self.partner)
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
        self.poll = self.set_interval(POLL_S, self._poll)

    def _poll(self) -> None:
        if not self.polling:
            self.polling = True
            self._read()

    @work(thread=True, exit_on_error=False, group="pair-rep")
    def _read(self) -> None:
        store = self.trainer.store
        try:
            since = self.since or self.trainer.clock.now() - LOOK_BACK
            sight = (
                rep_sight(store, self.rep, since, self.partner, self.trainer.log_names)
                if store is not None
                else None
            )
        except Exception:  # a busy log: try again at the next poll
            sight = self.sight
        self.later(self._seen, sight, sight.note if sight is not None else None)

    def _seen(self, sight: RepSight | None, note: PairNote | None) -> None:
        self.polling = False
        self.note = note
        if sight is not None and sight.scenario_id != self.loaded.scenario.id:
            sight = None  # another scenario's call: not this one
        if (sight is not None and sight.finished) != (
            self.sight is not None and self.sight.finished
        ):
            self.refresh_bindings()  # ctrl+r is offered once a call is over
        self.sight = sight
        self._draw()

    def _who(self, rep: str, partner: str) -> str:
        """Who plays what, as the title says it."""
        return PairRoles(rep, partner).who

    def _draw(self) -> None:
        sight = self.sight
        # after a swap the call followed has the roles reversed: the title says so
        rep, partner = (
            (sight.rep, sight.partner) if sight and sight.rep else (self.rep, self.partner)
        )
        title = render.pair_title_row(self.loaded.scenario.title, self._who(rep, partner))
        self.query_one("#pair-title", Static).update(title)
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
        rows: list[Content | tuple[str, str] | str] = self._notice_rows(sight)
        rows.append(("\nThe prospect said\n", "bold"))
        for line in sight.lines:
            rows.append(Content.assemble("• ", render.plain(f"\u201c{line}\u201d"), "\n"))
        rows += self._more_rows(sight)
        lines.update(Content.assemble(*rows))

    def _notice_rows(self, sight: RepSight) -> list[Content | tuple[str, str] | str]:
        """Over the lines: roles swapped, and how to play the prospect from this screen."""
        rows: list[Content | tuple[str, str] | str] = []
        if sight.swapped(self.rep) and not sight.finished:
            said = (
                f"\nRoles swapped: {sight.rep} answers now and you play the prospect from the "
                "card on the screen that swapped.\n"
            )
            rows.append(render.plain(said))
        if self._may_swap():
            said = (
                f"\nctrl+r: you play the prospect next ({self._next_rep(sight)} answers): "
                "the card opens here.\n"
            )
            rows.append((display(said), "$text-muted"))
        return rows

    def _more_rows(self, sight: RepSight) -> list[Content | tuple[str, str] | str]:
        """What this view adds under the lines (the observer's view adds more)."""
        if sight.finished and not sight.answered:  # no drill: no debrief anywhere
            return [(f"\n{UNANSWERED_CALL}\n", "$text-muted")]
        if sight.finished:
            whose = (
                "the card has the debrief"
                if sight.swapped(self.rep)
                else "your partner has your debrief"
            )
            return [(f"\nThe call is over: {display(whose)}.\n", "$text-muted")]
        return []

    # -- swapping: the card opens on this screen ----------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._may_swap() if action == "swap" else True

    def _may_swap(self) -> bool:
        """After a call, where this process may log the next one (docs/pairs.md)."""
        sight, store = self.sight, self.trainer.store
        if sight is None or not sight.finished or store is None:
            return False
        return login_problem(store, self._next_rep(sight)) is None

    def _next_rep(self, sight: RepSight) -> str:
        """Who answers on the call this screen's card would run: the other one of the pair."""
        return sight.rep if sight.swapped(self.rep) else sight.partner

    def action_swap(self) -> None:
        """Play the prospect from this screen: the card opens here for the same scenario,
        the other person answers; the screen that held the card follows as the rep's."""
        from trainer.tui.screens.pair_partner import PairPartnerScreen

        sight = self.sight
        if sight is None or not self._may_swap():
            return
        roles = PairRoles(self._next_rep(sight), self.rep, sight.observer)
        self.trainer.pair_roles = roles
        self.app.switch_screen(PairPartnerScreen(self.loaded, roles))

    def action_close(self) -> None:
        self.dismiss(None)
