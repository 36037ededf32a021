"""The `trainer` command line. Heavy modules are imported inside commands, never here, and a
command's module is imported only when that command runs (or when help lists them all)."""

from __future__ import annotations

import click

from trainer import __version__

EPILOG = """\b
Examples:
  trainer                                   open the terminal app
  trainer list                              the scenario library
  trainer drill objection/too-expensive --plain
  trainer history --since 7d                the last 7 days' attempts
  trainer stats                             practice volume and streaks
  trainer validate my-scenarios/            check scenario files
  trainer docs                              the documentation pages
"""

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
GLOBAL_OPTIONS = ("--db", "--scenarios")  # taken before or after the command


# command -> the module under trainer/commands/ that defines it (each has register(group));
# a test checks this against what the modules register.
COMMANDS = {
    "assign": "plan",
    "assignments": "plan",
    "comment": "plan",
    "config": "config",
    "docs": "docs",
    "doctor": "doctor",
    "drill": "drill",
    "export": "log",
    "forget": "forget",
    "history": "log",
    "list": "scenarios",
    "pair": "pair",
    "schema": "scenarios",
    "score": "score",
    "show": "log",
    "speech": "speech",
    "stats": "log",
    "team": "team",
    "test-scenarios": "scenarios",
    "validate": "scenarios",
}


class TrainerGroup(click.Group):
    """The top group: commands are imported when first asked for (`trainer score` imports
    neither the app nor the log's commands); the global options may come after the command
    too (`trainer score --scenarios DIR ...` is `trainer --scenarios DIR score ...`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args, self))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._import(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def _import(self, module: str) -> None:
        from importlib import import_module

        from trainer.commands.help_texts import teach_command

        before = set(self.commands)
        import_module(f"trainer.commands.{module}").register(self)
        for name in sorted(set(self.commands) - before):
            teach_command(self.commands[name], (name,))

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from trainer.commands.help_texts import exit_codes_text

        self.epilog = f"{EPILOG}\n{exit_codes_text()}"
        super().format_epilog(ctx, formatter)


def hoist_global_options(args: list[str], group: click.Group) -> list[str]:
    """Move --db/--scenarios (and their values) found after the command name to the front;
    nothing after `--` moves."""
    names = set(group.list_commands(click.Context(group)))
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
