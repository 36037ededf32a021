"""The app's daily session: today's due drills one after another on the drill screen, then
a short summary. The session itself (plan, results, summary) is the drill service's
`trainer.drill.daily.DailySession`; this only opens screens.

Closing a drill without an answer stops the session (the rep has left): the summary shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui import render
from trainer.tui.hanging import hanging
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.later import LaterMixin

if TYPE_CHECKING:
    from trainer.drill.daily import DailySession
    from trainer.practice.schedule import DueItem
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.drill import DrillScreen


class DailyPlanned(Message):
    """A worker planned today's session (or could not: `error`)."""

    def __init__(self, session: DailySession | None, error: str = "") -> None:
        super().__init__()
        self.session = session
        self.error = error


def plan_daily(app: TrainerApp) -> None:
    """Worker thread: plan today's session for the app's rep and post it."""
    from trainer.drill.daily import start_daily
    from trainer.store.base import StoreError

    assert app.store is not None and app.library is not None
    try:
        session = start_daily(app.store, app.library, app.current_settings, app.clock, app.rep)
    except StoreError as exc:
        app.post_message(DailyPlanned(None, str(exc)))
        return
    app.post_message(DailyPlanned(session))


class DailySummaryScreen(LaterMixin, ModalScreen[None]):
    """The end of the session: each drill, its score and when it comes back."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("daily")

    def __init__(self, session: DailySession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="daily-summary", classes="dialog"):
            yield Static("Summing up…", id="daily-lines")
            yield Static(f"{keys_shown(self.app, 'daily.close')}: close", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#daily-summary").border_title = "Daily practice"
        self._sum_up()

    @work(thread=True, group="daily")
    def _sum_up(self) -> None:
        self.later(self._show, self.session.summary())

    def _show(self, lines: list[str]) -> None:
        # a long title wraps under the drill's score, not at the dialog's edge
        self.query_one("#daily-lines", Static).update(hanging(render.plain("\n".join(lines))))

    def action_close(self) -> None:
        self.dismiss(None)


class DailyRunner:
    """Drives one daily session in the app: the next drill when one closes, then the sum."""

    def __init__(self, app: TrainerApp, session: DailySession) -> None:
        self.trainer = app
        self.session = session

    def next(self) -> None:
        planned = self.session.next_item()
        if planned is None:
            self.trainer.push_screen(
                DailySummaryScreen(self.session), lambda _: self.trainer.data_changed()
            )
            return
        item, loaded = planned
        note = self.session.announce(item)
        self.trainer.open_drill(
            loaded, note=note, then=lambda screen: self._drill_closed(item, screen)
        )

    def _drill_closed(self, item: DueItem, screen: DrillScreen) -> None:
        view = screen.snapshot
        if view is None or not view.answered:
            self.session.stopped = True
        if view is not None:
            self.session.record(item, screen.loaded.scenario.title, view)
        self.next()
