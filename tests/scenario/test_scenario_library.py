"""The library: shipped and user folders merged, bad files and double ids reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.scenario.scenario_paths import FIXTURES
from trainer.scenario.errors import ScenarioNotFound
from trainer.scenario.library import Library, load_library


def _shipped(tmp_path: Path) -> Path:
    """A small stand-in for the shipped library: the fixture techniques and one scenario."""
    root = tmp_path / "shipped"
    (root / "techniques").mkdir(parents=True)
    (root / "objections").mkdir()
    shutil.copy(FIXTURES / "techniques.yaml", root / "techniques" / "core.yaml")
    shutil.copy(FIXTURES / "valid.yaml", root / "objections" / "too-expensive.yaml")
    return root


def _scenario(folder: Path, name: str, scenario_id: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.replace("id: sample/too-expensive", f"id: {scenario_id}"), "utf-8")
    return path


def _load(tmp_path: Path, extra: list[Path] | None = None) -> Library:
    return load_library(extra, shipped_dir=_shipped(tmp_path))


def test_user_folders_are_merged_with_the_shipped_library(
    tmp_path: Path, valid_text: str, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scenario(isolated_dirs / "data" / "scenarios", "mine.yaml", "mine/data-dir", valid_text)
    env_dir = tmp_path / "team"
    _scenario(env_dir / "deep" / "er", "t.yml", "team/from-env", valid_text)
    monkeypatch.setenv("TRAINER_SCENARIOS", str(env_dir))
    option_dir = tmp_path / "option"
    _scenario(option_dir, "o.yaml", "opt/from-option", valid_text)

    library = _load(tmp_path, [option_dir])

    assert library.errors() == []
    sources = {s.id: s.source for s in library.scenarios.values()}
    assert sources == {
        "sample/too-expensive": "shipped",
        "mine/data-dir": "user",
        "team/from-env": "user",
        "opt/from-option": "user",
    }


def test_a_broken_file_is_reported_and_the_others_still_load(
    tmp_path: Path, valid_text: str
) -> None:
    user = tmp_path / "user"
    good = _scenario(user, "good.yaml", "user/good", valid_text)
    bad = _scenario(user, "bad.yaml", "user/bad", valid_text.replace("kind: objection", "kind: x"))
    (user / "worse.yaml").write_bytes(b"\xff\xfe\x00garbage")

    library = _load(tmp_path, [user])

    assert set(library.scenarios) == {"sample/too-expensive", "user/good"}
    assert library.scenarios["user/good"].path == good
    assert sorted(b.path.name for b in library.broken) == ["bad.yaml", "worse.yaml"]
    assert any(str(e).startswith(f"{bad}:4:7: kind:") for e in library.errors())


def test_an_id_defined_twice_is_reported_never_silently_shadowed(
    tmp_path: Path, valid_text: str
) -> None:
    user = tmp_path / "user"
    copy = _scenario(user, "copy.yaml", "sample/too-expensive", valid_text)

    library = _load(tmp_path, [user])

    assert library.scenarios["sample/too-expensive"].source == "shipped"
    assert [str(e) for e in library.duplicates] == [
        f"{copy}:1:5: id: scenario id 'sample/too-expensive' is already defined in "
        f"{tmp_path / 'shipped' / 'objections' / 'too-expensive.yaml'};"
        " this file is ignored — give it another id"
    ]
    assert library.errors() == library.duplicates


def test_user_techniques_folder_adds_techniques_and_a_second_definition_is_an_error(
    tmp_path: Path, valid_text: str
) -> None:
    user = tmp_path / "user"
    (user / "techniques").mkdir(parents=True)
    (user / "techniques" / "extra.yaml").write_text(
        "techniques:\n"
        "  - name: mirror\n    description: Repeat their last words.\n"
        "    refers_to_prospect: true\n"
        "  - name: acknowledge\n    description: Again.\n    question: true\n",
        "utf-8",
    )
    _scenario(
        user, "uses-mirror.yaml", "user/mirror", valid_text.replace("use: next-step", "use: mirror")
    )

    library = _load(tmp_path, [user])

    assert "user/mirror" in library.scenarios
    mirror = library.scenarios["user/mirror"].scenario.steps[1].rubric[1]
    assert (mirror.id, mirror.refers_to_prospect) == ("mirror", True)
    assert library.techniques["acknowledge"].description.startswith("Show you heard")
    [dup] = library.duplicates
    assert dup.path == user / "techniques" / "extra.yaml"
    assert (dup.line, dup.col) == (5, 11)
    assert "technique 'acknowledge' is already defined in" in dup.message


def test_a_missing_named_folder_is_reported(tmp_path: Path) -> None:
    library = _load(tmp_path, [tmp_path / "nope"])
    assert [e.message for e in library.errors()] == ["scenario folder not found"]
    assert "sample/too-expensive" in library.scenarios


def test_the_missing_default_user_folder_is_not_an_error(tmp_path: Path) -> None:
    assert _load(tmp_path).errors() == []


def test_hidden_folders_and_other_files_are_ignored(tmp_path: Path, valid_text: str) -> None:
    user = tmp_path / "user"
    _scenario(user / ".git", "x.yaml", "hidden/one", valid_text)
    (user / "README.md").parent.mkdir(parents=True, exist_ok=True)
    (user / "README.md").write_text("notes", "utf-8")
    library = _load(tmp_path, [user])
    assert set(library.scenarios) == {"sample/too-expensive"}
    assert library.errors() == []


def test_get_suggests_close_ids(tmp_path: Path) -> None:
    library = _load(tmp_path)
    assert library.get("sample/too-expensive").id == "sample/too-expensive"
    with pytest.raises(ScenarioNotFound) as caught:
        library.get("too-expensive")
    assert "Did you mean sample/too-expensive?" in str(caught.value)
    with pytest.raises(ScenarioNotFound) as caught:
        library.get("sample/to-expensive")
    assert caught.value.suggestions == ["sample/too-expensive"]


def test_a_dangling_symlink_is_a_broken_file_not_a_crash(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    library = _load(tmp_path, [user])
    [broken] = library.broken
    assert broken.path == user / "gone.yaml"
    assert "cannot read the file" in broken.errors[0].message
    assert "sample/too-expensive" in library.scenarios


def test_a_folder_inside_the_library_is_not_a_second_definition(tmp_path: Path) -> None:
    shipped = _shipped(tmp_path)
    library = load_library([shipped / "objections", shipped], shipped_dir=shipped)
    assert library.errors() == []
    assert list(library.scenarios) == ["sample/too-expensive"]
