"""`trainer history`, `show`, `stats` and `export` as a rep runs them."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli_log.cli_run import STORE_TESTS, Run
from tests.store import logdata
from trainer.scoring.result import GuardResult, TurnScore
from trainer.store.records import AttemptRecord, AttemptStatus
from trainer.store.sqlite import SQLiteStore

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"


def _local_noon(days_ago: int) -> datetime:
    day = datetime.now().astimezone().date() - timedelta(days=days_ago)
    return datetime.combine(day, time(12)).astimezone()


def _finished(store: SQLiteStore, days_ago: int, score: float, **kw: str) -> AttemptRecord:
    attempt = logdata.attempt(started_at=_local_noon(days_ago), **kw)
    store.start_attempt(attempt)
    for seq in (1, 2):
        store.log_turn(logdata.turn(attempt, seq, score))
    store.finish_attempt(
        attempt.id,
        AttemptStatus.FINISHED,
        attempt.started_at + timedelta(minutes=4),
        "callback",
        "meeting-booked",
        score,
    )
    return attempt


def _crashed(db: Path) -> str:
    """An attempt whose drilling process stopped after two answers."""
    out = subprocess.run(
        [sys.executable, str(STORE_TESTS / "child_logger.py"), str(db), "alex", "2", "0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()[1]


@pytest.fixture
def log(db: Path) -> dict[str, AttemptRecord]:
    store = SQLiteStore(db)
    attempts = {
        "old": _finished(store, 3, 55, title="Too expensive"),
        "gate": _finished(store, 2, 90, scenario_id="gatekeeper/front-desk", title="Front desk"),
        "sam": _finished(store, 1, 70, rep="sam"),
    }
    store.close()
    return attempts


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_history_lists_attempts_newest_first(trainer: Run, db: Path, log: dict[str, Any]) -> None:
    crashed = _crashed(db)
    result = trainer("history")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert " ".join(lines[0].split()) == "STARTED ID REP SCENARIO STATUS SCORE ANSWERS TIME"
    ids = [line.split()[2] for line in lines[1:]]
    assert ids == [crashed[:8], log["sam"].id[:8], log["gate"].id[:8], log["old"].id[:8]]
    assert "unfinished" in lines[1]
    assert re.search(r"call back\s+90\s+2\s+4:00$", lines[3])

    mine = trainer("history", "--rep", "sam").stdout.splitlines()
    assert len(mine) == 2 and log["sam"].id[:8] in mine[1] and "REP" not in mine[0]
    gate = trainer("history", "--scenario", "gatekeeper/front-desk").stdout
    assert log["gate"].id[:8] in gate and log["old"].id[:8] not in gate
    recent = trainer("history", "--since", "3d").stdout
    assert log["sam"].id[:8] in recent and log["gate"].id[:8] in recent
    assert log["old"].id[:8] not in recent
    limited = trainer("history", "--limit", "1").stdout
    assert "the 1 most recent" in limited


def test_show_prints_the_full_transcript_with_evidence(trainer: Run, db: Path) -> None:
    store = SQLiteStore(db)
    attempt = logdata.attempt(title="Too expensive")
    store.start_attempt(attempt)
    turn = logdata.turn(attempt, 1, 64)
    guarded = TurnScore(
        score=20,
        criteria=logdata.turn_score().criteria,
        guards=(GuardResult("salad", "Keyword salad", True, 30, tip="Speak in sentences."),),
    )
    store.log_turn(turn)
    second = logdata.turn(attempt, 2)
    second.result = guarded
    store.log_turn(second)
    store.finish_attempt(attempt.id, AttemptStatus.ABANDONED, turn.created_at, None, None, 42)
    store.close()

    result = trainer("show", attempt.id[:8])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert attempt.id in out and "Too expensive" in out
    assert "Result    ended early" in out and "Score     42" in out
    assert "Prospect: Prospect line 1: it's too expensive." in out
    assert f"You (typed): {logdata.ANSWER}" in out
    assert "✓ Acknowledge the concern: 25 of 25 points — “I hear you”" in out
    assert "✓ Ask an open question: 50 of 50 points — “What” (1 question)" in out
    assert "✗ Propose a next step: 0 of 25 points — tip: End with a concrete next step" in out
    assert "Keyword salad: minus 30 points — tip: Speak in sentences." in out
    assert "Turn 2 · step step-2 · score 20" in out

    missing = trainer("show", "ffffffff")
    assert "No attempt ffffffff" in _one_line_error(missing)


def test_stats_reports_volume_streak_and_weakest(trainer: Run, log: dict[str, Any]) -> None:
    result = trainer("stats", "--rep", "alex")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        "2 drills · 8 min practised · 4 answers · average score 73 (calls played to their end)"
        in out
    )
    assert "Streak: 0 days now, longest 2 days" in out
    day = _local_noon(2).date()
    assert re.search(rf"{day:%a %Y-%m-%d}\s+1\s+4\s+2\s+90", out)
    # weak spots by the schedule: each answered step, lowest recall tomorrow first (the price
    # objection, 55 three days ago and overdue, before the gatekeeper, 90 two days ago)
    # (a step reads as the prospect's line the rep heard, as logged, after the title)
    # (a spot's figures on one line, its name on the next)
    rows = out.split("Weak spots of alex")[1].splitlines()[2:10]
    weakest = [(f.split(), name.split()) for f, name in zip(rows[0::2], rows[1::2], strict=True)]
    assert [(row[0], " ".join(name[-5:-2])) for row, name in weakest] == [
        ("objection/too-expensive", "“Prospect line 1:"),
        ("objection/too-expensive", "“Prospect line 2:"),
        ("gatekeeper/front-desk", "“Prospect line 1:"),
        ("gatekeeper/front-desk", "“Prospect line 2:"),
    ]
    recalls = [int(row[-4].rstrip("%")) for row, _ in weakest]
    assert recalls == sorted(recalls) and recalls[0] < 90

    week = trainer("stats", "--since", "today").stdout
    assert len([line for line in week.splitlines() if re.match(r"^\w{3} \d{4}-", line)]) == 1


def test_stats_by_rep_shows_who_practised_how_much(trainer: Run, log: dict[str, Any]) -> None:
    out = trainer("stats", "--by-rep", "--since", "7d").stdout
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:]}
    assert list(rows) == ["alex", "sam"]
    assert rows["alex"][:5] == [
        "2",
        "8",
        "4",
        "73",
        "2",
    ]  # drills min answers avg (72.5, halves up)
    assert rows["sam"][:4] == ["1", "4", "2", "70"]
    recent = trainer("stats", "--by-rep", "--since", "today").stdout
    assert "Nobody has practised in this period." in recent


def _documented_columns() -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", DOCS.read_text(), re.MULTILINE)


def test_csv_export_has_the_documented_columns(trainer: Run, log: dict[str, Any]) -> None:
    result = trainer("export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == _documented_columns()
    assert len(rows) == 6  # 3 attempts x 2 answers
    first = rows[0]
    assert first["attempt_id"] == log["old"].id
    assert first["status"] == "finished" and first["outcome"] == "callback"
    assert first["practice_seconds"] == "240.0"
    assert first["passed"] == "acknowledge;open-question" and first["missed"] == "next-step"
    assert first["retried"] == "false" and first["audio_path"] == ""
    assert first["answer"] == logdata.ANSWER
    assert datetime.fromisoformat(first["started_at"]) == log["old"].started_at

    recent = trainer("export", "--since", "3d").stdout
    assert {r["attempt_id"] for r in csv.DictReader(io.StringIO(recent))} == {
        log["gate"].id,
        log["sam"].id,
    }


def test_json_export_carries_the_full_scoring(
    trainer: Run, log: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "practice.json"
    target.parent.mkdir()
    result = trainer("export", "--format", "json", "--rep", "alex", "-o", str(target))
    assert result.returncode == 0, result.stderr
    data = json.loads(target.read_text())
    assert data["format"] == "trainer-practice-log" and data["version"] == 1
    assert [a["attempt_id"] for a in data["attempts"]] == [log["old"].id, log["gate"].id]
    attempt = data["attempts"][0]
    # the same keys as the CSV columns, each in the CSV's order (CSV columns added later
    # go at the end of the table; in JSON they sit with their attempt or turn keys)
    documented = _documented_columns()
    keys = list(attempt)[:-1] + list(attempt["turns"][0])[:-1]
    assert sorted(keys, key=documented.index) == documented
    assert list(attempt)[:-1] == sorted(list(attempt)[:-1], key=documented.index)
    turn = attempt["turns"][0]
    assert TurnScore.from_dict(turn["result"]) == logdata.turn_score(55)
    assert turn["passed"] == ["acknowledge", "open-question"] and turn["hint_used"] is False
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind


def test_export_of_an_empty_log_is_still_valid(trainer: Run) -> None:
    assert trainer("export").stdout.splitlines() == [",".join(_documented_columns())]
    assert json.loads(trainer("export", "--format", "json").stdout)["attempts"] == []


def test_nothing_practised_yet(trainer: Run, db: Path) -> None:
    for command in ("history", "stats"):
        result = trainer(command)
        assert result.returncode == 0
        assert "No practice logged yet" in result.stdout
    assert not db.exists()  # reading never creates a log


def test_store_problems_are_one_line_messages(trainer: Run, db: Path, tmp_path: Path) -> None:
    SQLiteStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    for command in (["history"], ["stats"], ["show", "abc"], ["export"]):
        line = _one_line_error(trainer(*command))
        assert "written by a newer version of trainer" in line and "Upgrade" in line

    not_a_log = tmp_path / "notes.txt"
    not_a_log.write_text("hello\n" * 500)
    assert "not a trainer practice log" in _one_line_error(trainer("history", database=not_a_log))
    team = _one_line_error(trainer("history", database="postgresql://team/trainer"))
    assert "Cannot reach the team server at team:5432" in team
    assert "is the team server running?" in team


def test_bad_since_is_explained(trainer: Run) -> None:
    result = trainer("history", "--since", "last tuesday")
    assert result.returncode == 2
    assert "use 7d, 2w, 12h, today, yesterday or a date like 2026-11-01" in result.stderr
