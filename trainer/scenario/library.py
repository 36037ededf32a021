"""The scenario library: shipped scenarios plus the user's folders, merged and checked.

Folders are read in order: shipped, the local copy of the team server's published
scenarios (`published/` in the data folder, kept by `trainer.store.published`), the user
data folder, TRAINER_SCENARIOS entries, then
`--scenarios` folders. Each folder may hold a `techniques/` subfolder of technique files;
every other `*.yaml` / `*.yml` below it is a scenario. Only regular files are read: a FIFO,
a device, a folder named `x.yaml`, a link that loops or leads out of the folder, or an
unreadable file or folder is listed in `broken` with the reason (see `files.skip_reason`).
A scenario id or technique name defined twice is reported (the first definition is kept),
never silently shadowed. A bad file is listed in `broken` with its errors; loading never
raises because of a file.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.scenario.errors import BrokenFile, ScenarioError, ScenarioNotFound
from trainer.scenario.files import os_reason, skip_reason
from trainer.scenario.loader import LoadedScenario, Source, load_file
from trainer.scenario.models import Technique

if TYPE_CHECKING:
    from trainer.scenario.techniques import DefinedTechnique

SUFFIXES = (".yaml", ".yml")
TECHNIQUES_DIR = "techniques"

__all__ = [
    "BrokenFile",
    "Library",
    "LoadedScenario",
    "ScenarioError",
    "ScenarioNotFound",
    "ScenarioRoot",
    "library_stamp",
    "load_file",
    "load_library",
    "scenario_roots",
]


@dataclass(frozen=True, slots=True)
class ScenarioRoot:
    path: Path
    source: Source
    required: bool  # a folder the user named: report it when missing


@dataclass(slots=True)
class Library:
    scenarios: dict[str, LoadedScenario] = field(default_factory=dict)
    techniques: dict[str, Technique] = field(default_factory=dict)
    technique_files: dict[str, Path] = field(default_factory=dict)
    broken: list[BrokenFile] = field(default_factory=list)
    duplicates: list[ScenarioError] = field(default_factory=list)
    roots: list[ScenarioRoot] = field(default_factory=list)

    def get(self, scenario_id: str) -> LoadedScenario:
        """The scenario with this id; ScenarioNotFound (suggesting close ids) otherwise."""
        found = self.scenarios.get(scenario_id)
        if found is None:
            raise ScenarioNotFound(scenario_id, self.suggest(scenario_id))
        return found

    def suggest(self, scenario_id: str, n: int = 3) -> list[str]:
        ids = sorted(self.scenarios)
        by_tail = [i for i in ids if i.rsplit("/", 1)[-1] == scenario_id.rsplit("/", 1)[-1]]
        import difflib

        close = difflib.get_close_matches(scenario_id, ids, n=n, cutoff=0.6)
        return list(dict.fromkeys(by_tail + close))[:n]

    def errors(self) -> list[ScenarioError]:
        """Every error: broken files and ids or names defined twice."""
        found = [e for b in self.broken for e in b.errors] + self.duplicates
        return sorted(found, key=ScenarioError.sort_key)

    def warnings(self) -> list[ScenarioError]:
        found = [w for s in self.scenarios.values() for w in s.warnings]
        return sorted(found, key=ScenarioError.sort_key)


def scenario_roots(
    extra_dirs: list[Path] | None = None,
    include_user: bool = True,
    *,
    shipped_dir: Path | None = None,
) -> list[ScenarioRoot]:
    """The folders the library reads, in order, without repeats."""
    from trainer import paths

    shipped = shipped_dir if shipped_dir is not None else paths.shipped_scenarios_dir()
    roots = [ScenarioRoot(shipped, "shipped", True)]
    if include_user:
        # The team server's published scenarios, as last copied (trainer.store.published).
        roots.append(ScenarioRoot(paths.published_scenarios_dir(), "published", False))
        user = paths.user_scenario_dirs()
        roots += [ScenarioRoot(p, "user", i > 0) for i, p in enumerate(user)]
    roots += [ScenarioRoot(Path(p), "user", True) for p in extra_dirs or []]
    unique: dict[Path, ScenarioRoot] = {}
    for root in roots:
        unique.setdefault(_resolved(root.path), root)
    return list(unique.values())


def load_library(
    extra_dirs: list[Path] | None = None,
    include_user: bool = True,
    *,
    shipped_dir: Path | None = None,
    cache: bool = True,
) -> Library:
    """Read every scenario folder; never raises because of a bad file or folder.

    The checked library is kept in a cache (trainer.scenario.cache) and read back while no
    scenario file has changed; `cache=False` reads the files whatever the cache holds.
    `shipped_dir` replaces the shipped library (tests and benchmarks use it).
    """
    roots = scenario_roots(extra_dirs, include_user, shipped_dir=shipped_dir)
    # Loading makes many small objects and few cycles: pausing the cyclic collector while
    # reading saves about a third of the time on a large library.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if not cache:
            return _load(roots)
        from trainer.scenario.cache import cached_library

        return cached_library(roots, lambda: _load(roots))
    finally:
        if was_enabled:
            gc.enable()


def _load(roots: list[ScenarioRoot]) -> Library:
    library = Library(roots=roots)
    present = []
    for root in library.roots:
        if root.path.is_dir():
            present.append(root)
        elif root.required:
            error = ScenarioError(root.path, 1, 1, "", "scenario folder not found")
            library.broken.append(BrokenFile(root.path, (error,)))
    defined: dict[str, DefinedTechnique] = {}
    # A folder given twice, or one inside another (`test-scenarios scenarios/objections`),
    # reads each file once: the same file is not a second definition of its id.
    seen: set[Path] = set()
    for root in present:
        for path in _unseen(technique_files(root.path), seen):
            reason = skip_reason(path, root.path)
            if reason is not None:
                _add_skipped(library, path, reason)
                continue
            _add_techniques(library, defined, path)
    for root in present:
        folder_problems: list[ScenarioError] = []
        for path in _unseen(scenario_files(root.path, folder_problems), seen):
            reason = skip_reason(path, root.path)
            if reason is not None:
                _add_skipped(library, path, reason)
                continue
            _add_scenario(library, load_file(path, library.techniques, root.source))
        for problem in folder_problems:
            library.broken.append(BrokenFile(problem.path, (problem,)))
    return library


def _add_skipped(library: Library, path: Path, reason: str) -> None:
    library.broken.append(BrokenFile(path, (ScenarioError(path, 1, 1, "", reason),)))


def _unseen(paths: Iterable[Path], seen: set[Path]) -> list[Path]:
    fresh = []
    for path in paths:
        key = _resolved(path)
        if key not in seen:
            seen.add(key)
            fresh.append(path)
    return fresh


def technique_files(root: Path) -> list[Path]:
    """Every `*.yaml` entry in `root/techniques/` (`skip_reason` tells which to read)."""
    folder = root / TECHNIQUES_DIR
    try:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if _is_yaml(p.name))
    except OSError:
        return []


def scenario_files(root: Path, problems: list[ScenarioError] | None = None) -> Iterator[Path]:
    """Every `*.yaml` / `*.yml` entry under `root` (not its techniques/ folder, nor hidden
    ones), sorted: files, and also links and folders so named, which `skip_reason` reports.
    A folder that cannot be read is added to `problems` when given."""

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            where = Path(exc.filename) if exc.filename else root
            message = f"cannot read the folder: {os_reason(exc)}"
            problems.append(ScenarioError(where, 1, 1, "", message))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        keep = []
        for d in sorted(dirs):
            if d.startswith(".") or (here == root and d == TECHNIQUES_DIR):
                continue
            if _is_yaml(d):
                yield here / d  # a folder (or a link to one) named like a scenario file
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            if _is_yaml(name):
                yield here / name


def _add_techniques(library: Library, defined: dict[str, DefinedTechnique], path: Path) -> None:
    from trainer.scenario.techniques import read_technique_file

    found, errors = read_technique_file(path)
    if errors:
        library.broken.append(BrokenFile(path, tuple(errors)))
        return
    for entry in found:
        name = entry.technique.name
        first = defined.get(name)
        if first is not None:
            library.duplicates.append(
                ScenarioError(
                    entry.path,
                    entry.line,
                    entry.col,
                    "name",
                    f"technique {name!r} is already defined in {first.path}:{first.line};"
                    " this one is ignored — rename it",
                )
            )
            continue
        defined[name] = entry
        library.techniques[name] = entry.technique
        library.technique_files[name] = path


def _add_scenario(library: Library, result: LoadedScenario | list[ScenarioError]) -> None:
    if isinstance(result, list):
        path = result[0].path if result else Path("?")
        library.broken.append(BrokenFile(path, tuple(result)))
        return
    first = library.scenarios.get(result.id)
    if first is None:
        library.scenarios[result.id] = result
        return
    line, col = result.position("id")
    library.duplicates.append(
        ScenarioError(
            result.path,
            line,
            col,
            "id",
            f"scenario id {result.id!r} is already defined in {first.path};"
            " this file is ignored — give it another id",
        )
    )


def _is_yaml(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11)
        return path.absolute()


FileStamp = tuple[str, int, int]  # path, modification time (ns), size


def library_stamp(roots: Iterable[ScenarioRoot]) -> frozenset[FileStamp]:
    """What the library was read from, cheaply: every scenario and technique file's path,
    modification time and size. A running app compares stamps to notice new, changed and
    removed files (and folders that appear or go) without reading any file."""
    stamps: set[FileStamp] = set()
    for root in roots:
        if not root.path.is_dir():
            stamps.add((str(root.path), -1, -1))
            continue
        for path in [*technique_files(root.path), *scenario_files(root.path)]:
            try:
                st = path.stat()
            except OSError:
                stamps.add((str(path), -1, -1))
                continue
            stamps.add((str(path), st.st_mtime_ns, st.st_size))
    return frozenset(stamps)
