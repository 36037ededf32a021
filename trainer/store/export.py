"""The practice log as CSV (one row per answer) or JSON (attempts with their turns).

The columns and keys are a stable, documented format (docs/export.md): add new ones at
the end, never rename or reorder, and bump `EXPORT_VERSION` when a meaning changes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from trainer.safe_text import spreadsheet_text
from trainer.store.plan_records import AttemptNote, human_score
from trainer.store.records import AttemptDetail, AttemptRecord, PairNote, TurnRecord

EXPORT_VERSION = 1

CSV_COLUMNS = (
    "attempt_id",
    "rep",
    "scenario_id",
    "scenario_version",
    "scenario_hash",
    "scenario_title",
    "mode",
    "started_at",
    "ended_at",
    "status",
    "outcome",
    "ending_id",
    "attempt_score",
    "practice_seconds",
    "turn_seq",
    "turn_id",
    "step_id",
    "answered_at",
    "input_kind",
    "prospect_line",
    "answer",
    "turn_score",
    "passed",
    "missed",
    "guards_triggered",
    "pause_s",
    "answer_seconds",
    "hint_used",
    "retried",
    "audio_path",
    "counts_as_drill",
    "counts_for_best",
    "human_score",
    "human_score_by",
    "attempt_comments",
    "turn_comments",
    # pair practice (docs/pairs.md), empty for a solo drill
    "pair_partner",
    "pair_observer",
    "pair_human_score",
    "pair_auto_score",
    "pair_partner_seconds",
    "pair_comment",
    "pair_tags",
    "pair_ticks",
    "pair_branch",
    "pair_turn_auto_score",
    # a triad's observers, each from their own process (docs/pairs.md)
    "pair_observer_tags",
    "pair_observer_comments",
    "pair_observer_ticks",
)


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def attempt_fields(a: AttemptRecord) -> dict[str, Any]:
    return {
        "attempt_id": a.id,
        "rep": a.rep,
        "scenario_id": a.scenario_id,
        "scenario_version": a.scenario_version,
        "scenario_hash": a.scenario_hash,
        "scenario_title": a.scenario_title,
        "mode": a.mode,
        "started_at": _time(a.started_at),
        "ended_at": _time(a.ended_at),
        "status": str(a.status),
        "outcome": a.outcome,
        "ending_id": a.ending_id,
        "attempt_score": _number(a.score),
        "practice_seconds": _number(a.active_s),
        "counts_as_drill": a.is_drill,
        "counts_for_best": a.counts_for_best,
    }


def turn_fields(t: TurnRecord) -> dict[str, Any]:
    criteria = t.result.criteria
    return {
        "turn_seq": t.seq,
        "turn_id": t.id,
        "step_id": t.step_id,
        "answered_at": _time(t.created_at),
        "input_kind": t.input_kind,
        "prospect_line": t.prospect_line,
        "answer": t.answer_text,
        "turn_score": _number(t.result.score),
        "passed": [c.id for c in criteria if c.passed],
        "missed": [c.id for c in criteria if not c.passed],
        "guards_triggered": [g.id for g in t.result.guards if g.triggered],
        "pause_s": _number(t.pause_s),
        "answer_seconds": _number(t.duration_s),
        "hint_used": t.hint_used,
        "retried": t.retried,
        "audio_path": t.audio_path,
    }


def note_fields(notes: list[AttemptNote]) -> dict[str, Any]:
    """The human score in force (never replacing `attempt_score`) and the attempt's
    comments, each "author: text"."""
    scored = human_score(notes)
    return {
        "human_score": None if scored is None else _number(scored.human_score),
        "human_score_by": None if scored is None else scored.author,
        "attempt_comments": [_comment(n) for n in notes if n.turn_seq is None and n.body],
    }


def _comment(note: AttemptNote) -> str:
    return f"{note.author}: {note.body}"


def _turn_comments(notes: list[AttemptNote], seq: int) -> list[str]:
    return [_comment(n) for n in notes if n.turn_seq == seq and n.body]


PAIR_ATTEMPT_COLUMNS = (*CSV_COLUMNS[-13:-6], *CSV_COLUMNS[-3:-1])
PAIR_TURN_COLUMNS = (*CSV_COLUMNS[-6:-3], CSV_COLUMNS[-1])


def pair_fields(note: PairNote | None) -> dict[str, Any]:
    """A pair call's notes for its attempt (None everywhere for a solo drill)."""
    if note is None:
        return dict.fromkeys(PAIR_ATTEMPT_COLUMNS)
    return {
        "pair_partner": note.partner,
        "pair_observer": note.observer,
        "pair_human_score": _number(note.human_score),
        "pair_auto_score": _number(note.auto_score),
        "pair_partner_seconds": _number(note.partner_seconds),
        "pair_comment": note.comment,
        "pair_tags": [f"{t.kind}@{t.at_s:g}s#{t.seq}" for t in note.tags],
        "pair_observer_tags": [
            f"{o.observer}:{t.kind}@{t.at_s:g}s#{t.seq}" for o in note.observations for t in o.tags
        ],
        "pair_observer_comments": [
            f"{o.observer}: {o.comment}" for o in note.observations if o.comment
        ],
    }


def pair_turn_fields(note: PairNote | None, t: TurnRecord) -> dict[str, Any]:
    """The partner's ticks and branch on one answer."""
    turn = next((p for p in note.turns if p.seq == t.seq), None) if note else None
    if turn is None or note is None:
        return dict.fromkeys(PAIR_TURN_COLUMNS)
    return {
        "pair_ticks": list(turn.ticks),
        "pair_branch": turn.branch,
        "pair_turn_auto_score": _number(turn.auto_score),
        "pair_observer_ticks": [
            f"{o.observer}:{move}" for o in note.observations for move in o.ticks_of(t.seq) or []
        ],
    }


def _damage(t: TurnRecord) -> dict[str, Any]:
    """`"damaged": "why"` on a turn whose stored scoring details could not be read (its
    `result` then holds the stored score and a note)."""
    return {"damaged": t.damaged} if t.damaged else {}


def _csv_cell(value: Any) -> str:
    """Texts a spreadsheet would run as a formula start with an apostrophe (docs/export.md);
    numbers, times and booleans are written as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return spreadsheet_text(";".join(value))
    if isinstance(value, str):
        return spreadsheet_text(value)
    return str(value)


def write_csv(details: Iterable[AttemptDetail], out: TextIO) -> int:
    """One row per answer; an attempt without answers gets one row with empty turn cells.
    Returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for detail in details:
        head = {
            **attempt_fields(detail.attempt),
            **note_fields(detail.notes),
            **pair_fields(detail.pair),
        }
        turns: list[TurnRecord | None] = [*detail.turns] or [None]
        for turn in turns:
            each = {**turn_fields(turn), **pair_turn_fields(detail.pair, turn)} if turn else {}
            row = {**head, **each}
            if turn is not None:
                row["turn_comments"] = _turn_comments(detail.notes, turn.seq)
            writer.writerow([_csv_cell(row.get(c)) for c in CSV_COLUMNS])
            rows += 1
    return rows


def write_json(details: Iterable[AttemptDetail], out: TextIO, exported_at: datetime) -> int:
    """`{"format", "version", "exported_at", "attempts": [...]}`, streamed attempt by
    attempt; each turn carries the full scoring result. `exported_at` is the command's clock
    reading. Returns the number of attempts."""
    header = {
        "format": "trainer-practice-log",
        "version": EXPORT_VERSION,
        "exported_at": _time(exported_at),
    }
    out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "attempts": [')
    count = 0
    for detail in details:
        item = {
            **attempt_fields(detail.attempt),
            **note_fields(detail.notes),
            **pair_fields(detail.pair),
        }
        item["turns"] = [
            {
                **turn_fields(t),
                "turn_comments": _turn_comments(detail.notes, t.seq),
                **pair_turn_fields(detail.pair, t),
                "result": t.result.to_dict(),
                **_damage(t),
            }
            for t in detail.turns
        ]
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count
