"""The shipped library: valid, its examples hold, and it is found from a wheel install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.scenario.scenario_paths import REPO, SHIPPED
from trainer.drill.examples import as_error, run_examples
from trainer.scenario.library import load_library


def test_the_shipped_library_loads_without_errors_or_warnings() -> None:
    library = load_library(include_user=False)
    assert [str(e) for e in library.errors()] == []
    assert [str(w) for w in library.warnings()] == []
    assert len(library.scenarios) >= 15
    assert all(s.source == "shipped" for s in library.scenarios.values())
    assert {s.path.parent.name for s in library.scenarios.values()} >= {"objections", "cold-call"}


def test_every_shipped_example_behaves_as_its_author_expects() -> None:
    library = load_library(include_user=False)
    mismatches = [
        str(as_error(loaded, outcome))
        for loaded in library.scenarios.values()
        for outcome in run_examples(loaded)
        if not outcome.ok
    ]
    assert mismatches == [], "\n".join(mismatches)


@pytest.mark.slow
def test_shipped_scenarios_are_found_from_a_wheel_install(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (dev extra)")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    [wheel] = (tmp_path / "dist").glob("trainer_drills-*.whl")  # the distribution's name
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    shipped = sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*.yaml"))
    packaged = site / "trainer" / "_shipped_scenarios"
    assert sorted(p.relative_to(packaged) for p in packaged.rglob("*.yaml")) == shipped
    script = (
        "import trainer.paths as p; from trainer.scenario.library import load_library;"
        "lib = load_library(include_user=False);"
        "print(p.shipped_scenarios_dir()); print(len(lib.scenarios), len(lib.errors()))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    where, counts = proc.stdout.splitlines()
    assert Path(where) == packaged
    scenarios = len([p for p in shipped if p.parts[0] != "techniques"])
    assert counts == f"{scenarios} 0"
