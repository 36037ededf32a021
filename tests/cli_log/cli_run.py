"""What the log command tests share (a module with its own name: every test folder has a
conftest, so `from conftest import ...` depends on which folder ran first)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
sys.path.insert(0, str(STORE_TESTS))  # logdata.py: realistic attempts and turns

TRAINER = Path(sys.executable).with_name("trainer")

Run = Callable[..., subprocess.CompletedProcess[str]]
