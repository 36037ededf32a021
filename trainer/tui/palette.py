"""The command palette (ctrl+p) navigates: every place, every scenario (start a drill by
name), every setting and help. The keys of the screen in view come from
`TrainerApp.get_system_commands`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from trainer.keymap import key_bindings
from trainer.safe_text import one_line

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

DEFAULT_KEYS = {k.id: k.key for k in key_bindings()}
SETTINGS = (
    ("rep", "Your name"),
    ("daily", "Minutes a day (daily goal)"),
    ("weekly", "Drills a week (weekly goal)"),
    ("silence", "Stop on silence (voice)"),
    ("device", "Microphone"),
)


class TrainerCommands(Provider):
    """Places, scenarios, settings and help."""

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, run) for everything the palette offers right now."""
        app = self.trainer
        out: list[tuple[str, str, Callable[[], object]]] = []
        if app.can_leave(self.screen):
            for place in ("home", "library", "history", "progress"):
                key = app.key_for(f"app.{place}", DEFAULT_KEYS[f"app.{place}"])
                out.append(
                    (
                        f"Go to {place.title()}",
                        f"place · key {key}",
                        partial(app.action_place, place),
                    )
                )
        if app.can_leave(self.screen):
            out.append(("Settings", "your name, goals, voice", app.action_settings))
            for field, label in SETTINGS:
                out.append(
                    (f"Setting: {label}", "opens Settings", partial(app.open_setting, field))
                )
        out.append(("Help for this place", "its keys · ? or F1", app.action_help))
        if app.library is not None and app.can_leave(self.screen):
            for scenario_id, loaded in sorted(app.library.scenarios.items()):
                title = one_line(loaded.scenario.title)
                out.append(
                    (
                        f"Drill: {title}",
                        f"start a drill · {scenario_id}",
                        partial(app.start_drilling, scenario_id),
                    )
                )
        return out

    async def discover(self) -> Hits:
        for name, help_text, run in self.commands():
            if not name.startswith("Drill:") and not name.startswith("Setting:"):
                yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            # The id and the help are searchable too: "drill", "budget", "objection/…".
            score = max(matcher.match(name), matcher.match(f"{name} {help_text}") * 0.9)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
