"""The texts of an export: CSV never holds a formula a spreadsheet would run (OWASP "CSV
Injection"); JSON keeps the text exactly as logged (docs/export.md)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli_log.cli_run import TRAINER, Run
from tests.store import logdata
from trainer.store.sqlite import SQLiteStore

REP = '=HYPERLINK("http://evil","x")'
TITLE = "@SUM(1+1)"
ANSWERS = (
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\tstarts with a tab",
    "+44 20 7946 0000",
)
SAFE = "I hear you on price."


@pytest.fixture
def hostile_log(db: Path) -> Path:
    store = SQLiteStore(db)
    attempt = logdata.attempt(rep=REP, title=TITLE)
    store.start_attempt(attempt)
    for seq, answer in enumerate((*ANSWERS, SAFE), start=1):
        store.log_turn(replace(logdata.turn(attempt, seq), answer_text=answer))
    store.close()
    return db


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(
    trainer: Run, hostile_log: Path
) -> None:
    result = trainer("export")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["answer"] for r in rows] == [*("'" + a for a in ANSWERS), SAFE]
    assert {r["rep"] for r in rows} == {"'" + REP}
    assert {r["scenario_title"] for r in rows} == {"'" + TITLE}
    for row in rows:  # no cell of any column starts a formula
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
    assert rows[0]["turn_score"] == "70.0" and rows[0]["answered_at"][0].isdigit()


def test_json_keeps_the_exact_text(trainer: Run, hostile_log: Path) -> None:
    result = trainer("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    attempt = json.loads(result.stdout)["attempts"][0]
    assert attempt["rep"] == REP and attempt["scenario_title"] == TITLE
    assert [t["answer"] for t in attempt["turns"]] == [*ANSWERS, SAFE]


def test_the_team_report_csv_is_neutralised_too(trainer: Run, hostile_log: Path) -> None:
    result = trainer("team", "report", "--format", "csv")
    assert result.returncode == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["rep"] == "'" + REP


def test_a_typed_answer_is_logged_without_control_characters(trainer: Run, db: Path) -> None:
    """As docs/export.md says: control characters pasted into an answer are dropped before
    it is scored and logged (newline and tab kept), bidi controls too; JSON gives the logged
    text exactly."""
    drill = subprocess.run(
        [str(TRAINER), "--db", str(db), "drill", "objection/too-expensive", "--plain"],
        input="Hi\x1b[2J there\x07 \u202e ok\t!\n/end\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Logged as attempt" in drill.stdout, drill.stderr
    exported = json.loads(trainer("export", "--format", "json").stdout)
    (attempt,) = exported["attempts"]
    assert [t["answer"] for t in attempt["turns"]] == ["Hi[2J there  ok\t!"]
