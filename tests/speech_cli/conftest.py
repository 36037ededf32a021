"""Real parts for the voice command line: the speech tests' model, espeak-ng and PulseAudio
fixtures, a small Korean scenario, and a runner for the real `trainer` executable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.speech.conftest import (  # noqa: F401 - fixtures
    ko_model_dir,
    pulse_env,
    silence_wav,
    speak,
)

TRAINER = str(Path(sys.executable).parent / "trainer")

# Answered in this order (thanks, then hello). A reused Vosk grammar recogniser once heard
# "시 감사합니다" for the opposite order; phrase lists now get a fresh recogniser per answer.
KO_SCENARIO = """\
id: ko/greeting
version: 1
title: Korean greeting
kind: cold_call
difficulty: 1
language: ko
persona: {name: Min-jun Park, role: Buyer, company: Hanbit}
brief: A short Korean call for testing voice answers.
phrases: ["지금 몇 시", "안녕하세요", "감사합니다"]
steps:
  - id: open
    prospect: ["여보세요?"]
    rubric:
      - id: thank
        label: Thank them for picking up
        phrases: ["감사합니다"]
        tip: Thank them first.
    model_answer: "감사합니다"
    next:
      - when: {passed: [thank]}
        goto: greet
      - goto: lost
  - id: greet
    prospect: ["네, 누구세요?"]
    rubric:
      - id: hello
        label: Greet them
        phrases: ["안녕하세요"]
        tip: Say hello.
    model_answer: "안녕하세요"
    next:
      - when: {passed: [hello]}
        goto: won
      - goto: lost
endings:
  won: {outcome: win, prospect: "네, 안녕히 계세요.", summary: Polite call.}
  lost: {outcome: loss, prospect: "바빠요."}
"""


@pytest.fixture()
def ko_scenarios(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    (folder / "ko").mkdir(parents=True)
    (folder / "ko" / "greeting.yaml").write_text(KO_SCENARIO, encoding="utf-8")
    return folder


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "log.sqlite3"


def run_trainer(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRAINER, *args], input=stdin, capture_output=True, text=True, timeout=timeout, env=env
    )


def attempt_id(out: str) -> str:
    return out.rsplit("trainer show ", 1)[1].split(")")[0]
