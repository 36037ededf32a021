"""`trainer stats` says whose figures it prints: without --rep the totals are everyone's and
the weak spots one rep's, and both headings say so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAINER = str(Path(sys.executable).parent / "trainer")
COMPLIES = (
    "Of course. I've taken your number off our list and you won't hear from us again. "
    "Sorry for the interruption."
)


def trainer(db: Path, *args: str, stdin: str = "") -> str:
    run = subprocess.run(
        [TRAINER, "--db", str(db), *args], input=stdin, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout


def test_stats_without_rep_says_the_totals_are_everyones_and_the_weak_spots_one_reps(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    config = isolated_dirs / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('rep = "Sam New"\n', encoding="utf-8")
    db = tmp_path / "log.sqlite3"
    drill = ("drill", "objection/take-me-off-your-list", "--plain")
    trainer(db, *drill, "--rep", "First Tester", stdin=COMPLIES + "\n")
    trainer(db, *drill, stdin=COMPLIES + "\n")

    everyone = trainer(db, "stats").splitlines()
    assert everyone[0].startswith("Practice for everyone since ")
    assert everyone[1].startswith("2 drills")
    weak = next(line for line in everyone if line.startswith("Weak spots"))
    assert weak.startswith("Weak spots of Sam New only (not everyone's: --rep NAME")

    own = trainer(db, "stats", "--rep", "Sam New").splitlines()
    assert own[0].startswith("Practice for Sam New since ") and own[1].startswith("1 drill ")
    assert any(line.startswith("Weak spots of Sam New, lowest recall") for line in own)


def test_assignments_of_another_rep_name_whose_they_are(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    config = isolated_dirs / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('rep = "Morgan Lead"\n', encoding="utf-8")
    db = tmp_path / "log.sqlite3"
    given = ("--due", "tomorrow", "--attempts", "2")
    trainer(db, "assign", "objection/no-time", "--to", "alex", *given)

    listed = trainer(db, "assignments").splitlines()
    assert len(listed) == 1 and listed[0].split()[1] == "alex", listed

    trainer(db, "assign", "objection/no-time", *given)  # one of my own
    mine = trainer(db, "assignments", "--rep", "Morgan Lead").splitlines()
    assert len(mine) == 1 and "Morgan" not in mine[0], mine  # my own list needs no name
