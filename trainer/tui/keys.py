"""Remappable keys. Every key binding has an id (`place.action`, e.g. `drill.hint`); the
`[keys]` table of settings.toml maps ids to keys (`drill.hint = "f1"`, several keys joined by
commas). `trainer config keys` lists the ids with their default keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

# Where bindings live: (module, class). The app's own bindings first.
_OWNERS = [
    ("trainer.tui.app", "TrainerApp"),
    ("trainer.tui.screens.home", "HomeScreen"),
    ("trainer.tui.screens.library", "LibraryScreen"),
    ("trainer.tui.screens.history", "HistoryScreen"),
    ("trainer.tui.screens.attempt", "AttemptScreen"),
    ("trainer.tui.screens.compare", "CompareScreen"),
    ("trainer.tui.screens.drill", "DrillScreen"),
    ("trainer.tui.widgets.answer_box", "AnswerBox"),
    ("trainer.tui.screens.settings", "SettingsScreen"),
    ("trainer.tui.screens.welcome", "WelcomeScreen"),
]


@dataclass(frozen=True, slots=True)
class KeyBinding:
    id: str
    key: str
    description: str


def key_bindings() -> list[KeyBinding]:
    """Every remappable binding, once per id, in the order the places appear."""
    from textual.binding import Binding

    seen: dict[str, KeyBinding] = {}
    for module, name in _OWNERS:
        owner = getattr(import_module(module), name)
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            if binding.id not in seen:
                seen[binding.id] = KeyBinding(binding.id, binding.key, binding.description)
    return list(seen.values())


_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def key_problem(keys: str) -> str | None:
    """Why `keys` (one key, or several joined by commas) is not something a key press can
    produce, e.g. "not a key!!"; None when every key is a real key name."""
    from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys, key_to_character

    names = {k.value for k in Keys} | {"space", "enter", "tab", "escape", "backspace"}
    names |= set(KEY_NAME_REPLACEMENTS.values()) | set(KEY_TO_UNICODE_NAME)
    parts = [p.strip() for p in str(keys).split(",")]
    if not any(parts):
        return "no key given"
    for part in parts:
        if not part:
            return f"{keys!r} has an empty key between commas"
        *modifiers, name = part.split("+")
        bad = [m for m in modifiers if m.lower() not in _MODIFIERS]
        if bad or not name:
            return (f"{part!r} is not a key: modifiers are ctrl, shift, alt, meta, super and"
                    " hyper, joined with + (e.g. ctrl+s)")
        if len(name) == 1 and name.isprintable() and not name.isspace():
            continue
        if name.lower() in names or f"ctrl+{name.lower()}" in names:
            continue
        if key_to_character(name) is not None and name.isidentifier():
            continue
        return (f"{part!r} is not a key name (e.g. f1, ctrl+s, question_mark, space, enter; "
                "`trainer config keys` shows the keys in use)")
    return None


def valid_keymap(keymap: dict[str, str]) -> dict[str, str]:
    """The entries of a `[keys]` table whose keys are real keys (the others keep defaults)."""
    return {binding_id: keys for binding_id, keys in keymap.items() if key_problem(keys) is None}


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """What is wrong with a `[keys]` table: unknown ids, keys that are not keys, and two
    actions of one place on a key."""
    from textual.keys import _normalize_key_list  # Textual is pinned exactly

    bindings = key_bindings()
    by_id = {b.id: b for b in bindings}
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in by_id:
            problems.append(f"keys: no key binding is called {binding_id!r} (see "
                            "`trainer config keys`); ignored")
        elif (why := key_problem(keys)) is not None:
            problems.append(f"keys: {binding_id}: {why}; the default key is used")
    places: dict[str, dict[str, str]] = {}
    for b in bindings:
        keys = _normalize_key_list(keymap.get(b.id, b.key))
        for key in keys.split(","):
            place = places.setdefault(b.id.split(".")[0], {})
            other = place.setdefault(key, b.id)
            if other != b.id:
                problems.append(f"keys: {key!r} is set for both {other} and {b.id}; "
                                "only one of them will work")
    return problems
