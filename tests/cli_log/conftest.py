"""The log commands run as the real `trainer` program against logs written by the store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli_log.cli_run import TRAINER, Run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "log.sqlite3"


@pytest.fixture
def trainer(db: Path) -> Run:
    def run(*args: str, database: Path | str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(TRAINER), "--db", str(database or db), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
