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
