"""Benchmark: scoring one answer (budget: 2 ms median on a 2-core machine).

Prints median and p95 for typed answers, raw transcripts and a long rambling answer,
scored against a five-criterion objection step. Run: .venv/bin/python bench/bench_scoring.py
"""

from __future__ import annotations

import statistics
import time

from trainer.scenario.format import checked
from trainer.scenario.models import Step
from trainer.scoring.answer import Answer, TimedWord
from trainer.scoring.scorer import score_answer

BUDGET_MS = 2.0
STEP = checked(
    Step,
    {
        "id": "price",
        "prospect": ["Honestly, that's more than we were hoping to spend this quarter."],
        "rubric": [
            {"use": "acknowledge"},
            {"use": "clarifying-question", "weight": 2},
            {"use": "hold-price"},
            {"use": "brief-answer"},
            {"use": "advance-next-step"},
            {"use": "stay-respectful"},
        ],
        "model_answer": "That's fair. Compared to what - another quote, or the budget you set?",
    },
)
TYPED = [
    "That's fair. Compared to what - another quote, or the budget you set?",
    "I can give you 20% off if you sign today.",
    "I hear you, budgets are tight. What were you hoping to spend, and could we look at it "
    "together Thursday at 10?",
    "acknowledge understand fair question budget compare tuesday meeting",
]
SPOKEN = "um yeah i hear you budgets are tight what are you comparing it to could we talk thursday"
RAMBLING = " ".join(
    ["I totally understand and we have many features that help teams like yours"] * 12
)


def _timed(text: str) -> Answer:
    words = [TimedWord(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split())]
    return Answer.spoken(words, pause_s=1.2)


def _measure(answers: list[Answer], rounds: int = 400) -> tuple[float, float]:
    times: list[float] = []
    for r in range(rounds):
        a = answers[r % len(answers)]
        t0 = time.perf_counter()
        score_answer(STEP, a, STEP.prospect[0])
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    first = time.perf_counter()
    score_answer(STEP, Answer.typed(TYPED[0]), STEP.prospect[0])
    print(
        f"first call (loads technique library, warms caches): "
        f"{(time.perf_counter() - first) * 1000:.1f} ms"
    )
    cases = {
        "typed answers": [Answer.typed(t) for t in TYPED],
        "spoken transcript with timings": [_timed(SPOKEN)],
        f"rambling answer ({len(RAMBLING.split())} words)": [Answer.typed(RAMBLING)],
    }
    worst = 0.0
    for name, answers in cases.items():
        median, p95 = _measure(answers)
        worst = max(worst, median)
        print(f"{name:40s} median {median:.3f} ms   p95 {p95:.3f} ms")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"worst median {worst:.3f} ms: {verdict} the {BUDGET_MS} ms budget")


if __name__ == "__main__":
    main()
