"""The bar at the top of each place: where you are, where you can go (and by which key)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from trainer.safe_text import one_line

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

NAME_MIN = 6  # fewer columns left for the rep's name: it is left out (the places stay)


class NavBar(Widget):
    def __init__(self, active: str) -> None:
        super().__init__()
        self.active = active

    def render(self) -> RenderResult:
        width = self.size.width
        line = self._line(short=False)
        # Too narrow for every name (40 columns): the other places by their keys only.
        return line if line.cell_length <= width else self._line(short=True)

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
        help_key = app.key_for("app.help")
        help_part = Content.assemble("  ", (help_key, "bold $accent"), " Help")
        name = one_line((app.settings.rep if app.settings is not None else None) or "")
        if name and not narrow:
            # The rep's name takes the room the places and help leave, cut with "…".
            room = self.size.width - Content.assemble(*parts, help_part).cell_length - 2
            if room >= NAME_MIN:
                shown = Content(name).truncate(room, ellipsis=True)
                parts.append(("  " + shown.plain, "$text-muted"))
        parts.append(help_part)
        return Content.assemble(*parts)
