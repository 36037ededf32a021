"""The short helps and examples of every command, in one place: `trainer.cli` puts them on
the commands (a command whose own help already has examples keeps them). A test walks every
command's --help for a description, described options and an example."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from trainer import exits

if TYPE_CHECKING:
    from click.types import OptionHelpExtra

# command path -> one line for the command list (never cut by click: under 56 characters)
SHORT = {
    "assign": "Assign practice: a scenario, tag or kind, due day.",
    "assignments": "What is assigned, due when, and progress.",
    "assignments edit": "Change an assignment's due day, targets or note.",
    "assignments withdraw": "Withdraw an assignment (it stays in the record).",
    "comment": "Comment on an attempt and/or give a human score.",
    "pair": "Practise with a partner who plays the prospect.",
    "speech install-voice": "Download, verify and install a Piper voice.",
    "speech say": "Hear a line in the prospect's voice (or save it).",
    "speech voices": "List the prospect voices installed.",
    "team publish": "Publish scenario files to the team server.",
    "team report": "The team's practice: one line per rep.",
    "config": "Settings: your name, goals, recording, keys.",
    "config key": "Change the key of one app action (or restore it).",
    "config keys": "List the app's keys: id, key in force, action.",
    "config path": "Print where the settings file is.",
    "config set": "Set one setting, e.g. daily_goal_minutes.",
    "config unset": "Restore one setting's default.",
    "config show": "Print the settings in force and any problem.",
    "docs": "Read the documentation installed with trainer.",
    "doctor": "Check the log, settings, scenarios and recordings.",
    "forget": "Delete a rep's attempts, answers and recordings.",
    "drill": "Drill one scenario; every answer scored and logged.",
    "export": "The practice log as CSV or JSON.",
    "history": "Attempts in the log, newest first.",
    "list": "The scenario library: id, kind, difficulty, title.",
    "schema": "The JSON Schema of scenario files.",
    "score": "Score one answer to a scenario step, with evidence.",
    "show": "One attempt in full, with evidence and tips.",
    "speech": "Voice answers: check, transcribe, play, models.",
    "stats": "Practice per day and week, streaks, weak spots.",
    "speech check": "Check the microphone and speech model.",
    "speech devices": "List the microphones to pick from.",
    "speech install-model": "Download, verify and install a Vosk model.",
    "speech play": "Play a WAV recording.",
    "speech transcribe": "Transcribe a WAV recording.",
    "team": "Team server (PostgreSQL): set up, add people, audit.",
    "team add-manager": "Create or reset a manager's login.",
    "team add-rep": "Create or reset a rep's login.",
    "team remove-rep": "Take a rep off the team (a manager).",
    "team audit": "Re-score logged answers; list mismatches.",
    "team setup": "Create or upgrade the team server's tables.",
    "test-scenarios": "Score examples and model answers; report mismatches.",
    "validate": "Check scenario files; errors as FILE:LINE:COL.",
}

EXAMPLES = {
    "assignments withdraw": ["trainer assignments withdraw 3f2a"],
    "assignments edit": [
        "trainer assignments edit 3f2a --due fri --attempts 8",
        "trainer assignments edit 3f2a --no-pass",
    ],
    "speech install-voice": ["trainer speech install-voice en_US-lessac-medium"],
    "speech voices": ["trainer speech voices", "trainer speech voices --json"],
    "speech say": [
        'trainer speech say "Honestly, that\'s more than we hoped to spend."',
        'trainer speech say "Not interested." --out line.wav',
    ],
    "config": [
        "trainer config show",
        "trainer config set rep 'Sam Lee'",
        "trainer config key drill.hint f2",
    ],
    "config key": [
        "trainer config key drill.hint f2        hint on F2",
        "trainer config key drill.retry ctrl+y,f5   two keys",
        "trainer config key drill.hint          back to the default",
    ],
    "config keys": ["trainer config keys"],
    "config path": ["trainer config path", "TRAINER_CONFIG_DIR=/tmp/cfg trainer config path"],
    "config set": [
        "trainer config set daily_goal_minutes 30",
        "trainer config set weekly_goal_drills 10",
        "trainer config set rep 'Sam Lee'",
        "trainer config set new_per_day none      back to the default",
    ],
    "config show": ["trainer config show"],
    "config unset": ["trainer config unset new_per_day      back to the default (2)"],
    "drill": [
        "trainer drill objection/too-expensive          in the app",
        "trainer drill objection/too-expensive --plain  line by line, works in a pipe",
        "printf 'That is fair...\\n/end\\n' | trainer drill objection/too-expensive --plain",
    ],
    "docs": [
        "trainer docs                 the pages",
        "trainer docs export          the export format",
        "trainer docs exit-codes --path",
    ],
    "export": [
        "trainer export --format csv -o log.csv",
        "trainer export --format json --since 7d",
        "trainer export --rep 'Sam Lee'",
    ],
    "history": [
        "trainer history",
        "trainer history --since 7d --rep 'Sam Lee'",
        "trainer history --scenario objection/too-expensive --limit 5",
    ],
    "list": [
        "trainer list",
        "trainer list --kind objection",
        "trainer list --json",
        "trainer --scenarios my-scenarios/ list",
    ],
    "schema": ["trainer schema -o scenario.schema.json", "trainer schema --techniques"],
    "score": [
        'trainer score --scenario objection/too-expensive --text "That\'s fair. Compared to what?"',
        "trainer score --scenario objection/too-expensive --file answer.txt --json",
    ],
    "show": ["trainer show 3f2a       an id (or its start) from `trainer history`"],
    "speech": ["trainer speech check", "trainer speech transcribe answer.wav"],
    "speech check": [
        "trainer speech check",
        "trainer speech check --no-record",
        "trainer speech check --device 2 --seconds 5",
    ],
    "speech install-model": [
        "trainer speech install-model vosk-model-small-en-us-0.15",
        "trainer speech install-model NAME --from ./model.zip",
    ],
    "speech play": ["trainer speech play answer.wav"],
    "speech devices": [
        "trainer speech devices",
        "trainer config set input_device pulse",
    ],
    "speech transcribe": [
        "trainer speech transcribe answer.wav",
        "trainer speech transcribe answer.wav --json",
    ],
    "team": [
        "trainer --db postgresql://admin@host/trainer team setup",
        "trainer --db postgresql://admin@host/trainer team add-rep sam",
    ],
    "team add-manager": [
        "trainer --db postgresql://admin@host/trainer team add-manager alex",
        'echo "$PW" | trainer --db URL team add-manager alex --password-stdin',
    ],
    "team add-rep": [
        "trainer --db postgresql://admin@host/trainer team add-rep sam",
        'echo "$PW" | trainer --db URL team add-rep sam --password-stdin',
        "trainer --db postgresql://admin@host/team2 team add-rep sam --keep-password",
    ],
    "team audit": ["trainer --db postgresql://alex@host/trainer team audit --since 7d"],
    "team remove-rep": ["trainer --db postgresql://morgan@host/trainer team remove-rep sam"],
    "team setup": [
        "trainer --db postgresql://admin@host/trainer team setup",
        "trainer --db URL team setup --rebuild-totals",
    ],
    "test-scenarios": ["trainer test-scenarios my-scenarios/", "trainer test-scenarios -v"],
    "validate": ["trainer validate my-scenarios/", "trainer validate --strict a.yaml b.yaml"],
}

EXIT_CODES = (
    (exits.OK, "done"),
    (exits.FAILED, "failed or found problems"),
    (exits.USAGE, "wrong option or value"),
    (exits.CONFIG, "settings unusable"),
    (exits.IO, "input/output unusable"),
    (exits.ENDED_EARLY, "plain drill ended early"),
    (exits.SOFTWARE, "a bug"),
    (exits.INTERRUPTED, "Ctrl+C"),
)


def exit_codes_text() -> str:
    """The exit codes in a few lines (`trainer docs exit-codes` has the full table)."""
    return "\b\nExit codes (all commands; full table: trainer docs exit-codes):\n" + "\n".join(
        f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES
    )


def teach(group: click.Group, path: tuple[str, ...] = ()) -> None:
    """Put the short helps and examples on every command under `group`."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None:
            teach_command(command, (*path, name))


def teach_command(command: click.Command, path: tuple[str, ...]) -> None:
    """Put the short help and examples on one command (and every command under it)."""
    key = " ".join(path)
    if key in SHORT:
        command.short_help = SHORT[key]
    _examples_last(command)
    for param in command.params:
        if isinstance(param, click.Option):
            _default_in_words(param)
    own = f"{command.help or ''}{command.epilog or ''}"
    if key in EXAMPLES and "Example" not in own:
        lines = "\n".join(f"  {line}" for line in EXAMPLES[key])
        command.epilog = (
            "\b\nExamples:\n" + lines + (f"\n\n{command.epilog}" if command.epilog else "")
        )
    if isinstance(command, click.Group):
        teach(command, path)


EXAMPLES_HEAD = "\b\nExamples:"


def _examples_last(command: click.Command) -> None:
    """Examples written in a command's own help go after its options, as everywhere."""
    import inspect

    text = inspect.cleandoc(command.help or "")
    at = text.find(EXAMPLES_HEAD)
    if at < 0:
        return
    command.help = text[:at].rstrip()
    command.epilog = text[at:] + (f"\n\n{command.epilog}" if command.epilog else "")


def _default_in_words(option: click.Option) -> None:
    """One style for defaults in every --help: "[default: 50]" at the end of the help, as
    the helps that say it in words ("[default: the system's]"); no "x>=0" range notes (a
    value out of range is refused with the range named)."""
    value = option.default
    if option.show_default is True and value is not None and not option.is_flag:
        shown = value.value if hasattr(value, "value") else value
        said = (option.help or "").rstrip()
        end = "." if said.endswith(".") else ""
        option.help = f"{said.removesuffix('.')} [default: {shown}]{end}".strip()
    option.show_default = False
    if isinstance(option.type, (click.IntRange, click.FloatRange)):
        option.get_help_extra = _no_extra  # type: ignore[method-assign]


def _no_extra(ctx: click.Context) -> OptionHelpExtra:
    return {}
