"""`trainer --help` and `--version` wall time (budget 120 ms), and `trainer score` for one
answer (budget 150 ms), against bare `python -c pass` run in the same rounds. Measured as
installed: compiled modules cached, the scenario library's cache written by a first run.

Wall time is what the user waits for, from starting the process to its exit. The CPU time
the process used (user + system) is printed beside it: on a busy machine wall time grows
with the other load, CPU time much less, and the paired ratio corrects for the rest.

Run: .venv/bin/python bench/bench_cli.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_MS = 120.0
SCORE_BUDGET_MS = 150.0
LIBRARY_SETTLE_S = 2.1  # trainer.scenario.cache.SETTLE_S and a little
SCORE = [
    "score",
    "--scenario",
    "objection/too-expensive",
    "--text",
    "That's fair. Compared to what, another quote or the budget you set?",
]


def wall_ms(cmd: list[str], env: dict[str, str]) -> float:
    return timed(cmd, env)[0]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one run of `cmd`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    # BENCH_TRAINER: another build to compare (e.g. a script running an older checkout).
    trainer = os.environ.get("BENCH_TRAINER") or str(Path(sys.executable).parent / "trainer")
    # As installed: compiled modules are cached (pip writes them; so does the warm-up run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    home = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env |= {"TRAINER_DATA_DIR": str(home / "data"), "TRAINER_CONFIG_DIR": str(home / "config")}
    cases = {
        "--help": [trainer, "--help"],
        "--version": [trainer, "--version"],
        "drill --help": [trainer, "drill", "--help"],
        "score (1 answer)": [trainer, *SCORE],
    }
    for cmd in cases.values():  # warm the page cache, the bytecode and the library cache
        wall_ms(cmd, env)
    time.sleep(LIBRARY_SETTLE_S)  # files just written are not cached until they settle
    for cmd in cases.values():
        wall_ms(cmd, env)
    base: list[float] = []
    base_cpu: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):  # paired rounds: each command right after the reference
        wall, used = timed([sys.executable, "-c", "pass"], env)
        base.append(wall)
        base_cpu.append(used)
        for name, cmd in cases.items():
            wall, used = timed(cmd, env)
            times[name].append(wall)
            cpu[name].append(used)
    ref = statistics.median(base)
    print(
        f"{runs} rounds; python -c pass  median {ref:6.1f} ms (reference;"
        f" CPU {statistics.median(base_cpu):.0f} ms)"
    )
    for name, values in times.items():
        med = statistics.median(values)
        budget = SCORE_BUDGET_MS if name.startswith("score") else BUDGET_MS
        ratio = statistics.median(v / b for v, b in zip(values, base, strict=True))
        verdict = "ok" if med <= budget else "OVER BUDGET"
        print(
            f"trainer {name:16} median {med:6.1f} ms  budget {budget:.0f} ms  {verdict}"
            f"  ({ratio:.1f}x bare python, median of paired ratios;"
            f" CPU {statistics.median(cpu[name]):.0f} ms)"
        )


if __name__ == "__main__":
    main()
