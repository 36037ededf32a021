"""House rules that keep the core usable without the terminal app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = [
    "trainer.cli",
    "trainer.drill.session",
    "trainer.drill.recorder",
    "trainer.scenario.library",
    "trainer.scoring.scorer",
    "trainer.store.sqlite",
    "trainer.speech",
]


def test_core_and_cli_never_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m == 'textual' or m.startswith(('textual.', 'trainer.tui')))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


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
