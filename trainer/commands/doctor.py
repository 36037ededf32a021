"""`trainer doctor`: check the practice log, settings, scenarios, recordings and speech, and
say what to do about anything wrong."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trainer.words import plural

if TYPE_CHECKING:
    from trainer.store.base import Store

RECOVER_FIX = (
    "Fix: keep a copy of the file, then restore the newest .bak beside it (taken before each "
    "upgrade), or rebuild it: sqlite3 LOG .recover | sqlite3 NEW, then --db NEW."
)
ORPHAN_AGE_S = 86400  # a recording not linked to any answer for a day was left by a crash


@dataclass
class Report:
    failed: int = 0
    warned: int = 0

    def ok(self, text: str) -> None:
        click.echo(f"  ✓ {text}")

    def note(self, text: str) -> None:
        click.echo(f"  · {text}")

    def warn(self, text: str) -> None:
        self.warned += 1
        click.secho(f"  ! {text}", fg="yellow")

    def fail(self, text: str) -> None:
        self.failed += 1
        click.secho(f"  ✗ {text}", fg="red")


def register(group: click.Group) -> None:
    group.add_command(doctor)


@click.command()
@click.option(
    "--clean",
    is_flag=True,
    help="Delete recordings no answer links to (left by a crash) and half-written recording files.",
)
@click.option(
    "--reindex",
    is_flag=True,
    help="When the log's only damage is in its indexes, rebuild them from the rows "
    "(the log as it was is kept beside it first).",
)
@click.pass_context
def doctor(ctx: click.Context, clean: bool, reindex: bool) -> None:
    """Check the practice log, settings, scenarios, recordings and voice set-up.

    Exits with status 1 when something needs fixing; each problem says how.

    \b
    Examples:
      trainer doctor
      trainer doctor --clean     also delete orphaned recordings
      trainer doctor --reindex   mend a log whose only damage is an index
    """
    obj = ctx.find_root().obj or {}
    report = Report()
    click.echo("Practice log")
    linked = _check_log(report, obj.get("db"), reindex)
    click.echo("Settings")
    _check_settings(report)
    click.echo("Scenarios")
    languages = _check_scenarios(report, [Path(d) for d in obj.get("scenario_dirs", [])])
    click.echo("Recordings")
    _check_recordings(report, linked, clean)
    click.echo("Voice")
    _check_voice(report, languages)

    warnings = f"{plural(report.warned, 'warning')} (! above)" if report.warned else ""
    if report.failed:
        need = "needs" if report.failed == 1 else "need"
        click.secho(
            f"{plural(report.failed, 'problem')} {need} fixing (✗ above)"
            + (f"; {warnings}" if warnings else "")
            + ".",
            fg="red",
        )
        raise SystemExit(1)
    click.echo(f"All good; {warnings}." if warnings else "All good.")


def _check_log(report: Report, db: str | None, mend: bool = False) -> set[Path] | None:
    """Returns the recordings the log links to (None when the log cannot be read). `mend`:
    rebuild the indexes of a log whose only damage is in them."""
    from trainer.store.base import NoPracticeLog, StoreError
    from trainer.store.open import database_path, open_store
    from trainer.store.sqlite import reindex, reindex_mends

    target = database_path(db)
    try:
        store = open_store(target, create=False, tidy=False)  # it checks; it does not tidy
    except NoPracticeLog:
        report.note(f"no practice log yet at {target}: the first drill creates it")
        return set()
    except StoreError as exc:
        report.fail(str(exc))
        if _damaged_file(str(exc)):
            report.note(recovery_advice(_sqlite_path(target)))
        return None
    try:
        report.ok(f"opens: {target}")
        path = getattr(store, "path", None)
        problems = _problems(store)
        broken = [p for p in problems if not _is_turn_problem(p)]
        mendable = bool(broken) and isinstance(path, Path) and reindex_mends(path)
        if mendable and mend:
            assert isinstance(path, Path)
            kept = reindex(path)
            report.ok(f"indexes rebuilt from the rows (the log as it was: {kept})")
            problems = _problems(store)
            broken = [p for p in problems if not _is_turn_problem(p)]
        turns = [p for p in problems if _is_turn_problem(p)]
        for problem in broken[:10]:
            report.fail(f"damaged: {problem}")
        if broken:
            if mendable and not mend:
                report.note(REINDEX_FIX)
            else:
                report.note(recovery_advice(path) if isinstance(path, Path) else TEAM_FIX)
            return None
        for problem in turns:
            report.fail(problem)
        if turns:
            report.note(TURN_FIX)
        else:
            report.ok(
                "consistent (SQLite's full check, links between attempts and answers, and "
                "every answer's scoring details)"
            )
        skipped, numbers = store.skipped_numbers()
        if skipped:
            report.warn(skipped_numbers_line(skipped, numbers))
        attempts = sum(d.drills for d in store.daily_activity(None))
        report.ok(f"{plural(attempts, 'drill')} logged")
        return {Path(p) for p in store.recording_paths()}
    except StoreError as exc:
        report.fail(str(exc))
        return None
    finally:
        store.close()


def _problems(store: Store) -> list[str]:
    from trainer.store.base import StoreError

    try:
        return store.health_problems()
    except StoreError as exc:  # too damaged to check
        return [f"SQLite cannot check the file ({exc.__cause__ or exc})"]


REINDEX_FIX = (
    "Only the indexes are damaged, not the practice in them (a copy with its indexes rebuilt "
    "passes SQLite's full check). Fix: `trainer doctor --reindex` rebuilds them from the rows."
)
TURN_FIX = (
    "Those answers show their stored score without details (history, stats and export keep "
    "working). `trainer team audit` re-scores logged answers; on a team server the admin can "
    "delete or correct the rows."
)
TEAM_FIX = (
    "Fix: ask the team server's admin to rerun `trainer team setup` and check the server "
    "(its own backups restore it)."
)


def skipped_numbers_line(attempts: list[str], numbers: list[int]) -> str:
    """`doctor`'s one line on attempts whose answers skip a number (`Store.skipped_numbers`)."""
    first = attempts[0][:8]
    shown = ", ".join(str(n) for n in numbers[:8]) + (", ..." if len(numbers) > 8 else "")
    which = f"attempt {first}" if len(attempts) == 1 else f"{len(attempts)} attempts, e.g. {first}"
    return (
        f"answers skip a number ({which}: answers {shown}): an older trainer, after a write "
        "that failed, logged the answer after the gap against a line the rep never saw, so "
        f"its score and the call's may be off. See it with `trainer show {first}`; the rest "
        "of the log is unaffected and nothing needs mending."
    )


def _is_turn_problem(problem: str) -> bool:
    return problem.startswith("turn ") or (
        problem.startswith("... and ") and "damaged turn" in problem
    )


def _damaged_file(message: str) -> bool:
    return "damaged" in message or "not a trainer practice log" in message


def _sqlite_path(target: str) -> Path | None:
    if "://" in target and not target.startswith(("sqlite:", "file:")):
        return None
    for prefix in ("sqlite:///", "sqlite://", "file:"):
        if target.startswith(prefix):
            target = target[len(prefix) :]
            break
    return Path(target).expanduser()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def recovery_advice(path: Path | None) -> str:
    """What to do about a damaged SQLite log: the newest whole backup beside it, if any,
    else SQLite's own recovery into a new file."""
    if path is None:
        return RECOVER_FIX
    from trainer.commands.forget import _migration_backups

    backups = sorted(
        _migration_backups(path), key=lambda p: (p.stat().st_mtime, p.name), reverse=True
    )  # newest first
    whole = next((b for b in backups if _sound_backup(b)), None)
    keep = f"keep the damaged file aside (mv {path} {path}.damaged)"
    if _size(Path(f"{path}-wal")):  # answers not yet moved into the file: keep them too
        keep = (
            f"keep the damaged file and its journal aside (mv {path} {path}.damaged; "
            f"mv {path}-wal {path}.damaged-wal)"
        )
    rebuild = (
        f"sqlite3 {path}.damaged .recover | sqlite3 {path} rebuilds what can be read "
        "(the sqlite3 program; `apt install sqlite3`)"
    )
    broken = backups[: backups.index(whole)] if whole is not None else backups
    skipped = (
        f" (the newer {'backup' if len(broken) == 1 else 'backups'} "
        f"{', '.join(str(b) for b in broken)} {'is' if len(broken) == 1 else 'are'} damaged too)"
        if broken
        else ""
    )
    if whole is not None:
        return (
            f"Fix: {keep}, then either copy the newest whole backup back "
            f"(cp {whole} {path}; practice since it was taken is lost){skipped} or "
            f"{rebuild}. Then run `trainer doctor` again."
        )
    return f"Fix: {keep}, then {rebuild}{skipped}. Then run `trainer doctor` again."


def _sound_backup(path: Path) -> bool:
    """A backup that opens as a trainer log and passes SQLite's quick check (read only)."""
    import sqlite3
    from urllib.parse import quote

    from trainer.store.migrations import APPLICATION_ID

    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
        return [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _check_settings(report: Report) -> None:
    from trainer.paths import settings_file
    from trainer.settings import load_settings

    path = settings_file()
    settings, problems = load_settings()
    if settings.keys:
        from trainer.keymap import keymap_problems

        problems += keymap_problems(settings.keys)
    where = str(path) if path.exists() else f"{path} (not written yet: defaults in use)"
    report.ok(f"file: {where}")
    for problem in problems:
        report.warn(problem)
    report.ok(
        f"rep: {settings.rep or 'not set (the app asks)'}; goals: "
        f"{settings.daily_goal_minutes} min a day, {settings.weekly_goal_drills} drills "
        "a week"
    )


def _check_scenarios(report: Report, dirs: list[Path]) -> Counter[str]:
    """Checks the library; returns how many scenarios each language has."""
    from trainer.scenario.library import load_library

    library = load_library(dirs)
    report.ok(f"{plural(len(library.scenarios), 'scenario')} loaded")
    errors = [str(e) for b in library.broken for e in b.errors]
    errors += [str(e) for e in library.duplicates]
    for error in errors[:10]:
        report.fail(error)
    if len(errors) > 10:
        report.note(f"… and {len(errors) - 10} more: `trainer validate` lists them all")
    return Counter(loaded.scenario.language for loaded in library.scenarios.values())


def _check_recordings(report: Report, linked: set[Path] | None, clean: bool) -> None:
    from trainer.speech.recorder import recordings_root

    root = recordings_root()
    on_disk = sorted(root.rglob("*.wav")) if root.is_dir() else []
    partial = sorted(root.rglob(".*.tmp")) if root.is_dir() else []
    size = sum(p.stat().st_size for p in on_disk) / 1e6
    report.ok(f"{plural(len(on_disk), 'recording')}, {size:.1f} MB in {root}")
    if linked is None:
        report.note("cannot compare with the log (see above)")
        return
    gone = [p for p in linked if not p.exists()]
    if gone:
        report.note(
            f"{plural(len(gone), 'answer')} had a recording that is gone (the retention "
            "period or a manual delete); their scores and transcripts are kept"
        )
    now = time.time()
    orphans = [p for p in on_disk if p not in linked and now - p.stat().st_mtime > ORPHAN_AGE_S]
    stale = [p for p in partial if now - p.stat().st_mtime > ORPHAN_AGE_S]
    if not (orphans or stale):
        return
    if clean:
        for path in orphans + stale:
            path.unlink(missing_ok=True)
        report.ok(
            f"deleted {plural(len(orphans), 'orphaned recording')} and "
            f"{plural(len(stale), 'half-written one')}"
        )
    else:
        report.warn(
            f"{plural(len(orphans), 'recording')} no answer links to and "
            f"{plural(len(stale), 'half-written file')}, left by an interrupted drill: "
            "`trainer doctor --clean` deletes them"
        )


def _check_voice(report: Report, languages: Counter[str]) -> None:
    """The speech model, and one for each language the scenarios are in (a Korean model
    cannot hear answers to English scenarios)."""
    from trainer.speech.api import model_for
    from trainer.speech.errors import SpeechError
    from trainer.speech.models import install_hint

    try:
        info = model_for(None)
    except SpeechError as exc:
        report.note(
            f"voice answers are not set up ({exc.problem}); typed answers work. "
            "`trainer speech check` explains what to install"
        )
        return
    report.ok(
        f"speech model {info.name} ({info.language or 'language unknown'}) from "
        f"{info.source}; `trainer speech check` tests the microphone"
    )
    for language, count in sorted(languages.items(), key=lambda item: (-item[1], item[0])):
        try:
            model_for(language)
        except SpeechError:
            report.note(  # typed answers work: a note, like voice not set up at all
                f"no speech model for {language} ({plural(count, 'scenario')}): voice answers "
                f"to them cannot be heard; {install_hint(language)}"
            )
