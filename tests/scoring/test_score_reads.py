"""How the bottom of the scale reads in the real `trainer score`: a harmful answer's cap and a
harmless answer's floor show as different whole numbers, and counts read in good English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAINER = str(Path(sys.executable).parent / "trainer")
RUDE = (
    "Understood, I'm calling because warehouses use us to avoid closing for the annual "
    "stocktake. Is that a headache for you? Honestly you'd be stupid not to listen."
)


def score(text: str, scenario: str = "objection/no-time") -> str:
    run = subprocess.run(
        [TRAINER, "score", "--scenario", scenario, "--text", text],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_capped_harmful_answer_reads_below_a_weak_harmless_one() -> None:
    capped, weak = score(RUDE), score("Okay.")
    assert "Score: 4/100" in capped
    assert "Note: Capped at 4: rude or condescending outweighs any move" in capped
    assert "an answer that does no harm scores at least 5" in capped
    assert "Score: 5/100" in weak and "Scored its floor, 5" in weak


def test_one_word_is_one_word() -> None:
    out = score("Understood.", "objection/too-expensive")
    assert "(1 word, fewer than 4)" in out
    assert "(1 word, 0 specific to this call)" in out
    assert "1 words" not in out
