"""Realistic attempts and turns for store and log-command tests (shared with tests/cli_log)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.scoring.answer import InputKind
from trainer.scoring.result import CriterionResult, DeliveryMetric, Evidence, TurnScore
from trainer.store.records import AttemptRecord, TurnRecord, new_id

ANSWER = "I hear you on price. What would it cost you to keep doing this by hand?"


def turn_score(score: float = 70.0, answer: str = ANSWER) -> TurnScore:
    start = answer.index("What")
    return TurnScore(
        score=score,
        criteria=(
            CriterionResult(
                id="acknowledge",
                label="Acknowledge the concern",
                weight=1.0,
                passed=True,
                evidence=(Evidence("I hear you", 0, 10),),
            ),
            CriterionResult(
                id="open-question",
                label="Ask an open question",
                weight=2.0,
                passed=True,
                evidence=(Evidence(answer[start : start + 4], start, start + 4),),
                detail="1 question",
            ),
            CriterionResult(
                id="next-step",
                label="Propose a next step",
                weight=1.0,
                passed=False,
                tip="End with a concrete next step: a time, a date, a follow-up.",
            ),
        ),
        delivery=(DeliveryMetric("words", "Words", 15, None, 60, "words"),),
    )


def attempt(
    rep: str = "alex",
    scenario_id: str = "objection/too-expensive",
    title: str = "Too expensive",
    started_at: datetime | None = None,
) -> AttemptRecord:
    return AttemptRecord(
        id=new_id(),
        rep=rep,
        scenario_id=scenario_id,
        scenario_version=3,
        scenario_hash="ab" * 32,
        scenario_title=title,
        started_at=started_at or datetime.now(UTC),
    )


def turn(
    a: AttemptRecord,
    seq: int,
    score: float = 70.0,
    at: datetime | None = None,
    answer: str = ANSWER,
) -> TurnRecord:
    return TurnRecord(
        id=new_id(),
        attempt_id=a.id,
        seq=seq,
        step_id=f"step-{seq}",
        prospect_line=f"Prospect line {seq}: it's too expensive.",
        answer_text=answer,
        input_kind=InputKind.TYPED,
        result=turn_score(score, answer),
        pause_s=0.8,
        duration_s=6.5,
        created_at=at or a.started_at + timedelta(seconds=30 * seq),
    )


def damage_index(db: Path, index: str = "attempts_by_rep_time") -> None:
    """Overwrite an index's root page with bytes no b-tree page starts with (damage as a
    failing disk leaves it): the log still opens, and each read through that index fails
    as SQLITE_CORRUPT, while the rows themselves are intact."""
    conn = sqlite3.connect(db)
    try:
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    with db.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * size)


def stale_index(db: Path, rep: str, index: str = "attempts_by_rep_time") -> None:
    """Leave an index out of step with its rows, as a crash on a disk that drops writes can:
    every attempt is moved to `rep` while `index` is not kept up to date. Each page is sound
    (SQLite's quick check passes); reads through the index still find the old reps."""

    def schema(sql: str) -> None:
        conn = sqlite3.connect(db)
        try:
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, index))
            conn.commit()
        finally:
            conn.close()

    conn = sqlite3.connect(db)
    try:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    finally:
        conn.close()
    schema(f"{sql} WHERE 0")  # a partial index of no rows: changing a row leaves it alone
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE attempts SET rep = ?", (rep,))
        conn.commit()
    finally:
        conn.close()
    schema(sql)
