"""Re-score logged answers (`trainer team audit`): scoring is deterministic, so an answer
re-scored against the scenario version it was drilled on must get the score stored with it.

Each turn is scored again as the drill scores it (`trainer.scoring.scorer.score_answer` with
the step, the prospect's line and the persona's name) when the local library holds the same
scenario file (id, version and sha256 as logged); otherwise it cannot be checked here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.store.records import AttemptDetail, AttemptRecord, TurnRecord

TOLERANCE = 1e-6  # scores are computed the same way each time: only float noise is allowed


@dataclass(frozen=True, slots=True)
class Finding:
    attempt: AttemptRecord
    turn: TurnRecord
    rescored: float | None  # None: could not be checked
    why: str


@dataclass(slots=True)
class AuditReport:
    attempts: int = 0
    answers: int = 0
    matched: int = 0
    mismatches: list[Finding] = field(default_factory=list)
    unchecked: list[Finding] = field(default_factory=list)


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= TOLERANCE


def audit(details: Iterable[AttemptDetail], scenarios: dict[str, object]) -> AuditReport:
    """Re-score every turn of `details`; `scenarios` maps an id to the library's
    `LoadedScenario`."""
    from trainer.scenario.loader import LoadedScenario
    from trainer.scoring.answer import Answer
    from trainer.scoring.scorer import score_answer

    report = AuditReport()
    for detail in details:
        a = detail.attempt
        report.attempts += 1
        loaded = scenarios.get(a.scenario_id)
        missing: str | None = None
        if not isinstance(loaded, LoadedScenario):
            missing = f"scenario {a.scenario_id} is not in the local library"
        elif loaded.sha256 != a.scenario_hash:
            missing = (
                f"the local {a.scenario_id} is version {loaded.scenario.version} "
                f"(sha256 {loaded.sha256[:12]}…), not the drilled version "
                f"{a.scenario_version} (sha256 {a.scenario_hash[:12]}…)"
            )
        for turn in detail.turns:
            report.answers += 1
            if missing is not None or not isinstance(loaded, LoadedScenario):
                report.unchecked.append(Finding(a, turn, None, missing or ""))
                continue
            scenario = loaded.scenario
            try:
                step = scenario.step(turn.step_id)
            except KeyError:
                report.unchecked.append(
                    Finding(a, turn, None, f"step {turn.step_id} is not in that scenario")
                )
                continue
            answer = Answer(
                text=turn.answer_text,
                pause_s=turn.pause_s,
                duration_s=turn.duration_s,
                input_kind=turn.input_kind,
            )
            result = score_answer(
                step,
                answer,
                turn.prospect_line,
                scenario.delivery,
                prospect_name=scenario.persona.name,
            )
            if _same(result.score, turn.score):
                report.matched += 1
            else:
                why = "stored score does not match its answer"
                if turn.damaged:
                    why += " (its scoring details are damaged too)"
                report.mismatches.append(Finding(a, turn, result.score, why))
    return report
