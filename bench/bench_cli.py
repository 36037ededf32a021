"""`trainer --help` and `--version` wall time (budget 120 ms), and `trainer score` for one
answer (budget 150 ms), against bare `python -c pass`.

Run: .venv/bin/python bench/bench_cli.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET_MS = 120.0
SCORE_BUDGET_MS = 150.0
SCORE = [
    "score",
    "--scenario",
    "objection/too-expensive",
    "--text",
    "That's fair. Compared to what, another quote or the budget you set?",
]


def wall_ms(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    trainer = str(Path(sys.executable).parent / "trainer")
    wall_ms([trainer, "--help"], 2)  # warm the page cache
    base = statistics.median(wall_ms([sys.executable, "-c", "pass"], runs))
    print(f"python -c pass        median {base:6.1f} ms (reference)")
    for args in (["--help"], ["--version"], ["drill", "--help"]):
        med = statistics.median(wall_ms([trainer, *args], runs))
        verdict = "ok" if med <= BUDGET_MS else "OVER BUDGET"
        print(
            f"trainer {' '.join(args):13} median {med:6.1f} ms"
            f"  budget {BUDGET_MS:.0f} ms  {verdict}"
            f"  ({med / base:.1f}x bare python)"
        )
    med = statistics.median(wall_ms([trainer, *SCORE], runs))
    verdict = "ok" if med <= SCORE_BUDGET_MS else "OVER BUDGET"
    print(
        f"trainer score (1 answer) median {med:6.1f} ms  budget {SCORE_BUDGET_MS:.0f} ms  "
        f"{verdict}  ({med / base:.1f}x bare python)"
    )


if __name__ == "__main__":
    main()
