"""Publishing scenario files to the team server, and the rep's local copy of what is
published (the library reads it as the "published" source, so drills work offline).

The copy holds each id's newest version as `<id>.yaml` (the id's `/` kept as folders), and
every version seen under `.versions/<id>@v<N>.yaml`, so an attempt stays explainable against
the version drilled (`trainer team audit` finds it by sha256). The folder is trainer's own:
files of ids no longer published are removed from it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.scenario.errors import ScenarioError
from trainer.scenario.loader import LoadedScenario
from trainer.store.plan_records import PublishedScenario

if TYPE_CHECKING:
    from trainer.scenario.library import Library
    from trainer.store.base import Store

VERSIONS = ".versions"


@dataclass(slots=True)
class Publication:
    path: Path
    scenario_id: str = ""
    version: int = 0
    published: bool = False  # False: that version was already there, unchanged
    errors: list[ScenarioError] = field(default_factory=list)


def check_file(path: Path, library: Library) -> LoadedScenario | list[ScenarioError]:
    """A scenario file as publishing sees it: valid against the library's techniques."""
    from trainer.scenario.loader import load_file

    return load_file(path, library.techniques, "user")


def publish_files(
    store: Store, files: list[Path], library: Library, by: str, draft: bool = False
) -> list[Publication]:
    """Check every file first; publish only when all are valid (nothing otherwise)."""
    checked: list[tuple[Publication, LoadedScenario]] = []
    results: list[Publication] = []
    for path in files:
        found = check_file(path, library)
        if isinstance(found, list):
            results.append(Publication(path, errors=found))
        else:
            result = Publication(path, found.id, found.scenario.version)
            results.append(result)
            checked.append((result, found))
    if any(r.errors for r in results):
        return results
    for result, loaded in checked:
        content = loaded.path.read_bytes()
        result.published = store.publish_scenario(
            PublishedScenario(
                scenario_id=loaded.id,
                version=loaded.scenario.version,
                sha256=hashlib.sha256(content).hexdigest(),
                title=loaded.scenario.title,
                content=content,
                published_by=by,
                draft=draft,
            )
        )
    return results


def _file_name(scenario_id: str) -> Path:
    parts = [p for p in scenario_id.split("/") if p not in ("", ".", "..")]
    return Path(*parts).with_suffix(".yaml") if parts else Path("unnamed.yaml")


def _write(target: Path, data: bytes) -> bool:
    """Write atomically; False when the file already holds these bytes."""
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def sync_published(store: Store, folder: Path) -> int:
    """Bring the local copy up to date with the server; returns how many files changed.
        Content whose hash does not match is skipped; a copy that does not load is shown by the
    library as a broken file, like any other (it never stops the rest loading)."""
    every = store.published_scenarios(latest_only=False)
    latest: dict[str, PublishedScenario] = {}
    for p in every:
        if p.scenario_id not in latest or p.version > latest[p.scenario_id].version:
            latest[p.scenario_id] = p
    changed = 0
    keep: set[Path] = set()
    for p in every:
        if hashlib.sha256(p.content).hexdigest() != p.sha256:
            continue
        name = _file_name(p.scenario_id)
        versioned = folder / VERSIONS / name.with_name(f"{name.stem}@v{p.version}.yaml")
        keep.add(versioned)
        changed += _write(versioned, p.content)
        if latest[p.scenario_id] is p:
            keep.add(folder / name)
            changed += _write(folder / name, p.content)
    if folder.is_dir():
        for old in folder.rglob("*.yaml"):
            if old not in keep:
                old.unlink(missing_ok=True)
                changed += 1
    return changed
