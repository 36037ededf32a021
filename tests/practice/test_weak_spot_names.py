"""A weak spot reads as what the rep heard on the call (the prospect's line), not as the
step's id: one definition (trainer.words.step_words, trainer.practice.stats
.spot_names), shown by `trainer stats`, the team report and its exports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.practice.practicelog import log_drill
from trainer.scenario.library import load_library
from trainer.store.sqlite import SQLiteStore
from trainer.words import STEP_LINE_LENGTH, step_words

TRAINER = Path(sys.executable).with_name("trainer")


def test_a_step_reads_as_the_prospects_question_or_their_longest_sentence() -> None:
    assert step_words(["Martin Cole. Who's this calling?"]) == "“Who's this calling?”"
    assert step_words(["Two depots, yes. But the Leeds manager wants a say."]) == (
        "“But the Leeds manager wants a say.”"
    )
    long = step_words(["We just don't have the budget for this right now."])
    assert long == "“We just don't have the budget…”" and len(long) <= STEP_LINE_LENGTH + 2
    # the rep's words are not known here: a placeholder reads as its fallback; stage
    # directions in brackets are left out; a title such as "Mr." does not end a sentence
    assert step_words(["{day_time|Friday at three}, hm. What do you need?"]) == (
        "“What do you need?”"
    )
    assert step_words(["(You're put through.) Aisha Khan."]) == "“Aisha Khan.”"
    assert step_words(["Mr. Halloran's office."]) == "“Mr. Halloran's office.”"
    # a variant without placeholders is preferred
    assert step_words(["{competitor} again?", "Who else have you talked to?"]) == (
        "“Who else have you talked to?”"
    )


@pytest.mark.real_part
def test_trainer_stats_and_the_team_report_name_weak_steps_by_their_lines(
    tmp_path: Path,
) -> None:
    """`trainer stats --rep` and `trainer team report` (text and JSON) show a weak step
    of a shipped scenario by the prospect's line, never its id."""
    library = load_library(include_user=False)
    scenario = library.get("objection/too-expensive").scenario
    steps = [s.id for s in scenario.steps[:2]]
    heard = [s.prospect[0] for s in scenario.steps[:2]]
    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=20)
    try:
        for day in range(0, 20, 4):
            at = start + timedelta(days=day)
            log_drill(store, scenario.id, at, [30.0, 50.0], rep="ana", step_ids=steps, lines=heard)
    finally:
        store.close()
    lines = [step_words([line]) for line in heard]
    assert all("“" in line for line in lines)

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(TRAINER), "--db", str(db), *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    stats = run("stats", "--rep", "ana")
    weak = stats.split("Weak spots of ana")[1]
    assert "WEAK SPOT" in weak and "STEP" not in weak.replace("WEAK SPOT", "")
    for step, line in zip(steps, lines, strict=True):
        assert f"{scenario.title} · {line}" in weak and f"· {step}" not in weak

    spots = json.loads(run("team", "report", "--format", "json"))["reps"][0]
    assert spots["rep"] == "ana"
    assert sorted(s.split(" · ")[1].rsplit(" ", 3)[0] for s in spots["weakest_objections"]) == (
        sorted(lines)
    )
    text = run("team", "report")
    assert lines[0] in text and steps[0] not in text


@pytest.mark.real_part
def test_a_weak_step_reads_as_the_line_the_rep_heard_not_another_variant(
    tmp_path: Path,
) -> None:
    """A step has several lines (variants): `trainer stats`, the team report and Progress
    name a weak step by the one the rep heard on their latest call played to its end."""
    library = load_library(include_user=False)
    scenario = library.get("objection/no-time").scenario
    first, second = scenario.steps[:2]
    variants = [str(v) for v in first.prospect]
    heard = next(v for v in variants if step_words([v]) != step_words(first.prospect))
    db = tmp_path / "log.sqlite3"
    store = SQLiteStore(db)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=20)
    try:
        for day in range(0, 20, 4):
            at = start + timedelta(days=day)
            log_drill(
                store,
                scenario.id,
                at,
                [20.0, 50.0],
                step_ids=[first.id, second.id],
                lines=[heard, str(second.prospect[0])],
            )
        # a call ended early with the other variant is no weak spot's line
        log_drill(
            store,
            scenario.id,
            start + timedelta(days=19),
            [10.0],
            finished=False,
            step_ids=[first.id],
            lines=[variants[0] if variants[0] != heard else variants[1]],
        )
    finally:
        store.close()
    spot = f"{scenario.title} · {step_words([heard])}"
    other = f"{scenario.title} · {step_words(first.prospect)}"
    assert spot != other

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(TRAINER), "--db", str(db), *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    stats = run("stats", "--rep", "ana").split("Weak spots of ana")[1]
    assert spot in stats and other not in stats
    report = json.loads(run("team", "report", "--format", "json"))["reps"][0]
    assert any(s.startswith(spot + " ") for s in report["weakest_objections"])
    assert not any(s.startswith(other + " ") for s in report["weakest_objections"])
