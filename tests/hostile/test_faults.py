"""Every fault a message: the real `trainer`, run with a broken environment, prints one line
on stderr that says what to do and exits with the code documented in docs/exit-codes.md."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from trainer import exits

TRAINER = str(Path(sys.executable).with_name("trainer"))
REPO = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SCORE = ["score", "--scenario", "objection/too-expensive", "--text", "Fair. Compared to what?"]


@pytest.fixture
def env(isolated_dirs: Path) -> dict[str, str]:
    env = {**os.environ}
    env.pop("TRAINER_DEBUG", None)
    return env


def shell(command: str, env: dict[str, str], timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """Run through sh, for redirections such as >&- and <&-."""
    return subprocess.run(
        ["sh", "-c", command.replace("trainer", TRAINER, 1)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def run(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [TRAINER, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
        **kwargs,
    )


def one_line(stderr: str) -> str:
    """The single `trainer: ...` line of stderr (and no traceback)."""
    assert "Traceback" not in stderr, stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("trainer: "), stderr
    return lines[0]


def test_the_exit_codes_are_documented_in_one_place() -> None:
    doc = (REPO / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    for name in ("OK", "FAILED", "USAGE", "CONFIG", "IO", "SOFTWARE", "INTERRUPTED"):
        assert f"| {getattr(exits, name)} |" in doc, name


def test_settings_file_is_a_folder(env: dict[str, str]) -> None:
    settings = Path(env["TRAINER_CONFIG_DIR"]) / "settings.toml"
    settings.mkdir(parents=True)
    result = run("config", "set", "daily_goal_minutes", "30", env=env)
    assert result.returncode == exits.CONFIG
    assert "is a folder" in one_line(result.stderr)
    shown = run("config", "show", env=env)  # reported when loaded, defaults in force
    assert shown.returncode == 0
    assert "is a folder, not a settings file; remove or rename it" in shown.stderr


def test_config_folder_unwritable(env: dict[str, str], tmp_path: Path) -> None:
    if IS_ROOT:  # root writes anywhere: use a folder no one can create files in
        env["TRAINER_CONFIG_DIR"] = "/sys/trainer-config"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        env["TRAINER_CONFIG_DIR"] = str(folder)
    result = run("config", "set", "daily_goal_minutes", "30", env=env)
    assert result.returncode == exits.CONFIG
    line = one_line(result.stderr)
    assert "cannot save the settings" in line and "TRAINER_CONFIG_DIR" in line


@pytest.mark.parametrize(
    "variables",
    [
        {"LC_ALL": "C", "LANG": "C"},
        {"PYTHONIOENCODING": "latin-1"},
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONUTF8": "0"},
    ],
    ids=["LC_ALL=C", "latin-1", "ascii", "C-no-utf8-mode"],
)
def test_odd_locales_show_the_marks_or_a_stand_in(
    env: dict[str, str], variables: dict[str, str]
) -> None:
    result = run(*SCORE, env={**env, **variables})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Acknowledge" in result.stdout
    assert "✓" in result.stdout or "?" in result.stdout


def test_odd_locale_with_an_error_message(env: dict[str, str]) -> None:
    result = run("show", "nope-✓", env={**env, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == exits.FAILED
    one_line(result.stderr)


def test_stdout_closed(env: dict[str, str]) -> None:
    result = shell("trainer list >&-", env)
    assert result.returncode == exits.IO
    assert "standard output is closed" in one_line(result.stderr)


def test_stdout_is_a_full_disk(env: dict[str, str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = shell("trainer list >/dev/full", env)
    assert result.returncode == exits.IO
    assert "no space left on the device" in one_line(result.stderr)
    scored = shell("trainer " + " ".join(f"'{a}'" for a in SCORE) + " --json >/dev/full", env)
    assert scored.returncode == exits.IO
    one_line(scored.stderr)


def test_stderr_closed_still_works(env: dict[str, str]) -> None:
    result = shell("trainer list 2>&-", env)
    assert result.returncode == 0
    assert "objection/too-expensive" in result.stdout


def test_stdin_closed_for_the_app(env: dict[str, str]) -> None:
    for command in ("trainer <&-", "trainer --db log.sqlite3 <&-"):
        result = shell(command, env)
        assert result.returncode == exits.IO, command
        line = one_line(result.stderr)
        assert "standard input is closed" in line and "--plain" in line


def test_the_app_without_a_terminal(env: dict[str, str]) -> None:
    result = shell("trainer </dev/null", env)
    assert result.returncode == exits.IO
    assert "not a terminal" in one_line(result.stderr)


def test_latin1_input_under_lang_c(env: dict[str, str], tmp_path: Path) -> None:
    """Undecodable bytes in an argument are shown as � (never raw); in a file, refused."""
    variables = {**env, "LANG": "C", "LC_ALL": "C"}
    answer = b"fair caf\xe9 compare?"
    result = subprocess.run(
        [TRAINER.encode(), *[a.encode() for a in SCORE[:3]], b"--text", answer],
        capture_output=True,
        timeout=60,
        env=variables,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"caf\xef\xbf\xbd compare?" in result.stdout  # U+FFFD
    assert result.stderr == b"warning: 1 byte of --text not UTF-8, replaced by \xef\xbf\xbd\n"
    path = tmp_path / "answer.txt"
    path.write_bytes(answer)
    refused = run(*SCORE[:3], "--file", str(path), env=variables)
    assert refused.returncode == exits.FAILED
    assert "not UTF-8 text" in one_line(refused.stderr)


def test_a_key_that_is_not_a_key_is_refused_and_not_saved(env: dict[str, str]) -> None:
    result = run("config", "key", "app.home", "not a key!!", env=env)
    assert result.returncode == exits.USAGE
    assert "is not a key name" in one_line(result.stderr)
    settings = Path(env["TRAINER_CONFIG_DIR"]) / "settings.toml"
    assert not settings.exists()
    ok = run("config", "key", "app.home", "f2", env=env)
    assert ok.returncode == 0, ok.stderr
    assert tomllib.loads(settings.read_text("utf-8"))["keys"]["app.home"] == "f2"


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("daily_goal_minutes", "0", "must be at least 1"),
        ("daily_goal_minutes", "lots", "type a whole number"),
        ("rep", "alex\x1b]0;x\x07", "plain text"),
        ("theme", "no-such-theme", "no theme is called"),
        ("no_such_setting", "1", "unknown setting"),
    ],
)
def test_invalid_settings_are_refused_when_set(
    env: dict[str, str], key: str, value: str, fragment: str
) -> None:
    result = run("config", "set", key, value, env=env)
    assert result.returncode == exits.USAGE
    line = one_line(result.stderr)
    assert fragment in line and "\x1b" not in line
    assert not (Path(env["TRAINER_CONFIG_DIR"]) / "settings.toml").exists()


def test_invalid_settings_are_reported_when_loaded(env: dict[str, str]) -> None:
    config = Path(env["TRAINER_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        'daily_goal_minutes = -5\nbogus = 1\n[keys]\n"app.home" = "not a key!!"\n',
        encoding="utf-8",
    )
    shown = run("config", "show", env=env)
    assert shown.returncode == 0
    assert "daily_goal_minutes: must be at least 1; using the default" in shown.stderr
    assert "unknown setting 'bogus' is ignored" in shown.stderr
    assert "daily_goal_minutes = 20" in shown.stdout
    keys = run("config", "keys", env=env)
    assert "app.home: 'not a key!!' is not a key name" in keys.stderr
    assert "not a key!!" not in keys.stdout  # the default key is in force, and shown
    scored = run(*SCORE, env=env)  # any command that reads settings reports them
    assert scored.returncode == 0


def test_a_folder_named_like_a_scenario_file_is_skipped(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (folder / "x.yaml").mkdir(parents=True)
    result = run("--scenarios", str(folder), "list", env=env)
    assert result.returncode == 0
    checked = run("validate", str(folder), env=env)
    assert checked.returncode == exits.FAILED
    assert f"{folder / 'x.yaml'}:1:1: cannot read the file: it is a folder" in checked.stdout


def test_every_default_key_is_a_key() -> None:
    """The check that refuses 'not a key!!' accepts every key the app binds by default."""
    from trainer.keymap import key_bindings, key_problem

    for binding in key_bindings():
        assert key_problem(binding.key) is None, (binding.id, binding.key)
    for good in ("f1", "ctrl+s", "question_mark", "space", "a,b", "shift+tab", "!"):
        assert key_problem(good) is None, good
    for bad in ("not a key!!", "ctrl+", "foo+a", "", "a,,b", "nokey"):
        assert key_problem(bad) is not None, bad
