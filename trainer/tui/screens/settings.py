"""Goals and name: the few settings a rep changes from the app (all in `trainer config`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

if TYPE_CHECKING:
    from trainer.settings import Settings


class SettingsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="goals.save"),
        Binding("escape", "cancel", "Cancel", id="goals.cancel"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(id="settings", classes="dialog"):
            with Grid(id="settings-grid"):
                yield Label("Your name")
                yield Input(value=s.rep or "", id="rep")
                yield Label("Minutes a day")
                yield Input(value=str(s.daily_goal_minutes), id="daily", type="integer")
                yield Label("Drills a week")
                yield Input(value=str(s.weekly_goal_drills), id="weekly", type="integer")
            yield Static("enter or ctrl+s: save · esc: cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#settings").border_title = "Name and goals"

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from pydantic import ValidationError

        from trainer.settings import Settings
        from trainer.tui.app import TrainerApp

        changes = {
            "rep": self.query_one("#rep", Input).value.strip() or None,
            "daily_goal_minutes": self.query_one("#daily", Input).value.strip(),
            "weekly_goal_drills": self.query_one("#weekly", Input).value.strip(),
        }
        try:
            checked = Settings.model_validate({**self.settings.model_dump(), **changes})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = {"daily_goal_minutes": "Minutes a day", "weekly_goal_drills": "Drills a week"}
            where = field.get(str(first["loc"][0]), str(first["loc"][0]))
            self.notify(f"{where}: {first['msg']}", severity="error", timeout=5)
            return
        app = self.app
        assert isinstance(app, TrainerApp)
        app.save_settings(rep=checked.rep, daily_goal_minutes=checked.daily_goal_minutes,
                          weekly_goal_drills=checked.weekly_goal_drills)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
