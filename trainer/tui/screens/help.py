"""Help for the place in view: its keys (as remapped in the settings), then the app's.

`?` or F1 opens it; esc (or `?`, F1) closes it. The keys come from the one key map
(`trainer.keymap`), so a remapped key shows as the rep set it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from trainer.keymap import KEYS, Key, key_bindings
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

# The key-map places a screen's help lists, besides the app's own keys.
PLACES_OF = {"drill": ("drill", "answer", "next")}
TITLES = {
    "home": "Home",
    "library": "Library",
    "history": "History",
    "progress": "Progress",
    "attempt": "An attempt",
    "compare": "Compare with best",
    "team": "Team",
    "rep": "A rep's attempts",
    "drill": "Drill",
    "settings": "Settings",
    "answer": "The answer box",
    "next": "After a call",
    "app": "Everywhere",
}


def place_of(screen: Screen[Any]) -> str:
    """`HomeScreen` -> `home`."""
    return type(screen).__name__.lower().removesuffix("screen")


def acting_now(screen: Screen[Any] | None, binding_id: str) -> Key | None:
    """The binding an id stands for on `screen` right now (an id may name one of several,
    as the state changes: page down scrolls mid-call, shows the summary after it), or None
    when none of them acts now (the summary mid-call). Without a screen: the first."""
    candidates = [k for k in KEYS if k.id == binding_id]
    if screen is None:
        return candidates[0]
    for key in candidates:
        _, name, params = parse(key.action)
        if screen.check_action(name, params):
            return key
    return None


def help_rows(
    app: TrainerApp, place: str, screen: Screen[Any] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(key as shown, what it does)]) for a place, then the app's keys;
    with the `screen` in view, its own keys as they act now."""
    sections = []
    for section in (*PLACES_OF.get(place, (place,)), "app"):
        rows = []
        for k in key_bindings():
            if k.place != section or not app.has_key(k.id):
                continue
            now = acting_now(screen if section == place else None, k.id)
            if now is not None:
                rows.append((app.key_for(k.id, k.key), now.description))
        if section == "app":
            shown = app.get_key_display
            rows.append(
                (
                    shown(Binding("ctrl+p", "")),
                    "Command palette: go anywhere, start a drill by name",
                )
            )
            rows.append((shown(Binding("ctrl+q", "")), "Quit (asks first mid-call)"))
        if rows:
            sections.append((TITLES.get(section, section.title()), rows))
    return sections


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, over: Screen[Any]) -> None:
        super().__init__()
        self.over = over
        self.place = place_of(over)

    def compose(self) -> ComposeResult:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        with VerticalScroll(id="help", classes="dialog"):
            for title, rows in help_rows(app, self.place, self.over):
                yield Static(title, classes="dialog-title")
                width = max(len(key) for key, _ in rows) + 2
                yield Static(
                    Content("\n").join(
                        Content.assemble((key.ljust(width), "bold $text-accent"), what)
                        for key, what in rows
                    )
                )
            yield Static(f"{keys_shown(app, 'help.close', most=1)}: close", classes="dialog-keys")
        yield Footer(compact=True)  # its own keys, not the ones of the screen underneath

    def on_mount(self) -> None:
        self.query_one("#help").border_title = f"Help: {TITLES.get(self.place, self.place)}"

    def action_close(self) -> None:
        self.dismiss(None)
