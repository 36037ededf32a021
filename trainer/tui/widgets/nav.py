"""The bar at the top of each place: where you are, where you can go (and by which key)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class NavBar(Widget):
    def __init__(self, active: str) -> None:
        super().__init__()
        self.active = active

    def render(self) -> RenderResult:
        line = self._line(short=False)
        # Too narrow for every name (40 columns): the other places by their keys only.
        return line if line.cell_length <= self.size.width else self._line(short=True)

    def _line(self, *, short: bool) -> Content:
        app = cast("TrainerApp", self.app)
        narrow = self.size.width < 76
        parts: list[Content | tuple[str, str] | str] = (
            [] if narrow else [(" trainer ", "bold $accent")]
        )
        for place in app.places():
            key, name = app.key_for(f"app.{place}"), place.title()
            if name == self.active:
                parts.append((f" {key} {name} ", "bold reverse $accent"))
            else:
                label = " " if short else f" {name} "
                parts.append(Content.assemble(" ", (key, "bold $accent"), label))
        name = (app.settings.rep if app.settings is not None else None) or ""
        if name and not narrow:
            parts.append(("  " + name, "$text-muted"))
        help_key = app.key_for("app.help")
        parts.append(Content.assemble("  ", (help_key, "bold $accent"), " Help"))
        return Content.assemble(*parts)
