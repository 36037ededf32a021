"""Textual's footer, rebuilt only when the keys it shows change.

Textual's `Footer` rebuilds all its keys (mounting and styling each again, ~10 ms) every
time the screen says its bindings may have changed; at start-up that notice comes three
times before Home has settled, with the same keys each time. This footer schedules one
rebuild for the notices that arrive before it runs, and skips it when the keys, their
labels and their enabled states are what it already shows.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None

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
