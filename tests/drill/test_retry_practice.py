"""A retry after the call ended is practice (trainer.practice.rules): on a real SQLite log,
the call keeps its result and score whatever the retry does, even when the drilling
process is killed mid-retry; every answer it acknowledged is in the log, as practice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from trainer.clock import SystemClock
from trainer.drill.daily import DailySession
from trainer.drill.run import start_drill
from trainer.practice.rules import AttemptResult
from trainer.practice.schedule import DueItem, DueQueue
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.store.records import AttemptStatus

ANSWERS = (
    "That's fair. Compared to what, another quote or the budget you set?",
    "What does their quote include for re-planning?",
    "Could we book 20 minutes Thursday to compare?",
)
WORSE = "Um, I can knock 20% off if you sign today."

# Plays objection/too-expensive to its end, retries, answers the retried line (and retries
# that if it ended the retry), says so and waits to be killed.
_CHILD = f"""
import sys
from trainer.clock import SystemClock
from trainer.drill.daily import DailySession
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.open import open_store

answers = {ANSWERS!r}
store = open_store(sys.argv[1])
loaded = load_library(include_user=False).get("objection/too-expensive")
drill = start_drill(loaded, store, settings=Settings(), clock=SystemClock(), rep="alex", seed=1)
drill.start()
for n in range(12):
    if drill.view().finished:
        break
    drill.answer_typed(answers[min(n, len(answers) - 1)])
print("ENDED", drill.attempt_id, drill.view().score, flush=True)
drill.retry()
drill.answer_typed({WORSE!r})
if drill.view().finished:
    drill.retry()  # and again: the retry goes on when it is killed
print("ACK", flush=True)
sys.stdin.read()
"""


def _queue() -> DueQueue:
    return DueQueue(
        today=date.today(),
        items=(DueItem("objection/too-expensive"),),
        due=0,
        overdue=0,
        new=1,
        cleared_today=0,
        new_today=0,
        next_due=None,
    )


def kill_mid_retry(target: str) -> tuple[str, float]:
    """Run the drill above on the log `target` (a file or a team URL) and SIGKILL it once
    the retry's first answer is acknowledged: (attempt id, the score the call ended with)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, target],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        ended = child.stdout.readline().split()
        assert ended and ended[0] == "ENDED", child.stderr.read() if child.stderr else ""
        assert child.stdout.readline().strip() == "ACK"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return ended[1], float(ended[2])


def test_killed_mid_retry_the_call_keeps_its_end_and_the_retry_answer(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    attempt_id, score = kill_mid_retry(str(db))
    store = open_store(str(db))
    try:
        detail = store.attempt(attempt_id)
        (listed,) = store.history()
        (day,) = store.daily_activity("alex")
    finally:
        store.close()
    assert detail is not None and listed.id == attempt_id
    for attempt in (detail.attempt, listed):  # not "unfinished", not re-scored
        assert attempt.status is AttemptStatus.FINISHED
        assert attempt.score == pytest.approx(score)
    last = detail.turns[-1]
    assert last.answer_text == WORSE and last.retried  # acknowledged: kept, as practice
    assert [t.retried for t in detail.turns[:-1]] == [False] * (len(detail.turns) - 1)
    assert detail.attempt.turn_count == len(detail.turns)
    # The day counts the call once, its score once, the retry's answer as an answer.
    assert (day.drills, day.answers, day.calls) == (1, len(detail.turns), 1)
    assert day.call_score_sum == pytest.approx(score)
    assert day.seconds == pytest.approx(listed.active_s)


@pytest.mark.parametrize("how", ["played out", "ended early"])
def test_whatever_the_retry_does_the_log_keeps_the_call_as_played(tmp_path: Path, how: str) -> None:
    store = open_store(str(tmp_path / "log.sqlite3"))
    try:
        loaded = load_library(include_user=False).get("objection/too-expensive")
        drill = start_drill(
            loaded, store, settings=Settings(), clock=SystemClock(), rep="alex", seed=1
        )
        drill.start()
        for n in range(12):
            if drill.view().finished:
                break
            drill.answer_typed(ANSWERS[min(n, len(ANSWERS) - 1)])
        played = drill.view()
        assert played.ending is not None and played.score is not None
        (before,) = store.history()
        drill.retry()
        drill.answer_typed(WORSE)
        if how == "ended early":
            if drill.view().finished:  # that answer ended the retry: retry it again…
                drill.retry()
            drill.end()  # …and end it early
        for _ in range(12):
            if drill.view().finished:
                break
            drill.answer_typed(ANSWERS[-1])
        retry = drill.view()
        assert retry.finished and retry.kept is not None
        assert retry.kept.score == played.score
        assert retry.kept.result == AttemptResult(played.ending.outcome.value)
        if how == "ended early":
            assert retry.result is AttemptResult.ABANDONED  # the retry's own, shown as such
        (after,) = store.history()
        detail = store.attempt(drill.attempt_id)
        reviewed = [row.seq for row in store.review_rows("alex")]
        # A daily session's summary counts the drill as played, with the call's score.
        daily = DailySession(
            store, load_library(include_user=False), SystemClock(), "alex", _queue()
        )
        daily.record(DueItem(loaded.id), loaded.scenario.title, retry)
        (recorded,) = daily.done
        assert (recorded.score, recorded.finished) == (played.score, True)
    finally:
        store.close()
    assert detail is not None
    assert (after.status, after.outcome, after.score) == (
        AttemptStatus.FINISHED,
        played.ending.outcome.value,
        played.score,
    )
    assert after.ended_at == before.ended_at
    # The call's time runs on to the retry's last answer (practice volume, as its answers).
    assert after.active_s == (detail.turns[-1].created_at - after.started_at).total_seconds()
    assert after.active_s > before.active_s
    assert after.turn_count == retry.answers == len(detail.turns) > before.turn_count
    assert all(t.retried for t in detail.turns[before.turn_count :])
    # The spaced-repetition schedule rates the call as played: the retry is not recall.
    assert reviewed == list(range(1, before.turn_count + 1))


def test_a_retry_after_the_end_ended_early_is_retried_again(tmp_path: Path) -> None:
    """Ending a retry after the call's end early leaves the retry key: the line it left is
    asked again; once that is answered (and the retry ended again), the last answer's line.
    The call keeps its result; the retry's summary counts the answers its score is over."""
    store = open_store(str(tmp_path / "log.sqlite3"))
    try:
        loaded = load_library(include_user=False).get("objection/too-expensive")
        settings, clock = Settings(), SystemClock()
        drill = start_drill(loaded, store, settings=settings, clock=clock, rep="alex", seed=1)
        drill.start()
        for n in range(12):
            if drill.view().finished:
                break
            drill.answer_typed(ANSWERS[min(n, len(ANSWERS) - 1)])
        played = drill.view()
        assert played.result is not AttemptResult.ABANDONED and played.kept is None
        first = drill.retry()
        drill.end()
        view = drill.view()
        assert view.finished and view.can_retry  # ended early, and retried again:
        assert drill.retry() == first  # the line it left
        assert drill.view().retry_answers == played.answers - 1  # the replaced one is out
        second = drill.retry()  # back one more line, answered: the retry moves on to `first`
        drill.answer_typed(ANSWERS[1])
        assert drill.view().current == first
        drill.end()
        assert drill.view().can_retry
        assert drill.retry() == second != first  # the last answer's line
        assert drill.view().kept is not None
        (attempt,) = store.history(rep="alex")
        assert (attempt.status, attempt.score) == (AttemptStatus.FINISHED, played.score)
    finally:
        store.close()
