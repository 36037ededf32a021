"""`trainer forget --rep` and recording retention: a rep's data goes for good, on request."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

from tests.speech_cli.conftest import TRAINER, run_trainer

GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"


def _typed_drill(db: Path, rep: str) -> None:
    run = run_trainer(
        "--db",
        str(db),
        "drill",
        "objection/too-expensive",
        "--plain",
        "--rep",
        rep,
        stdin=f"{GOOD}\n/end\n",
    )
    assert run.returncode == 5, run.stderr


def _recording(rep: str, name: str, age_days: float = 0) -> Path:
    from trainer.speech.recorder import recording_path, write_wav

    path = write_wav(recording_path(rep, name), b"\0\0" * 1600, 16000)
    if age_days:
        old = time.time() - age_days * 86400
        os.utime(path, (old, old))
    return path


def _setup(db: Path) -> tuple[Path, Path, Path]:
    _typed_drill(db, "ana")
    _typed_drill(db, "bob")
    ana, bob = _recording("ana", "a-1"), _recording("bob", "b-1")
    backup = db.with_name(f"{db.name}.v1-20250101T000000Z.bak")
    backup.write_bytes(b"old copy")
    return ana, bob, backup


def _attempts(db: Path, rep: str) -> int:
    out = run_trainer("--db", str(db), "history", "--rep", rep).stdout
    return out.count("objection/too-expensive")


def test_forget_with_yes_deletes_the_rep_recordings_and_backups_only(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    ana, bob, backup = _setup(db)
    run = run_trainer("--db", str(db), "forget", "--rep", "ana", "--yes")
    assert run.returncode == 0, run.stderr
    assert "Rep 'ana': 1 attempt in" in run.stdout and "1 recording in" in run.stdout
    assert "may still hold older data" in run.stdout and str(backup) in run.stdout
    assert "Deleted 1 attempt, 1 answer and 1 recording of 'ana'." in run.stdout
    assert "Deleted 1 migration backup." in run.stdout
    assert not ana.exists() and not ana.parent.exists() and not backup.exists()
    assert bob.exists()
    assert (_attempts(db, "ana"), _attempts(db, "bob")) == (0, 1)
    again = run_trainer("--db", str(db), "forget", "--rep", "ana", "--yes")
    assert again.returncode == 0 and "Nothing to delete." in again.stdout


def test_forget_without_a_terminal_or_yes_refuses_and_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    ana, _, backup = _setup(db)
    run = run_trainer("--db", str(db), "forget", "--rep", "ana")
    assert run.returncode == 2
    assert "not deleting anything without confirmation" in run.stderr and "--yes" in run.stderr
    assert ana.exists() and backup.exists() and _attempts(db, "ana") == 1


def _in_terminal(args: list[str], answers: list[str], timeout: float = 30) -> tuple[int, str]:
    """Run `trainer` on a pseudo-terminal, answering each prompt in turn."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([TRAINER, *args], stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    output, pending = b"", list(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith((b"[y/N]:", b"]:")):
                os.write(master, pending.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(5), output.decode(errors="replace")


def test_forget_asks_in_a_terminal_and_can_keep_the_backups(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    ana, bob, backup = _setup(db)
    code, out = _in_terminal(["--db", str(db), "forget", "--rep", "ana"], ["n"])
    assert code == 0 and "Nothing deleted." in out and ana.exists()
    code, out = _in_terminal(["--db", str(db), "forget", "--rep", "ana"], ["y", "n"])
    assert code == 0, out
    assert "Delete them for good?" in out and "Deleted 1 attempt," in out
    assert "The migration backups were kept" in out
    assert not ana.exists() and bob.exists() and backup.exists()
    assert (_attempts(db, "ana"), _attempts(db, "bob")) == (0, 1)


def test_old_recordings_are_pruned_when_a_drill_starts(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    old, recent = _recording("ana", "old-1", age_days=10), _recording("ana", "new-1", age_days=1)
    assert run_trainer("config", "set", "recording_retention_days", "7").returncode == 0
    run = run_trainer(
        "--db", str(db), "drill", "objection/too-expensive", "--plain", stdin="/end\n"
    )
    assert "Deleted 1 recording older than 7 days" in run.stdout  # plural forms right
    assert not old.exists() and recent.exists()


def test_retention_zero_keeps_recordings_forever(tmp_path: Path) -> None:
    ancient = _recording("ana", "old-1", age_days=4000)
    assert run_trainer("config", "set", "recording_retention_days", "0").returncode == 0
    run = run_trainer(
        "--db",
        str(tmp_path / "log.sqlite3"),
        "drill",
        "objection/too-expensive",
        "--plain",
        stdin="/end\n",
    )
    assert run.returncode == 5 and ancient.exists() and "older than" not in run.stdout
