"""Name, goals and voice: the settings a rep changes from the app (all in `trainer config`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trainer.safe_text import display
from trainer.tui.keys import bindings

if TYPE_CHECKING:
    from trainer.settings import Settings


class SettingsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("settings")

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
                yield Label("Stop on silence")
                yield Input(
                    value=_blank(s.voice_stop_after_silence),
                    id="silence",
                    type="number",
                    placeholder="off (seconds, e.g. 2)",
                )
                yield Label("Microphone")
                yield Input(
                    value=_blank(s.input_device),
                    id="device",
                    placeholder="system default (number or name)",
                )
            yield Static("enter or ctrl+s: save · esc: cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#settings").border_title = "Name, goals and voice"

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
            "voice_stop_after_silence": _none_if_off(self.query_one("#silence", Input).value),
            "input_device": self.query_one("#device", Input).value.strip() or None,
        }
        try:
            checked = Settings.model_validate({**self.settings.model_dump(), **changes})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = {
                "daily_goal_minutes": "Minutes a day",
                "weekly_goal_drills": "Drills a week",
                "voice_stop_after_silence": "Stop on silence",
                "input_device": "Microphone",
            }
            where = field.get(str(first["loc"][0]), str(first["loc"][0]))
            from trainer.settings import refused_value

            self.notify(
                display(f"{where}: {refused_value(first)}"),
                severity="error",
                timeout=5,
                markup=False,
            )
            return
        app = self.app
        assert isinstance(app, TrainerApp)
        app.save_settings(
            rep=checked.rep,
            daily_goal_minutes=checked.daily_goal_minutes,
            weekly_goal_drills=checked.weekly_goal_drills,
            voice_stop_after_silence=checked.voice_stop_after_silence,
            input_device=checked.input_device,
        )
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _none_if_off(text: str) -> str | None:
    """Blank or 0 turns the silence stop off."""
    text = text.strip()
    try:
        return None if not text or float(text) == 0 else text
    except ValueError:
        return text  # not a number: validation says so
