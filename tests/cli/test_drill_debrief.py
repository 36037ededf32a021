"""The hidden facts in the debrief of the real `trainer drill --plain` read true: a fact only
a mistake uncovers is never "missed", a prospect who hangs up has told nothing, and what the
debrief says the prospect told agrees with the call."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.user_scenario import MISSED_OWNER, MISSED_RENEWAL, NO_HOW_ID, write_no_how

TRAINER = str(Path(sys.executable).parent / "trainer")
ARGUES = "Before I do, can I ask why? Just one quick question, we save joiners a lot on payroll."
COMPLIES = (
    "Of course. I've taken your number off our list and you won't hear from us again. "
    "Sorry for the interruption."
)
# Asks about the stocktake, but at 79 words she hangs up before answering.
RAMBLE_ASKING = (
    "I know you are busy and I totally understand that you are on the floor right now, so I "
    "will be really quick about this, we work with a lot of warehouses like yours all over "
    "the country and we help them to count their stock in small batches every day so they "
    "never have to close for the annual stocktake again, which saves them a lot of money, so "
    "how long does your stocktake close the warehouse for?"
)


def debrief(tmp_path: Path, scenario: str, *answers: str) -> str:
    run = subprocess.run(
        [TRAINER, "--db", str(tmp_path / "log.sqlite3"), "drill", scenario, "--plain"],
        input="".join(f"{a}\n" for a in (*answers, "/end")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout.rsplit("Answers:", 1)[1]


def test_not_arguing_is_not_a_missed_fact_and_arguing_says_what_it_cost(tmp_path: Path) -> None:
    complied = debrief(tmp_path, "objection/take-me-off-your-list", COMPLIES)
    assert "Hidden facts: 1 of 1 uncovered" in complied
    assert "argues" not in complied and "Missed" not in complied

    argued = debrief(tmp_path, "objection/take-me-off-your-list", ARGUES)
    assert "Learned the hard way: A rep who argues with a do-not-call request" in argued
    assert "Missed: A rep who argues" not in argued
    assert "uncovered when (" not in argued and "the hard way)" not in argued


def test_a_prospect_who_hangs_up_has_uncovered_nothing(tmp_path: Path) -> None:
    out = debrief(tmp_path, "objection/no-time", RAMBLE_ASKING)
    assert "Uncovered:" not in out
    assert "Hidden facts: 0 of 2 uncovered" in out
    assert "Missed: The annual stocktake closes the warehouse" in out


def test_the_debrief_names_no_other_time_than_the_one_agreed(tmp_path: Path) -> None:
    out = debrief(
        tmp_path,
        "objection/call-me-later",
        "Of course, it's about scheduling your delivery trucks. Could I call you Thursday at 10?",
    )
    assert "Uncovered: He really is walking into a meeting" in out
    assert "tomorrow" not in out.lower()


def test_a_fact_without_a_how_is_said_in_the_reps_words(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """The debrief of `trainer drill --plain` and `trainer show` say what would have
    uncovered a fact as the rep's feedback names the moves, never in the scenario's terms
    ("the answer makes clarifying question")."""
    write_no_how(isolated_dirs)
    out = debrief(tmp_path, NO_HOW_ID, "Our price includes tracking and support.")
    attempt = out.split("(trainer show ")[1].split(")")[0]
    shown = subprocess.run(
        [TRAINER, "--db", str(tmp_path / "log.sqlite3"), "show", attempt],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    for text in (out, shown):
        assert "Hidden facts: 0 of 2 uncovered" in text
        assert MISSED_OWNER in text
        assert MISSED_RENEWAL in text
        assert "the answer" not in text.split("Hidden facts")[1]
