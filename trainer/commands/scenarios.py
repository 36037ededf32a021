"""Scenario commands: list, validate, schema, test-scenarios."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trainer.commands.common import echo, fail
from trainer.exits import USAGE
from trainer.words import kind_id, kind_typed, kind_word, plural

if TYPE_CHECKING:
    from trainer.scenario.errors import ScenarioError
    from trainer.scenario.library import Library
    from trainer.scenario.loader import LoadedScenario

PATHS = click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(path_type=Path))


def register(group: click.Group) -> None:
    """Add this module's commands to the `trainer` group."""
    for command in (list_command, validate_command, schema_command, test_scenarios_command):
        group.add_command(command)


# -- list ----------------------------------------------------------------------------------------


@click.command("list")
@click.option(
    "--kind",
    help="Only this kind: cold-call, gatekeeper, objection, follow-up, "
    "discovery, inbound or voicemail.",
)
@click.option("--techniques", is_flag=True, help="List the technique library instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def list_command(ctx: click.Context, kind: str | None, techniques: bool, as_json: bool) -> None:
    """Show the scenario library: id, kind, difficulty and title."""
    library = _library(ctx)
    if techniques:
        _list_techniques(library, as_json)
    else:
        rows = sorted(library.scenarios.values(), key=lambda s: s.id)
        if kind:
            from trainer.scenario.models import Kind

            wanted = kind_id(kind)
            if wanted not in {k.value for k in Kind}:
                fail(
                    f"no kind called {kind!r}; kinds: "
                    + ", ".join(kind_typed(k.value) for k in Kind)
                    + ".",
                    code=USAGE,
                )
            rows = [s for s in rows if s.scenario.kind.value == wanted]
        if as_json:
            items = [
                {
                    "id": s.id,
                    "kind": s.scenario.kind.value,
                    "difficulty": s.scenario.difficulty,
                    "title": s.scenario.title,
                    "source": s.source,
                    "path": str(s.path),
                }
                for s in rows
            ]
            _print_json(items)
        elif not rows:
            echo("No scenarios found." if not kind else f"No {kind_word(kind_id(kind))} scenarios.")
        else:
            _table(
                ["ID", "KIND", "DIFF", "TITLE"],
                [
                    [
                        s.id + {"user": " (user)", "published": " (team)"}.get(s.source, ""),
                        kind_word(s.scenario.kind.value),
                        str(s.scenario.difficulty),
                        s.scenario.title,
                    ]
                    for s in rows
                ],
            )
    if library.broken or library.duplicates:
        count = len(library.broken) + len(library.duplicates)
        click.echo(
            f"{plural(count, 'scenario file problem')}: run `trainer validate` to see them.",
            err=True,
        )


def _list_techniques(library: Library, as_json: bool) -> None:
    names = sorted(library.techniques)
    if as_json:
        items = [
            {
                "name": n,
                "label": library.techniques[n].label,
                "description": library.techniques[n].description,
                "path": str(library.technique_files[n]),
            }
            for n in names
        ]
        _print_json(items)
    elif not names:
        click.echo("No techniques found.")
    else:
        _table(["NAME", "DESCRIPTION"], [[n, library.techniques[n].description] for n in names])


def _print_json(items: Sequence[Mapping[str, object]]) -> None:
    from trainer.safe_text import json_dumps

    click.echo(json_dumps(items, indent=2))


def _table(header: list[str], rows: list[list[str]]) -> None:
    from trainer.safe_text import one_line

    rows = [[one_line(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[-1]]).rstrip())


# -- validate ------------------------------------------------------------------------------------


@click.command("validate")
@PATHS
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...], strict: bool) -> None:
    """Check scenario and technique files; print every error as FILE:LINE:COL: FIELD: MESSAGE.

    With no PATH, checks the whole library (shipped and user folders). A PATH may be a
    scenario file, a technique file (inside a `techniques/` folder) or a folder. Exits 1
    when any error is found.
    """
    checked, problems = _check(ctx, paths)
    errors = [p for p in problems if p.is_error or strict]
    for problem in problems:
        echo(str(problem))
    warnings = len(problems) - len([p for p in problems if p.is_error])
    summary = f"Checked {plural(checked, 'file')}: {plural(len(errors), 'error')}"
    if warnings and not strict:
        summary += f", {plural(warnings, 'warning')}"
    click.echo(summary + ".", err=True)
    if errors:
        ctx.exit(1)


def _check(ctx: click.Context, paths: tuple[Path, ...]) -> tuple[int, list[ScenarioError]]:
    """How many files were checked, and every error and warning in them."""
    from trainer.scenario.errors import ScenarioError
    from trainer.scenario.library import scenario_files, technique_files
    from trainer.scenario.loader import load_file
    from trainer.scenario.techniques import read_technique_file

    missing = [p for p in paths if not os.path.lexists(p)]
    dirs = [p for p in paths if _is_dir(p)]
    library = _library(ctx, dirs)
    problems = [ScenarioError(p, 1, 1, "", "no such file or folder") for p in missing]
    if not paths:
        files = {_key(f) for b in library.broken for f in [b.path]}
        files |= {_key(s.path) for s in library.scenarios.values()}
        files |= {_key(p) for p in library.technique_files.values()}
        return len(files), problems + library.errors() + library.warnings()
    targets: dict[Path, Path] = {}
    for d in dirs:
        found = [*scenario_files(d), *technique_files(d)]
        for f in found:
            targets[_key(f)] = f
        if not found:
            problems.append(ScenarioError(d, 1, 1, "", _nothing_here(d)))
    loaded_by_library = {_key(s.path) for s in library.scenarios.values()}
    loaded_by_library |= {_key(b.path) for b in library.broken}
    loaded_by_library |= {_key(p) for p in library.technique_files.values()}
    named: dict[str, Path] = {}  # scenario id → the first file named on the command line
    for f in paths:
        if f in missing or f in dirs:
            continue
        targets[_key(f)] = f
        if _key(f) in loaded_by_library:
            loaded = next((s for s in library.scenarios.values() if _key(s.path) == _key(f)), None)
            if loaded is not None:
                named.setdefault(loaded.id, f)
            continue
        if f.parent.name == "techniques":
            problems += read_technique_file(f)[1]
            continue
        result = load_file(f, library.techniques)
        if isinstance(result, list):
            problems += result
            continue
        problems += result.warnings
        first_path = named.get(result.id)
        first = library.scenarios.get(result.id)
        if first_path is None and first is not None:
            first_path = first.path
        if first_path is not None and _key(first_path) != _key(f):
            line, col = result.position("id")
            problems.append(
                ScenarioError(
                    f,
                    line,
                    col,
                    "id",
                    f"scenario id {result.id!r} is already defined in {first_path};"
                    " give it another id",
                )
            )
        else:
            named[result.id] = f
    in_library = library.errors() + library.warnings()
    folders = [_key(d) for d in dirs]
    problems += [
        p
        for p in in_library
        if _key(p.path) in targets or any(_key(p.path).is_relative_to(d) for d in folders)
    ]
    return len(targets), sorted(problems, key=lambda p: p.sort_key())


def _nothing_here(folder: Path) -> str:
    """Why a folder named to `validate` holds nothing to check, and what to do."""
    import itertools

    try:
        entries = itertools.islice(folder.rglob("*"), 10_000)  # a huge folder: look a little
        odd = sorted(
            p.name
            for p in entries
            if p.suffix.lower() in (".yaml", ".yml") and p.suffix not in (".yaml", ".yml")
        )
    except OSError:
        odd = []
    said = "no scenario files in this folder (a scenario file's name ends in .yaml or .yml)"
    if odd:
        shown = ", ".join(odd[:3]) + (", ..." if len(odd) > 3 else "")
        return f"{said}; rename {shown} to end in lowercase .yaml"
    return f"{said}; is it the right folder?"


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11)
        return path.absolute()


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


# -- schema --------------------------------------------------------------------------------------


@click.command("schema")
@click.option(
    "--techniques", is_flag=True, help="The schema of technique files instead of scenarios."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of printing.",
)
def schema_command(techniques: bool, output: Path | None) -> None:
    """Print the JSON Schema of scenario files, for editor completion and checking.

    \b
    Save it and point the YAML language server at it with a first line such as:
      # yaml-language-server: $schema=./scenario.schema.json
    """
    import json

    from trainer.scenario.schema import scenario_schema, technique_schema

    schema = technique_schema() if techniques else scenario_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    echo(f"Wrote {output}", err=True)


# -- test-scenarios ------------------------------------------------------------------------------


@click.command("test-scenarios")
@PATHS
@click.option("-v", "--verbose", is_flag=True, help="Also show the examples that pass.")
@click.pass_context
def test_scenarios_command(ctx: click.Context, paths: tuple[Path, ...], verbose: bool) -> None:
    """Score each scenario's `examples` and model answers and play its `paths` (whole calls);
    report every mismatch with its expectation.

    With no PATH, tests the whole library. Exits 1 on any mismatch or broken file, or when
    there is no scenario to test.
    """
    _, problems = _check(ctx, paths)
    errors = [p for p in problems if p.is_error]
    for error in errors:
        echo(str(error))
    library = _library(ctx, [p for p in paths if p.is_dir()])
    wanted = {_key(p) for p in paths}
    selected = [
        s
        for s in sorted(library.scenarios.values(), key=lambda s: s.id)
        if not paths or _key(s.path) in wanted or any(d in wanted for d in _key(s.path).parents)
    ]
    selected += _loose_files(library, paths)
    if not selected and errors:
        click.echo(f"Nothing tested: {plural(len(errors), 'file error')}.", err=True)
        ctx.exit(1)
    if not selected:
        where = ", ".join(str(p) for p in paths) or "the library"
        fail(f"no scenario to test in {where}; name scenario files or folders that hold them")
    tally = _Tally()
    for loaded in selected:
        _test_one(loaded, tally, verbose)
    click.echo(tally.summary(len(selected), len(errors)), err=True)
    if tally.failed or tally.coverage or errors:
        ctx.exit(1)


class _Tally:
    """What `test-scenarios` checked and how it went."""

    def __init__(self) -> None:
        self.examples = self.paths = self.models = 0
        self.failed = 0  # examples, paths and model answers that did not behave
        self.coverage = 0  # what the paths together fail to show (a step never reached...)

    def summary(self, scenarios: int, file_errors: int) -> str:
        checked = [plural(self.examples, "example")]
        if self.paths:
            checked.append(plural(self.paths, "path"))
        checked.append(plural(self.models, "model answer"))
        total = self.examples + self.paths + self.models
        text = (
            f"{', '.join(checked[:-1])} and {checked[-1]} in {plural(scenarios, 'scenario')}:"
            f" {total - self.failed} as expected, {plural(self.failed, 'mismatch')}"
        )
        if self.coverage:
            text += f", {plural(self.coverage, 'path coverage problem')}"
        if file_errors:
            text += f", {plural(file_errors, 'file error')}"
        return text + "."


def _test_one(loaded: LoadedScenario, tally: _Tally, verbose: bool) -> None:
    """Run one scenario's examples, model answers and paths; echo every failure."""
    from trainer.drill.examples import as_error, model_answer_error, run_examples, run_model_answers

    scenario = loaded.scenario
    if not scenario.paths and not any(step.examples for step in scenario.steps):
        line, col = loaded.position("steps")
        echo(
            f"{loaded.path}:{line}:{col}: warning: {scenario.id} has no examples and no paths,"
            " so only its model answers were tested; add a good and a poor `examples` answer"
            " to each step"
        )
    _test_paths(loaded, tally, verbose)
    for outcome in run_examples(loaded):
        tally.examples += 1
        if not outcome.ok:
            tally.failed += 1
            echo(str(as_error(loaded, outcome)))
        elif verbose:
            echo(
                f"ok  {loaded.id} {outcome.step_id} #{outcome.index}: "
                f"{outcome.score:.0f} → {outcome.goto}"
            )
    for model in run_model_answers(scenario):
        tally.models += 1
        if not model.ok:
            tally.failed += 1
            echo(str(model_answer_error(loaded, model)))
        elif verbose:
            echo(f"ok  {loaded.id} {model.step_id} model answer: {model.score:.0f}")


def _test_paths(loaded: LoadedScenario, tally: _Tally, verbose: bool) -> None:
    """Play a scenario's paths; echo every failure located at its path."""
    from trainer.drill.examples import run_paths

    report = run_paths(loaded)
    for path in report.paths:
        tally.paths += 1
        line, col = loaded.position("paths", path.index)
        where = f"{loaded.path}:{line}:{col}: paths[{path.index}]"
        if not path.ok:
            tally.failed += 1
            echo(f"{where}: {path.name}: {'; '.join(path.failures)}")
        elif verbose:
            answers = plural(len(path.steps), "answer")
            echo(f"ok  {loaded.id} path {path.name}: {answers} → {path.ending}")
    line, col = loaded.position("paths") if report.paths else (1, 1)
    for problem in report.problems:
        tally.coverage += 1
        echo(f"{loaded.path}:{line}:{col}: paths: {problem}")


def _loose_files(library: Library, paths: tuple[Path, ...]) -> list[LoadedScenario]:
    """Scenario files named on the command line that no library folder holds."""
    from trainer.scenario.loader import load_file

    known = {_key(s.path) for s in library.scenarios.values()}
    found: list[LoadedScenario] = []
    for p in paths:
        if (
            os.path.lexists(p)
            and not _is_dir(p)
            and p.parent.name != "techniques"
            and _key(p) not in known
        ):
            result = load_file(p, library.techniques)
            if not isinstance(result, list):
                found.append(result)
    return found


# -- shared --------------------------------------------------------------------------------------


def _library(ctx: click.Context, extra: list[Path] | None = None) -> Library:
    from trainer.scenario.library import load_library

    obj = ctx.find_root().obj or {}
    dirs = [Path(d) for d in obj.get("scenario_dirs", [])] + list(extra or [])
    cache = obj.setdefault("_scenario_library", {}) if isinstance(obj, dict) else {}
    key = tuple(str(d) for d in dirs)
    if key not in cache:
        from trainer.commands.common import db_from, sync_published

        sync_published(db_from(ctx))  # a team server's published scenarios, copied first
        cache[key] = load_library(extra_dirs=dirs)
    library: Library = cache[key]
    return library
