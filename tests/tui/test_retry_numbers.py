"""A call played to its end keeps its result and score (trainer.practice.rules): a retry
after the end is practice. Whatever the retry does (played out, ended early, quit), the
attempt view, History, Home, the Library's best, Progress, `trainer show`, `trainer history`
and `trainer export` read the result and score the call first ended with; the retry's
answers count as answers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, OptionList, Static

from tests.tui.conftest import REP, pilot_test, send_answer, settle
from tests.tui.test_same_numbers import _trainer
from trainer.clock import SystemClock
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.scoring.points import whole
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.store.records import AttemptStatus
from trainer.tui.app import TrainerApp
from trainer.words import RETRY_PRACTICE_WORD, result_word

GOOD = "That's fair. What are you comparing it to?"
NEXT_STEP = "Could we meet Tuesday at two to go through it?"
WORSE = "I can give you a discount."


def _retried_call(db: Path) -> tuple[str, float, float, int]:
    """A call played to its end (a strong last answer), retried with a weaker one and
    played out again: (attempt id, the score it ended with, the retry's score, answers)."""
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
        assert drill.view().finished and drill.view().kept is None
        first = drill.view().score
        drill.retry()
        assert not drill.view().finished  # the retry goes on…
        kept = drill.view().kept  # …as practice: the call keeps its result
        assert kept is not None and kept.score == first and kept.result == "win"
        drill.answer_typed(WORSE)
        for _ in range(4):
            if drill.view().finished:
                break
            drill.answer_typed(NEXT_STEP)
        view = drill.view()
        assert view.finished and first is not None and view.score is not None
        return drill.attempt_id, first, view.score, view.answers
    finally:
        store.close()


@pilot_test
async def test_a_call_retried_after_its_end_keeps_its_score_everywhere(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    db = tui_env / "log.sqlite3"
    attempt_id, first, retried, answers = _retried_call(db)
    assert whole(first) > whole(retried)  # the retry did worse: the call keeps the first
    shown = str(whole(first))

    show = _trainer(db, "show", attempt_id[:8])
    assert next(line for line in show.splitlines() if line.startswith("Score")).split() == [
        "Score",
        shown,
    ]
    practice = [False] * 2 + [True] * (answers - 2)  # the retry's answers: practice
    turns = [line for line in show.splitlines() if line.startswith("Turn ")]
    assert [RETRY_PRACTICE_WORD in line for line in turns] == practice, turns
    history = _trainer(db, "history").splitlines()
    head, row = history[0].split(), history[1].split()
    assert attempt_id[:8] in row and shown in row and result_word("win") in row
    assert row[len(row) - len(head) + head.index("ANSWERS")] == str(answers)  # retry's too
    exported = list(csv.DictReader(io.StringIO(_trainer(db, "export", "--format", "csv"))))
    row_of = next(r for r in exported if r["attempt_id"] == attempt_id)
    assert float(row_of["attempt_score"]) == first and row_of["counts_for_best"] == "true"
    assert row_of["outcome"] == "win"

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
        head_line = str(app.screen.query_one("#attempt-head", Static).render())
        assert f"score {shown}" in head_line.lower() or f" {shown}/100" in head_line, head_line
        titles = [str(w.border_title) for w in app.screen.query(".feedback")]
        assert [RETRY_PRACTICE_WORD in t for t in titles] == practice, titles
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
async def test_retry_then_quit_leaves_the_played_out_call_on_every_screen(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """QA 4: played to the end, `r`, the retried line answered, then ctrl+q, y. The call
    stays as played (its result and score, not "ended early" with the retry's mean) on
    Home, History and Progress, and in the log."""
    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        await send_answer(pilot, WORSE)
        for _ in range(4):
            if app.screen.query(".summary"):
                break
            await send_answer(pilot, NEXT_STEP)
        summary = str(app.screen.query_one(".summary", Static).render())
        assert summary.startswith("Call over:"), summary
        await pilot.press("r")  # retry the last answer, after the call ended
        await settle(pilot)
        assert not app.screen.query(".summary")
        await send_answer(pilot, GOOD)
        assert not app.screen.query(".summary")  # the retry goes on to another line
        await pilot.press("ctrl+q", "y")  # quit mid-retry
        await settle(pilot)
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        (attempt,) = store.history(rep=REP)
        detail = store.attempt(attempt.id)
    finally:
        store.close()
    assert detail is not None
    assert attempt.status is AttemptStatus.FINISHED and attempt.score is not None
    counted = [t.score for t in detail.turns if not t.retried]
    assert attempt.score == sum(counted) / len(counted)
    assert detail.turns[-1].retried and detail.turns[-1].answer_text == GOOD  # logged
    assert attempt.turn_count == len(detail.turns)  # the retry's answer counts as an answer
    shown, result = str(whole(attempt.score)), result_word(str(attempt.outcome))

    app = make_app(filled=False, clock=SystemClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent", OptionList)
        line = str(recent.get_option_at_index(0).prompt)
        assert shown in line and "ended early" not in line, line
        await pilot.press("3")  # History
        await settle(pilot)
        table: DataTable[Any] = app.screen.query_one("#attempts", DataTable)
        cells = [str(c).strip() for c in table.get_row_at(0)]
        assert shown in cells and "ended early" not in cells, cells
        assert any(result in c for c in cells), cells
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


@pilot_test
async def test_a_retry_played_out_says_it_is_practice_and_what_the_call_stays(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        await send_answer(pilot, WORSE)  # lost at once
        lost = str(app.screen.query_one(".summary", Static).render())
        assert lost.startswith("Call over: lost") and "Score 4 " in lost, lost
        await pilot.press("r")
        await settle(pilot)
        note = "Retry as practice: the call keeps its result and score."
        assert any(note in str(w.render()) for w in app.screen.query("#conversation > Static"))
        await send_answer(pilot, GOOD)
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
        summary = str(app.screen.query_one(".summary", Static).render())
        # The retry's line counts the answers its score is over (rules.retry_answer_count),
        # not the call's answer it replaced: the call (History) counts all three.
        assert summary.startswith("Retry: won   Score 100   2 answers"), summary
        assert "Practice only: the call stays lost, 4." in summary, summary
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        (attempt,) = store.history(rep=REP)
    finally:
        store.close()
    assert (attempt.outcome, attempt.score, attempt.turn_count) == ("loss", 4.0, 3)
