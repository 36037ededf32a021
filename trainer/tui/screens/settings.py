"""Name, goals and voice: the settings a rep changes from the app (all in `trainer config`):
the daily and weekly goals in means (docs/practice.md) and how many new scenarios the daily
practice offers a day. A refused value is named by its label, with what to type instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trainer.safe_text import display
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from trainer.settings import Settings


# The settings this screen edits: input id, label (also what a refusal names), setting.
NAME = ("rep", "Your name", "rep")
GOALS = (  # laid out two a row
    ("daily", "Minutes a day", "daily_goal_minutes"),
    ("daily-drills", "Drills a day", "daily_goal_drills"),
    ("weekly", "Drills a week", "weekly_goal_drills"),
    ("daily-due", "Due cleared a day", "daily_goal_due"),
    ("weekly-new", "New tried a week", "weekly_goal_new"),
    ("new-per-day", "New offered a day", "new_per_day"),
)
VOICE = (
    ("silence", "Stop on silence", "voice_stop_after_silence"),
    ("device", "Microphone", "input_device"),
)
FIELDS = (NAME, *GOALS, *VOICE)  # in the order shown; the palette offers each by its label
LABELS = {setting: label for _, label, setting in FIELDS}
# Goals where 0 means "no goal" (and new_per_day: none a day): a blank box is 0.
BLANK_IS_ZERO = frozenset({"daily_goal_due", "weekly_goal_new", "new_per_day"})


class SettingsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("settings")

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(id="settings", classes="dialog"):
            with Grid(id="settings-grid"):
                yield Label(NAME[1])
                yield Input(value=s.rep or "", id="rep", compact=True, classes="wide")
                for input_id, label, setting in GOALS:
                    yield Label(label)
                    yield Input(
                        value=str(getattr(s, setting)), id=input_id, type="integer", compact=True
                    )
                yield Label(VOICE[0][1])
                yield Input(
                    value=_blank(s.voice_stop_after_silence),
                    id="silence",
                    type="number",
                    placeholder="off (seconds, e.g. 2)",
                    compact=True,
                    classes="wide",
                )
                yield Label(VOICE[1][1])
                yield Input(
                    value=_blank(s.input_device),
                    id="device",
                    placeholder="system default (number or name)",
                    compact=True,
                    classes="wide",
                )
            yield Static(
                "Due cleared and new tried: 0 is no goal. New offered: new scenarios the "
                "daily practice brings in a day.",
                classes="dialog-note",
            )
            yield Static(
                f"enter or {keys_shown(self.app, 'settings.save')}: save · "
                f"{keys_shown(self.app, 'settings.cancel')}: cancel",
                classes="dialog-keys",
            )
        # Its own footer, over the one of the place underneath: only the keys that work here
        # (letters type into the fields).
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#settings").border_title = "Name, goals and voice"

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value.strip()

    def action_save(self) -> None:
        from pydantic import ValidationError

        from trainer.settings import changed, refused_value
        from trainer.tui.app import TrainerApp

        changes: dict[str, object] = {
            "rep": self._value("rep") or None,
            "voice_stop_after_silence": _none_if_off(self._value("silence")),
            "input_device": self._value("device") or None,
        }
        for input_id, _, setting in GOALS:
            value = self._value(input_id)
            changes[setting] = "0" if not value and setting in BLANK_IS_ZERO else value
        app = self.app
        assert isinstance(app, TrainerApp)
        try:  # checked once, here: the app keeps and writes what passed
            checked = changed(app.current_settings, **changes)
        except ValidationError as exc:
            first = exc.errors()[0]
            setting = str(first["loc"][0])
            self.notify(
                display(f"{LABELS.get(setting, setting)}: {refused_value(first)}"),
                severity="error",
                timeout=5,
                markup=False,
            )
            return
        app.keep_settings(checked)
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
