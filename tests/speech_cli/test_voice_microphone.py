"""The real path in a voice drill: Enter → PulseAudio microphone → sounddevice → Vosk → scorer.

espeak-ng's speech is played into a null sink whose monitor is the default microphone."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech_cli.conftest import TRAINER

if TYPE_CHECKING:
    from tests.speech.conftest import Speak

pytestmark = pytest.mark.real_part


class _Drill:
    """A `trainer drill` subprocess driven line by line, its output read as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [TRAINER, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        self.out = ""
        self._chunks: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(4096):  # type: ignore[attr-defined]
            self._chunks.put(chunk)

    def wait_for(self, text: str, after: int = 0, timeout: float = 30) -> int:
        """Wait until `text` appears after offset `after`; returns the offset past it."""
        deadline = time.monotonic() + timeout
        raw = self.out.encode()
        while (at := self.out.find(text, after)) < 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not seen in:\n{self.out}")
            try:
                raw += self._chunks.get(timeout=0.1)
            except queue.Empty:
                continue
            self.out = raw.decode(errors="ignore")
        return at + len(text)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def close(self) -> int:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            return self.proc.wait(20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_voice_drill_through_a_real_microphone_stops_on_enter_and_on_silence(
    db: Path,
    ko_scenarios: Path,
    ko_model_dir: Path,
    speak: Speak,
    pulse_env: dict[str, str],
    isolated_dirs: Path,
) -> None:
    env = {**os.environ, **pulse_env, "TRAINER_VOICE_TIMING": "1"}
    # stop after silence from the settings; the device by name, as `speech check` lists it
    setting = subprocess.run(
        [TRAINER, "config", "set", "voice_stop_after_silence", "2"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert setting.returncode == 0, setting.stderr
    drill = _Drill(
        [
            "--db",
            str(db),
            "--scenarios",
            str(ko_scenarios),
            "drill",
            "ko/greeting",
            "--plain",
            "--voice",
            "--rep",
            "ana",
            "--model",
            str(ko_model_dir),
            "--device",
            "pulse",
        ],
        env,
    )

    def play(text: str) -> None:
        subprocess.run(["paplay", str(speak(text))], env=env, check=True, timeout=30)

    try:
        at = drill.wait_for("(microphone; recordings kept)", timeout=60)
        at = drill.wait_for("[Enter] speak > ", at)
        drill.send("")  # Enter: start speaking
        at = drill.wait_for("Listening… press Enter to stop (or pause 2 s to stop)", at)
        time.sleep(1.5)  # the first audio callback can come a second after the stream opens
        play("감사합니다")
        drill.send("")  # Enter: stop (well before 2 s of silence)
        # Stale audio in the sound server can put a listed word before the phrase (the phrase
        # list forces every sound onto listed words): assert the phrase, not the whole line.
        said = drill.wait_for("You said: ", at)
        at = drill.wait_for("words:", said)
        assert "감사합니다" in drill.out[said:at], drill.out
        at = drill.wait_for("✓ Thank them for picking up", at)
        at = drill.wait_for("[Enter] speak > ", at)
        drill.send("")  # second answer: no Enter to stop, the silence after it stops it
        at = drill.wait_for("Listening…", at)
        time.sleep(1.0)
        play("안녕하세요")
        at = drill.wait_for("(stopped after 2 s of silence)", at, timeout=15)
        said = drill.wait_for("You said: ", at)
        at = drill.wait_for("words:", said)
        assert "안녕하세요" in drill.out[said:at], drill.out
        drill.wait_for("== Call over: won ==", at)
    finally:
        code = drill.close()
    assert code == 0, drill.out
    assert drill.out.count("(stopped after") == 1  # the first answer was stopped by Enter
    assert "  … " in drill.out  # partial text shown while speaking (one line each in a pipe)
    recordings = sorted((isolated_dirs / "data" / "recordings" / "ana").glob("*.wav"))
    assert [p.stem.rsplit("-", 1)[1] for p in recordings] == ["1", "2"]
    for line in drill.out.splitlines():  # figures for the record (-s); no time is asserted
        if "(timing:" in line:
            print(line)
