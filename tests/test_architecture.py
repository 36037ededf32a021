"""House rules that keep the core usable without the terminal app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_no_module_outside_the_app_imports_textual() -> None:
    """Every module of trainer except trainer.tui (walked, not a hand-picked list) imports
    without pulling in Textual or the app: a CLI command, a test or a script can run a whole
    drill headless."""
    code = (
        "import importlib, pathlib, sys, trainer\n"
        "root = pathlib.Path(trainer.__file__).parent\n"
        "names = ['.'.join(('trainer', *p.relative_to(root).with_suffix('').parts))\n"
        "         .removesuffix('.__init__') for p in sorted(root.rglob('*.py'))]\n"
        "names = [n for n in names if not n.startswith(('trainer.tui', 'trainer.__main__'))]\n"
        "for name in names: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m == 'textual' or m.startswith(('textual.', 'trainer.tui')))\n"
        "print(len(names), bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, bad = out.stdout.strip().split(" ", 1)
    assert int(count) > 60  # the walk found the whole core
    assert bad == "[]"


def test_help_does_not_load_the_app_or_heavy_parts() -> None:
    code = (
        "import sys\n"
        "from trainer.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('textual', 'vosk', 'sounddevice', 'numpy', 'pydantic', 'yaml', 'sqlite3',\n"
        "         'rapidfuzz')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_import_linter_contract_holds() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_types_and_format_are_clean_on_the_code_and_the_tests() -> None:
    """mypy --strict over trainer/ and tests/ (pyproject.toml), ruff lint and format."""
    bin_dir = Path(sys.executable).parent
    mypy = subprocess.run([str(bin_dir / "mypy")], capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    for args in (["check", "."], ["format", "--check", "."]):
        ruff = subprocess.run([str(bin_dir / "ruff"), *args], capture_output=True, text=True)
        assert ruff.returncode == 0, ruff.stdout[-3000:] + ruff.stderr[-1000:]


def test_scoring_one_answer_reads_the_cached_library_without_pydantic_or_yaml(
    tmp_path: Path,
) -> None:
    """`trainer score` with the library's cache written needs neither pydantic (which checks
    files) nor the YAML parser, nor the drill engine, nor the app."""
    code = (
        "import sys\n"
        "from trainer.cli import main\n"
        "try:\n"
        "    main(['score', '--scenario', 'objection/too-expensive', '--text',\n"
        "          'Fair. Compared to what, another quote or the budget you set?'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('pydantic', 'yaml', 'textual', 'sqlite3', 'trainer.drill.session')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    env = {
        **os.environ,
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
        "TRAINER_CONFIG_DIR": str(tmp_path / "config"),
    }
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "Score:" in first.stdout
    assert list((tmp_path / "data" / "cache").glob("library-*.pickle")), "no cache written"
    again = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "Score:" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == "[]"


def test_home_data_read_at_a_warm_start_imports_no_pydantic(tmp_path: Path) -> None:
    """Bare `trainer`'s prefetch child (trainer.tui.prefetch) reads Home's data while the app
    starts: with the settings and library caches written, it needs no pydantic (the settings
    come back as a plain record), so Home's data arrives sooner."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        'rep = "Dana"\ndaily_goal_minutes = 30\n[keys]\n"app.daily" = "f5"\n', encoding="utf-8"
    )
    code = (
        "import sys\n"
        "from trainer import settings\n"
        "settings.SETTLE_S = float(sys.argv[1])  # the file was just written: cache it anyway\n"
        "from trainer.tui.prefetch import _read_home\n"
        "view = _read_home(None)\n"
        "print(view.rep)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'textual'))))\n"
    )
    env = {
        **os.environ,
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
        "TRAINER_CONFIG_DIR": str(config),
    }
    cold = subprocess.run(
        [sys.executable, "-c", code, "0"], capture_output=True, text=True, check=True, env=env
    )
    assert cold.stdout.splitlines()[0] == "Dana"
    assert "'pydantic'" in cold.stdout  # the first read checks the file
    assert list((tmp_path / "data" / "cache").glob("settings-*.pickle")), "no cache written"
    warm = subprocess.run(
        [sys.executable, "-c", code, "2"], capture_output=True, text=True, check=True, env=env
    )
    assert warm.stdout.splitlines() == ["Dana", "[]"]
