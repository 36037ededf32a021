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
GLOBAL_OPTIONS = ("--db", "--scenarios")  # taken before or after the command


class TrainerGroup(click.Group):
    """The top group: the global options may come after the command too
    (`trainer score --scenarios DIR ...` is `trainer --scenarios DIR score ...`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args, self))


def hoist_global_options(args: list[str], group: click.Group) -> list[str]:
    """Move --db/--scenarios (and their values) found after the command name to the front;
    nothing after `--` moves."""
    names = set(group.commands)
    command_at, i = None, 0
    while i < len(args):  # the command: the first name that is not a global option's value
        if args[i] in GLOBAL_OPTIONS:
            i += 2
            continue
        if args[i] == "--":
            break
        if args[i] in names:
            command_at = i
            break
        i += 1
    if command_at is None:
        return args
    front, rest, moved = list(args[:command_at]), [], []
    tail = args[command_at:]
    i = 0
    while i < len(tail):
        arg = tail[i]
        if arg == "--":
            rest += tail[i:]
            break
        if arg in GLOBAL_OPTIONS and i + 1 < len(tail):
            moved += [arg, tail[i + 1]]
            i += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            moved.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + moved + rest


@click.group(
    cls=TrainerGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS, epilog=EPILOG
)
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
    help="Extra scenario folder (repeatable) [env TRAINER_SCENARIOS]. Both global options"
    " may also come after the command.",
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


COMMAND_MODULES = (
    "app",
    "config",
    "doctor",
    "drill",
    "forget",
    "log",
    "pair",
    "plan",
    "scenarios",
    "score",
    "speech",
    "team",
)  # trainer/commands/<name>.py, each with register(group)


def _register() -> None:
    from importlib import import_module

    for name in COMMAND_MODULES:
        import_module(f"trainer.commands.{name}").register(main)
    from trainer.commands.help_texts import exit_codes_text, teach

    teach(main)
    main.epilog = f"{EPILOG}\n{exit_codes_text()}"


_register()
