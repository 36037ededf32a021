"""A call retried after it ended counts once, with the score it ends with again
(trainer.practice.rules): the attempt view, History, the Library's best, Progress's last and
best, `trainer show`, `trainer history` and `trainer export` all read that number; the score
it first ended with is no best any more."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from tests.tui.conftest import REP, pilot_test, send_answer, settle
from tests.tui.test_same_numbers import _trainer
from trainer.clock import SystemClock
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.scoring.points import whole
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.tui.app import TrainerApp

GOOD = "That's fair. What are you comparing it to?"
NEXT_STEP = "Could we meet Tuesday at two to go through it?"
WORSE = "I can give you a discount."


def _retried_call(db: Path) -> tuple[str, float, float]:
    """A call played to its end (a strong last answer), retried with a weaker one and
    ended again: (attempt id, the score it first ended with, the score it ends with)."""
    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    store = open_store(str(db))
    try:
        drill = start_drill(
            library.get("tui/budget"),
            store,
            settings=Settings(),
            clock=SystemClock(),
            rep=REP,
            seed=1,
        )
        drill.start()
        for answer in (GOOD, NEXT_STEP):
            drill.answer_typed(answer)
        assert drill.view().finished
        first = drill.view().score
        drill.retry()
        drill.answer_typed(WORSE)
        for _ in range(4):
            if drill.view().finished:
                break
            drill.answer_typed(NEXT_STEP)
        final = drill.view().score
        assert drill.view().finished and first is not None and final is not None
        return drill.attempt_id, first, final
    finally:
        store.close()


@pilot_test
async def test_a_retried_call_reads_the_same_final_score_everywhere(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    db = tui_env / "log.sqlite3"
    attempt_id, first, final = _retried_call(db)
    assert whole(first) > whole(final)  # the retry lowered it: the first is no best now
    shown = str(whole(final))

    show = _trainer(db, "show", attempt_id[:8])
    assert next(line for line in show.splitlines() if line.startswith("Score")).split() == [
        "Score",
        shown,
    ]
    history = _trainer(db, "history").splitlines()[1].split()
    assert attempt_id[:8] in history and shown in history
    exported = list(csv.DictReader(io.StringIO(_trainer(db, "export", "--format", "csv"))))
    row = next(r for r in exported if r["attempt_id"] == attempt_id)
    assert float(row["attempt_score"]) == final and row["counts_for_best"] == "true"

    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # History
        await settle(pilot)
        table: DataTable[Any] = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 1
        assert shown in [str(c).strip() for c in table.get_row_at(0)]
        await pilot.press("enter")  # the attempt view
        await settle(pilot)
        head = str(app.screen.query_one("#attempt-head", Static).render())
        assert f"score {shown}" in head.lower() or f" {shown}/100" in head, head
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")  # Library: the best
        await settle(pilot)
        library: DataTable[Any] = app.screen.query_one("#scenarios", DataTable)
        budget = next(
            [str(c).strip() for c in library.get_row_at(i)]
            for i in range(library.row_count)
            if str(library.get_row_at(i)[0]) == "We don't have the budget"
        )
        assert budget[4] == shown and budget[5] == "1"
        await pilot.press("4")  # Progress: last and best of the scenario
        await settle(pilot)
        trends = str(app.screen.query_one("#trends", Static).render()).splitlines()
        budget_trend = next(line for line in trends if line.startswith("We don't"))
        assert budget_trend.split()[-2:] == [shown, shown]


@pilot_test
async def test_a_retried_answer_is_counted_the_same_in_the_summary_and_in_history(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Answered, retried, then ended early: the summary and `trainer history` both say one
    answer (trainer.practice.rules.answer_count: every answer logged)."""
    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        await send_answer(pilot, GOOD)
        await pilot.press("ctrl+r")  # answer it again…
        await settle(pilot)
        await pilot.press("escape", "y")  # …but end the call first
        await settle(pilot)
        summary = str(app.screen.query_one(".summary", Static).render())
        assert "Call over: ended early" in summary and "1 answer" in summary, summary
    history = _trainer(tui_env / "log.sqlite3", "history").splitlines()
    head, row = history[0].split(), history[1].split()
    answers = row[len(row) - len(head) + head.index("ANSWERS")]  # the title has spaces
    assert answers == "1"
