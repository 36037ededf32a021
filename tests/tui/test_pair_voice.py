"""A pair call where the rep's answers are heard (the real Vosk Korean model on espeak-ng
recordings played as the microphone) while the partner ticks: both verdicts side by side,
a disagreement marked, both logged."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.widgets import Static

from tests.speech.conftest import ko_model_dir, pulse_env, speak  # noqa: F401 - fixtures
from tests.tui.conftest import pilot_test, settle
from tests.tui.test_voice import korean_app
from trainer.drill.pair import PairRoles
from trainer.store.open import open_store
from trainer.tui.screens.pair_partner import PairPartnerScreen

if TYPE_CHECKING:
    from tests.speech.conftest import Speak


@pytest.mark.real_part
@pilot_test
async def test_heard_answers_are_scored_beside_the_partners_ticks(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
) -> None:
    app = korean_app(tui_env, [speak("감사합니다"), speak("감사합니다")])
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        app.pair_roles = PairRoles("ana", "ben")
        app.start_pairing("ko/greeting")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairPartnerScreen)
        assert screen.voice.usable
        for _ in range(2):  # loads the model, plays the recording, stops at its end
            await pilot.press("ctrl+space")
            await settle(pilot)
        assert "감사합니다" in str(screen.query_one("#pair-heard", Static).render())
        await pilot.press("1", "a")  # the partner agrees: thanked; on to the greeting
        await settle(pilot)
        review = str(screen.query_one("#pair-review", Static).render())
        assert "partner 100 · scorer 100" in review and "disagree" not in review
        for _ in range(2):  # the rep thanks again instead of greeting
            await pilot.press("ctrl+space")
            await settle(pilot)
        await pilot.press("1", "a")  # the partner ticks the greeting anyway
        await settle(pilot)
        review = str(screen.query_one("#pair-review", Static).render())
        # The scorer gives the harmless answer that makes no move its floor (5 of 100).
        assert "partner 100 · scorer 5" in review
        assert "✓ Greet them  scorer ✗ ← disagree" in review
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        attempt = store.history()[0]
        note = store.pair_note(attempt.id)
        detail = store.attempt(attempt.id)
        assert note is not None and detail is not None
        assert [t.answer_text for t in detail.turns] == ["감사합니다", "감사합니다"]
        assert [t.auto_score for t in note.turns] == [100.0, 5.0]
        assert [t.human_score for t in note.turns] == [100.0, 100.0]
        assert note.auto_score == 52.5 and note.human_score == 100.0
    finally:
        store.close()
