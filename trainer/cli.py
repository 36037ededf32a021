"""The `trainer` command line. Heavy modules are imported inside commands, never here."""

from __future__ import annotations

import click

from trainer import __version__

EPILOG = """\b
Examples:
  trainer                                   open the terminal app
  trainer list                              the scenario library
  trainer drill objection/too-expensive --plain
  trainer history --since 7d                your recent attempts
  trainer stats                             practice volume and streaks
  trainer validate my-scenarios/            check scenario files
"""

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.version_option(__version__, "-V", "--version", prog_name="trainer")
@click.option(
    "--db",
    "db",
    envvar="TRAINER_DATABASE_URL",
    metavar="PATH|URL",
    help="Practice log: a SQLite file path or a postgresql:// URL "
    "[env TRAINER_DATABASE_URL; default: trainer.sqlite3 in the data directory].",
)
@click.option(
    "--scenarios",
    "scenario_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=str),
    metavar="DIR",
    help="Extra scenario folder (repeatable) [env TRAINER_SCENARIOS].",
)
@click.pass_context
def main(ctx: click.Context, db: str | None, scenario_dirs: tuple[str, ...]) -> None:
    """Offline sales practice: drill cold calls and objections, get honest scores, track progress.

    Run with no command to open the terminal app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["scenario_dirs"] = list(scenario_dirs)
    if ctx.invoked_subcommand is None:
        from trainer.commands.app import run_app

        run_app(ctx)


def _register() -> None:
    from trainer.commands import (
        app,
        config,
        doctor,
        drill,
        forget,
        log,
        pair,
        scenarios,
        score,
        speech,
        team,
    )

    for module in (app, config, doctor, drill, forget, log, pair, scenarios, score, speech,
                   team):
        module.register(main)


_register()
