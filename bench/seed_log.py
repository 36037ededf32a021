"""A rep's practice log of realistic size for the start-up benches: 2,000 drills of the
shipped scenarios over the last year (a few today), written through the store's own calls.

    .venv/bin/python bench/seed_log.py PATH [--attempts 2000] [--rep Bench]

`seed(path, ...)` is what bench_tui.py and startup_timeline.py call; it returns what Home
should then show (the goal card's line for today), so that a bench can wait for it.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ANSWER = (
    "I hear you, budgets are tight this quarter. Besides us, what have you looked at so "
    "far, and what would make this worth revisiting next Tuesday?"
)
TODAY_DRILLS = 3


@dataclass(frozen=True, slots=True)
class Seeded:
    attempts: int
    answers: int
    today_line: str  # Home's goal card: "3 drills · 14 answers"


def seed(path: Path, attempts: int = 2000, rep: str = "Bench", seed: int = 7) -> Seeded:
    """Write `attempts` drills by `rep` into a new log at `path` (the shipped scenarios,
    3-7 answers each, spread over 365 days, TODAY_DRILLS of them today)."""
    from trainer.scenario.library import load_library
    from trainer.scoring.answer import InputKind
    from trainer.scoring.result import CriterionResult, Evidence, TurnScore
    from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id
    from trainer.store.sqlite import SQLiteStore

    library = load_library(include_user=False)
    scenarios = sorted(library.scenarios.values(), key=lambda s: s.id)
    rng = random.Random(seed)
    store = SQLiteStore(path)
    store._conn.execute("PRAGMA synchronous = OFF")  # set-up speed only
    now = datetime.now(UTC).replace(microsecond=0)
    midnight = now.astimezone().replace(hour=0, minute=0, second=0)
    since_midnight = max(60.0, (now - midnight).total_seconds() - 600)
    answers = today_answers = 0
    try:
        for n in range(attempts):
            loaded = rng.choice(scenarios)
            scenario = loaded.scenario
            if n >= attempts - TODAY_DRILLS:  # the last few: today
                started = now - timedelta(seconds=rng.uniform(60, since_midnight))
            else:
                started = now - timedelta(days=rng.uniform(1, 365))
            attempt = AttemptRecord(
                id=new_id(),
                rep=rep,
                scenario_id=scenario.id,
                scenario_version=scenario.version,
                scenario_hash=loaded.sha256,
                scenario_title=scenario.title,
                seed=n,
                started_at=started,
            )
            store.start_attempt(attempt)
            steps = [s.id for s in scenario.steps]
            count = rng.randint(3, 7)
            scores = []
            for seq in range(1, count + 1):
                value = float(rng.randint(20, 100))
                scores.append(value)
                result = TurnScore(
                    score=value,
                    criteria=(
                        CriterionResult(
                            "acknowledge",
                            "Acknowledge the concern",
                            1,
                            True,
                            (Evidence("I hear you", 0, 10),),
                        ),
                        CriterionResult("next-step", "Propose a next step", 1, value > 60),
                    ),
                )
                store.log_turn(
                    TurnRecord(
                        id=new_id(),
                        attempt_id=attempt.id,
                        seq=seq,
                        step_id=steps[(seq - 1) % len(steps)],
                        prospect_line="Honestly, it's just too expensive for us right now.",
                        answer_text=ANSWER,
                        input_kind=InputKind.TYPED,
                        result=result,
                        pause_s=0.9,
                        duration_s=11.0,
                        created_at=started + timedelta(seconds=40 * seq),
                    )
                )
            finished = rng.random() < 0.9
            store.finish_attempt(
                attempt.id,
                AttemptStatus.FINISHED if finished else AttemptStatus.ABANDONED,
                started + timedelta(seconds=40 * count + 20),
                rng.choice(["win", "callback", "loss"]) if finished else None,
                None,
                sum(scores) / len(scores),
            )
            answers += count
            if n >= attempts - TODAY_DRILLS:
                today_answers += count
    finally:
        store.close()
    return Seeded(attempts, answers, f"{TODAY_DRILLS} drills · {today_answers} answers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--rep", default="Bench")
    args = parser.parse_args()
    seeded = seed(args.path, args.attempts, args.rep)
    print(f"{args.path}: {seeded.attempts} drills, {seeded.answers} answers; {seeded.today_line}")


if __name__ == "__main__":
    main()
