"""Where the app's start-up time goes: a timeline from the process start to Home with the
rep's data settled, in a pseudo-terminal at 100x30, on a seeded log of 2,000 drills.

The app runs unchanged, in its launch order; a small driver marks when its start-up steps
begin and end (the imports, as the app makes them; Home's data arriving from the prefetch
child, trainer.tui.prefetch; each worker: settings, the log, the library, Home's queries;
each frame written). Prints the median time of each mark over the runs, from the fork; the
CPU column is the app's process alone (the prefetch child runs on another core).

Run: .venv/bin/python bench/startup_timeline.py [runs]
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_tui import TRIVIAL_APP, run_in_pty, seeded_home

DRIVER = r"""
import functools, json, os, sys, threading, time
EVENTS = open(os.environ["TIMELINE_OUT"], "a", buffering=1)

def mark(name):
    EVENTS.write(json.dumps([name, time.time(), time.process_time()]) + "\n")

mark("python: interpreter up")

def timed(owner, attr, label):
    fn = getattr(owner, attr)
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        mark(label + " start")
        try:
            return fn(*args, **kwargs)
        finally:
            mark(label + " end")
    setattr(owner, attr, wrapper)

import importlib.abc, importlib.machinery

class AfterImport(importlib.abc.MetaPathFinder):
    # Patch Textual's app and ours when the app imports them (the launch order stays:
    # trainer.launch may start work before Textual is imported).
    def find_spec(self, name, path, target=None):
        if name not in ("textual.app", "trainer.tui.app", "trainer.tui.screens.home"):
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            mark("import " + name)
            PATCH[name](module)
        spec.loader.exec_module = exec_module
        return spec

import importlib.util
frames = [0]

def patch_textual(module):
    display = module.App._display
    def _display(self, screen, renderable):
        display(self, screen, renderable)
        frames[0] += 1
        if frames[0] <= 8:
            mark(f"frame {frames[0]} written")
    module.App._display = _display

def patch_app(module):
    TrainerApp = module.TrainerApp
    for attr, label in [("_boot", "worker: settings"), ("_open_store", "worker: open log"),
                        ("_load_library", "worker: library"), ("on_mount", "app on_mount"),
                        ("_start_loading", "app: start loading"),
                        ("on_settings_loaded", "ui: settings in"),
                        ("on_store_opened", "ui: log in"), ("on_library_loaded", "ui: library in"),
                        ("on_home_prefetched", "ui: prefetched in")]:
        if hasattr(TrainerApp, attr):
            timed(TrainerApp, attr, label)

def patch_home(module):
    timed(module.HomeScreen, "fetch", "worker: Home fetch")
    timed(module.HomeScreen, "show", "ui: Home show")

PATCH = {"textual.app": patch_textual, "trainer.tui.app": patch_app,
         "trainer.tui.screens.home": patch_home}
sys.meta_path.insert(0, AfterImport())
from trainer.launch import main
sys.argv = ["trainer"]
main()
"""


REFERENCE = r"""
import json, os, time
EVENTS = open(os.environ["TIMELINE_OUT"], "a", buffering=1)

def mark(name):
    EVENTS.write(json.dumps([name, time.time(), time.process_time()]) + "\n")

mark("trivial app: interpreter up")
import textual.app
mark("trivial app: import textual.app")
display = textual.app.App._display
def _display(self, screen, renderable):
    display(self, screen, renderable)
    mark("trivial app: first frame written")
textual.app.App._display = _display
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    env, settled = seeded_home()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are cached
    marks: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    seen_at: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs + 1):  # the first run warms the page cache
        out = Path(tempfile.mkstemp(prefix="timeline-", suffix=".jsonl")[1])
        run_env = {**env, "TIMELINE_OUT": str(out)}
        t0 = time.time()
        run_in_pty([sys.executable, "-c", REFERENCE + TRIVIAL_APP], [b"ready"], run_env)
        t1 = time.time()
        seen = run_in_pty([sys.executable, "-c", DRIVER], settled, run_env)
        time.sleep(0.05)
        events = [json.loads(line) for line in out.read_text().splitlines()]
        out.unlink()
        if _ == 0:
            continue
        first: dict[str, tuple[float, float]] = {}
        for name, at, cpu in events:
            since = t0 if name.startswith("trivial") else t1
            first.setdefault(name, ((at - since) * 1000, cpu * 1000))
        for name, (ms, cpu) in first.items():
            marks[name].append(ms)
            cpus[name].append(cpu)
        for marker, ms in seen.items():
            seen_at[marker].append(ms)
    rows = [(statistics.median(v), statistics.median(cpus[k]), k) for k, v in marks.items()]
    rows += [
        (statistics.median(v), math.nan, f"on screen: {k.decode()}") for k, v in seen_at.items()
    ]
    print(f"start-up timeline, median of {runs} runs")
    print("    wall ms  CPU ms (the app's process, all threads)")
    for ms, cpu, name in sorted(rows):
        print(f"{ms:10.1f} {cpu:7.1f}  {name}")


if __name__ == "__main__":
    main()
