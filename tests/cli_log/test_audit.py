"""`trainer team audit` on a SQLite log: real drills re-score to their stored scores; a score
edited into the file is found; a scenario version not in the library cannot be checked."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.cli_log.cli_run import TRAINER, Run

GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"
OTHER = "Before price: how does their quote handle re-planning?"


def _drill(db: Path, rep: str) -> None:
    done = subprocess.run(
        [
            str(TRAINER),
            "--db",
            str(db),
            "drill",
            "objection/too-expensive",
            "--plain",
            "--seed",
            "3",
            "--rep",
            rep,
        ],
        input=f"{GOOD}\n{OTHER}\n/end\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 5, done.stderr  # ended early (/end)


def test_audit_finds_a_forged_score_and_what_it_cannot_check(db: Path, trainer: Run) -> None:
    _drill(db, "alex")
    _drill(db, "blake")
    clean = trainer("team", "audit")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Audited 4 answers in 2 attempts: 4 match, 0 do not" in clean.stdout

    conn = sqlite3.connect(db)
    attempt_id, seq, text, stored = conn.execute(
        "SELECT t.attempt_id, t.seq, t.result_json, t.score FROM turns t JOIN attempts a "
        "ON a.id = t.attempt_id WHERE a.rep = 'alex' ORDER BY t.score LIMIT 1"
    ).fetchone()
    assert stored < 100
    forged = json.loads(text)
    forged["score"] = 100.0
    conn.execute(
        "UPDATE turns SET score = 100, result_json = ? WHERE attempt_id = ? AND seq = ?",
        (json.dumps(forged), attempt_id, seq),
    )
    conn.execute(
        "UPDATE attempts SET scenario_hash = 'cd' || substr(scenario_hash, 3) WHERE rep = 'blake'"
    )  # drilled on a version this library does not have
    conn.commit()
    conn.close()

    done = trainer("team", "audit", "--since", "7d")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    mismatches = [line for line in lines if line.startswith("MISMATCH")]
    assert len(mismatches) == 1
    assert f"turn {seq} of attempt {attempt_id} (alex, objection/too-expensive" in mismatches[0]
    assert f"stored 100, re-scored {stored:g}" in mismatches[0]
    unchecked = [line for line in lines if line.startswith("CANNOT CHECK")]
    assert len(unchecked) == 2 and all("(blake)" in line for line in unchecked)
    assert "is not in the local library, which has version" in unchecked[0]
    assert lines[-1] == (
        "Audited 4 answers in 2 attempts: 1 match, 1 do not, 2 cannot be checked here."
    )

    only_blake = trainer("team", "audit", "--rep", "blake")
    assert only_blake.returncode == 0
    assert "Audited 2 answers in 1 attempt of blake: 0 match" in only_blake.stdout


def test_audit_with_no_log_says_so(trainer: Run, db: Path) -> None:
    done = trainer("team", "audit")
    assert done.returncode == 0 and "nothing to audit" in done.stdout
    assert not db.exists()


def test_an_older_version_kept_in_a_folder_is_used_to_check(
    db: Path, trainer: Run, tmp_path: Path
) -> None:
    """The library keeps one file per id (the newest wins); audit still finds the exact
    file an attempt was drilled on, by its sha256, in the library's folders."""
    import hashlib

    _drill(db, "alex")
    shipped = Path(__file__).resolve().parents[2] / "scenarios/objections/too-expensive.yaml"
    old = tmp_path / "old"
    old.mkdir()
    older = old / "too-expensive-v0.yaml"
    older.write_bytes(b"# the version alex drilled\n" + shipped.read_bytes())
    digest = hashlib.sha256(older.read_bytes()).hexdigest()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE attempts SET scenario_hash = ?", (digest,))
    conn.commit()
    conn.close()
    without = trainer("team", "audit")
    assert "0 match, 0 do not, 2 cannot be checked" in without.stdout
    assert "put that version's file in a --scenarios folder" in without.stdout
    done = trainer("--scenarios", str(old), "team", "audit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 match, 0 do not, 0 cannot be checked" in done.stdout
