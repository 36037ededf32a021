"""Every CLI output path, run as the real `trainer` on hostile titles, answers, paths and a
practice log full of control sequences (as a rep on a team server could write): no ESC, no C1
control, no bidi override reaches the terminal, and the content is still shown, as text."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.hostile.corpus import ANSWERS, HAND_WRITTEN
from trainer.safe_text import terminal_safe
from trainer.scoring.answer import InputKind
from trainer.scoring.result import (
    CriterionResult,
    DeliveryMetric,
    Evidence,
    GuardResult,
    TurnScore,
)
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord

TRAINER = Path(sys.executable).with_name("trainer")

ESC = "\x1b]0;pwned\x07\x1b[2J"  # retitle the terminal, clear the screen
OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # write the clipboard
C1 = "\u009b31m\u009d0;x\u009c"
BIDI = "\u202eevil\u202c"
HOSTILE = f"{ESC}{OSC52}{C1}{BIDI}[/] [bold]"

ATTEMPT_ID = "ab" + "0" * 30


def hostile_result(answer: str) -> TurnScore:
    return TurnScore(
        score=55.0,
        criteria=(
            CriterionResult(
                f"crit{ESC}",
                f"Label {HOSTILE}",
                1.0,
                True,
                (Evidence(answer[:20], 0, min(20, len(answer))),),
                tip=f"tip {HOSTILE}",
                detail=f"detail {C1}",
            ),
            CriterionResult("missed", f"Missed {OSC52}", 1.0, False, tip=f"Tip {HOSTILE}"),
        ),
        guards=(
            GuardResult(
                "guard",
                f"Guard {ESC}",
                True,
                10.0,
                (Evidence(answer[:5], 0, 5),),
                tip=f"guard tip {C1}",
            ),
        ),
        delivery=(DeliveryMetric("words", f"Words {BIDI}", 12.0, 10, 60, f"w{ESC}"),),
        notes=(f"note {HOSTILE}",),
    )


@pytest.fixture(scope="module")
def hostile_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A practice log whose every text field holds control sequences and markup."""
    from trainer.store.open import open_store

    db = tmp_path_factory.mktemp("log") / "log.sqlite3"
    store = open_store(str(db))
    started = datetime.now(UTC) - timedelta(hours=1)
    try:
        store.start_attempt(
            AttemptRecord(
                id=ATTEMPT_ID,
                rep=f"alex{ESC}",
                scenario_id=f"objection/x{ESC}",
                scenario_version=1,
                scenario_hash="0" * 64,
                scenario_title=f"Title {HOSTILE}",
                input_kind=f"typed{C1}",  # type: ignore[arg-type]  # hostile on purpose
                started_at=started,
            )
        )
        for seq, answer in enumerate(ANSWERS[:12], start=1):
            store.log_turn(
                TurnRecord(
                    id=f"{seq:02d}" + "1" * 30,
                    attempt_id=ATTEMPT_ID,
                    seq=seq,
                    step_id=f"step{ESC}",
                    prospect_line=f"Prospect {HOSTILE}",
                    answer_text=answer,
                    input_kind=InputKind.TYPED,
                    result=hostile_result(answer),
                    pause_s=1.0,
                    audio_path=f"/tmp/rec{ESC}.wav",
                    created_at=started + timedelta(seconds=30 * seq),
                )
            )
        store.finish_attempt(
            ATTEMPT_ID,
            AttemptStatus.FINISHED,
            started + timedelta(minutes=10),
            f"win{C1}",
            f"ending{ESC}",
            55.0,
        )
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario folder: a valid scenario full of markup, and files with hostile names."""
    folder = tmp_path_factory.mktemp("scenarios")
    (folder / "markup.yaml").write_bytes((HAND_WRITTEN / "markup-title.yaml").read_bytes())
    (folder / "issue-title.yaml").write_bytes((HAND_WRITTEN / "issue-title.yaml").read_bytes())
    (folder / f"name{ESC}{C1}.yaml").write_text("id: [\n", encoding="utf-8")
    return folder


def run(
    *args: str,
    db: Path | None = None,
    folder: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    command = [str(TRAINER)]
    if db is not None:
        command += ["--db", str(db)]
    if folder is not None:
        command += ["--scenarios", str(folder)]
    return subprocess.run([*command, *args], capture_output=True, timeout=60, check=False, env=env)


def assert_safe(result: subprocess.CompletedProcess[bytes], what: str) -> str:
    """Nothing a terminal would act on in stdout or stderr; return stdout."""
    for name, stream in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert b"\x1b" not in stream, f"{what}: ESC in {name}: {stream[:300]!r}"
        text = stream.decode("utf-8")  # also: valid UTF-8 (no raw undecodable bytes)
        assert terminal_safe(text), f"{what}: a control character in {name}: {text[:300]!r}"
        assert "Traceback" not in text, f"{what}: {text}"
    return result.stdout.decode("utf-8")


LOG_COMMANDS = [
    ("history",),
    ("history", "--rep", f"alex{ESC}"),
    ("show", ATTEMPT_ID[:8]),
    ("stats",),
    ("stats", "--by-rep"),
    ("export",),
    ("export", "--format", "json"),
    ("show", f"nope{ESC}"),
]


@pytest.mark.parametrize("args", LOG_COMMANDS, ids=lambda a: " ".join(a)[:30])
def test_log_commands_show_content_as_text(hostile_log: Path, args: tuple[str, ...]) -> None:
    result = run(*args, db=hostile_log)
    out = assert_safe(result, " ".join(args))
    if args[0] == "show" and result.returncode == 0:
        assert "Title ␛]0;pwned␇␛[2J" in out  # the content is there, shown as text
        assert "[/] [bold]" in out and "�evil�" in out
    if args == ("export", "--format", "json"):
        data = json.loads(out)  # still the same data: the escapes decode to the original
        assert data["attempts"][0]["scenario_title"] == f"Title {HOSTILE}"


def test_export_to_a_file_is_safe_too(hostile_log: Path, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        target = tmp_path / f"out.{fmt}"
        result = run("export", "--format", fmt, "-o", str(target), db=hostile_log)
        assert result.returncode == 0, result.stderr
        text = target.read_text(encoding="utf-8")
        assert terminal_safe(text), text[:300]


SCENARIO_COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("list", "--techniques"),
    ("list", "--techniques", "--json"),
    ("validate",),
    ("test-scenarios",),
    ("score", "--scenario", "hostile/markup-title", "--text", "Fair [/] compare?"),
    ("score", "--scenario", f"no/such{ESC}", "--text", "x"),
]


@pytest.mark.parametrize("args", SCENARIO_COMMANDS, ids=lambda a: " ".join(a)[:30])
def test_scenario_commands_show_content_as_text(
    hostile_folder: Path, args: tuple[str, ...]
) -> None:
    result = run(*args, folder=hostile_folder)
    out = assert_safe(result, " ".join(args))
    if args == ("list",):
        assert "[/] broken" in out
    if args == ("validate",):
        assert "name␛]0;pwned␇␛[2J" in out


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: repr(a)[:24])
def test_every_hostile_answer_scores_and_shows_as_text(hostile_folder: Path, answer: str) -> None:
    """30 hostile answers through `trainer score`, plain and --json: no crash, no hang."""
    from click.testing import CliRunner

    from trainer.cli import main

    runner = CliRunner()
    for extra in ((), ("--json",)):
        result = runner.invoke(
            main,
            [
                "--scenarios",
                str(hostile_folder),
                "score",
                "--scenario",
                "hostile/markup-title",
                "--text",
                answer,
                *extra,
            ],
        )
        assert result.exit_code == 0, (result.output, result.exception)
        assert terminal_safe(result.output), result.output[:300]
        if extra:
            assert json.loads(result.output)["answer"]["text"] == answer  # same data


def test_hostile_answers_through_the_real_program(hostile_folder: Path, tmp_path: Path) -> None:
    for n, answer in enumerate(ANSWERS[:12]):
        path = tmp_path / f"answer{n}.txt"
        path.write_text(answer or "x", encoding="utf-8")
        for extra in ((), ("--json",)):
            result = run(
                "score",
                "--scenario",
                "hostile/markup-title",
                "--file",
                str(path),
                *extra,
                folder=hostile_folder,
            )
            assert result.returncode == 0, result.stderr
            assert_safe(result, f"score {answer!r}")
    undecodable = tmp_path / "latin1.txt"
    undecodable.write_bytes(b"fair \xff\xfe compare?")
    result = run(
        "score",
        "--scenario",
        "hostile/markup-title",
        "--file",
        str(undecodable),
        folder=hostile_folder,
    )
    assert result.returncode == 1
    assert_safe(result, "undecodable answer file")
    assert result.stderr.decode().count("\n") == 1


def test_settings_problems_are_shown_as_text(tmp_path: Path) -> None:
    import os

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        'rep = "x\\u001b]0;pwned\\u0007"\n"bo\\u001bgus" = 1\n[keys]\n"app.home" = "\\u001b[2J"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "TRAINER_CONFIG_DIR": str(config),
        "TRAINER_DATA_DIR": str(tmp_path / "data"),
    }
    for args in (("config", "show"), ("config", "keys"), ("history",)):
        result = run(*args, env=env)
        assert_safe(result, " ".join(args))
    shown = run("config", "show", env=env)
    assert "rep: must be plain text" in shown.stderr.decode()


def test_on_a_real_terminal_only_our_own_colours_are_escape_sequences(hostile_log: Path) -> None:
    """On a tty click keeps styles: the only ESC sequences are SGR colours we add."""
    import os
    import pty
    import re
    import select

    sgr = re.compile(rb"\x1b\[[0-9;]*m")
    for args in (("show", ATTEMPT_ID[:8]), ("history",), ("stats", "--by-rep")):
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [str(TRAINER), "--db", str(hostile_log), *args],
            stdin=follower,
            stdout=follower,
            stderr=follower,
        )
        os.close(follower)
        chunks = []
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                process.kill()
                raise AssertionError(f"{args}: no output for 30 s")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the program ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=30) == 0
        raw = b"".join(chunks)
        rest = sgr.sub(b"", raw)
        if args[0] == "show":
            assert sgr.search(raw) and "␛]0;pwned␇".encode() in raw  # a tty; content as text
        assert b"\x1b" not in rest, f"{args}: {rest[:300]!r}"
        assert terminal_safe(rest.decode("utf-8").replace("\r", "")), args
