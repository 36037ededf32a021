"""Content drawn by its own wrapping rule: a subclass says how the text becomes rows at a
width (`rows`), and Textual draws and measures those rows (see clipped.py, hanging.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions


class Rewrapped(Content):
    """Content (the same text and styles) drawn as `rows(width)` says."""

    def rows(self, width: int) -> Content:
        """The content as drawn `width` cells wide (its lines wrapped by the subclass's rule)."""
        raise NotImplementedError

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.rows(width).render_strips(width, height, style, options)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.rows(width).get_height(rules, width)
