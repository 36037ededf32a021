"""Voice answers in the app: ctrl+space to speak, ctrl+space to stop, the answer scored and
logged as spoken (real Vosk Korean model on an espeak-ng recording played as the microphone)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot

from tests.speech.conftest import ko_model_dir, pulse_env, speak  # noqa: F401 - fixtures
from tests.speech_cli.conftest import KO_SCENARIO
from tests.tui.conftest import NOW, REP, pilot_test, settle
from tests.tui.test_drill_flow import conversation_text, logged
from trainer.clock import FixedClock
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen

if TYPE_CHECKING:
    from tests.speech.conftest import Speak


def korean_app(tui_env: Path, wavs: Sequence[Path] = ()) -> TrainerApp:
    """The app on one Korean scenario (the test model is Korean); `wavs` play as the
    microphone, one per answer."""
    scenarios = tui_env / "scenarios"
    (scenarios / "ko").mkdir(parents=True)
    (scenarios / "ko" / "greeting.yaml").write_text(KO_SCENARIO, encoding="utf-8")
    return TrainerApp(
        db=str(tui_env / "log.sqlite3"),
        shipped_dir=scenarios,
        clock=FixedClock(NOW),
        seed=1,
        voice_wavs=wavs,
    )


async def open_greeting(app: TrainerApp, pilot: Pilot[None]) -> DrillScreen:
    """Start drilling the Korean greeting; its drill screen."""
    await settle(pilot)
    app.start_drilling("ko/greeting")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DrillScreen)
    return screen


@pytest.mark.real_part
@pilot_test
async def test_a_spoken_answer_is_scored_on_screen_and_logged_as_spoken(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = korean_app(tui_env, [speak("감사합니다"), speak("안녕하세요")])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_greeting(app, pilot)
        assert screen.voice_usable  # the model is there and the footer offers the key
        shown = [b.binding.description for b in screen.active_bindings.values() if b.binding.show]
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


@pytest.mark.real_part
@pilot_test
async def test_with_stop_after_silence_set_the_answer_ends_by_itself(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """voice_stop_after_silence = 1: one ctrl+space, then the rep just stops talking. The
    strip says so while listening; the answer is scored, and its recording ends about a
    second after the last word although the clip goes on for 3.5 s more."""
    import wave

    from trainer.speech.recorder import write_wav
    from trainer.tui.widgets.voice_strip import VoiceStrip

    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(settings.read_text() + "voice_stop_after_silence = 1.0\n")
    with wave.open(str(speak("감사합니다"))) as clip:
        speech = clip.readframes(clip.getnframes())
    speech_s = len(speech) / 2 / 16000
    quiet_after = write_wav(tui_env / "thanks-then-quiet.wav", speech + b"\0\0" * 16000 * 3, 16000)
    app = korean_app(tui_env, [quiet_after])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_greeting(app, pilot)
        await pilot.press("ctrl+space")  # loads the model and starts listening; no second press
        strip = app.screen.query_one(VoiceStrip)
        for _ in range(400):
            await pilot.pause(0.02)
            if "stops after 1 s of silence" in str(strip.render()):
                break
        else:
            raise AssertionError(f"the strip never said it stops on silence: {strip.render()}")
        await settle(pilot)
        text = conversation_text(app)
        assert "You: 감사합니다" in text and "✓ Thank them for picking up" in text
        assert not strip.display

    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    assert turn.input_kind == "spoken"
    with wave.open(turn.audio_path) as kept:
        kept_s = kept.getnframes() / 16000
    assert speech_s - 0.5 < kept_s < speech_s + 2.0  # not the 3 s of silence after it


@pytest.mark.real_part
@pilot_test
async def test_through_a_real_microphone_the_answer_stops_after_the_silence(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
    pulse_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PulseAudio null sink as the microphone (input_device = "pulse" in the settings):
    ctrl+space, the phrase is played into the sink, and the silence after it ends the answer."""
    import subprocess

    from trainer.speech.sources import rescan_devices

    for key, value in pulse_env.items():
        monkeypatch.setenv(key, value)
    rescan_devices()
    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(
        settings.read_text() + 'voice_stop_after_silence = 1.0\ninput_device = "pulse"\n'
    )
    app = korean_app(tui_env)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_greeting(app, pilot)
        assert screen.voice_usable
        await pilot.press("ctrl+space")
        for _ in range(1000):
            await pilot.pause(0.02)
            if screen.listening is not None and screen.listening.capture.first_audio.is_set():
                break
        else:
            raise AssertionError("the microphone never sent audio")
        await pilot.pause(1.0)  # the first callback can come a second after the stream opens
        subprocess.run(
            ["paplay", str(speak("감사합니다"))],
            env={**os.environ, **pulse_env},
            check=True,
            timeout=30,
        )
        await settle(pilot)  # no second ctrl+space: the silence ends the answer
        text = conversation_text(app)
        assert "You: " in text and "감사합니다" in text.split("You: ", 1)[1]
        assert "✓ Thank them for picking up" in text
