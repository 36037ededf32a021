"""The settings cache: a start reads the checked settings (and the problems found in the file)
back while the settings file is unchanged; an edited, created or removed file, or a damaged
cache, means the file is read and checked again, with the same problems reported."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

from trainer import settings as settings_module
from trainer.settings import Settings, changed, load_settings


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (every edit below changes the
    file's size, so no edit can hide in one clock tick)."""
    monkeypatch.setattr(settings_module, "SETTLE_S", 0.0)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _cache(path: Path) -> Path:
    return settings_module._cache_file(path)


def test_checked_settings_and_their_problems_are_read_back_while_the_file_is_unchanged(
    tmp_path: Path, settled: None
) -> None:
    path = _write(tmp_path, 'rep = "Dana"\ndaily_goal_due = -3\ncolour = "red"\n')
    first, problems = load_settings(path)
    assert first.rep == "Dana"
    assert first.daily_goal_due == 5  # refused: the default
    assert len(problems) == 2
    assert _cache(path).is_file()
    # What the cache holds is what a start gets: put a marked value under the same key.
    with _cache(path).open("rb") as fh:
        key = pickle.load(fh)
    settings_module._save_cache(path, key, (Settings(rep="From the cache"), ["marked"]))
    again, again_problems = load_settings(path)
    assert again.rep == "From the cache"
    assert again_problems == ["marked"]


def test_settings_read_from_the_cache_still_refuse_a_bad_value(
    tmp_path: Path, settled: None
) -> None:
    path = _write(tmp_path, 'rep = "Dana"\n')
    load_settings(path)
    cached, _ = load_settings(path)  # from the cache: no validator built yet
    more = changed(cached, daily_goal_drills="7")
    assert more.daily_goal_drills == 7 and more.rep == "Dana"
    with pytest.raises(ValidationError):
        changed(cached, daily_goal_drills=0)
    assert changed(cached, keys={"drill": {"hint": "f2"}}).keys == {"drill.hint": "f2"}


def test_an_edited_file_is_read_again_with_its_own_problems(tmp_path: Path, settled: None) -> None:
    path = _write(tmp_path, 'rep = "Dana"\n')
    assert load_settings(path) == (Settings(rep="Dana"), [])
    _write(tmp_path, 'rep = "Dana Ruiz"\ndaily_goal_drills = "many"\n')
    edited, problems = load_settings(path)
    assert edited.rep == "Dana Ruiz"
    assert problems == [f"{path}: daily_goal_drills: type a whole number; using the default"]
    assert load_settings(path) == (edited, problems)  # and the same once cached


def test_a_created_or_removed_file_is_seen(tmp_path: Path, settled: None) -> None:
    path = tmp_path / "settings.toml"
    assert load_settings(path) == (Settings(), [])
    _write(tmp_path, 'rep = "Dana"\n')
    assert load_settings(path)[0].rep == "Dana"
    path.unlink()
    assert load_settings(path) == (Settings(), [])


def test_a_damaged_cache_means_a_normal_read(tmp_path: Path, settled: None) -> None:
    path = _write(tmp_path, 'rep = "Dana"\n')
    load_settings(path)
    _cache(path).write_bytes(b"\x80\x05not a pickle")
    assert load_settings(path) == (Settings(rep="Dana"), [])
    with _cache(path).open("rb") as fh:  # and the cache is written again
        pickle.load(fh)
        assert pickle.load(fh) == (Settings(rep="Dana"), [])


def test_a_file_changed_just_now_is_not_cached(tmp_path: Path) -> None:
    path = _write(tmp_path, 'rep = "Dana"\n')
    assert load_settings(path)[0].rep == "Dana"
    assert not _cache(path).exists()


def test_a_file_that_cannot_be_read_is_reported_at_every_start(
    tmp_path: Path, settled: None
) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()
    for _ in range(2):
        settings, problems = load_settings(path)
        assert settings == Settings()
        assert len(problems) == 1
        assert "is a folder, not a settings file" in problems[0]
    assert not _cache(path).exists()


def test_every_limit_names_a_setting_and_is_enforced() -> None:
    """The check model is built from the record, so its fields cannot drift; its number
    limits are keyed by name, so a misspelt key would drop a limit silently. Each names a
    setting, and a value past it is refused."""
    import pydantic

    from trainer.settings.format import LIMITS, SettingsFormat

    assert set(LIMITS) <= set(Settings._fields)
    for name, (low, high) in LIMITS.items():
        for wrong in (low - 1, high + 1):
            with pytest.raises(pydantic.ValidationError):
                SettingsFormat(**{name: wrong})


def test_the_cache_holds_the_plain_record(tmp_path: Path, settled: None) -> None:
    path = _write(tmp_path, 'rep = "Dana"\n[keys]\ndrill.hint = "f2"\n')
    load_settings(path)
    with _cache(path).open("rb") as fh:
        pickle.load(fh)
        cached, problems = pickle.load(fh)
    assert type(cached) is Settings
    assert cached == Settings(rep="Dana", keys={"drill.hint": "f2"}) and problems == []
