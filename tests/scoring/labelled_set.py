"""The labelled answer sets and the pairwise ranking accuracy on them.

The tuning data (the scorer is tuned on it) is `labelled/answers.yaml`,
`labelled/coach2.yaml` to `labelled/coach7.yaml`, `labelled/coach9.yaml`,
`labelled/coach10.yaml` and `labelled/coach12.yaml` (a second to seventh, a ninth, a tenth and
a twelfth coach's sets, written and rated without reading the scorer, measured blind, then
added to the tuning data). Situation ids are unique across the tuning files.
`labelled/heldout.yaml` is a held-out set written and rated by someone who never reads the
scorer (its model answers and hints by a manager who saw only each situation's prospect line
and rubric); whoever tunes the scorer never reads it. All have the same format; `load()` reads the
tuning data, `load(path)` one file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from trainer.scenario.format import checked
from trainer.scenario.models import Step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

LABELLED = Path(__file__).parent / "labelled" / "answers.yaml"
COACH2 = Path(__file__).parent / "labelled" / "coach2.yaml"
# A third coach's set (24 situations, 241 answers), written without reading the scorer; it
# ranked 0.848 with the scorer of session 5's start before anyone tuning read it.
COACH3 = Path(__file__).parent / "labelled" / "coach3.yaml"
# A fourth coach's set focused on negation (22 situations, 220 answers, 94 traps that reuse a
# good move's words but negate, refuse or mock it); written blind, it ranked 0.823 (fooled by
# negation 0.04) with the scorer of 6bebd44 before anyone tuning read it; 0.925 (fooled 0.00)
# once its structural faults were fixed; 0.951 after the bottom-order pass; 0.965 after the
# missed-harm pass.
COACH4 = Path(__file__).parent / "labelled" / "coach4.yaml"
# A fifth coach's set (22 situations, 220 answers in new industries, with salad, rambling and
# negation traps); written blind, it ranked 0.877 with the scorer of 9e12bbe before anyone
# tuning read it; 0.942 once its structural faults were fixed; 0.960 after the bottom-order
# pass (answers 0.983, coach2 0.973, coach3 0.957 then); 0.965 after the missed-harm pass
# (answers 0.985, coach2 0.976, coach3 0.963).
COACH5 = Path(__file__).parent / "labelled" / "coach5.yaml"
# A sixth coach's set (22 situations, 220 answers: negation in many linguistic forms, distinct
# 1s and 2s); written blind, it ranked 0.840 (fooled by negation 0.05) with the scorer of
# acb45fe before anyone tuning read it (0.847 with the bottom-order scorer); 0.934 (fooled
# 0.00) once its structural faults were fixed (the empathy-and-precision pass; answers 0.983,
# coach2 0.973, coach3 0.958, coach4 0.951, coach5 0.961 then).
COACH6 = Path(__file__).parent / "labelled" / "coach6.yaml"
# A seventh coach's set (22 situations, 220 answers: 5 vs 4 vs 3, paraphrases of the model
# answer, hollow and off-topic answers); written blind, it ranked 0.795 (fooled by rambling
# 0.14, by negation 0.09) with the scorer of acb45fe before anyone tuning read it (0.797
# with the bottom-order scorer); 0.909 (rambling 0.03, negation 0.00) once its structural
# faults were fixed; 0.917 after the coach10 round.
COACH7 = Path(__file__).parent / "labelled" / "coach7.yaml"
# A ninth coach's set focused on subtle negation traps (22 situations, 220 answers: a move
# named then withdrawn, cancelled, mocked or emptied, negators far from what they negate,
# speech with "dont", "wont", "aint", beside good answers that use negation politely);
# written blind, it ranked 0.777 (fooled by negation 0.13 of 352 pairs) with the scorer of
# 75e47b3 before anyone tuning read it, the same on 5e4c961; 0.829 (fooled 0.05) once its
# structural faults were fixed (moves taken back, undone, gone back on; put-down asides).
COACH9 = Path(__file__).parent / "labelled" / "coach9.yaml"
# A tenth coach's set focused on what no guard sees (22 situations, 220 answers: 5 vs 4, the 5
# more specific to what the prospect said; 3 vs 2, a generic question or vague step vs pitching
# or asking nothing useful; 1s that sound friendly: small lies, guilt, soft fake deadlines,
# booking them without asking, oversharing, rumours, going around the approver); written
# blind, it ranked 0.823 (fooled by salad 0.00, rambling 0.03, negation 0.05) with the scorer
# of eece6da before anyone tuning read it; 0.881 (negation 0.04) after the friendly-harm pass
# (booking them without asking, hearsay, the rep's own target, soft deadlines, others' consent
# presumed, contact vowed at intervals, time asked for now after a not-now, later calls).
COACH10 = Path(__file__).parent / "labelled" / "coach10.yaml"
# A twelfth coach's set focused on negation as reps really say it (22 situations, 220 answers:
# per situation 3 traps - a move said then withdrawn, refused, mocked, put off, hedged to
# nothing, answered for them, said of someone else, speech take-backs - 2-3 answers that use
# negation politely rated 4-5, and ordinary answers); written blind, it ranked 0.768 (fooled
# by negation 0.16 of 264 pairs) with the scorer of 068ad6a before anyone tuning read it;
# 0.815 (fooled 0.03) after the negation-as-said pass (questions answered for them, removals
# put off past a condition, a later call dropped for now, hedged refusals with their verb
# left out, a move's own word said again negated, a time turned down, mistakes owned with
# "we shouldn't", a question about what to remove, a play-back or a question's options
# after a colon), every other set holding.
COACH12 = Path(__file__).parent / "labelled" / "coach12.yaml"
TUNING = (
    LABELLED,
    COACH2,
    COACH3,
    COACH4,
    COACH5,
    COACH6,
    COACH7,
    COACH9,
    COACH10,
    COACH12,
)
HELDOUT = Path(__file__).parent / "labelled" / "heldout.yaml"
# A second held-out set (22 situations, 220 answers: a realistic sample of what new hires say,
# in industries no other set uses), written and rated blind by an eighth coach in session 7;
# only the lead measures it, and only as a whole. Whoever tunes the scorer never reads it.
HELDOUT2 = Path(__file__).parent / "labelled" / "heldout2.yaml"
# A third held-out set (22 situations, 220 answers: a realistic sample of new hires' first
# calls, in industries no other set uses), written and rated blind by an eleventh coach in
# session 8; it ranked 0.861 with the scorer of eece6da (session 8's start) before any change
# of that session. Kept like the others: only the lead measures it, and only as a whole.
HELDOUT3 = Path(__file__).parent / "labelled" / "heldout3.yaml"
HELDOUTS = (HELDOUT, HELDOUT2, HELDOUT3)
# Adversarial answers, by their `note`: the fooled rate is reported for each.
ADVERSARIAL = ("keyword salad", "rambling", "negation")


@dataclass(frozen=True)
class Labelled:
    situation: str
    step: Step
    text: str
    rating: int
    kind: str
    note: str
    # The held-out sets' answers were rated again, blind, by a second coach who saw neither the
    # first rating nor the scorer (session 8): how far two coaches agree.
    second_rating: int | None = None


def load(path: Path | None = None) -> list[Labelled]:
    """Every answer of a labelled set (by default the tuning data: every tuning file). A
    situation may also give the step's `model_answer`, `hint` and `delivery` targets."""
    if path is None:
        return [item for p in TUNING for item in load(p)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for s in data["situations"]:
        step = checked(
            Step,
            {
                "id": "step",
                "prospect": [s["prospect"]],
                "rubric": s["rubric"],
                "model_answer": s.get("model_answer") or "-",
                **{k: s[k] for k in ("hint", "delivery") if s.get(k)},
            },
        )
        for a in s["answers"]:
            out.append(
                Labelled(
                    s["id"],
                    step,
                    a["text"],
                    int(a["rating"]),
                    a.get("kind", "typed"),
                    a.get("note", ""),
                    a.get("second_rating"),
                )
            )
    return out


def score(item: Labelled) -> float:
    return score_answer(item.step, Answer.typed(item.text), item.step.prospect[0]).score


def second_rating(item: Labelled) -> float:
    assert item.second_rating is not None, item.text
    return item.second_rating


def ranking(
    items: list[Labelled],
    judge: Callable[[Labelled], float] = score,
    only: Callable[[Labelled, Labelled], bool] = lambda a, b: True,
) -> tuple[float, list[tuple[Labelled, float, Labelled, float]]]:
    """Share of same-situation pairs with different ratings that the judge (the scorer, or
    `second_rating`) orders the same way (a tie counts half), and the pairs it gets wrong;
    `only` picks the pairs counted."""
    scores = {id(i): judge(i) for i in items}
    agree = 0.0
    total = 0
    wrong = []
    for a, b in combinations(items, 2):
        if a.situation != b.situation or a.rating == b.rating or not only(a, b):
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


def fooled(items: list[Labelled], note: str) -> tuple[float, int]:
    """Of the (adversarial, good) pairs in one situation - adversarial by its `note`
    containing `note`, good rated 4 or 5 - the share where the adversarial answer scores at
    least as high as the good one; and the number of pairs."""
    scores = {id(i): score(i) for i in items}
    pairs = [
        (a, g)
        for a in items
        if note in a.note.lower()
        for g in items
        if g.situation == a.situation and g.rating >= 4 and g is not a
    ]
    if not pairs:
        return 0.0, 0
    return sum(scores[id(a)] >= scores[id(g)] for a, g in pairs) / len(pairs), len(pairs)


if __name__ == "__main__":
    # Only the tuning set: the held-out set is not for reading while tuning.
    items = load(Path(sys.argv[1])) if len(sys.argv) > 1 else load()
    acc, wrong = ranking(items)
    situations = len({i.situation for i in items})
    print(f"{len(items)} answers, {situations} situations, accuracy {acc:.3f}")
    for note in ADVERSARIAL:
        rate, n = fooled(items, note)
        print(f"fooled by {note}: {rate:.2f} of {n} pairs")
    for hi, sh, lo, sl in wrong:
        print(f"[{hi.situation}] {hi.rating}:{sh:5.1f} {hi.text[:60]!r}")
        print(f"    vs {lo.rating}:{sl:5.1f} {lo.text[:60]!r}")
