"""Every command's --help teaches: a description, each option described, an example, and
the exit codes' document named; global options work after the command too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from trainer.cli import main

ROOT = Path(__file__).resolve().parents[2]


def commands(
    group: click.Group = main, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


ALL = [(" ".join(path), command) for path, command in commands()]


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_every_command_help_has_a_description_options_and_an_example(
    path: str, command: click.Command
) -> None:
    result = CliRunner().invoke(main, [*path.split(), "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    text = result.output
    assert command.help and len(command.help.strip()) > 20, f"{path}: no description"
    short = command.get_short_help_str(limit=80)
    assert not short.endswith(("e.g.", "e.g", "...")), f"{path}: short help cut: {short!r}"
    assert "Example" in text, f"{path}: no example in --help"
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{path}: option {param.opts} has no description"


def test_main_help_lists_every_exit_code_so_it_stands_alone() -> None:
    from trainer import exits

    text = CliRunner().invoke(main, ["--help"], terminal_width=100).output
    assert "Exit codes" in text
    lines = text.splitlines()
    for name in ("OK", "FAILED", "USAGE", "CONFIG", "IO", "ENDED_EARLY", "SOFTWARE", "INTERRUPTED"):
        code = getattr(exits, name)
        assert any(line.strip().startswith(f"{code}  ") for line in lines), name


def test_global_options_work_after_the_command(tmp_path: Path) -> None:
    from trainer.cli import hoist_global_options

    assert hoist_global_options(["score", "--scenarios", "d", "--text", "x"], main) == [
        "--scenarios",
        "d",
        "score",
        "--text",
        "x",
    ]
    assert hoist_global_options(["list", "--db=a.db", "--", "--db", "b"], main) == [
        "--db=a.db",
        "list",
        "--",
        "--db",
        "b",
    ]
    assert hoist_global_options(["--db", "list", "show", "--db", "x"], main) == [
        "--db",
        "list",
        "--db",
        "x",
        "show",
    ]  # a log file called `list` is not the command
    folder = tmp_path / "mine" / "objection"
    folder.mkdir(parents=True)
    shipped = next((ROOT / "scenarios" / "objections").glob("*.yaml")).read_text()
    (folder / "mine.yaml").write_text(shipped.replace("id: objection/", "id: mine/", 1))
    after = CliRunner().invoke(
        main,
        ["list", "--json", "--scenarios", str(tmp_path / "mine"), "--db", str(tmp_path / "log.db")],
    )
    assert after.exit_code == 0, after.output
    assert '"mine/' in after.output


def test_the_command_map_names_every_command_where_it_is_defined() -> None:
    """`trainer.cli.COMMANDS` (which module to import for a command) matches what each
    module under trainer/commands/ registers."""
    from importlib import import_module

    from trainer.cli import COMMANDS

    found: dict[str, str] = {}
    for path in sorted((ROOT / "trainer" / "commands").glob("*.py")):
        module = import_module(f"trainer.commands.{path.stem}")
        register = getattr(module, "register", None)
        if register is None:
            continue
        group = click.Group()
        register(group)
        found |= dict.fromkeys(group.commands, path.stem)
    assert found == COMMANDS


def test_score_imports_neither_the_app_nor_the_log_nor_speech() -> None:
    """`trainer score` loads its own command module only: no Textual, no practice log, no
    speech (start-up time is most of its time). It scores as a drill does (facts a step
    counts, the line as a drill says it), so the drill's engine modules are allowed."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from trainer.cli import main\n"
        "try:\n"
        "    main(['score', '--scenario', 'objection/too-expensive', '--text', 'Fair. Why?'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "mods = [m for m in sys.modules if m.startswith(('trainer.', 'textual', 'sqlite3'))]\n"
        "print(sorted(m for m in mods if m.startswith(('textual', 'sqlite3', 'trainer.tui',\n"
        "    'trainer.speech', 'trainer.practice', 'trainer.commands.'))\n"
        "    or (m.startswith('trainer.store.') and m != 'trainer.store.url')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == (
        "['trainer.commands.common', 'trainer.commands.help_texts', 'trainer.commands.score']"
    )


GROUPS = [("", main)] + [(p, c) for p, c in ALL if isinstance(c, click.Group)]


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[p or "trainer" for p, _ in GROUPS])
def test_every_short_help_reads_whole_in_the_list_at_80_columns(
    path: str, group: click.Group
) -> None:
    from trainer.commands.help_texts import SHORT

    text = CliRunner().invoke(main, [*path.split(), "--help"], terminal_width=80).output
    listed = text.split("Commands:", 1)[1].split("\n\n", 1)[0]
    assert "..." not in listed, listed
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        key = f"{path} {name}".strip()
        assert key in SHORT and len(SHORT[key]) <= 56, f"{key}: no short help of its own"
        row = next(line for line in listed.splitlines() if line.split()[:1] == [name])
        assert row.rstrip().endswith(SHORT[key]), row


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_every_help_has_one_layout_and_one_style_of_default(
    path: str, command: click.Command
) -> None:
    text = CliRunner().invoke(main, [*path.split(), "--help"], terminal_width=100).output
    if "Options:" in text:
        assert text.index("Options:") < text.index("Example"), f"{path}: examples first"
    flat = " ".join(text.split())
    assert "(default:" not in flat and "default: resolved" not in flat, path
    assert "x>=" not in flat and "<=x" not in flat, path  # click's range notes


def test_config_show_prints_what_settings_toml_holds(tmp_path: Path) -> None:
    env = {"TRAINER_CONFIG_DIR": str(tmp_path)}
    (tmp_path / "settings.toml").write_text(
        'rep = "Sam Lee"\nrecord_audio = false\n[keys]\n"drill.hint" = "f2"\n', encoding="utf-8"
    )
    shown = CliRunner().invoke(main, ["config", "show"], env=env).output.splitlines()
    assert 'rep = "Sam Lee"' in shown and "record_audio = false" in shown
    assert "vosk_model = (not set)" in shown
    assert any(line.startswith('keys = { "drill.hint" = ') for line in shown), shown
    assert not any("None" in line or "True" in line or "False" in line for line in shown)


def test_a_goal_refused_says_so_in_trainers_words_and_unset_restores_its_default(
    tmp_path: Path,
) -> None:
    env = {"TRAINER_CONFIG_DIR": str(tmp_path)}
    run = CliRunner().invoke(main, ["config", "set", "new_per_day", "7"], env=env)
    assert run.exit_code == 0 and "new_per_day = 7" in run.output
    for bad in ("many", "2.5"):
        refused = CliRunner().invoke(main, ["config", "set", "new_per_day", bad], env=env)
        assert refused.exit_code == 2
        assert refused.output.strip() == (
            "trainer: new_per_day: type a whole number; nothing was saved "
            "(`trainer config unset new_per_day` restores the default, 2)"
        )
    assert "new_per_day = 7" in (tmp_path / "settings.toml").read_text(encoding="utf-8")
    # `none` restores a goal's default (it used to be refused in pydantic's words) ...
    run = CliRunner().invoke(main, ["config", "set", "new_per_day", "none"], env=env)
    assert run.exit_code == 0, run.output
    assert run.output.startswith("new_per_day = 2  (the default)")
    assert "Input should be" not in run.output
    # ... and so does `config unset`, for any setting
    CliRunner().invoke(main, ["config", "set", "daily_goal_due", "9"], env=env)
    run = CliRunner().invoke(main, ["config", "unset", "daily_goal_due"], env=env)
    assert run.exit_code == 0 and run.output.startswith("daily_goal_due = 5  (the default)")
    shown = CliRunner().invoke(main, ["config", "show"], env=env).output.splitlines()
    assert "daily_goal_due = 5" in shown and "new_per_day = 2" in shown
    unknown = CliRunner().invoke(main, ["config", "unset", "goal"], env=env)
    assert unknown.exit_code == 2 and "unknown setting 'goal'" in unknown.output


def test_doctor_counts_in_words(tmp_path: Path) -> None:
    from trainer.words import plural

    assert plural(1, "scenario") == "1 scenario" and plural(2, "mismatch") == "2 mismatches"
    env = {"TRAINER_CONFIG_DIR": str(tmp_path / "c"), "TRAINER_DATA_DIR": str(tmp_path / "d")}
    text = CliRunner().invoke(main, ["--db", str(tmp_path / "log.sqlite3"), "doctor"], env=env)
    assert "(s)" not in text.output, text.output
    assert " scenarios loaded" in text.output


def test_the_main_example_says_whose_history_it_lists() -> None:
    text = CliRunner().invoke(main, ["--help"], terminal_width=100).output
    assert "your recent attempts" not in text
    history = CliRunner().invoke(main, ["history", "--help"]).output
    assert "everyone" in history


def test_docs_lists_the_pages_and_refuses_an_unknown_one_in_one_line() -> None:
    listed = CliRunner().invoke(main, ["docs"])
    assert listed.exit_code == 0 and listed.output.startswith("exit-codes  Exit codes")
    unknown = CliRunner().invoke(main, ["docs", "nope"])
    assert unknown.exit_code == 2
    assert unknown.output.strip().startswith("trainer: no page called 'nope'; pages: exit-codes")
