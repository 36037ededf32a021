"""The screens' Textual bindings, built from the one key map (`trainer.keymap`)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType

from trainer.keymap import default_key, keys_of, normalise


def bindings(place: str) -> list[BindingType]:
    """The Textual bindings of one place (`app`, `drill`, `answer`…)."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, priority=k.priority, id=k.id)
        for k in keys_of(place)
    ]


def keys_shown(app: App[Any], binding_id: str, most: int | None = None) -> str:
    """The keys of a binding (every one, or the first `most`) as the screen shows them,
    after the rep's remapping (the app's `settings.keys`): `n or esc` (enter as a word, as
    the dialogs' other keys read, not Textual's ⏎)."""
    settings = getattr(app, "settings", None)
    keys = (settings.keys.get(binding_id) if settings is not None else None) or default_key(
        binding_id
    )
    return " or ".join(
        k if k == "enter" else app.get_key_display(Binding(k, "")) for k in normalise(keys)[:most]
    )
