"""Choosing the microphone, and PortAudio's failures in plain words.

Real PortAudio on a throw-away PulseAudio server (its ALSA devices 'pulse' and 'default')
where a failure can be provoked for real (an absurd sample rate, an unknown device);
a busy device cannot be made on a sound server, so there sounddevice raises the same
PortAudioError it raises for a busy ALSA device (PaErrorCode -9985, "Device unavailable")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.speech.conftest import run_cli
from trainer.speech.errors import SpeechError

pytestmark = pytest.mark.real_part


@pytest.fixture()
def pulse_sd(pulse_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """sounddevice looking at the test's PulseAudio server."""
    from trainer.speech.sources import load_sounddevice, rescan_devices

    for key, value in pulse_env.items():
        monkeypatch.setenv(key, value)
    rescan_devices()
    return load_sounddevice()


def test_a_device_can_be_chosen_by_name_or_number(pulse_sd: Any) -> None:
    from trainer.speech.sources import MicrophoneSource, input_devices

    devices = {d.name: d.index for d in input_devices()}
    assert "pulse" in devices
    assert MicrophoneSource("pulse").device_name == "pulse"
    assert MicrophoneSource(str(devices["pulse"])).device_name == "pulse"  # "0" is a number
    assert MicrophoneSource(devices["pulse"]).device == devices["pulse"]


@pytest.mark.parametrize("device", ["no-such-mic", "99"])
def test_an_unknown_device_is_named_and_the_real_ones_listed(pulse_sd: Any, device: str) -> None:
    from trainer.speech.sources import MicrophoneSource

    with pytest.raises(SpeechError) as caught:
        MicrophoneSource(device)
    kind = "number" if device.isdigit() else "name"
    assert caught.value.problem == f"there is no input device with the {kind} '{device}'"
    assert "pick one of: 0 'pulse'" in caught.value.fix
    assert "(default)" in caught.value.fix and "input_device" in caught.value.fix


def test_a_rate_the_device_refuses_gives_the_real_portaudio_code_in_plain_words(
    pulse_sd: Any,
) -> None:
    """The model's rate refused: the source falls back to a rate the device takes (the
    converter resamples). Forcing an absurd rate makes real PortAudio fail with -9997."""
    from trainer.speech.sources import PA_INVALID_SAMPLE_RATE, MicrophoneSource, portaudio_code

    with pytest.raises(pulse_sd.PortAudioError) as real:
        pulse_sd.check_input_settings(device="pulse", samplerate=10_000_000, channels=1)
    assert portaudio_code(real.value) == PA_INVALID_SAMPLE_RATE

    source = MicrophoneSource("pulse", preferred_rate=10_000_000)
    assert 8000 <= source.rate <= 48000  # not the refused rate: one it accepts
    source.rate = 10_000_000  # as if the device had changed its mind since
    with pytest.raises(SpeechError) as caught:
        source.start(lambda samples: None)
    # in plain words: PortAudio's own ("Invalid sample rate [PaErrorCode -9997]") never shown
    assert caught.value.problem == "the microphone 'pulse' refused the sample rate of 10000000 Hz"
    assert "pick another device with --device" in caught.value.fix


def test_a_device_that_takes_no_rate_at_all_says_so(
    pulse_sd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.speech.sources import MicrophoneSource

    def refuse(**settings: Any) -> None:
        raise pulse_sd.PortAudioError("Invalid sample rate", -9997)

    monkeypatch.setattr(pulse_sd, "check_input_settings", refuse)
    with pytest.raises(SpeechError) as caught:
        MicrophoneSource("pulse")
    problem = caught.value.problem
    assert problem.startswith("the microphone 'pulse' cannot record at any usable sample rate")
    assert "16000" in problem and "48000" in problem and "8000 Hz" in problem
    assert "pick another device with --device" in caught.value.fix


@pytest.mark.parametrize("when", ["checking", "opening"])
def test_a_busy_device_says_to_close_the_other_program(
    pulse_sd: Any, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    from trainer.speech.sources import MicrophoneSource

    def busy(*args: Any, **kwargs: Any) -> None:
        verb = "Error opening InputStream: " if when == "opening" else ""
        raise pulse_sd.PortAudioError(
            f"{verb}Device unavailable", -9985, (0, -16, "Device or resource busy")
        )

    if when == "checking":
        monkeypatch.setattr(pulse_sd, "check_input_settings", busy)
        with pytest.raises(SpeechError) as caught:
            MicrophoneSource("pulse")
    else:
        monkeypatch.setattr(pulse_sd, "InputStream", busy)
        with pytest.raises(SpeechError) as caught:
            MicrophoneSource("pulse").start(lambda samples: None)
    assert caught.value.problem.startswith(
        "the microphone 'pulse' is busy: another program is using it"
    )
    assert "Device or resource busy" not in caught.value.problem  # PortAudio's words stay out
    assert caught.value.fix.startswith("close the other program using it")


def test_cli_check_lists_devices_by_number_and_uses_the_setting(
    pulse_env: dict[str, str], ko_model_dir: Any, isolated_dirs: Any
) -> None:
    listed = run_cli("speech", "check", "--language", "ko", "--no-record", env=pulse_env)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "Microphone  ok      2 input devices: 0 'pulse', 1 'default' (default)" in (
        listed.stdout
    )

    assert run_cli("config", "set", "input_device", "nope", env=pulse_env).returncode == 0
    bad = run_cli("speech", "check", "--language", "ko", "--no-record", env=pulse_env)
    assert bad.returncode == 1
    assert "Microphone  PROBLEM there is no input device with the name 'nope'" in bad.stdout
    assert "fix: pick one of: 0 'pulse', 1 'default' (default)" in bad.stdout
    assert "Traceback" not in bad.stderr

    chosen = run_cli(
        "speech", "check", "--language", "ko", "--no-record", "--device", "0", env=pulse_env
    )  # the command line wins over the setting
    assert chosen.returncode == 0, chosen.stdout
    assert "Microphone  ok      using 'pulse' (0); 2 input devices" in chosen.stdout
