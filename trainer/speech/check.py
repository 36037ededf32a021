"""`trainer speech check`: PortAudio, microphones and the model, in plain words."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from trainer.speech.errors import SpeechError
from trainer.words import plural


@dataclass(frozen=True, slots=True)
class CheckLine:
    label: str
    ok: bool
    detail: str
    fix: str = ""


def check_portaudio() -> CheckLine:
    from trainer.speech.sources import load_sounddevice

    try:
        sd = load_sounddevice()
        version = sd.get_portaudio_version()[1]
    except SpeechError as exc:
        return CheckLine("PortAudio", False, exc.problem, exc.fix)
    return CheckLine("PortAudio", True, str(version))


def check_devices(device: str | int | None = None) -> CheckLine:
    """The input devices by number and name, and the chosen one (`device`) checked."""
    from trainer.speech.sources import (
        NO_MIC_FIX,
        MicrophoneSource,
        describe_devices,
        input_devices,
    )

    try:
        devices = input_devices()
    except SpeechError as exc:
        return CheckLine("Microphone", False, exc.problem, exc.fix)
    if not devices:
        return CheckLine("Microphone", False, "no input device found", NO_MIC_FIX)
    listing = f"{plural(len(devices), 'input device')}: {describe_devices(devices)}"
    if device is None:
        return CheckLine("Microphone", True, listing)
    try:
        source = MicrophoneSource(device)
    except SpeechError as exc:
        return CheckLine("Microphone", False, exc.problem, exc.fix)
    return CheckLine("Microphone", True, f"using '{source.device_name}' ({device}); {listing}")


def check_model(language: str | None, explicit: str | None) -> tuple[CheckLine, object]:
    """The model line, and the loaded Recogniser (or None)."""
    from trainer.speech.api import model_for
    from trainer.speech.recogniser import Recogniser

    try:
        info = model_for(language, explicit)
        recogniser = Recogniser.shared(info)
    except SpeechError as exc:
        return CheckLine("Model", False, exc.problem, exc.fix), None
    lang = info.language or "language unknown"
    detail = (
        f"{info.name} ({lang}, {info.sample_rate} Hz) from {info.source}: {info.path}; "
        f"loaded in {recogniser.load_s:.1f} s"
    )
    return CheckLine("Model", True, detail), recogniser


@dataclass(frozen=True, slots=True)
class TestRecording:
    peak_dbfs: float
    text: str
    seconds: float


def record_test(
    recogniser: object,
    seconds: float = 3.0,
    device: str | int | None = None,
    on_level: Callable[[float], None] | None = None,
    on_ready: Callable[[], None] | None = None,
) -> TestRecording:
    """Listen for `seconds` (after the first audio arrives) and transcribe. SpeechError."""
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.recogniser import Recogniser

    assert isinstance(recogniser, Recogniser)
    capture = VoiceCapture(recogniser, device=device, on_level=on_level)
    capture.start()
    if not capture.wait_for_audio(5.0):
        capture.cancel()
        raise SpeechError(
            "the microphone opened but sent no sound for 5 seconds",
            "check that it is not muted, or pick another with --device",
        )
    if on_ready:
        on_ready()
    time.sleep(seconds)
    result = capture.stop()
    return TestRecording(result.peak_dbfs, result.transcript.text, seconds)


def check_voice(language: str | None = None, explicit: str | None = None) -> CheckLine:
    """The prospect's voice: piper, and the voice that would be used (not loaded: cheap)."""
    import importlib.util

    from trainer.speech.voices import VOICE_EXTRA, configured_voice, resolve_voice

    if importlib.util.find_spec("piper") is None:
        return CheckLine(
            "Voice",
            False,
            "the prospect's voice needs piper-tts, which is not "
            "installed (the prospect's lines are shown as text)",
            VOICE_EXTRA,
        )
    try:
        info = resolve_voice(language, explicit=explicit, configured=configured_voice())
    except SpeechError as exc:
        return CheckLine("Voice", False, exc.problem, exc.fix)
    return CheckLine(
        "Voice",
        True,
        f"{info.name} ({info.language or '?'}, {info.sample_rate} "
        f"Hz) from {info.source}: {info.path}",
    )
