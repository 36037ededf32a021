"""`trainer score`: the breakdown a manager reads, the stable JSON, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli import main

SCENARIO = """\
id: test/price
version: 2
title: Price pushback
kind: objection
difficulty: 2
persona: {name: Dana Ruiz}
brief: She says it costs too much.
steps:
  - id: pushback
    prospect: ["Honestly, that's more than we were hoping to spend."]
    rubric:
      - use: acknowledge
      - use: clarifying-question
        weight: 2
      - use: hold-price
      - use: use-name
    model_answer: "That's fair, Dana. Compared to what?"
  - id: later
    prospect: ["Fine. What now?"]
    rubric:
      - use: advance-next-step
    model_answer: "Could we talk Thursday at 10?"
"""


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "price.yaml").write_text(SCENARIO, encoding="utf-8")
    return folder


def run(scenario_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--scenarios", str(scenario_dir), "score", *args])
    return result.exit_code, result.output


def test_breakdown_shows_moves_evidence_tips_delivery_and_total(scenario_dir: Path) -> None:
    code, out = run(
        scenario_dir,
        "--scenario",
        "test/price",
        "--text",
        "That's fair, Dana. I can knock 10% off.",
    )
    assert code == 0, out
    assert "✓ Acknowledge" in out and "“That's fair”" in out
    assert "✓ Use their name" in out and "“Dana”" in out
    assert "✗ Ask a clarifying question" in out and "tip:" in out
    assert "Discounting at once" in out
    assert "Words: 9" in out and "target 10-60" in out
    assert "Score:" in out


def _full_marks(data: dict[str, Any]) -> bool:
    """Every move earned all its points and no guard fired; a short answer may still have up
    to 2 points held back for saying little that is specific (docs/scoring.md, Depth)."""
    full = all(c["passed"] and c["credit"] == 1 for c in data["criteria"]) and not data["guards"]
    return full and 98 <= data["score"] <= 100


def test_json_is_the_documented_stable_format(scenario_dir: Path) -> None:
    code, out = run(
        scenario_dir,
        "--scenario",
        "test/price",
        "--text",
        "that's fair dana what are you comparing it to",
        "--json",
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["format"] == "trainer-score/1"
    assert data["scenario"]["id"] == "test/price" and data["scenario"]["version"] == 2
    assert data["step"] == "pushback"
    assert _full_marks(data)
    assert {c["id"] for c in data["criteria"]} == {
        "acknowledge",
        "clarifying-question",
        "hold-price",
        "use-name",
    }
    ev = data["criteria"][0]["evidence"][0]
    assert data["answer"]["text"][ev["start"] : ev["end"]] == ev["text"]
    assert {m["id"] for m in data["delivery"]} >= {"words", "fillers_per_100_words", "questions"}
    assert all("ok" in m for m in data["delivery"])


def test_step_file_and_transcript_inputs(scenario_dir: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("Could we talk Thursday at 10?\n", encoding="utf-8")
    code, out = run(
        scenario_dir, "--scenario", "test/price", "--step", "later", "--file", str(answer)
    )
    assert code == 0 and "✓ Propose a concrete next step" in out

    words = [
        {"word": w, "start": i * 0.35, "end": i * 0.35 + 0.3}
        for i, w in enumerate(["um", "could", "we", "talk", "thursday", "at", "ten"])
    ]
    transcript = tmp_path / "words.json"
    transcript.write_text(json.dumps({"words": words, "pause_s": 1.1}), encoding="utf-8")
    code, out = run(
        scenario_dir,
        "--scenario",
        "test/price",
        "--step",
        "later",
        "--transcript",
        str(transcript),
        "--json",
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["answer"]["input_kind"] == "spoken" and _full_marks(data)
    pace = next(m for m in data["delivery"] if m["id"] == "words_per_minute")
    assert pace["actual"] > 0 and pace["target_min"] == 130


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "test/prise", "--text", "hi"], "Did you mean test/price"),
        (
            ["--scenario", "test/price", "--step", "nope", "--text", "hi"],
            "its steps: pushback, later",
        ),
        (["--scenario", "test/price"], "exactly one of --text, --file"),
        (["--scenario", "test/price", "--text", "a", "--file", "b"], "exactly one of"),
        (["--scenario", "test/price", "--file", "/no/such/file.txt"], "no such file"),
    ],
)
def test_bad_input_gets_a_clear_message(scenario_dir: Path, args: list[str], message: str) -> None:
    code, out = run(scenario_dir, *args)
    assert code != 0
    assert message in out
    assert "Traceback" not in out


def test_bad_transcript_says_what_shape_is_expected(scenario_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"words": [{"word": "hi"}]}', encoding="utf-8")
    code, out = run(scenario_dir, "--scenario", "test/price", "--transcript", str(bad))
    assert code != 0 and '"word", "start" and "end"' in out
    bad.write_text("{not json", encoding="utf-8")
    code, out = run(scenario_dir, "--scenario", "test/price", "--transcript", str(bad))
    assert code != 0 and "not valid JSON" in out


def test_the_real_command_runs_as_a_subprocess(scenario_dir: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "--scenarios",
            str(scenario_dir),
            "score",
            "--scenario",
            "test/price",
            "--text",
            "Fair enough Dana, compared to what?",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _full_marks(json.loads(done.stdout))


def test_a_line_that_picks_up_the_reps_words_is_not_shown_raw(tmp_path: Path) -> None:
    """Outside a call nothing was said for "{competitor}": the default line is a variant
    that needs none, and a chosen templated line reads with its fallback words."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "peer.yaml").write_text(
        SCENARIO.replace("id: test/price", "id: test/peer").replace(
            """prospect: ["Honestly, that's more than we were hoping to spend."]""",
            """prospect:
      - "{competitor} quoted less. Why pay more?"
      - "{day_time|Next week} works, but Northgate quoted less. Why pay more?"
      - "Northgate quoted less. Why pay more?\"""",
        ),
        encoding="utf-8",
    )
    code, out = run(folder, "--scenario", "test/peer", "--text", "Fair. Compared to what?")
    assert code == 0 and "Dana Ruiz: Next week works, but Northgate quoted less." in out
    assert "{" not in out


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Sure. Could I call you Thursday at 10?", "“Thursday at 10”"),
        ("Of course. Thursday at 10 or Friday at 2?", "“Thursday at 10 or Friday at 2”"),
    ],
)
def test_the_shipped_callback_step_quotes_the_whole_time_proposed(
    scenario_dir: Path, text: str, quoted: str
) -> None:
    """ "Can you call me later?": the day-and-time move quotes the time the rep proposed, not
    only its day, and a promise with no day does not earn it."""
    code, out = run(scenario_dir, "--scenario", "objection/call-me-later", "--text", text)
    line = next(x for x in out.splitlines() if "Fixes a day and time" in x)
    assert code == 0 and "✓" in line and quoted in line, out
    _, vague = run(
        scenario_dir, "--scenario", "objection/call-me-later", "--text", "Sure, next quarter."
    )
    assert "✗ Fixes a day and time" in vague
