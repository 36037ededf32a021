"""Help for the place in view: its keys (as remapped in the settings), then the app's.

`?` or F1 opens it; esc (or `?`, F1) closes it. The keys come from the one key map
(`trainer.keymap`), so a remapped key shows as the rep set it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ClassVar

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from trainer.keymap import KEYS, Key, key_bindings, normalise
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.widgets.footer import Footer
from trainer.words import tag_word

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

# The key-map places a screen's help lists, besides the app's own keys.
PLACES_OF = {
    "drill": ("drill", "answer", "next"),
    "pairpartner": ("pair",),
    "pairrep": ("pair-rep",),
    "pairobserver": ("pair-observer",),
}
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
    "pairpartner": "The partner's card",
    "pair": "The partner's card",
    "pairrep": "The rep's view",
    "pair-rep": "The rep's view",
    "pairobserver": "The observer's view",
    "pair-observer": "The observer's view",
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


# Keys of one kind numbered in the key map (`pair.tick-3`, `pair.branch-b`): one help row.
_NUMBERED = re.compile(r"-(?:\d|[a-d])$")
# What a row of numbered keys does, by the kind (`tick` of `pair.tick-3`).
NUMBERED_WORDS = {
    "tick": "Tick or untick a move, by its number",
    "branch": "Take a branch: how the prospect reacts",
}
# What a place's text box does with enter, where the key map has no key for it.
BOX_ROWS = {
    "pair": ("enter", "After the call: save the comment for the rep"),
    "pair-observer": ("enter", "After the call: save your comment for the rep"),
}


def _what(key: Key, screen: Screen[Any] | None) -> str | None:
    """What a key does, for help: a tag key names its tag ("Tag: missed a move"), as the
    debrief does; a key whose binding changes with the state says what it does now on
    `screen` (None: nothing now), with no screen each ("End call / Close")."""
    if tag := re.fullmatch(r"tag\('([\w-]+)'\)", key.action):
        return f"Tag: {tag_word(tag[1])}"
    if screen is not None:
        now = acting_now(screen, key.id)
        return None if now is None else now.description
    return " / ".join(dict.fromkeys(k.description for k in KEYS if k.id == key.id))


def _place_rows(
    app: TrainerApp, section: str, screen: Screen[Any] | None = None
) -> list[tuple[str, str]]:
    """A place's keys as shown (remapped), numbered keys of one kind on one row ("1–9");
    with the `screen` in view, its keys as they act now."""
    rows: list[tuple[str, str]] = []
    runs: dict[str, list[str]] = {}
    for k in key_bindings():
        if k.place != section or not app.has_key(k.id):
            continue
        shown = app.key_for(k.id, k.key)
        if _NUMBERED.search(k.id):
            kind = _NUMBERED.sub("", k.id)
            if kind not in runs:
                runs[kind] = []
                rows.append((kind, NUMBERED_WORDS.get(kind.split(".")[-1], k.description)))
            runs[kind].append(shown)
            continue
        what = _what(k, screen)
        if what is not None:
            rows.append((shown, what))
    if section in BOX_ROWS:
        rows.append(BOX_ROWS[section])
    return [(_run(runs[key]) if key in runs else key, what) for key, what in rows]


def _run(keys: list[str]) -> str:
    """'1–9' for single keys one after another, else the keys one by one ('1 2 x 4')."""
    if all(len(k) == 1 for k in keys) and all(ord(b) - ord(a) == 1 for a, b in pairwise(keys)):
        return f"{keys[0]}–{keys[-1]}" if len(keys) > 1 else keys[0]
    return " ".join(keys)


def _keys_of(app: TrainerApp, key: Key) -> set[str]:
    """A binding's keys, as the rep mapped them."""
    mapped = app.settings.keys.get(key.id) if app.settings is not None else None
    return set(normalise(mapped or key.key))


def help_rows(
    app: TrainerApp, place: str, over: Screen[Any] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(key as shown, what it does)]) for a place, then the app's keys
    that act over the screen `over` (not those its own keys take, nor place keys where
    they cannot leave it)."""
    sections = []
    places = PLACES_OF.get(place, (place,))
    taken = {key for k in key_bindings() if k.place in places for key in _keys_of(app, k)}
    for section in (*places, "app"):
        if section == "app":
            rows = [
                (app.key_for(k.id, k.key), k.description)
                for k in key_bindings()
                if k.place == "app" and app.has_key(k.id) and _acts(app, k, over, taken)
            ]
        else:
            rows = _place_rows(app, section, over if section == place else None)
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


def _acts(app: TrainerApp, key: Key, over: Screen[Any] | None, taken: set[str]) -> bool:
    """Whether an app key acts over `over`: not taken by the screen's own keys, and allowed
    there (`TrainerApp.can_leave`: no place keys over a drill or a pair card)."""
    if over is None:
        return True
    if _keys_of(app, key) <= taken:
        return False
    return app.acts_over(over, key.action.split("(")[0])


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
