"""Open the terminal app (Textual is imported only here, when the app runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click


def run_app(
    ctx: click.Context,
    scenario_id: str | None = None,
    daily: bool = False,
    pair: tuple[str, str, str | None, str] | None = None,
) -> None:
    """Open the app with the global options in force; straight into a drill, the daily
    session or a pair call when asked."""
    from trainer.process import require_terminal_for_app

    require_terminal_for_app()
    from trainer.tui.app import TrainerApp

    options = ctx.find_root().obj or {}
    app = TrainerApp(
        db=options.get("db"),
        scenario_dirs=options.get("scenario_dirs", []),
        drill=scenario_id,
        daily=daily,
        pair=pair,  # (rep, partner, observer, view): a pair call of `scenario_id`
    )
    app.run()
