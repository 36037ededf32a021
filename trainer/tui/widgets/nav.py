"""The bar at the top of each place: where you are, where you can go (and by which key)."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

PLACES = [("1", "Home"), ("2", "Library"), ("3", "History"), ("4", "Progress")]


class NavBar(Widget):
    def __init__(self, active: str) -> None:
        super().__init__()
        self.active = active

    def render(self) -> RenderResult:
        line = self._line(short=False)
        # Too narrow for every name (40 columns): the other places by their keys only.
        return line if line.cell_length <= self.size.width else self._line(short=True)

    def _line(self, *, short: bool) -> Content:
        key_for = getattr(self.app, "key_for", None)  # the rep's keys, once settings are read
        narrow = self.size.width < 76
        parts: list[Content | tuple[str, str] | str] = (
            [] if narrow else [(" trainer ", "bold $accent")]
        )
        shown = PLACES + ([("5", "Team")] if getattr(self.app, "manager", False) else [])
        for key, name in shown:
            if key_for is not None:
                key = key_for(f"app.{name.lower()}", key)
            if name == self.active:
                parts.append((f" {key} {name} ", "bold reverse $accent"))
            else:
                label = " " if short else f" {name} "
                parts.append(Content.assemble(" ", (key, "bold $accent"), label))
        rep = getattr(self.app, "settings", None)
        name = rep.rep if rep is not None and rep.rep else ""
        if name and not narrow:
            parts.append(("  " + name, "$text-muted"))
        help_key = key_for("app.help", "question_mark") if key_for is not None else "?"
        parts.append(Content.assemble("  ", (help_key, "bold $accent"), " Help"))
        return Content.assemble(*parts)
