"""Textual's footer, rebuilt only when the keys it shows change.

Textual's `Footer` rebuilds all its keys (mounting and styling each again, ~10 ms) every
time the screen says its bindings may have changed; at start-up that notice comes three
times before Home has settled, with the same keys each time. This footer schedules one
rebuild for the notices that arrive before it runs, and skips it when the keys, their
labels and their enabled states are what it already shows.

It also never cuts a key: the keys that do not fit the width are left out, the last ones
first (a place's own keys come before the app's; `?` lists them all), rather than one
half drawn ("g Settings q Qu").
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

PALETTE = "-command-palette"


class Footer(TextualFooter):
    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        shown = list(super().compose())
        self._fit(shown, self.size.width or self.app.size.width)
        yield from shown

    def on_resize(self) -> None:
        self._fit(list(self.children), self.size.width)

    def _fit(self, keys: list[Widget], width: int) -> None:
        """Show the keys that fit in `width` whole, in order; leave out the others."""
        palette = [k for k in keys if isinstance(k, FooterKey) and k.has_class(PALETTE)]
        room = width
        if palette and not self.screen.has_class("-narrow"):  # drawn docked at the right
            # its border, itself (with its padding when not compact), a space before it
            room -= 1 + _key_width(palette[0], self.compact) + (0 if self.compact else 1) + 1
        margin = 1 if self.compact else 0
        for key in keys:
            if not isinstance(key, FooterKey) or key.has_class(PALETTE):
                continue
            needed = _key_width(key, self.compact)
            key.display = needed <= room
            if key.display:
                room -= needed + margin

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True  # as Textual's own: compose shows keys from now on
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple[object, ...]:
        """What compose would show: every active binding as the footer draws it."""
        app = self.app
        return tuple(
            (b.key, app.get_key_display(b), b.description, b.action, b.show, b.group, on, tip)
            for _, b, on, tip in self.screen.active_bindings.values()
        )

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached or self._pruning:  # its screen closed meanwhile
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()


def _key_width(key: FooterKey, compact: bool) -> int:
    """The columns a footer key takes: "^b Brief" (compact), " ^b Brief " (not)."""
    label = cell_len(key.key_display) + (0 if compact else 2)
    return label + 1 + cell_len(key.description) if key.description else label
