"""The terminal app: start to first frame, and typed answer to feedback on screen.

1. Start to Home with the rep's data on screen (budget 650 ms median, and at most 1.5x a
   trivial Textual app's first frame as the median of per-round paired ratios): each app runs
   in a pseudo-terminal (100x30); the clock stops when Home's figures reach the terminal.
2. Typed answer -> feedback on screen (budget 50 ms): in-process, headless; the drill screen
   measures from the enter key to the refresh that shows the feedback (scoring, the durable
   log write and the layout included).

3. Memory without speech (budget 150 MB peak RSS): the real `trainer` visits every place and
   drills once; pass a big log (e.g. one made by bench_store.py --keep) as the second argument.

Run: .venv/bin/python bench/bench_tui.py [runs] [log.sqlite3]
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

FRAME_BUDGET_MS = 650.0
FRAME_RATIO_BUDGET = 1.5
FEEDBACK_BUDGET_MS = 50.0
MEMORY_BUDGET_MB = 150.0

TRIVIAL_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Trivial(App):
    def compose(self):
        yield Static("trivial app ready")
        yield Footer()

Trivial().run()
"""


def first_frame_ms(cmd: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Spawn `cmd` on a pty and time until `marker` appears in what it writes."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execvpe(cmd[0], cmd, env)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < 20:
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
            if marker in seen:
                elapsed = (time.perf_counter() - start) * 1000
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed


def bench_first_frame(runs: int) -> None:
    """Home with the rep's data on screen (not the empty first frame), against a trivial
    Textual app's first frame, started in turn in each round: the verdict is the median of the
    per-round ratios, so that machine noise (a busy neighbour) hits both sides of a ratio."""
    home = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    (home / "config").mkdir()
    (home / "config" / "settings.toml").write_text('rep = "Bench"\n', encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "TRAINER_DATA_DIR": str(home / "data"),
        "TRAINER_CONFIG_DIR": str(home / "config"),
        "COLUMNS": "100",
        "LINES": "30",
        "TRAINER_DATABASE_URL": str(home / "bench.sqlite3"),
    }
    # BENCH_TRAINER: another build to compare (e.g. a script running an older checkout).
    trainer = os.environ.get("BENCH_TRAINER") or str(Path(sys.executable).parent / "trainer")
    # The rep's data: one drill today with one answer (Home then says "1 drill · 1 answer").
    subprocess.run(
        [trainer, "drill", "objection/too-expensive", "--plain", "--seed", "1"],
        input="That's fair. Compared to what?\n/end\n",
        text=True,
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    trivial = [sys.executable, "-c", TRIVIAL_APP]
    ours = [trainer]  # bare `trainer`, as a rep starts it
    data = b"1 answer"  # Home's goal card, drawn once the log has been read
    first_frame_ms(ours, data, env)  # warm the page cache
    first_frame_ms(trivial, b"trivial app ready", env)
    base, app, first, ratios = [], [], [], []
    for _ in range(runs):  # paired rounds
        b = first_frame_ms(trivial, b"trivial app ready", env)
        a = first_frame_ms(ours, data, env)
        f = first_frame_ms(ours, b"Library", env)  # the first frame alone, for reference
        base.append(b)
        app.append(a)
        first.append(f)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    med = statistics.median(app)
    verdict = "ok" if med <= FRAME_BUDGET_MS and ratio <= FRAME_RATIO_BUDGET else "OVER BUDGET"
    print(f"trivial Textual app  first frame median {statistics.median(base):6.1f} ms (reference)")
    print(f"trainer first frame (empty Home)   median {statistics.median(first):6.1f} ms")
    print(
        f"trainer Home with data on screen   median {med:6.1f} ms  budget "
        f"{FRAME_BUDGET_MS:.0f} ms and {FRAME_RATIO_BUDGET}x reference  ->  median of "
        f"{runs} paired ratios {ratio:.2f}x  {verdict}"
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
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    bench_first_frame(runs)
    if "--frame-only" in sys.argv:
        return
    bench_feedback(max(runs, 20))
    bench_memory(sys.argv[2] if len(sys.argv) > 2 else None)


if __name__ == "__main__":
    main()
