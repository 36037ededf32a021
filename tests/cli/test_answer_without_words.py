"""An answer with no words ("😀😀😀 👍", "...") is an empty answer: the plain drill and the
service refuse it as they refuse an empty one, nothing is scored or logged, and the call goes
on; "Words 0" is never a met target."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.drill.run import EMPTY_ANSWER, answer_text
from trainer.scoring.normalize import has_words

TRAINER = str(Path(sys.executable).parent / "trainer")
NO_WORDS = ("😀😀😀 👍", "...", "?!", " - ", "\u200f😀\u200e")
COMPLY = "Of course. I've taken your number off our list and you won't hear from us again."


def trainer(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRAINER, "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("text", NO_WORDS)
def test_an_answer_without_words_is_empty(text: str) -> None:
    assert not has_words(text) and answer_text(text) == ""


@pytest.mark.parametrize("text", ["42", "你好", "ok 👍", "Of course."])
def test_any_word_or_number_is_an_answer(text: str) -> None:
    assert answer_text(text) == text


def test_the_plain_drill_refuses_emoji_and_the_call_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    run = trainer(
        db,
        "drill",
        "objection/take-me-off-your-list",
        "--plain",
        "--rep",
        "ana",
        stdin=f"😀😀😀 👍\n{COMPLY}\n",
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert f"({EMPTY_ANSWER})" in out
    assert "Nothing was said" not in out and "Arguing with a do-not-call" not in out
    assert "No sale, but you complied at once and politely." in out
    stats = trainer(db, "stats", "--rep", "ana")
    assert "1 answer" in stats.stdout and "2 answers" not in stats.stdout
    exported = json.loads(trainer(db, "export", "--format", "json").stdout)
    assert "😀" not in json.dumps(exported, ensure_ascii=False)  # the emoji was never logged


def test_words_0_is_never_a_met_target(tmp_path: Path) -> None:
    run = trainer(
        tmp_path / "log.sqlite3",
        "score",
        "--scenario",
        "objection/take-me-off-your-list",
        "--text",
        "😀😀😀 👍",
    )
    assert run.returncode == 0, run.stderr
    assert "✗ Words: 0" in run.stdout and "✓ Words" not in run.stdout


def test_the_drill_service_refuses_an_answer_without_words(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """One rule for every front end: the service itself refuses it, and logs nothing."""
    from trainer.clock import FixedClock
    from trainer.drill.run import SessionError, start_drill
    from trainer.scenario.library import load_library
    from trainer.settings import Settings
    from trainer.store.sqlite import SQLiteStore

    loaded = load_library([], include_user=False).get("objection/take-me-off-your-list")
    store = SQLiteStore(tmp_path / "log.sqlite3")
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    drill = start_drill(loaded, store, settings=Settings(rep="ana"), clock=clock, seed=1)
    drill.start()
    for text in NO_WORDS:
        with pytest.raises(SessionError, match="empty"):
            drill.answer_typed(text)
    logged = store.attempt(drill.attempt_id)
    assert logged is not None and logged.turns == []
    outcome = drill.answer_typed(COMPLY)
    assert outcome.result.score >= 70
    store.close()
