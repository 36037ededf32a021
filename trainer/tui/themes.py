"""The app's colour themes, for `trainer config set theme` (which must not import Textual
itself)."""

from __future__ import annotations


def theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)
