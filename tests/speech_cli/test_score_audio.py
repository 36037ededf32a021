"""`trainer score --audio`: a recorded answer transcribed offline and scored with delivery."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech_cli.conftest import run_trainer

if TYPE_CHECKING:
    from tests.speech.conftest import Speak


@pytest.mark.real_part
def test_a_recorded_answer_is_transcribed_and_scored_with_delivery(
    ko_scenarios: Path, ko_model_dir: Path, speak: Speak
) -> None:
    clip = speak("감사합니다")
    run = run_trainer(
        "--scenarios",
        str(ko_scenarios),
        "score",
        "--scenario",
        "ko/greeting",
        "--audio",
        str(clip),
        "--model",
        str(ko_model_dir),
        "--json",
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    answer = data["answer"]
    assert answer["text"] == "감사합니다" and answer["input_kind"] == "spoken"
    assert answer["audio"] == str(clip)
    [word] = answer["words"]
    assert 0.3 < word["start"] < word["end"] < 2.5  # the clip has 0.5 s of silence first
    assert data["score"] == 100.0
    delivery = {m["id"]: m for m in data["delivery"]}
    assert delivery["words_per_minute"]["actual"] > 0  # measured from the word timings

    text = run_trainer(
        "--scenarios",
        str(ko_scenarios),
        "score",
        "--scenario",
        "ko/greeting",
        "--step",
        "greet",
        "--audio",
        str(clip),
        "--model",
        str(ko_model_dir),
    )
    assert "You: 감사합니다" in text.stdout and "✗ Greet them" in text.stdout


@pytest.mark.real_part
def test_silence_is_reported_not_scored(
    ko_scenarios: Path, ko_model_dir: Path, silence_wav: Path
) -> None:
    run = run_trainer(
        "--scenarios",
        str(ko_scenarios),
        "score",
        "--scenario",
        "ko/greeting",
        "--audio",
        str(silence_wav),
        "--model",
        str(ko_model_dir),
    )
    assert run.returncode == 1 and "no speech was recognised" in run.stderr
    assert "Traceback" not in run.stderr


def test_bad_audio_arguments_get_plain_messages(ko_scenarios: Path, tmp_path: Path) -> None:
    base = ("--scenarios", str(ko_scenarios), "score", "--scenario", "ko/greeting")
    missing = run_trainer(*base, "--audio", str(tmp_path / "nope.wav"))
    assert missing.returncode == 1 and "nope.wav: no such file." in missing.stderr
    both = run_trainer(*base, "--audio", str(tmp_path / "a.wav"), "--text", "hi")
    assert both.returncode == 2 and "exactly one of" in both.stderr
    not_wav = tmp_path / "notes.wav"
    not_wav.write_text("not audio")
    bad = run_trainer(*base, "--audio", str(not_wav))
    assert bad.returncode == 1 and "not a PCM WAV file" in bad.stderr and "fix:" in bad.stderr
    model_alone = run_trainer(*base, "--text", "hi", "--model", str(tmp_path))
    assert model_alone.returncode == 2 and "--model goes with --audio" in model_alone.stderr
    for run in (missing, both, bad, model_alone):
        assert "Traceback" not in run.stderr
