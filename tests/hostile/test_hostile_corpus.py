"""The hostile scenario corpus: every file is refused with located errors or loads as harmless
text; no file crashes or hangs the loader, `trainer list`, `trainer validate` or the library,
and nothing from a file reaches the terminal as a control sequence."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hostile.corpus import HAND_WRITTEN, scenario, scenario_corpus
from trainer.safe_text import terminal_safe
from trainer.scenario.library import load_library
from trainer.scenario.loader import LoadedScenario, load_file

CORPUS = scenario_corpus()
TRAINER = [str(Path(sys.executable).with_name("trainer"))]
LOCATED = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): ")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than `seconds`."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_corpus_is_large_enough() -> None:
    hand_written = list(HAND_WRITTEN.rglob("*.yaml"))
    assert len(CORPUS) + len(hand_written) >= 100
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS), "names must be unique"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "scenarios"
    folder.mkdir()
    for name, data, _ in CORPUS:
        (folder / f"{name}.yaml").write_bytes(data)
    return folder


@pytest.mark.parametrize(("name", "expect"), [(n, e) for n, _, e in CORPUS])
def test_each_file_is_refused_with_located_errors_or_loads(
    corpus_dir: Path, name: str, expect: str
) -> None:
    path = corpus_dir / f"{name}.yaml"
    with deadline(10):
        result = load_file(path, {})
    if expect == "accept":
        assert isinstance(result, LoadedScenario), [str(e) for e in result]
        assert not [w for w in result.warnings if w.is_error]
        return
    assert isinstance(result, list) and result, f"{name} should be refused"
    for error in result:
        assert error.path == path
        assert error.line >= 1 and error.col >= 1
        assert str(error).startswith(f"{path}:{error.line}:{error.col}: ")
        assert error.message


def test_control_characters_are_refused_however_written(corpus_dir: Path) -> None:
    for name, _, _ in CORPUS:
        # (a raw CR is a line break to YAML: refused as a syntax error instead)
        if name.startswith(("ctl-", "attack-", "raw-")) and name != "raw-cr-title":
            errors = load_file(corpus_dir / f"{name}.yaml", {})
            assert isinstance(errors, list)
            assert any("control character" in e.message for e in errors), (name, errors)


def test_bidi_overrides_are_flagged_raw_and_escaped(corpus_dir: Path) -> None:
    for name, _, _ in CORPUS:
        if name.startswith("bidi-"):
            errors = load_file(corpus_dir / f"{name}.yaml", {})
            assert isinstance(errors, list)
            text = " ".join(e.message for e in errors)
            assert "bidirectional control character" in text or "use lowercase" in text, name


def test_meaningless_rubrics_and_loops_are_reported(corpus_dir: Path) -> None:
    expected = {
        "loop-self": "no ending can be reached from step 'first'",
        "loop-self-conditional-first": "a loop with no exit",
        "weights-all-zero": "every criterion has weight 0",
        "phrases-empty": "`phrases` is an empty list",
        "avoid-empty": "`avoid` is an empty list",
        "phrase-punctuation": "has no words (only punctuation)",
        "phrase-dots": "has no words",
        "range-negative": "never negative",
        "range-inverted": "is greater than max",
        "delivery-negative": "never negative",
        "size-over-by-one": f"file is {262_145:,} bytes; a scenario file may be at most",
        "utf32-le": "UTF-32",
        "utf32-be": "UTF-32",
        "utf16-le": "UTF-16",
    }
    for name, fragment in expected.items():
        errors = load_file(corpus_dir / f"{name}.yaml", {})
        assert isinstance(errors, list)
        assert any(fragment in str(e) for e in errors), (name, [str(e) for e in errors])


def test_the_hand_written_files(tmp_path: Path) -> None:
    by_name = {p.name: load_file(p, {}) for p in HAND_WRITTEN.rglob("*.yaml")}
    assert isinstance(by_name["markup-title.yaml"], LoadedScenario)
    assert by_name["markup-title.yaml"].scenario.title == "[/] broken"
    for name, fragment in [
        ("issue-title.yaml", "control character U+001B"),
        ("loop-two-steps.yaml", "no ending can be reached from step 'ping'"),
        ("meaningless-rubric.yaml", "every criterion has weight 0"),
    ]:
        errors = by_name[name]
        assert isinstance(errors, list), name
        assert any(fragment in str(e) for e in errors), (name, [str(e) for e in errors])


# -- files that are not files --------------------------------------------------------------


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """A scenario folder holding everything that is named like a scenario but is not one."""
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "good.yaml").write_text(
        (HAND_WRITTEN / "markup-title.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    os.mkfifo(folder / "fifo.yaml")
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    (folder / "self.yaml").symlink_to("self.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    (folder / "out.yaml").symlink_to(outside)
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "folder.yaml" / "inside.yaml").write_text("id: y\n", encoding="utf-8")
    (folder / "evil\x1b]0;pwned\x07.yaml").write_text("title: [\n", encoding="utf-8")
    (folder / "techniques").mkdir()
    os.mkfifo(folder / "techniques" / "pipe.yaml")
    if not IS_ROOT:
        locked = folder / "locked.yaml"
        locked.write_text("id: z\n", encoding="utf-8")
        locked.chmod(0)
    return folder


REASONS = {
    "fifo.yaml": "named pipe (FIFO)",
    "loop-a.yaml": "symbolic link that loops",
    "loop-b.yaml": "symbolic link that loops",
    "self.yaml": "symbolic link that loops",
    "out.yaml": "outside the scenario folder",
    "dangling.yaml": "symbolic link to nothing",
    "folder.yaml": "it is a folder",
    "pipe.yaml": "named pipe (FIFO)",
    "locked.yaml": "permission denied",
}


def test_the_library_skips_odd_files_with_a_located_reason(odd_folder: Path) -> None:
    with deadline(20):
        library = load_library([odd_folder], include_user=False)
    assert "hostile/markup-title" in library.scenarios
    reasons = {e.path.name: e.message for b in library.broken for e in b.errors}
    for name, fragment in REASONS.items():
        if name == "locked.yaml" and IS_ROOT:
            continue
        assert fragment in reasons.get(name, ""), (name, reasons)
    for error in library.errors():
        assert error.line >= 1 and error.col >= 1


def run(*args: str, timeout: int = 60, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[no-any-return]
        [*TRAINER, *args],
        capture_output=True,
        timeout=timeout,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def assert_terminal_safe(result: subprocess.CompletedProcess[bytes]) -> None:
    for name, stream in (("stdout", result.stdout), ("stderr", result.stderr)):
        text = stream.decode("utf-8", errors="strict")
        assert terminal_safe(text), f"{name} holds a control character: {text!r}"[:2000]
        assert "Traceback" not in text, text


def test_list_and_validate_never_hang_on_odd_files(odd_folder: Path) -> None:
    listed = run("--scenarios", str(odd_folder), "list")
    assert listed.returncode == 0, listed.stderr
    assert b"hostile/markup-title" in listed.stdout
    assert b"scenario file problems: run `trainer validate`" in listed.stderr
    assert_terminal_safe(listed)
    checked = run("validate", str(odd_folder))
    assert checked.returncode == 1
    assert_terminal_safe(checked)
    out = checked.stdout.decode()
    for name, fragment in REASONS.items():
        if name == "locked.yaml" and IS_ROOT:
            continue
        line = next((x for x in out.splitlines() if f"/{name}:" in x), "")
        assert LOCATED.match(line) and fragment in line, (name, out)
    assert "evil␛]0;pwned␇.yaml:1:8: this [ is never closed" in out  # a hostile name, as text
    named = run("validate", str(odd_folder / "fifo.yaml"), str(odd_folder / "self.yaml"))
    assert named.returncode == 1
    assert "named pipe (FIFO)" in named.stdout.decode()
    assert "symbolic link that loops" in named.stdout.decode()


def test_validate_and_list_on_the_whole_corpus(corpus_dir: Path) -> None:
    listed = run("--scenarios", str(corpus_dir), "list")
    assert listed.returncode == 0
    assert_terminal_safe(listed)
    titles = listed.stdout.decode()
    assert "[/] broken" in titles and "[bold red]loud[/bold red]" in titles
    checked = run("validate", str(corpus_dir))
    assert checked.returncode == 1
    assert_terminal_safe(checked)
    lines = checked.stdout.decode().splitlines()
    rejected = {n for n, _, e in CORPUS if e == "reject"}
    reported = {Path(m["path"]).stem for x in lines if (m := LOCATED.match(x))}
    assert rejected <= reported, rejected - reported
    assert all(LOCATED.match(x) for x in lines), [x for x in lines if not LOCATED.match(x)]
    tested = run("test-scenarios", str(corpus_dir))
    assert tested.returncode == 1
    assert_terminal_safe(tested)


def test_duplicate_ids_across_files_named_on_one_command_line() -> None:
    a, b = sorted((HAND_WRITTEN / "dupes").glob("*.yaml"))
    checked = run("validate", str(a), str(b))
    assert checked.returncode == 1
    out = checked.stdout.decode()
    assert f"{b}:2:5: id: scenario id 'hostile/dupe' is already defined in {a}" in out, out


def test_an_unreadable_subfolder_is_reported_not_skipped_silently() -> None:
    """Root reads every folder, so as root the check runs as `nobody` (setpriv)."""
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="trainer-locked-"))
    try:
        home.chmod(0o755)
        folder = home / "mine"
        locked = folder / "locked"
        locked.mkdir(parents=True)
        folder.chmod(0o755)
        (locked / "a.yaml").write_text("id: x\n", encoding="utf-8")
        locked.chmod(0)
        as_user: list[str] = []
        if IS_ROOT:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to test as a normal user"
            as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        env = {
            **os.environ,
            "TRAINER_DATA_DIR": str(home / "data"),
            "TRAINER_CONFIG_DIR": str(home / "config"),
        }
        checked = subprocess.run(
            [*as_user, *TRAINER, "validate", str(folder)], capture_output=True, timeout=60, env=env
        )
    finally:
        (home / "mine" / "locked").chmod(0o755)
        shutil.rmtree(home)
    assert checked.returncode == 1, checked.stderr
    assert f"{locked}:1:1: cannot read the folder: permission denied" in checked.stdout.decode()


def test_unreadable_files_are_named_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Root reads everything, so an unreadable file is simulated where the file is opened.)"""
    import errno

    path = tmp_path / "locked.yaml"
    path.write_text("id: x\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("trainer.scenario.files.os.open", refuse)
    [error] = load_file(path, {})  # type: ignore[misc]
    assert str(error) == (
        f"{path}:1:1: cannot read the file: permission denied (make it readable: chmod u+r, "
        "or fix its owner)"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFFF), max_size=30))
def test_no_loaded_text_ever_holds_a_control_character(title: str) -> None:
    """Any title, written as a JSON-style escaped YAML string: the file loads with a title the
    terminal cannot act on, or it is refused with located errors."""
    from trainer.safe_text import is_safe
    from trainer.scenario.loader import load_bytes

    quoted = json.dumps(title)  # \uXXXX escapes: valid in a YAML double-quoted string
    data = scenario(title=quoted).encode("utf-8", "surrogatepass")
    result = load_bytes(data, Path("prop.yaml"), {})
    if isinstance(result, LoadedScenario):
        assert is_safe(result.scenario.title)
    else:
        assert result and all(e.line >= 1 and e.col >= 1 for e in result)
