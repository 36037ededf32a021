"""Text whose wrapped lines continue under their own text, not at the left edge: a move's
evidence under the move's name (" ✓ Respect their time ... “I'll let you" / "   get back”"),
a tip's second line under the tip, the delivery figures under the first figure
(" Delivery: Words 11 ✓ · Fillers" / "           0 per 100 words ✓")."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.content import Content

from trainer.tui.rewrapped import Rewrapped

# What a line's continuation goes under: its leading spaces and its mark (✓ ✗ !) or the
# "Delivery: " heading (trainer.tui.render.feedback), if any.
_LEAD = re.compile(r" *(?:[✓✗!] |Delivery: )?")
MIN_ROOM = 12  # narrower than this after the indent, wrap at the left edge as usual


class Hanging(Rewrapped):
    """Content (the same text and styles) drawn with hanging indents at any width: each
    line's wrapped rows start under the text after its lead (`lead`: `_LEAD` here; a
    subclass may name other leads, as the pair card's keys and boxes)."""

    lead: ClassVar[re.Pattern[str]] = _LEAD

    def rows(self, width: int) -> Content:
        """The content wrapped to `width`, continuation rows indented."""
        out: list[Content] = []
        for line in self.split(allow_blank=True):
            indent = self.lead.match(line.plain).end()  # type: ignore[union-attr]
            if not indent or line.cell_length <= width or width - indent < MIN_ROOM:
                out.append(line)
                continue
            rest, room = line[indent:], width - indent
            rows = _by_figure(rest, room) if line.plain[:indent].endswith(": ") else rest.wrap(room)
            out.append(line[:indent] + rows[0])
            out.extend(Content(" " * indent) + row for row in rows[1:])
        return Content("\n").join(out)


_GLUED = "✓✗·"  # never the first thing on a row: each stays beside the figure before it


def _by_figure(text: Content, width: int) -> list[Content]:
    """`text` wrapped to `width` at its spaces, but never before a mark or a separator
    ("Fillers 0 per 100 words ✓ ·" may wrap, its "✓ ·" stays after "words"); a word
    longer than the row wraps as Content does."""
    plain = text.plain
    breaks = [i for i, ch in enumerate(plain) if ch == " " and plain[i + 1 : i + 2] not in _GLUED]
    words = [(a + (a > 0), b) for a, b in zip([0, *breaks], [*breaks, len(plain)], strict=True)]
    rows: list[Content] = []
    row_start: int | None = None
    row_end = 0
    for a, b in words:
        if a == b:
            continue
        if row_start is not None and text[row_start:b].cell_length <= width:
            row_end = b
            continue
        if row_start is not None:
            rows.append(text[row_start:row_end])
        if text[a:b].cell_length > width:
            *whole, last = text[a:b].wrap(width)
            rows.extend(whole)
            row_start, row_end = b - len(last.plain), b
        else:
            row_start, row_end = a, b
    if row_start is not None:
        rows.append(text[row_start:row_end])
    return rows


def hanging(content: Content) -> Hanging:
    return Hanging(content.plain, spans=list(content.spans))
