"""The library cache: a start reads the checked library back while no scenario file changed;
an edited, added or removed file, or a damaged cache, means the files are read again."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from tests.scenario.scenario_paths import FIXTURES
from trainer.keyed_pickle import write_keyed
from trainer.scenario import cache
from trainer.scenario.library import Library, load_library, scenario_roots


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (they are not edited again within
    one clock tick: every edit below changes the file's size)."""
    monkeypatch.setattr(cache, "SETTLE_S", 0.0)


def _shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"
    (root / "techniques").mkdir(parents=True)
    (root / "objections").mkdir()
    shutil.copy(FIXTURES / "techniques.yaml", root / "techniques" / "core.yaml")
    shutil.copy(FIXTURES / "valid.yaml", root / "objections" / "too-expensive.yaml")
    return root


def _mine(tmp_path: Path, name: str, scenario_id: str, title: str = "Mine") -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sample/too-expensive", f"id: {scenario_id}")
    text = _with_title(text, title)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_title(text: str, title: str) -> str:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f"title: {title}"
    return "\n".join(lines) + "\n"


def _load(tmp_path: Path) -> Library:
    return load_library([tmp_path / "mine"], shipped_dir=tmp_path / "shipped")


def _cache_path(tmp_path: Path) -> Path:
    roots = scenario_roots([tmp_path / "mine"], shipped_dir=tmp_path / "shipped")
    return cache.cache_file(roots)


def _titles(library: Library) -> dict[str, str]:
    return {i: s.scenario.title for i, s in library.scenarios.items()}


def test_the_library_is_read_back_from_the_cache_while_no_file_changed(
    tmp_path: Path, settled: None
) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    first = _load(tmp_path)
    path = _cache_path(tmp_path)
    assert path.is_file()
    assert _titles(first)["mine/a"] == "Mine"
    assert set(first.scenarios) == {"sample/too-expensive", "mine/a"}
    # What the cache holds is what a start gets: put a marked library under the same key.
    with path.open("rb") as fh:
        key = pickle.load(fh)
    marked = Library(scenarios={"mine/a": first.scenarios["mine/a"]}, roots=first.roots)
    write_keyed(path, key, marked)

    again = _load(tmp_path)

    assert list(again.scenarios) == ["mine/a"]


def test_an_edited_file_is_read_again(tmp_path: Path, settled: None) -> None:
    _shipped(tmp_path)
    path = _mine(tmp_path, "a.yaml", "mine/a", title="Before")
    assert _titles(_load(tmp_path))["mine/a"] == "Before"

    path.write_text(_with_title(path.read_text("utf-8"), "After the edit"), "utf-8")

    assert _titles(_load(tmp_path))["mine/a"] == "After the edit"


def test_a_file_broken_then_fixed_is_reported_then_loaded(tmp_path: Path, settled: None) -> None:
    _shipped(tmp_path)
    path = _mine(tmp_path, "a.yaml", "mine/a")
    good = path.read_text("utf-8")
    assert _load(tmp_path).broken == []

    path.write_text(good.replace("steps:", "stepz:"), "utf-8")
    broken = _load(tmp_path)
    assert "mine/a" not in broken.scenarios
    assert [b.path for b in broken.broken] == [path]

    path.write_text(good + "\n", "utf-8")
    assert "mine/a" in _load(tmp_path).scenarios


def test_added_and_removed_files_are_seen(tmp_path: Path, settled: None) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    assert set(_load(tmp_path).scenarios) == {"sample/too-expensive", "mine/a"}

    added = _mine(tmp_path, "b.yaml", "mine/b")
    assert set(_load(tmp_path).scenarios) == {"sample/too-expensive", "mine/a", "mine/b"}

    added.unlink()
    assert set(_load(tmp_path).scenarios) == {"sample/too-expensive", "mine/a"}

    (tmp_path / "shipped" / "objections" / "too-expensive.yaml").unlink()
    assert set(_load(tmp_path).scenarios) == {"mine/a"}


def test_a_technique_edit_is_seen(tmp_path: Path, settled: None) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    assert _load(tmp_path).broken == []
    core = tmp_path / "shipped" / "techniques" / "core.yaml"
    core.write_text("techniques: []\n", "utf-8")  # every `use:` now names nothing

    assert _load(tmp_path).broken != []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        b"\x80\x05\x95",  # a pickle cut short
    ],
)
def test_a_corrupt_cache_is_rebuilt_silently(tmp_path: Path, settled: None, damage: bytes) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    expected = _titles(_load(tmp_path))
    path = _cache_path(tmp_path)
    path.write_bytes(damage)

    assert _titles(_load(tmp_path)) == expected
    with path.open("rb") as fh:  # rewritten whole
        pickle.load(fh)
        assert isinstance(pickle.load(fh), Library)


def test_a_cache_of_a_truncated_library_is_not_used(tmp_path: Path, settled: None) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    expected = _titles(_load(tmp_path))
    path = _cache_path(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])

    assert _titles(_load(tmp_path)) == expected


def test_files_still_changing_are_not_cached(tmp_path: Path) -> None:
    """A library read just after its files were written is not kept: an edit in the same
    clock tick would have the same stamp."""
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")

    _load(tmp_path)

    assert not _cache_path(tmp_path).exists()


def test_an_unwritable_cache_folder_is_no_problem(
    tmp_path: Path, settled: None, isolated_dirs: Path
) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    (isolated_dirs / "data").mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "data" / "cache").write_text("a file where the folder goes", "utf-8")

    assert set(_load(tmp_path).scenarios) == {"sample/too-expensive", "mine/a"}
    assert set(_load(tmp_path).scenarios) == {"sample/too-expensive", "mine/a"}


def test_positions_are_found_in_a_library_read_from_the_cache(
    tmp_path: Path, settled: None
) -> None:
    _shipped(tmp_path)
    _mine(tmp_path, "a.yaml", "mine/a")
    fresh = _load(tmp_path).scenarios["mine/a"].position("steps", 0)
    assert _cache_path(tmp_path).is_file()

    cached = _load(tmp_path).scenarios["mine/a"]

    assert cached.position("steps", 0) == fresh
    assert fresh > (1, 1)


def test_the_scorers_technique_cache_follows_its_file(tmp_path: Path, settled: None) -> None:
    """The scorer's shipped techniques (`core_techniques`) are cached on the same terms:
    an edit is seen, a damaged cache is rebuilt."""
    from trainer.scoring.techniques import _read_techniques

    path = tmp_path / "core.yaml"
    shutil.copy(FIXTURES / "techniques.yaml", path)
    first = cache.cached_techniques(path, lambda: _read_techniques(path))
    assert first
    name = sorted(first)[0]

    text = path.read_text("utf-8")
    path.write_text(text.replace(f"name: {name}\n", f"name: {name}-renamed\n", 1), "utf-8")
    edited = cache.cached_techniques(path, lambda: _read_techniques(path))
    assert f"{name}-renamed" in edited
    assert name not in edited

    for damaged in (tmp_path / "trainer-home" / "data" / "cache").glob("techniques-*"):
        damaged.write_bytes(b"\x80\x05garbage")
    assert cache.cached_techniques(path, lambda: _read_techniques(path)) == edited
