"""No microphone, with the real PortAudio: no sound server and no sound card, so PortAudio
fails with its own "Error querying device -1". The rep reads one line saying what to do
(plug one in, pick one with `trainer speech devices` or in Settings, or type), never
PortAudio's words: in the plain voice drill and in the app's toast (its text is
`SpeechError.line`); `trainer speech devices` says the same without sending the rep to
itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.speech_cli.conftest import run_trainer

pytestmark = pytest.mark.real_part

ONE_LINE = (
    "No microphone found: plug in or enable a microphone, or pick one with `trainer speech "
    "devices` or in Settings (Microphone); on Linux make sure PulseAudio/PipeWire is running; "
    "or answer by typing."
)


@pytest.fixture
def no_sound(tmp_path: Path) -> dict[str, str]:
    """No sound server (and the test machines have no sound card)."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    return {
        **os.environ,
        "XDG_RUNTIME_DIR": str(run),
        "HOME": str(tmp_path),
        "PULSE_SERVER": f"unix:{run}/nothing-here",
    }


def test_a_voice_drill_without_a_microphone_says_what_to_do_in_one_line(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, no_sound: dict[str, str]
) -> None:
    run = run_trainer(
        "--db",
        str(db),
        "--scenarios",
        str(ko_scenarios),
        "drill",
        "ko/greeting",
        "--plain",
        "--rep",
        "ana",
        "--model",
        str(ko_model_dir),
        "--voice",
        stdin="감사합니다\n/end\n",
        env=no_sound,
    )
    out = run.stdout
    assert f"Voice problem: {ONE_LINE}\n" in out, out
    # PortAudio's own words ("Error querying device -1") never reach the rep
    assert "querying" not in out.lower() and "device -1" not in out and "PortAudio" not in out
    assert "✓ Thank them for picking up" in out  # the typed answer was scored
    assert run.returncode == 5 and "Traceback" not in run.stderr


def test_the_apps_toast_reads_the_same_line(no_sound: dict[str, str]) -> None:
    """The app's spoken answer opens the microphone the same way and shows `line`."""
    code = (
        "from trainer.speech.sources import MicrophoneSource\n"
        "from trainer.speech.errors import SpeechError\n"
        "try:\n    MicrophoneSource()\nexcept SpeechError as e:\n    print(e.line)\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], env=no_sound, capture_output=True, text=True, timeout=60
    )
    assert probe.stdout == ONE_LINE + "\n", probe.stdout + probe.stderr


def test_speech_devices_lists_microphones_or_says_there_is_none(
    no_sound: dict[str, str], pulse_env: dict[str, str]
) -> None:
    none = run_trainer("speech", "devices", env=no_sound)
    assert none.returncode == 1 and none.stdout == ""
    # there is no device to pick, so it does not send the rep to `trainer speech devices`
    assert none.stderr == (
        "trainer: No microphone found: plug in or enable a microphone; on Linux make sure "
        "PulseAudio/PipeWire is running; or answer by typing.\n"
    )

    found = run_trainer("speech", "devices", env={**os.environ, **pulse_env})
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines and any(line.endswith("(default)") for line in lines), lines
    assert all(line.split()[0].isdigit() for line in lines)
