"""Hidden facts in the app: a good question reveals the fact in the prospect's next line
and the debrief and the attempt view list it as uncovered; without the question it is
listed as missed, with what would have uncovered it."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import NOW, pilot_test, send_answer, settle
from tests.user_scenario import MISSED_OWNER, MISSED_RENEWAL, NO_HOW_ID, write_no_how
from trainer.clock import FixedClock
from trainer.paths import shipped_scenarios_dir
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen
from trainer.tui.screens.drill import DrillScreen

SCENARIO = """\
id: test/facts
version: 1
title: A fact to uncover
kind: objection
difficulty: 1
persona: {name: Dana Ruiz}
brief: Dana says the price is high.
hidden:
  - id: other-quote
    text: The other quote is from a carrier without tracking.
    unlock: {asked_about: [compare, comparing, "other quote"]}
    reveal: "Well, the other quote is from a carrier with no tracking."
    how: you ask what she compares the price with
steps:
  - id: pushback
    prospect: "It's more than we wanted to spend."
    rubric: [{id: ask, question: true}]
    model_answer: "What are you comparing it to?"
    next: [{goto: close}]
  - id: close
    prospect: "So what now?"
    rubric: [{id: step, next_step: true}]
    model_answer: "Shall we meet on Tuesday at 2pm?"
    next: [{goto: done}]
endings:
  done: {outcome: win, prospect: "Fine."}
"""


def _conversation(app: TrainerApp) -> str:
    assert isinstance(app.screen, DrillScreen)
    return "\n".join(str(w.render()) for w in app.screen.query("#conversation > Static"))


async def _drill(tmp: Path, first: str) -> str:
    shipped = tmp / "shipped"
    shipped.mkdir()
    (shipped / "facts.yaml").write_text(SCENARIO, encoding="utf-8")
    app_dir = TrainerApp(
        db=str(tmp / "log.sqlite3"), shipped_dir=shipped, clock=FixedClock(NOW), seed=1
    )
    async with app_dir.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app_dir.start_drilling("test/facts")
        await settle(pilot)
        await send_answer(pilot, first)
        after_first = _conversation(app_dir)
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to go through it?")
        ended = _conversation(app_dir)
        app_dir.push_screen(AttemptScreen(_only_attempt(tmp)))
        await settle(pilot)
        facts = app_dir.screen.query_one("#attempt-facts", Static)
        return f"{after_first}\n=== END ===\n{ended}\n=== ATTEMPT ===\n{facts.render()}"


def _only_attempt(tmp: Path) -> str:
    from trainer.store.open import open_store

    store = open_store(str(tmp / "log.sqlite3"))
    try:
        (attempt,) = store.history()
        return attempt.id
    finally:
        store.close()


@pilot_test
async def test_a_good_question_reveals_the_fact_and_the_debrief_lists_it_uncovered(
    tui_env: Path,
) -> None:
    text = await _drill(tui_env, "That's fair. What are you comparing it to?")
    first, end = text.split("=== END ===")
    end, attempt = end.split("=== ATTEMPT ===")
    assert "the other quote is from a carrier with no tracking. So what now?" in first
    assert "Hidden facts: 1 of 1 uncovered" in end
    assert "Uncovered: The other quote is from a carrier without tracking." in end
    assert "Uncovered: The other quote is from a carrier without tracking." in attempt


@pilot_test
async def test_without_the_question_the_fact_stays_hidden_and_is_listed_missed(
    tui_env: Path,
) -> None:
    text = await _drill(tui_env, "Our price includes tracking and support, you know.")
    first, end = text.split("=== END ===")
    end, attempt = end.split("=== ATTEMPT ===")
    assert "Missed: The other quote" in attempt
    assert "no tracking" not in first
    assert "Hidden facts: 0 of 1 uncovered" in end
    assert "Missed: The other quote is from a carrier without tracking." in end
    assert "uncovered when you ask what she compares the price with" in end


DISCOVERY = """\
id: test/discovery-score
version: 1
title: Discovery that counts what it learns
kind: discovery
difficulty: 1
persona: {name: Dana Ruiz}
brief: Dana agreed to a short discovery call.
hidden:
  - id: other-quote
    label: the other quote
    text: The other quote is from a carrier without tracking.
    unlock: {asked_about: [compare, comparing, "other quote"]}
    reveal: "The other quote has no tracking, by the way."
  - id: late-loads
    label: late loads
    text: Two late loads last month cost her a customer.
    unlock: {asked_about: [late, delays]}
    how: you ask what late loads cost her
steps:
  - id: pushback
    prospect: "It's more than we wanted to spend."
    rubric: [{id: ask, question: true}]
    model_answer: "What are you comparing it to?"
    next: [{goto: close}]
  - id: close
    prospect: "So what now?"
    rubric:
      - {id: step, next_step: true}
      - id: discovery
        label: Uncovers what she knows
        facts: {of: [other-quote, late-loads]}
    model_answer: "Shall we meet on Tuesday at 2pm?"
    next: [{goto: done}]
endings:
  done: {outcome: win, prospect: "Fine."}
"""


@pilot_test
async def test_the_drill_feedback_shows_the_facts_uncovered_with_their_points(
    tui_env: Path,
) -> None:
    from trainer.tui.screens.drill import Feedback

    shipped = tui_env / "shipped"
    shipped.mkdir()
    (shipped / "discovery.yaml").write_text(DISCOVERY, encoding="utf-8")
    app = TrainerApp(
        db=str(tui_env / "log.sqlite3"), shipped_dir=shipped, clock=FixedClock(NOW), seed=1
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.start_drilling("test/discovery-score")
        await settle(pilot)
        await send_answer(pilot, "That's fair. What are you comparing it to?")
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to go through it?")
        feedback = str(app.screen.query(Feedback).last().render())
    assert "✓ Uncovers what she knows  25 of 50 points" in feedback
    assert "(uncovered 1 of 2 facts: the other quote; missed: late loads)" in feedback
    assert "Score 75/100" in feedback


@pilot_test
async def test_a_fact_with_no_how_says_in_the_reps_words_what_would_have_uncovered_it(
    tui_env: Path, isolated_dirs: Path
) -> None:
    """A user's fact with an `unlock` and no `how`: the debrief names the move as the
    feedback does, never the scenario's jargon ("the answer makes clarifying question")."""
    write_no_how(isolated_dirs)
    shipped = tui_env / "shipped"  # the technique library only, for `use: clarifying-question`
    shutil.copytree(shipped_scenarios_dir() / "techniques", shipped / "techniques")
    app = TrainerApp(
        db=str(tui_env / "log.sqlite3"), shipped_dir=shipped, clock=FixedClock(NOW), seed=1
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling(NO_HOW_ID)
        await settle(pilot)
        await send_answer(pilot, "Our price includes tracking and support, you know.")
        ended = " ".join(_conversation(app).split())
        app.push_screen(AttemptScreen(_only_attempt(tui_env)))
        await settle(pilot)
        attempt = " ".join(str(app.screen.query_one("#attempt-facts", Static).render()).split())
    assert MISSED_OWNER in ended and MISSED_RENEWAL in ended
    assert MISSED_OWNER in attempt and MISSED_RENEWAL in attempt
    assert "the answer makes" not in ended + attempt
