"""Text whose wrapped lines continue under their own text, not at the left edge: a move's
evidence under the move's name (" ✓ Respect their time ... “I'll let you" / "   get back”"),
a tip's second line under the tip, the delivery figures under the first figure
(" Delivery: Words 11 ✓ · Fillers" / "           0 per 100 words ✓")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

# What a line's continuation goes under: its leading spaces and its mark (✓ ✗ !) or the
# "Delivery: " heading (trainer.tui.render.feedback), if any.
_LEAD = re.compile(r" *(?:[✓✗!] |Delivery: )?")
MIN_ROOM = 12  # narrower than this after the indent, wrap at the left edge as usual


class Hanging(Content):
    """Content (the same text and styles) drawn with hanging indents at any width: each
    line's wrapped rows start under the text after its lead (`_LEAD`)."""

    def rows(self, width: int) -> Content:
        """The content wrapped to `width`, continuation rows indented."""
        out: list[Content] = []
        for line in self.split(allow_blank=True):
            indent = _LEAD.match(line.plain).end()  # type: ignore[union-attr]
            if not indent or line.cell_length <= width or width - indent < MIN_ROOM:
                out.append(line)
                continue
            rest, room = line[indent:], width - indent
            rows = _by_piece(rest, room) if line.plain[:indent].endswith(": ") else rest.wrap(room)
            out.append(line[:indent] + rows[0])
            out.extend(Content(" " * indent) + row for row in rows[1:])
        return Content("\n").join(out)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.rows(width).render_strips(width, height, style, options)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.rows(width).get_height(rules, width)


SEPARATOR = " · "  # between the figures of a "Delivery: " line


def _by_piece(text: Content, width: int) -> list[Content]:
    """`text` wrapped to `width` keeping each figure ("Fillers 0 per 100 words ✓") whole on
    its row where it fits, rows broken after a separator; a longer figure wraps by word."""
    rows: list[Content] = []
    row: Content | None = None
    start = 0
    while start < len(text.plain):
        found = text.plain.find(SEPARATOR, start)
        end = len(text.plain) if found < 0 else found + len(SEPARATOR)
        piece = text[start:end]
        start = end
        if row is not None and (row + piece.rstrip()).cell_length <= width:
            row += piece
            continue
        if row is not None:
            rows.append(row.rstrip())
        *whole, row = piece.wrap(width) if piece.rstrip().cell_length > width else [piece]
        rows.extend(whole)
    if row is not None:
        rows.append(row.rstrip())
    return rows


def hanging(content: Content) -> Hanging:
    return Hanging(content.plain, spans=list(content.spans))
