"""Benchmark: load and validate 1,000 scenario files (budget: 1 s on a 2-core machine).

Copies of the shipped scenarios (each with its own id) are written to a temporary folder
and loaded through the real library, techniques resolved. Also times every file of the
malformed corpus (target: none over 50 ms). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_load.py [--files 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "scenarios"
MALFORMED = REPO / "tests" / "scenario" / "malformed"


def make_copies(target: Path, count: int) -> int:
    sources = [
        p
        for p in sorted(SHIPPED.rglob("*.yaml"))
        if "techniques" not in p.relative_to(SHIPPED).parts
    ]
    if not sources:
        raise SystemExit("no shipped scenarios found")
    shutil.copytree(SHIPPED / "techniques", target / "techniques")
    total = 0
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        text = text.replace("\nid: ", f"\nid: bench-{i:04d}/", 1) if "\nid: " in text else text
        if text.startswith("id: "):
            text = f"id: bench-{i:04d}/" + text[4:]
        folder = target / f"group-{i // 100:02d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"s{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def bench_reference(folder: Path, repeat: int) -> list[float]:
    """The floor for any PyYAML-based loader: read every file and pull libyaml's events."""
    import yaml

    loader_class = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    files = sorted(folder.rglob("s*.yaml"))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in files:
            loader = loader_class(path.read_text(encoding="utf-8"))
            while not isinstance(loader.get_event(), yaml.StreamEndEvent):
                pass
            loader.dispose()
        times.append(time.perf_counter() - start)
    return times


def bench_library(folder: Path, repeat: int) -> tuple[list[float], int, int]:
    from trainer.scenario.library import load_library

    empty = folder.parent / "empty-shipped"
    empty.mkdir(exist_ok=True)
    times = []
    library = None
    for _ in range(repeat):
        start = time.perf_counter()
        library = load_library([folder], include_user=False, shipped_dir=empty)
        times.append(time.perf_counter() - start)
    assert library is not None
    return times, len(library.scenarios), len(library.errors())


def bench_corpus() -> list[tuple[float, str]]:
    from trainer.scenario.loader import load_file
    from trainer.scenario.techniques import read_technique_file

    defined, _ = read_technique_file(REPO / "tests" / "scenario" / "fixtures" / "techniques.yaml")
    techniques = {d.technique.name: d.technique for d in defined}
    results = []
    for path in sorted(MALFORMED.glob("*.yaml")):
        best = min(_timed(load_file, path, techniques) for _ in range(3))
        results.append((best, path.name))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "near-cap.yaml"
        big.write_text("tags: [" + ", ".join(["a"] * 9_500) + "]\n", encoding="utf-8")
        results.append((min(_timed(load_file, big, techniques) for _ in range(3)), big.name))
    return sorted(results, reverse=True)


def _timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import_start = time.perf_counter()
    import trainer.scenario.library  # noqa: F401

    import_s = time.perf_counter() - import_start
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib"
        folder.mkdir()
        size = make_copies(folder, args.files)
        times, loaded, errors = bench_library(folder, args.repeat)
        reference = bench_reference(folder, args.repeat)
    print(f"import trainer.scenario.library: {import_s * 1000:.0f} ms (once per process)")
    print(
        f"load + validate {args.files} files ({size / args.files / 1024:.1f} KiB average): "
        f"median {statistics.median(times):.3f} s, best {min(times):.3f} s "
        f"(budget 1 s) — {loaded} loaded, {errors} errors"
    )
    print(f"per file: {statistics.median(times) / args.files * 1000:.2f} ms")
    ratio = statistics.median(times) / statistics.median(reference)
    print(
        f"reference (read + libyaml events only): median {statistics.median(reference):.3f} s;"
        f" the loader takes {ratio:.1f}x that"
    )
    corpus = bench_corpus()
    print(
        f"malformed corpus: {len(corpus)} files, slowest {corpus[0][0] * 1000:.1f} ms"
        f" ({corpus[0][1]}), target ≤ 50 ms each"
    )
    for seconds, name in corpus[:3]:
        print(f"  {seconds * 1000:6.2f} ms  {name}")


if __name__ == "__main__":
    main()
