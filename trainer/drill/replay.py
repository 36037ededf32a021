"""Replay a logged attempt through the session to learn what the log does not store:
which hidden facts the rep uncovered. Deterministic: the scenario, the seed and the logged
answers with their logged scores give the same call again (the scorer is not rerun, so a
later scorer change cannot rewrite history)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from trainer.drill.session import DrillSession, FactStatus, SessionError
from trainer.scenario.models import Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.result import TurnScore
from trainer.store.records import AttemptDetail, TurnRecord


def replay(scenario: Scenario, seed: int, turns: Sequence[TurnRecord]) -> DrillSession:
    """The session as it stood after the logged turns (in answer order)."""
    ordered = sorted(turns, key=lambda t: t.seq)
    scores: Iterator[TurnScore] = iter([t.result for t in ordered])

    def logged(step: Step, answer: Answer, line: str, scenario: Scenario) -> TurnScore:
        return next(scores)

    session = DrillSession(scenario, seed=seed, score_fn=logged)
    session.start()
    for turn in ordered:
        if session.current is None:
            break  # the log goes on past the end this scenario gives (an edited file)
        session.answer(Answer.typed(turn.answer_text))
        if turn.retried:
            try:
                session.retry()
            except SessionError:
                break
    return session


def facts_of(scenario: Scenario, seed: int, turns: Sequence[TurnRecord]) -> list[FactStatus]:
    """Every hidden fact of the scenario, uncovered or missed in this attempt."""
    return replay(scenario, seed, turns).fact_statuses()


def attempt_facts(scenario: Scenario, detail: AttemptDetail) -> list[FactStatus]:
    """The hidden facts of a logged attempt (see `replay`)."""
    return facts_of(scenario, detail.attempt.seed, detail.turns)
