"""The terminal app: start to first frame, and typed answer to feedback on screen.

1. Start to Home with the rep's data settled (at most 1.5x a trivial Textual app's first
   frame as the median of per-round paired ratios, and ahead of smassh's first frame; 650 ms
   median on an idle machine): each app runs in a pseudo-terminal (80x24), the three in turn
   in each round; trainer opens on a log of 2,000 drills (bench/seed_log.py) and its clock
   stops when Home's last data (the scenario library's suggestions) reach the terminal.
   smassh 3.2.1, a Textual typing app, is installed on first use into bench/out/smassh-venv
   (from the package index; when it cannot be installed the bench says so and goes on).
2. Typed answer -> feedback on screen (budget 50 ms): in-process, headless; the drill screen
   measures from the enter key to the refresh that shows the feedback (scoring, the durable
   log write and the layout included).

3. Memory without speech (budget 150 MB peak RSS): the real `trainer` visits every place and
   drills once; pass a big log (e.g. one made by bench_store.py --keep) as the second argument.

Run: .venv/bin/python bench/bench_tui.py [runs] [log.sqlite3] [--frame-only]
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import math
import os
import pty
import random
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

FRAME_BUDGET_MS = 650.0
FRAME_RATIO_BUDGET = 1.5
FEEDBACK_BUDGET_MS = 50.0
MEMORY_BUDGET_MB = 150.0
COLS, ROWS = 80, 24
SMASSH = "smassh==3.2.1"
PIP_QUIET = ["--disable-pip-version-check"]
# The 200 words smassh would otherwise download on its first start (its "english" pack).
SMASSH_WORDS = """
the be of and a to in he have it that for they with as not on she at by this we you do but
from or which one would all will there say who make when can more if no man out other so
what time up go about than into could state only new year some take come these know see use
get like then first any work now may such give over think most even find day also after way
many must look before great back through long where much should well people down own just
because good each those feel seem how high too place little world very still nation hand old
life tell write become here show house both between need mean call develop under last right
move thing general school never same another begin while number part turn real leave might
want point form off child few small since against ask late home interest large person end
open public follow during present without again hold govern around possible head consider
word program problem however lead system set order eye plan run keep face fact group play
stand increase early course change help line
"""

TRIVIAL_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Trivial(App):
    def compose(self):
        yield Static("trivial app ready")
        yield Footer()

Trivial().run()
"""


def run_in_pty(cmd: list[str], markers: Sequence[bytes], env: dict[str, str]) -> dict[bytes, float]:
    """Spawn `cmd` on a pty (100x30) and time, from the fork, when each marker first appears
    in what it writes; stops once all have appeared (or after 20 s: the missing ones are
    left out)."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    seen = b""
    found: dict[bytes, float] = {}
    try:
        while len(found) < len(markers) and time.perf_counter() - start < 20:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            now = (time.perf_counter() - start) * 1000
            for marker in markers:
                if marker not in found and marker in seen:
                    found[marker] = now
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return found


@dataclass(frozen=True, slots=True)
class Contender:
    name: str
    cmd: list[str]
    marker: bytes  # on screen when what the user waits for is there
    env: dict[str, str]


def seeded_home(attempts: int = 2000) -> tuple[dict[str, str], list[bytes]]:
    """A rep (Bench) with a practice log of `attempts` drills (bench/seed_log.py): the
    environment that starts `trainer` on it, and what Home shows once settled: the goal
    card's figures (the log) and the top suggestion's reason (the log and the library)."""
    from datetime import UTC, datetime

    from seed_log import seed

    from trainer.drill.selection import next_drills
    from trainer.scenario.library import load_library
    from trainer.store.sqlite import SQLiteStore

    home = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    (home / "config").mkdir()
    (home / "config" / "settings.toml").write_text('rep = "Bench"\n', encoding="utf-8")
    log = home / "log.sqlite3"
    seeded = seed(log, attempts, rep="Bench")
    store = SQLiteStore(log)
    try:
        library = load_library(include_user=False)
        top = next_drills(library, store.scenario_summary("Bench"), datetime.now(UTC))[0]
    finally:
        store.close()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "TRAINER_DATA_DIR": str(home / "data"),
        "TRAINER_CONFIG_DIR": str(home / "config"),
        "COLUMNS": str(COLS),
        "LINES": str(ROWS),
        "TRAINER_DATABASE_URL": str(log),
    }
    return env, [seeded.today_line.encode(), top.reason.encode()]


def smassh(out: Path) -> Contender | str:
    """smassh 3.2.1 (a Textual typing app) in its own venv under bench/out/, installed on
    first use from the package index; a reason string when it cannot be had."""
    venv = out / "smassh-venv"
    exe = venv / "bin" / "smassh"
    if not exe.exists():
        print("installing smassh==3.2.1 into bench/out/smassh-venv (once)...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *PIP_QUIET, SMASSH],
                check=True,
                timeout=600,
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            shutil.rmtree(venv, ignore_errors=True)
            detail = getattr(exc, "stderr", b"") or b""
            last = detail.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            return f"cannot install {SMASSH}: {last[0]}"
    # smassh downloads its word list on first start; an offline machine gets one here.
    home = Path(tempfile.mkdtemp(prefix="bench-smassh-"))
    languages = home / "data" / "smassh" / "languages"
    languages.mkdir(parents=True)
    (languages / "english.json").write_text(
        json.dumps({"name": "english", "words": SMASSH_WORDS.split()}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "COLUMNS": str(COLS),
        "LINES": str(ROWS),
    }
    return Contender("smassh", [str(exe)], b"0/30", env)  # its word counter, first frame


def bench_first_frame(runs: int) -> None:
    """Home with the rep's data settled (not the empty first frame) against a trivial
    Textual app's first frame and smassh's, all started in turn in each round (in a shuffled
    order): the verdict is the median of the per-round ratios, so that machine noise (a busy
    neighbour) hits both sides of a ratio."""
    env, settled = seeded_home()
    # BENCH_TRAINER: another build to compare (e.g. a script running an older checkout).
    trainer = os.environ.get("BENCH_TRAINER") or str(Path(sys.executable).parent / "trainer")
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    trivial = Contender("trivial", [sys.executable, "-c", TRIVIAL_APP], b"trivial app ready", env)
    other = smassh(out)
    contenders = [trivial] + ([other] if isinstance(other, Contender) else [])
    for e in (env, *(c.env for c in contenders)):
        e.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are cached
    first_text = b"Library"  # the nav bar: trainer's first frame
    ours = [trainer]  # bare `trainer`, as a rep starts it
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    times |= {"first": [], "figures": [], "settled": []}
    for c in contenders:  # warm the page cache
        run_in_pty(c.cmd, [c.marker], c.env)
    run_in_pty(ours, settled, env)
    order = random.Random(1)
    for _ in range(runs):  # paired rounds
        jobs: list[Contender | None] = [*contenders, None]
        order.shuffle(jobs)
        for job in jobs:
            if job is None:
                seen = run_in_pty(ours, [first_text, *settled], env)
                times["first"].append(seen.get(first_text, math.nan))
                times["figures"].append(seen.get(settled[0], math.nan))
                times["settled"].append(max(seen.get(m, math.nan) for m in settled))
            else:
                times[job.name].append(
                    run_in_pty(job.cmd, [job.marker], job.env).get(job.marker, math.nan)
                )

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{runs} paired rounds in a pty at {COLS}x{ROWS}; log: 2,000 drills (bench/seed_log.py)")
    print(f"  trivial Textual app, first frame     median {med['trivial']:6.1f} ms (reference)")
    if "smassh" in times:
        print(
            f"  smassh 3.2.1, first frame            median {med['smassh']:6.1f} ms"
            f"  {ratio('smassh', 'trivial'):.2f}x trivial"
        )
    else:
        print(f"  smassh: not measured ({other})")
    for key, label in (
        ("first", "trainer first frame (empty Home)"),
        ("figures", "trainer Home's figures (the log)"),
    ):
        print(f"  {label:37}median {med[key]:6.1f} ms  {ratio(key, 'trivial'):.2f}x trivial")
    settled_ratio = ratio("settled", "trivial")
    verdict = "ok" if settled_ratio <= FRAME_RATIO_BUDGET else "OVER BUDGET"
    print(
        f"  trainer Home with data settled       median {med['settled']:6.1f} ms"
        f"  {settled_ratio:.2f}x trivial (budget {FRAME_RATIO_BUDGET}x)  {verdict}"
    )
    if "smassh" in times:
        vs = ratio("settled", "smassh")
        print(
            f"  trainer Home settled / smassh first frame: {vs:.2f}x"
            f"  {'ahead of smassh' if vs < 1 else 'BEHIND smassh'}"
        )
    over = "ok" if med["settled"] <= FRAME_BUDGET_MS else "over"
    print(
        f"  (absolute: settled median {med['settled']:.0f} ms,"
        f" budget {FRAME_BUDGET_MS:.0f} ms on an idle machine: {over})"
    )


async def _feedback_times(runs: int) -> list[float]:
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.drill import DrillScreen

    home = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    (home / "config").mkdir()
    (home / "config" / "settings.toml").write_text('rep = "Bench"\n', encoding="utf-8")
    os.environ["TRAINER_DATA_DIR"] = str(home / "data")
    os.environ["TRAINER_CONFIG_DIR"] = str(home / "config")
    app = TrainerApp(db=str(home / "bench.sqlite3"), seed=1)
    answer = "That's fair. What are you comparing it to, another quote or the budget you set?"
    times: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.ready:
            await pilot.pause(0.05)
        app.start_drilling("objection/too-expensive")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        for _ in range(runs):
            await pilot.press("T")
            app.focused.insert(answer[1:])  # type: ignore[union-attr]
            screen.last_feedback_ms = None
            await pilot.press("enter")
            while screen.last_feedback_ms is None:
                await pilot.pause(0.005)
            times.append(screen.last_feedback_ms)
            await pilot.press("ctrl+r")  # answer the same line again next round
            await app.workers.wait_for_complete()
            await pilot.pause(0.02)
    return times


def bench_feedback(runs: int) -> None:
    times = asyncio.run(_feedback_times(runs))
    med = statistics.median(times)
    verdict = "ok" if med <= FEEDBACK_BUDGET_MS else "OVER BUDGET"
    print(
        f"typed answer -> feedback on screen  first {times[0]:5.1f} ms  median {med:5.1f} ms"
        f"  max {max(times):5.1f} ms"
        f"  budget {FEEDBACK_BUDGET_MS:.0f} ms  {verdict}  ({len(times)} answers)"
    )


def bench_memory(log: str | None) -> None:
    """Peak RSS of the real `trainer` (no speech) after visiting every place and drilling."""
    home = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    (home / "config").mkdir()
    (home / "config" / "settings.toml").write_text('rep = "rep03"\n', encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "TRAINER_DATA_DIR": str(home / "data"),
        "TRAINER_CONFIG_DIR": str(home / "config"),
        "TRAINER_DATABASE_URL": log or str(home / "bench.sqlite3"),
    }
    pid, fd = pty.fork()
    if pid == 0:
        trainer = str(Path(sys.executable).parent / "trainer")
        os.execvpe(trainer, [trainer], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def drain(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 65536)

    try:
        drain(4)  # start-up and loading
        for key in (b"2", b"3", b"4", b"1", b"n"):  # every place, then drill the suggestion
            os.write(fd, key)
            drain(1.5)
        os.write(fd, b"That's fair. What are you comparing it to?\r")
        drain(2)
        status = Path(f"/proc/{pid}/status").read_text()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    fields = {
        line.split(":")[0]: line.split()[1]
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }
    peak = int(fields["VmHWM"]) / 1024
    verdict = "ok" if peak <= MEMORY_BUDGET_MB else "OVER BUDGET"
    what = f"log {Path(log).name}" if log else "a new log"
    print(
        f"memory without speech ({what}): peak RSS {peak:5.0f} MB, now "
        f"{int(fields['VmRSS']) / 1024:5.0f} MB  budget {MEMORY_BUDGET_MB:.0f} MB  {verdict}"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 9
    bench_first_frame(runs)
    if "--frame-only" in sys.argv:
        return
    bench_feedback(max(runs, 20))
    bench_memory(args[1] if len(args) > 1 else None)


if __name__ == "__main__":
    main()
