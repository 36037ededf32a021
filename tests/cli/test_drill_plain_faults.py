"""The plain drill's own faults: bytes that are not text, a closed stdin, hostile answers,
end of input; each ends in a message and an exit code, and what was answered is kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TRAINER = str(Path(sys.executable).parent / "trainer")
ESC = "\x1b"


def _drill(
    db: Path, stdin: bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [TRAINER, "--db", str(db), "drill", "objection/too-expensive", "--plain", "--seed", "3"],
        input=stdin,
        capture_output=True,
        timeout=60,
        env=env,
    )


def _show_json(db: Path) -> list[dict[str, object]]:
    run = subprocess.run(
        [TRAINER, "--db", str(db), "export", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    attempts: list[dict[str, object]] = json.loads(run.stdout)["attempts"]
    return attempts


def test_bytes_that_are_not_text_are_replaced_scored_and_logged(tmp_path: Path) -> None:
    import os

    db = tmp_path / "log.sqlite3"
    for env in ({**os.environ, "LANG": "C", "LC_ALL": "C"}, {**os.environ, "LANG": "C.UTF-8"}):
        run = _drill(db, b"fair \xff\xfe compare?\n/end\n", env=env)
        assert run.returncode == 5, run.stderr  # ended early with /end, not a crash
        assert b"Traceback" not in run.stderr
    answers = [t["answer"] for a in _show_json(db) for t in a["turns"]]  # type: ignore[attr-defined]
    assert answers == ["fair \ufffd\ufffd compare?"] * 2


def test_a_hostile_answer_never_reaches_the_terminal_and_is_logged_as_text(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    hostile = f"fair {ESC}]52;c;cHduZWQ={chr(7)} {ESC}[2J compare? \x9b31m\n/end\n"
    run = _drill(db, hostile.encode())
    assert run.returncode == 5
    out = run.stdout.decode()
    assert ESC not in out and "\x9b" not in out and "\x07" not in out
    (turn,) = [t for a in _show_json(db) for t in a["turns"]]  # type: ignore[attr-defined]
    assert ESC not in turn["answer"] and "compare?" in turn["answer"]


def test_end_of_input_and_a_closed_stdin_end_early_with_their_code(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    good = "That's fair, Dana. Compared to what, another quote or the budget you set?\n"
    run = _drill(db, good.encode())  # the pipe ends after one answer
    assert run.returncode == 5 and b"drill ended early" in run.stdout
    closed = subprocess.run(
        f"{TRAINER} --db {db} drill objection/too-expensive --plain <&-",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert closed.returncode == 5 and b"Traceback" not in closed.stderr
    attempts = _show_json(db)
    assert [len(a["turns"]) for a in attempts] == [1, 0]  # type: ignore[arg-type]
    assert [a["counts_as_drill"] for a in attempts] == [True, False]
