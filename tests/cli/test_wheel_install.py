"""The wheel installs as `trainer-drills`, with each extra, into a fresh virtual environment,
and its `trainer` runs: `--version` and a piped drill on the shipped scenarios.

Offline: the wheel is built here; its dependencies are the ones this test environment already
has, linked into the fresh environment by a .pth file (not copied, not downloaded), so pip
resolves each extra's requirements against them with `--no-index`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("*.whl")
    return built


def _venv_with_our_deps(where: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120
    )
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies already installed here, linked one by one into a folder of their own,
    # without this checkout's editable `trainer` (neither its package nor its metadata).
    deps = where / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("trainer", "_trainer", "__editable__")):
            (deps / entry.name).symlink_to(entry)
    (Path(purelib) / "deps.pth").write_text(f"{deps}\n")
    return python


def test_the_distribution_has_a_name_of_its_own() -> None:
    assert DIST == "trainer-drills"  # `trainer` on the package index is a PyTorch trainer
    readme = (ROOT / "README.md").read_text()
    assert "install 'trainer[" not in readme and "install trainer " not in readme
    for extra in ("speech", "voice", "postgres"):  # from a clone: not on the index yet
        assert f"pipx install '.[{extra}" in readme or f",{extra}]'" in readme


@pytest.mark.parametrize("extra", ["", "speech", "postgres"])
def test_wheel_installs_with_each_extra_and_runs(wheel: Path, tmp_path: Path, extra: str) -> None:
    python = _venv_with_our_deps(tmp_path / "venv")
    requirement = f"{DIST}[{extra}]" if extra else DIST
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-index",
            "--find-links",
            str(wheel.parent),
            "--no-cache-dir",
            "-q",
            requirement,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    trainer = tmp_path / "venv" / "bin" / "trainer"
    version = subprocess.run(
        [str(trainer), "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0 and version.stdout.startswith("trainer, version ")
    where = subprocess.run(
        [str(python), "-c", "import trainer; print(trainer.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert str(tmp_path) in where  # the installed wheel, not this checkout
    drill = subprocess.run(
        [
            str(trainer),
            "--db",
            str(tmp_path / "log.sqlite3"),
            "drill",
            "objection/too-expensive",
            "--plain",
            "--seed",
            "3",
            "--rep",
            "ana",
        ],
        input="That's fair. Compared to what, another quote or the budget you set?\n/end\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            "HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "TRAINER_CONFIG_DIR": str(tmp_path / "config"),
            "TRAINER_DATA_DIR": str(tmp_path / "data"),
        },
    )
    assert drill.returncode in (0, 5), drill.stderr  # 5: ended early with /end
    assert "Dana Ruiz:" in drill.stdout
    installed = Path(where).parent
    assert (installed / "_docs" / "exit-codes.md").is_file()  # help's docs ship with it
    assert (installed / "_shipped_scenarios").is_dir()
    _help_points_to_installed_docs(trainer, installed, tmp_path)


def _help_points_to_installed_docs(trainer: Path, installed: Path, home: Path) -> None:
    """Every `trainer docs NAME` a --help names opens a page of this install."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TRAINER_CONFIG_DIR": str(home / "c")}

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(trainer), *args], capture_output=True, text=True, timeout=60, env=env, cwd=home
        )
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    helps = run("--help") + run("export", "--help") + run("score", "--help")
    assert "docs/" not in helps  # no path of a checkout
    named = set(re.findall(r"trainer docs(?: |\n *)([a-z-]+)", helps))
    assert {"exit-codes", "export", "scoring"} <= named
    for name in named:
        path = Path(run("docs", name, "--path").strip())
        assert path.parent == installed / "_docs" and path.is_file()
        assert run("docs", name).startswith("# ")  # the page itself (no pager in a pipe)
    assert "export " in run("docs")
