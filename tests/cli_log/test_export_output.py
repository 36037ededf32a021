"""`trainer export -o`: a regular file is replaced whole, a pipe or device is written into."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.cli_log.cli_run import TRAINER, Run
from tests.store import logdata
from trainer.store.sqlite import SQLiteStore


@pytest.fixture
def logged(db: Path) -> Path:
    store = SQLiteStore(db)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(logdata.turn(attempt, 1))
    store.close()
    return db


def _export(db: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRAINER), "--db", str(db), "export", *args],
        capture_output=True,
        text=True,
        timeout=60,
        umask=umask,
    )


def test_a_named_pipe_gets_the_export_and_stays_a_pipe(
    trainer: Run, logged: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = trainer("export", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received == [trainer("export").stdout.encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.sqlite3", "out.fifo"]


def test_dev_fd_1_is_standard_output(trainer: Run, logged: Path) -> None:
    result = trainer("export", "--format", "json", "-o", "/dev/fd/1")
    assert result.returncode == 0, result.stderr
    assert '"format": "trainer-practice-log"' in result.stdout
    assert logdata.ANSWER in result.stdout


def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(
    logged: Path, tmp_path: Path
) -> None:
    target = tmp_path / "log.csv"
    result = _export(logged, "-o", str(target), umask=0o027)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640

    target.chmod(0o600)
    target.write_text("old\n")
    assert _export(logged, "-o", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert logdata.ANSWER in target.read_text()


def test_a_symbolic_link_is_followed_not_replaced(logged: Path, tmp_path: Path) -> None:
    real = tmp_path / "reports" / "latest.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    result = _export(logged, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert logdata.ANSWER in real.read_text()
    assert [p.name for p in real.parent.iterdir()] == ["latest.csv"]
