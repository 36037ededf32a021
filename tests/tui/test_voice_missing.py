"""ctrl+space where voice answers cannot work names what is missing: the speech model for the
scenario's language first, then the microphone (the machine's only model is Korean; the
settings name a microphone that is not there). With no model the microphone is not opened:
the sound system is left alone until there is a model to hear with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_drill_flow import open_budget_drill
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen


def _toasts(app: TrainerApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize(
    ("mic", "model", "missing"),
    [
        ("no-such-microphone", "none", "a speech model for en"),
        ("no-such-microphone", "english", "a microphone"),
    ],
)
@pilot_test
async def test_ctrl_space_names_what_voice_answers_lack(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mic: str,
    model: str,
    missing: str,
) -> None:
    pytest.importorskip("sounddevice")
    if model == "english":  # a model folder named as an English one (never loaded here)
        from tests.speech.test_speech_models import fake_model

        path = fake_model(tmp_path / "vosk-model-small-en-us-0.15")
        monkeypatch.setenv("TRAINER_VOSK_MODEL", str(path))
    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(settings.read_text() + f'input_device = "{mic}"\n')
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget_drill(app, pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and not screen.voice_usable
        await pilot.press("ctrl+space")
        await settle(pilot)
        assert (
            f"Voice answers need {missing} (see `trainer speech check`). Type your answer."
            in _toasts(app)
        )
