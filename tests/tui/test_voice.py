"""Voice answers in the app: ctrl+space to speak, ctrl+space to stop, the answer scored and
logged as spoken (real Vosk Korean model on an espeak-ng recording played as the microphone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.speech.conftest import ko_model_dir, speak  # noqa: F401 - fixtures
from tests.speech_cli.conftest import KO_SCENARIO
from tests.tui.conftest import NOW, REP, pilot_test, settle
from tests.tui.test_drill_flow import conversation_text, logged
from trainer.tui.app import TrainerApp
from trainer.tui.clock import FixedClock
from trainer.tui.screens.drill import WAV_ENV, DrillScreen


@pytest.mark.real_part
@pilot_test
async def test_a_spoken_answer_is_scored_on_screen_and_logged_as_spoken(
    tui_env: Path, isolated_dirs: Path, ko_model_dir: Path, speak,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenarios = tui_env / "scenarios"
    (scenarios / "ko").mkdir(parents=True)
    (scenarios / "ko" / "greeting.yaml").write_text(KO_SCENARIO, encoding="utf-8")
    monkeypatch.setenv(WAV_ENV, os.pathsep.join([str(speak("감사합니다")),
                                                 str(speak("안녕하세요"))]))
    app = TrainerApp(db=str(tui_env / "log.sqlite3"), shipped_dir=scenarios,
                     clock=FixedClock(NOW), seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("ko/greeting")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert screen.voice_usable  # the model is there and the footer offers the key
        shown = [b.binding.description for b in screen.active_bindings.values()
                 if b.binding.show]
        assert "Speak" in shown
        for _ in range(2):  # loads the model, plays the recording, stops at its end
            await pilot.press("ctrl+space")
            await settle(pilot)
        text = conversation_text(app)
        assert "You: 감사합니다" in text and "✓ Thank them for picking up" in text
        assert "You: 안녕하세요" in text and "✓ Greet them" in text
        assert "Call over" in text
        assert not screen.query_one("#voice").display  # the strip goes away after speaking

    detail = logged(tui_env)[0]
    turns = detail.turns  # type: ignore[attr-defined]
    assert [t.answer_text for t in turns] == ["감사합니다", "안녕하세요"]
    assert {t.input_kind for t in turns} == {"spoken"}
    folder = isolated_dirs / "data" / "recordings" / REP.replace(" ", "_")
    assert [Path(t.audio_path).parent for t in turns] == [folder, folder]
    assert all(Path(t.audio_path).is_file() for t in turns)
