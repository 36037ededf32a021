"""Re-score logged answers (`trainer team audit`): scoring is deterministic, so an answer
re-scored against the scenario version it was drilled on must get the score stored with it.

Each turn is scored again as the drill scores it (`trainer.scoring.scorer.score_answer` with
the step, the prospect's line and the persona's name) when the local library holds the same
scenario file (id, version and sha256 as logged); otherwise it cannot be checked here.
"""

from __future__ import annotations

import hashlib
import math
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class ScenarioVersions:
    """Finds the scenario file an attempt was drilled on, by id and sha256: the library's
    current version, else any file in the library's folders with those bytes (an older
    version kept in a folder is shadowed in the library by the newer one, but still found
    here). Only regular files of at most `MAX_FILE_BYTES` are read."""

    MAX_FILE_BYTES = 1 << 20

    def __init__(self, library: Any) -> None:
        self.library = library
        self._by_hash: dict[str, Path] | None = None
        self._loaded: dict[str, Any] = {}

    def current(self, scenario_id: str) -> Any:
        return self.library.scenarios.get(scenario_id)

    def find(self, scenario_id: str, sha256: str) -> Any:
        found = self.current(scenario_id)
        if found is not None and found.sha256 == sha256:
            return found
        if sha256 not in self._loaded:
            self._loaded[sha256] = self._load(sha256)
        loaded = self._loaded[sha256]
        return loaded if loaded is not None and loaded.id == scenario_id else None

    def _load(self, sha256: str) -> Any:
        from trainer.scenario.library import load_file

        path = self._index().get(sha256)
        if path is None:
            return None
        result = load_file(path, self.library.techniques)
        return None if isinstance(result, list) else result

    def _index(self) -> dict[str, Path]:
        if self._by_hash is None:
            from trainer.scenario.library import scenario_files

            self._by_hash = {}
            for root in self.library.roots:
                if not root.path.is_dir():
                    continue
                for path in scenario_files(root.path):
                    digest = _digest(path, self.MAX_FILE_BYTES)
                    if digest is not None:
                        self._by_hash.setdefault(digest, path)
        return self._by_hash


def _digest(path: Path, limit: int) -> str | None:
    """sha256 of a regular file's bytes (no FIFO, device or huge file is read)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, RuntimeError):
        return None


def audit(details: Iterable[AttemptDetail], versions: ScenarioVersions) -> AuditReport:
    """Re-score every turn of `details` against the scenario version it was drilled on."""
    from trainer.scoring.answer import Answer
    from trainer.scoring.scorer import score_answer

    report = AuditReport()
    for detail in details:
        a = detail.attempt
        report.attempts += 1
        loaded = versions.find(a.scenario_id, a.scenario_hash)
        missing: str | None = None
        if loaded is None:
            current = versions.current(a.scenario_id)
            if current is None:
                missing = f"scenario {a.scenario_id} is not in the local library"
            else:
                missing = (
                    f"version {a.scenario_version} of {a.scenario_id} (sha256 "
                    f"{a.scenario_hash[:12]}…) is not in the local library, which has version "
                    f"{current.scenario.version} (sha256 {current.sha256[:12]}…): put that "
                    "version's file in a --scenarios folder"
                )
        for turn in detail.turns:
            report.answers += 1
            if loaded is None:
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
