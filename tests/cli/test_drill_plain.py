"""The whole loop through the real `trainer`: drill with piped answers, then read it back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TRAINER = str(Path(sys.executable).parent / "trainer")
GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"


def trainer(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRAINER, "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_piped_drill_is_scored_logged_and_found_by_every_log_command(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    answers = f"{GOOD}\n/hint\nBefore price: how does their quote handle re-planning?\n/end\n"
    run = trainer(
        db,
        "drill",
        "objection/too-expensive",
        "--plain",
        "--seed",
        "3",
        "--rep",
        "ana",
        stdin=answers,
    )
    assert run.returncode == 5, run.stderr  # ended early with /end (130 is Ctrl+C only)
    out = run.stdout
    assert "Dana Ruiz: Honestly, that's more than we were hoping to spend." in out
    assert "✓ Acknowledge" in out and "“That's fair”" in out  # evidence quoted
    assert "Hint:" in out
    assert "== Call over: ended early ==" in out  # as History names it
    attempt = out.rsplit("trainer show ", 1)[1].split(")")[0]

    history = trainer(db, "history", "--rep", "ana")
    assert history.returncode == 0 and attempt in history.stdout
    assert "objection/too-expensive" in history.stdout and "ended early" in history.stdout

    show = trainer(db, "show", attempt)
    assert show.returncode == 0
    assert GOOD in show.stdout and "hint used" in show.stdout

    stats = trainer(db, "stats", "--rep", "ana")
    assert stats.returncode == 0 and "2 answers" in stats.stdout

    export = trainer(db, "export", "--format", "json")
    rows = json.loads(export.stdout)
    rows = rows if isinstance(rows, list) else rows.get("attempts", rows)
    assert any(attempt in json.dumps(r) for r in rows)


def test_a_drill_played_to_its_ending_reports_the_outcome(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    # take-me-off-your-list: complying at once ends the call
    answers = "Of course, I'm sorry for the bother. I'll remove you from our list today.\n" * 4
    run = trainer(
        db, "drill", "objection/take-me-off-your-list", "--plain", "--seed", "1", stdin=answers
    )
    assert "== Call over: neutral ==" in run.stdout, run.stdout  # a rep's word, no ending id
    assert run.returncode == 0
    history = trainer(db, "history")
    assert "neutral" in history.stdout  # complying with a do-not-call request loses nothing


def test_unknown_scenario_gets_suggestions_and_no_traceback(tmp_path: Path) -> None:
    run = trainer(tmp_path / "log.sqlite3", "drill", "objection/too-expensiv", "--plain")
    assert run.returncode != 0
    assert "objection/too-expensive" in run.stderr
    assert "Traceback" not in run.stderr


def test_ctrl_c_mid_drill_keeps_finished_turns_and_marks_abandoned(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    proc = subprocess.Popen(
        [TRAINER, "--db", str(db), "drill", "objection/too-expensive", "--plain", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(GOOD + "\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    seen = ""
    while "Score:" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Score:" in seen
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
    assert "answers so far are kept" in out
    history = trainer(db, "history")
    assert "ended early" in history.stdout
    attempt_id = history.stdout.splitlines()[1].split()[2]
    assert GOOD in trainer(db, "show", attempt_id).stdout


def test_a_call_left_without_an_answer_lists_no_hidden_fact_as_missed(tmp_path: Path) -> None:
    """No answer, no drill: the debrief and `trainer show` report no hidden facts (none
    "Missed"), while a call with an answer still lists what it missed."""
    db = tmp_path / "log.sqlite3"
    left = trainer(db, "drill", "discovery/peer-level-buyer", "--plain", stdin="/end\n")
    assert left.returncode == 5, left.stderr
    assert "does not count as a drill" in left.stdout
    # named as History names it, never "ended early"
    assert "== Call over: no answer ==" in left.stdout and "ended early" not in left.stdout
    assert "Hidden facts" not in left.stdout and "Missed:" not in left.stdout
    attempt = left.stdout.split("trainer show ")[1].split(")")[0]
    shown = trainer(db, "show", attempt)
    assert shown.returncode == 0, shown.stderr
    assert "Hidden facts" not in shown.stdout and "Missed:" not in shown.stdout
    answered = trainer(
        db, "drill", "discovery/peer-level-buyer", "--plain", stdin="Hello, it's Sam.\n/end\n"
    )
    assert "Hidden facts: 0 of 3 uncovered" in answered.stdout
    assert answered.stdout.count("Missed:") == 3


def test_show_cuts_each_quote_as_the_drill_did(tmp_path: Path) -> None:
    """A rambling answer's evidence is the whole answer: `trainer show` quotes it cut with
    "…" exactly as the plain drill (and `trainer score`) did, not the whole ramble."""
    db = tmp_path / "log.sqlite3"
    ramble = " ".join(["What budget do you have, and who else is looking at it?"] * 20)
    run = trainer(db, "drill", "objection/too-expensive", "--plain", stdin=f"{ramble}\n/end\n")
    quoted = [q for q in run.stdout.split("“")[1:] if "budget" in q]
    assert quoted, run.stdout
    attempt = run.stdout.rsplit("trainer show ", 1)[1].split(")")[0]
    show = trainer(db, "show", attempt)
    assert show.returncode == 0, show.stderr
    you = next(line for line in show.stdout.splitlines() if "You (typed)" in line)
    assert ramble in you  # the answer itself is still shown in full
    marks = show.stdout.split(you, 1)[1]
    shown = [q for q in marks.split("“")[1:] if "budget" in q]
    assert shown and all(len(q.split("”")[0]) <= 60 for q in shown), marks
    assert {q.split("”")[0] for q in shown} <= {q.split("”")[0] for q in quoted}
