"""The command palette (ctrl+p) navigates: every place, every scenario (start a drill by
name), every setting and help. The keys of the screen in view come from
`TrainerApp.get_system_commands`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from trainer.safe_text import one_line
from trainer.tui.keys import keys_shown

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class TrainerCommands(Provider):
    """Places, scenarios, settings, the daily practice and help, from every screen: from a
    dialog or Settings they close it first; from a drill they ask as esc does
    (`TrainerApp.leave_then`)."""

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, run) for everything the palette offers right now."""
        from trainer.tui.screens.settings import FIELDS

        app = self.trainer

        def away(then: Callable[[], object]) -> Callable[[], object]:
            return partial(app.leave_then, then)

        out: list[tuple[str, str, Callable[[], object]]] = []
        for place in app.places():
            key = app.key_for(f"app.{place}")
            out.append(
                (
                    f"Go to {place.title()}",
                    f"place · key {key}",
                    away(partial(app.action_place, place)),
                )
            )
        key = app.key_for("app.daily")
        out.append(
            (
                "Daily practice",
                f"today's due drills one after another · key {key}",
                away(app.action_daily),
            )
        )
        out.append(("Settings", "your name, goals, voice", away(app.action_settings)))
        for field, label, _ in FIELDS:
            out.append(
                (f"Setting: {label}", "opens Settings", away(partial(app.open_setting, field)))
            )
        out.append(
            ("Help for this place", f"its keys · {keys_shown(app, 'app.help')}", app.action_help)
        )
        if app.library is not None:
            for scenario_id, loaded in sorted(app.library.scenarios.items()):
                title = one_line(loaded.scenario.title)
                out.append(
                    (
                        f"Drill: {title}",
                        f"start a drill · {scenario_id}",
                        away(partial(app.start_drilling, scenario_id)),
                    )
                )
        return out

    async def discover(self) -> Hits:
        for name, help_text, run in self.commands():
            if not name.startswith("Drill:") and not name.startswith("Setting:"):
                yield DiscoveryHit(Content(name), run, text=name, help=escape(help_text))

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            # The id and the help are searchable too: "drill", "budget", "objection/…".
            score = max(matcher.match(name), matcher.match(f"{name} {help_text}") * 0.9)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), run, text=name, help=escape(help_text))


def highlighted(matcher: Matcher, name: str) -> Content:
    """`name` as plain text with the letters the query matched marked. A scenario's title
    is text, never markup: Textual's `Matcher.highlight` reads it as markup, so a title with
    "[bold red]" showed styled, and one whose brackets are not valid markup raised and was
    never listed."""
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets if score else ():
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
