"""Text whose lines each take at most a set number of rows at any width, the rest cut with
"…": a side panel's fields (the prospect's name, role, company, style) stay short however
long a scenario makes them, so the panels under them stay in view."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from trainer.tui.rewrapped import Rewrapped


class Clipped(Rewrapped):
    """Content (the same text and styles) whose line n wraps to at most `most[n]` rows (the
    last number for the lines after), its last row ending in "…" when cut."""

    def __init__(self, content: Content, most: Sequence[int]) -> None:
        super().__init__(content.plain, spans=list(content.spans))
        self.most = tuple(most) or (1,)

    def rows(self, width: int) -> Content:
        """The content wrapped to `width`, each line cut to its rows."""
        out: list[Content] = []
        for n, line in enumerate(self.split(allow_blank=True)):
            most = self.most[min(n, len(self.most) - 1)]
            rows = line.wrap(max(width, 1))
            if len(rows) > most:
                # the last row shown and the next one, cut one cell past the former: the
                # "…" takes the style of the text it stands for
                last = rows[most - 1].rstrip()
                cut = (last + rows[most]).truncate(min(width, last.cell_length + 1), ellipsis=True)
                if cut.plain.endswith(" …"):  # a wide character did not fit before the "…"
                    cut = cut[:-2].rstrip() + cut[-1:]
                rows = [*rows[: most - 1], cut]
            out.extend(rows)
        return Content("\n").join(out)
