"""The screens' Textual bindings, built from the one key map (`trainer.keymap`)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from trainer.keymap import keys_of


def bindings(place: str) -> list[BindingType]:
    """The Textual bindings of one place (`app`, `drill`, `answer`…)."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, priority=k.priority, id=k.id)
        for k in keys_of(place)
    ]
