"""A delivery figure without a target (a step whose right answer owes no question writes
`questions: {}`) reads "(no target)", neither ✓ nor ✗, in the app's feedback, in `trainer
show` and in `trainer score`: one rule (`DeliveryMetric.ok` is None without a target)."""

from __future__ import annotations

from pathlib import Path

from tests.cli_log.cli_run import Run
from tests.store import logdata
from trainer.scoring.format import format_breakdown
from trainer.scoring.result import DeliveryMetric, TurnScore
from trainer.store.records import AttemptStatus
from trainer.store.sqlite import SQLiteStore
from trainer.tui import render

QUESTIONS = DeliveryMetric("questions", "Questions about them", 0, None, None)
COUNTED = DeliveryMetric("words", "Words", 15, None, 60, "words")


def _result() -> TurnScore:
    return TurnScore(
        score=80, criteria=logdata.turn_score().criteria, delivery=(COUNTED, QUESTIONS)
    )


def test_a_figure_without_a_target_is_neither_met_nor_missed() -> None:
    assert QUESTIONS.ok is None and COUNTED.ok is True
    shown = render.feedback(_result()).plain
    assert "Questions about them 0 (no target)" in shown and "them 0 ✓" not in shown
    assert "Words 15 words ✓" in shown
    assert "- Questions about them: 0  (no target)" in format_breakdown(_result())


def test_show_reads_no_target_as_the_app_does(trainer: Run, db: Path) -> None:
    store = SQLiteStore(db)
    attempt = logdata.attempt(title="Too expensive")
    store.start_attempt(attempt)
    turn = logdata.turn(attempt, 1, 80)
    turn.result = _result()
    store.log_turn(turn)
    store.finish_attempt(attempt.id, AttemptStatus.FINISHED, turn.created_at, "win", None, 80)
    store.close()
    out = trainer("show", attempt.id[:8]).stdout
    assert (
        "Delivery: Words 15 words (target at most 60) ✓; Questions about them 0 (no target)" in out
    )
    assert "them 0 ✓" not in out and "(no target) ✓" not in out
