"""The one definition of each count a rep or a manager reads.

- A *drill* is an attempt with at least one answer logged. Opening a scenario and leaving
  without answering is not practice: it counts towards no total, goal or streak.
- An attempt *ended early* (the rep ended the call, or the process died) is shown as such,
  but never counts as a best, in an average or in "weakest": one good answer is not a call.
- A scenario is *done* once a call of it is played to its end; until then it is *new*: the
  daily practice offers it as new, and the Library's Done counts its calls played to their
  end (`ScenarioSummary.finished`), so a call ended early leaves it new in both.
- A *best* is the highest score of a call played to its end (the latest among equals).
- An *average* is over calls played to their end.
- A call played to its end *keeps its result and score*. Retrying it afterwards (the retry
  key on its summary) is practice (`retry_is_practice`): the retry's answers are logged as
  retried answers of the call, so they count as answers (practice volume) and the call's
  time practised runs to the later of its end and the retry's last answer, never towards
  its result, score or a best; whatever the retry does (played out to a win, ended early,
  quit, the process killed), every screen and report reads the result and score the call
  first ended with. The live summary shows the retry's own result as practice only.
- A call's *answers* are every answer logged, a retried one included (it was practice, and
  it made the attempt a drill): the call summary, `trainer history`, Home and the reports
  count the same (`answer_count`); only its score leaves retried answers out.
- A retry after the call's end is summarised live by its own run (`retry_answer_count`):
  its answers are those its score is over (each line's last answer), never the answers it
  replaced, which the call's count already holds.
- A rep's *practice* is the attempts logged under their name: a pair call is the practice
  of the rep who answered, never of its partner or observer, though they may read it
  (`practice_of`).
- Ending a call now (esc, quitting) leaves it ended early; a call without an answer counts
  for nobody (no drill); a retry after the call's end leaves the call's result and score
  as they were (`retry_is_practice`).

`AttemptRecord.is_drill` and `AttemptRecord.counts_for_best` state the first two for one
attempt. The store keeps running totals by the same rules (`trainer.store.queries`: a drill is added
to its day with its first answer; only finished calls update a best or a recent average);
tests check that both agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from trainer.store.records import AttemptRecord, AttemptStatus, DrillMode, TurnRecord

if TYPE_CHECKING:
    from trainer.store.base import Store


class AttemptResult(StrEnum):
    """How an attempt ended, in one word: its ending's outcome, else its status."""

    WIN = "win"
    CALLBACK = "callback"
    LOSS = "loss"
    NEUTRAL = "neutral"
    ABANDONED = "abandoned"  # the rep ended the call early
    NO_ANSWER = "no_answer"  # closed without an answer: no drill (`is_drill`)
    UNFINISHED = "unfinished"  # the drilling process died
    IN_PROGRESS = "in_progress"


def retry_is_practice(attempt: AttemptRecord) -> bool:
    """A retry of this call is practice only: it was played to its end, so it keeps its
    result and score (the retry's answers are logged retried)."""
    return attempt.status is AttemptStatus.FINISHED


def retry_practice_seqs(attempt: AttemptRecord, turns: Iterable[TurnRecord]) -> frozenset[int]:
    """The answers (their numbers) of a retry after the call was played to its end:
    practice. They are the call's retried answers after its last counted one (a retry
    mid-call is always followed by the answer that counts in its place); the schedule's
    review rows leave out the same (`trainer.store.queries`)."""
    if not retry_is_practice(attempt):
        return frozenset()
    logged = list(turns)
    last = max((t.seq for t in logged if not t.retried), default=None)
    if last is None:
        return frozenset()
    return frozenset(t.seq for t in logged if t.retried and t.seq > last)


def answer_count(logged: Iterable[object]) -> int:
    """A call's answers: every answer logged, retried ones included (the store's
    `AttemptRecord.turn_count` and the day's answers count the same)."""
    return sum(1 for _ in logged)


def retry_answer_count(retried: Iterable[bool]) -> int:
    """The answers of a retry after the call's end, on its live summary: those its score
    is over (each answer's `retried` flag given; the retried ones are left out)."""
    return sum(1 for flag in retried if not flag)


def best_attempt(attempts: Iterable[AttemptRecord]) -> AttemptRecord | None:
    """The highest-scoring call played to its end (the latest among equals)."""
    scored = [a for a in attempts if a.counts_for_best]
    if not scored:
        return None
    return max(scored, key=lambda a: (a.score or 0.0, a.started_at))


def average_score(attempts: Iterable[AttemptRecord]) -> float | None:
    """The average score of the calls played to their end (None when there is none)."""
    scores = [a.score for a in attempts if a.counts_for_best and a.score is not None]
    return sum(scores) / len(scores) if scores else None


def attempt_input(attempt: AttemptRecord) -> str | None:
    """How the rep answered, for History and the attempt view alike: "pair" for a pair
    call, else typed, spoken or mixed; None when no answer was logged (no drill: nothing
    was typed or said)."""
    if not attempt.is_drill:
        return None
    return "pair" if attempt.mode == DrillMode.PAIR else str(attempt.input_kind)


def attempt_result(attempt: AttemptRecord) -> AttemptResult:
    """How a logged call ended (`call_result`)."""
    return call_result(attempt.status, attempt.outcome, attempt.is_drill)


def call_result(status: AttemptStatus, outcome: str | None, answered: bool) -> AttemptResult:
    """How a call ended, for History and the call's own summary alike: no answer (closed
    without one: not a drill), else its ending's outcome (win, loss…), else abandoned /
    unfinished."""
    if not answered and status is not AttemptStatus.IN_PROGRESS:
        return AttemptResult.NO_ANSWER
    if outcome:
        try:
            return AttemptResult(outcome)
        except ValueError:
            return AttemptResult.NEUTRAL
    return {
        AttemptStatus.ABANDONED: AttemptResult.ABANDONED,
        AttemptStatus.UNFINISHED: AttemptResult.UNFINISHED,
        AttemptStatus.IN_PROGRESS: AttemptResult.IN_PROGRESS,
    }.get(status, AttemptResult.NEUTRAL)


def practice_of(store: Store, rep: str | None) -> str | None:
    """Whose practice a read covers (the rep of an attempt, never its partner or observer):
    `rep` when asked for; else on a rep's team login, that login's own (the server also
    lets them read the pair calls they took part in, which are the other rep's practice);
    else None, everyone the login may read (a file log, a manager's login). May raise
    StoreError (the login's role is read from the server)."""
    if rep is not None or store.fixed_rep is None:
        return rep
    return store.fixed_rep if store.login_role() == "rep" else None
