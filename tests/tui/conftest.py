"""Fixed data for the app tests: a scenario folder, a practice log with fixed timestamps,
a fixed clock and the UTC time zone, so that screens (and snapshots) are deterministic."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from trainer.clock import FixedClock
from trainer.scoring.answer import InputKind
from trainer.scoring.delivery import LABELS
from trainer.scoring.result import CriterionResult, DeliveryMetric, Evidence, TurnScore
from trainer.store.open import open_store
from trainer.store.records import AttemptDetail, AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)  # a Friday afternoon
REP = "Sam Lee"
BUDGET_LINE = "We just don't have the budget for this right now."
GOOD = "That's fair. What are you comparing it to?"
WEAK = "I can give you a discount."


def _score(answer: str, score: float) -> TurnScore:
    """A logged result with evidence offsets into `answer` (as the scorer writes them)."""
    label, unit = LABELS["words"]  # as the scorer labels it: "Words 6", not "Words 6 words"
    fair = answer.find("fair")
    ask = answer.find("What")
    return TurnScore(
        score=score,
        criteria=(
            CriterionResult(
                "acknowledge",
                "Acknowledges her point",
                1.0,
                fair >= 0,
                (Evidence("fair", fair, fair + 4),) if fair >= 0 else (),
                tip="Show you heard her before anything else.",
            ),
            CriterionResult(
                "ask",
                "Asks what the budget is measured against",
                1.0,
                ask >= 0,
                (Evidence(answer[ask:], ask, len(answer)),) if ask >= 0 else (),
                tip="Ask what she compares it against.",
                detail=None,
            ),
            CriterionResult(
                "no-discount",
                "No discount before understanding",
                1.0,
                "discount" not in answer,
                tip="Understand before you talk price.",
            ),
        ),
        delivery=(DeliveryMetric("words", label, float(len(answer.split())), 10, 60, unit),),
    )


# (days before NOW, minutes into the day's practice, scenario, answers, outcome, status)
ATTEMPTS: list[tuple[float, str, list[tuple[str, float]], str | None, AttemptStatus]] = [
    (30.2, "tui/budget", [(WEAK, 33.0)], "loss", AttemptStatus.FINISHED),
    (
        9.1,
        "tui/front-desk",
        [("Who looks after purchasing?", 100.0)],
        "win",
        AttemptStatus.FINISHED,
    ),
    (2.1, "tui/budget", [(GOOD, 100.0), ("Tuesday at two?", 90.0)], "win", AttemptStatus.FINISHED),
    (1.2, "tui/budget", [(WEAK, 33.0)], "loss", AttemptStatus.FINISHED),
    (0.2, "tui/budget", [(GOOD, 100.0)], None, AttemptStatus.ABANDONED),
]
TITLES = {
    "tui/budget": "We don't have the budget",
    "tui/front-desk": "Front desk asks what it is about",
}


def fill_log(db: Path, hashes: dict[str, str]) -> list[str]:
    """Write the fixed attempts through the real store; returns their ids, oldest first."""
    from trainer.store.open import open_store

    store = open_store(str(db))
    ids = []
    try:
        for n, (days, scenario_id, answers, outcome, status) in enumerate(ATTEMPTS):
            started = NOW - timedelta(days=days)
            attempt_id = f"{n + 1:02d}" + "0" * 30
            store.start_attempt(
                AttemptRecord(
                    id=attempt_id,
                    rep=REP,
                    scenario_id=scenario_id,
                    scenario_version=1,
                    scenario_hash=hashes[scenario_id],
                    scenario_title=TITLES[scenario_id],
                    seed=1,
                    started_at=started,
                )
            )
            at = started
            for seq, (text, score) in enumerate(answers, start=1):
                at += timedelta(seconds=75)
                store.log_turn(
                    TurnRecord(
                        id=f"{attempt_id[:2]}{seq:02d}" + "1" * 28,
                        attempt_id=attempt_id,
                        seq=seq,
                        step_id="pushback" if seq == 1 else "the-number",
                        prospect_line=BUDGET_LINE
                        if seq == 1
                        else "Our budget line is two thousand a month.",
                        answer_text=text,
                        input_kind=InputKind.TYPED,
                        result=_score(text, score),
                        pause_s=1.2,
                        duration_s=20.0,
                        created_at=at,
                    )
                )
            scores = [s for _, s in answers]
            store.finish_attempt(
                attempt_id,
                status,
                at + timedelta(seconds=30),
                outcome,
                None,
                sum(scores) / len(scores),
            )
            ids.append(attempt_id)
    finally:
        store.close()
    return ids


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path) -> Iterator[Path]:
    """UTC, the fixture folder as working directory, a rep name in the settings file."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir(FIXTURES)
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    # the prospect's voice stays off unless a test turns it on (tests/tui/test_prospect_voice)
    (config / "settings.toml").write_text(
        f'rep = "{REP}"\nspeak_prospect = false\n', encoding="utf-8"
    )
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_app(tui_env: Path) -> Callable[..., TrainerApp]:
    """An app on the fixed scenarios and a practice log (`filled=True` adds the fixed log)."""

    def make(filled: bool = True, **kwargs: Any) -> TrainerApp:
        from trainer.scenario.library import load_library

        db = tui_env / "log.sqlite3"
        if filled and not db.exists():
            library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
            fill_log(db, {k: v.sha256 for k, v in library.scenarios.items()})
        kwargs.setdefault("clock", FixedClock(NOW))
        kwargs.setdefault("seed", 1)
        return TrainerApp(db=str(db), shipped_dir=Path("scenarios"), **kwargs)

    return make


def logged_attempt(tui_env: Path) -> AttemptDetail:
    """The one attempt the test's rep has in the log, with its answers, as the log keeps it."""
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        (attempt,) = store.history(rep=REP)
        detail = store.attempt(attempt.id)
    finally:
        store.close()
    assert detail is not None
    return detail


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until loading and every worker is done and their messages are handled."""
    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        # A read the app started again cancels the one under way (exclusive workers): not
        # a failure; the loop waits for the new one.
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not w.is_finished for w in app.workers)
        if not busy and (not isinstance(app, TrainerApp) or app.ready or app.problems):
            break
    await pilot.pause()


@asynccontextmanager
async def drilling(
    make_app: Callable[..., TrainerApp],
    scenario: str = "tui/budget",
    size: tuple[int, int] = (80, 24),
    **options: Any,
) -> AsyncIterator[tuple[TrainerApp, Pilot[Any], DrillScreen]]:
    """An app on an empty log (`options` for `make_app`) at `size`, in a call of
    `scenario` just started."""
    app = make_app(filled=False, **options)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.start_drilling(scenario)
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        yield app, pilot, app.screen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused answer box: the first key is a real key press (it starts the
    answer's timing), the rest is inserted at once to keep the tests fast."""
    from trainer.tui.widgets.answer_box import AnswerBox

    box = pilot.app.focused
    assert isinstance(box, AnswerBox), f"the answer box should have focus, not {box!r}"
    await pilot.press(text[0])
    box.insert(text[1:])
    await pilot.pause()


async def send_answer(pilot: Pilot[Any], text: str) -> None:
    """Type an answer in the focused answer box, send it with enter and wait for the
    feedback."""
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def pilot_test(fn: Callable[..., Any]) -> Callable[..., None]:
    """Run an async test body with asyncio (no async pytest plugin is needed)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer box's (and an input's) cursor blinks on a timer: a screenshot would catch
    it on or off depending on how long the flow took. In tests it stays on."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
