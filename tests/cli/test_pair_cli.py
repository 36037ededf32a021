"""`trainer pair`: its mistakes end in one line and an exit code, before the app opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAINER = Path(sys.executable).with_name("trainer")


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRAINER), "--db", str(tmp / "log.db"), "pair", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_one_person_cannot_be_both_roles(tmp_path: Path) -> None:
    done = run("objection/too-expensive", "--rep", "ana", "--partner", "ana", tmp=tmp_path)
    assert done.returncode == 2 and "two people" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_names_differing_only_in_case_are_one_person(tmp_path: Path) -> None:
    """ "Ben" and "ben" are one person, as the Library's dialog says (`roles_problem`)."""
    done = run("objection/too-expensive", "--rep", "ana", "--partner", "Ana", tmp=tmp_path)
    assert done.returncode == 2 and "Ana (ana) is the rep: a pair call needs two people" in (
        done.stderr
    )
    done = run(
        "objection/too-expensive", "--rep", "ana", "--partner", "Ben", "--observer", "ben",
        tmp=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "trainer: ben (Ben) is the partner: the observer is a third person"
    ]
    done = run(
        "objection/too-expensive", "--rep", "ana", "--partner", "ben", "--observer", " ",
        tmp=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2 and "--observer needs a name" in done.stderr


def test_an_unknown_scenario_is_named_with_suggestions(tmp_path: Path) -> None:
    done = run("objection/too-expensiv", "--rep", "ana", "--partner", "ben", tmp=tmp_path)
    assert done.returncode != 0 and "objection/too-expensive" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_names_the_views(tmp_path: Path) -> None:
    done = run("--help", tmp=tmp_path)
    assert done.returncode == 0 and "partner|rep|observer" in done.stdout


def test_help_examples_read_as_typed(tmp_path: Path) -> None:
    """The triad example is two lines as a shell takes them, not one with a run of spaces."""
    done = run("--help", tmp=tmp_path)
    assert "--partner ben \\\n" in done.stdout
    lines = done.stdout.splitlines()
    follows = lines[next(n for n, line in enumerate(lines) if line.endswith("ben \\")) + 1]
    assert follows.strip() == "--observer cy --view observer"
    assert not any("ben    " in line for line in done.stdout.splitlines())


def test_a_name_longer_than_a_name_is_refused_in_one_line(tmp_path: Path) -> None:
    """A 70-character sentence as the observer's name made a two-line card title (QA 11b
    item 9g): the partner's and the observer's names have one limit, said in one line."""
    sentence = "The person sitting in the corner who takes notes on everything said here"
    done = run(
        "objection/too-expensive", "--rep", "ana", "--partner", "ben", "--observer", sentence,
        tmp=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"trainer: --observer: The observer's name has {len(sentence)} characters; a name "
        "has at most 40: shorten it"
    ]
    done = run("objection/too-expensive", "--rep", "ana", "--partner", sentence, tmp=tmp_path)
    assert done.returncode == 2 and "The partner's name has" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
