"""The labelled answer set (labelled/answers.yaml) and the pairwise ranking accuracy on it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from trainer.scenario.models import Step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

LABELLED = Path(__file__).parent / "labelled" / "answers.yaml"


@dataclass(frozen=True)
class Labelled:
    situation: str
    step: Step
    text: str
    rating: int
    kind: str
    note: str


def load() -> list[Labelled]:
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    out = []
    for s in data["situations"]:
        step = Step.model_validate(
            {"id": "step", "prospect": [s["prospect"]], "rubric": s["rubric"], "model_answer": "-"}
        )
        for a in s["answers"]:
            out.append(Labelled(s["id"], step, a["text"], int(a["rating"]),
                                a.get("kind", "typed"), a.get("note", "")))
    return out


def score(item: Labelled) -> float:
    return score_answer(item.step, Answer.typed(item.text), item.step.prospect[0]).score


def ranking(items: list[Labelled]) -> tuple[float, list[tuple[Labelled, float, Labelled, float]]]:
    """Share of same-situation pairs with different ratings that the scorer orders the same
    way (a tie counts half), and the pairs it gets wrong."""
    scores = {id(i): score(i) for i in items}
    agree = 0.0
    total = 0
    wrong = []
    for a, b in combinations(items, 2):
        if a.situation != b.situation or a.rating == b.rating:
            continue
        hi, lo = (a, b) if a.rating > b.rating else (b, a)
        total += 1
        sh, sl = scores[id(hi)], scores[id(lo)]
        if sh > sl:
            agree += 1
        elif sh == sl:
            agree += 0.5
            wrong.append((hi, sh, lo, sl))
        else:
            wrong.append((hi, sh, lo, sl))
    return (agree / total if total else 0.0), wrong


if __name__ == "__main__":
    items = load()
    acc, wrong = ranking(items)
    situations = len({i.situation for i in items})
    print(f"{len(items)} answers, {situations} situations, accuracy {acc:.3f}")
    for hi, sh, lo, sl in wrong:
        print(f"[{hi.situation}] {hi.rating}:{sh:5.1f} {hi.text[:60]!r}")
        print(f"    vs {lo.rating}:{sl:5.1f} {lo.text[:60]!r}")
