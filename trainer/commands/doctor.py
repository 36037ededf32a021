"""`trainer doctor`: check the practice log, settings, scenarios, recordings and speech, and
say what to do about anything wrong."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import click

RECOVER_FIX = (
    "Fix: keep a copy of the file, then restore the newest .bak beside it (taken before each "
    "upgrade), or rebuild it: sqlite3 LOG .recover | sqlite3 NEW, then --db NEW."
)
ORPHAN_AGE_S = 86400  # a recording not linked to any answer for a day was left by a crash


@dataclass
class Report:
    failed: int = 0

    def ok(self, text: str) -> None:
        click.echo(f"  ✓ {text}")

    def note(self, text: str) -> None:
        click.echo(f"  · {text}")

    def warn(self, text: str) -> None:
        click.secho(f"  ! {text}", fg="yellow")

    def fail(self, text: str) -> None:
        self.failed += 1
        click.secho(f"  ✗ {text}", fg="red")


def register(group: click.Group) -> None:
    group.add_command(doctor)


@click.command()
@click.option("--clean", is_flag=True,
              help="Delete recordings no answer links to (left by a crash) and half-written "
              "recording files.")
@click.pass_context
def doctor(ctx: click.Context, clean: bool) -> None:
    """Check the practice log, settings, scenarios, recordings and voice set-up.

    Exits with status 1 when something needs fixing; each problem says how.

    \b
    Examples:
      trainer doctor
      trainer doctor --clean     also delete orphaned recordings
    """
    obj = ctx.find_root().obj or {}
    report = Report()
    click.echo("Practice log")
    linked = _check_log(report, obj.get("db"))
    click.echo("Settings")
    _check_settings(report)
    click.echo("Scenarios")
    _check_scenarios(report, [Path(d) for d in obj.get("scenario_dirs", [])])
    click.echo("Recordings")
    _check_recordings(report, linked, clean)
    click.echo("Voice")
    _check_voice(report)
    if report.failed:
        click.secho(f"{report.failed} problem(s) need fixing (see ✗ above).", fg="red")
        raise SystemExit(1)
    click.echo("All good.")


def _check_log(report: Report, db: str | None) -> set[Path] | None:
    """Returns the recordings the log links to (None when the log cannot be read)."""
    from trainer.store.base import NoPracticeLog, StoreError
    from trainer.store.open import database_path, open_store

    target = database_path(db)
    try:
        store = open_store(target, create=False)
    except NoPracticeLog:
        report.note(f"no practice log yet at {target}: the first drill creates it")
        return set()
    except StoreError as exc:
        report.fail(str(exc))
        return None
    try:
        report.ok(f"opens: {target}")
        try:
            problems = store.health_problems()
        except StoreError as exc:  # too damaged to check
            problems = [str(exc)]
        for problem in problems[:10]:
            report.fail(f"damaged: {problem}")
        if problems:
            report.note(RECOVER_FIX)
            return None
        report.ok("consistent (quick check and links between attempts and answers)")
        attempts = sum(d.drills for d in store.daily_activity(None))
        report.ok(f"{attempts} attempt(s) logged")
        return {Path(p) for p in store.recording_paths()}
    except StoreError as exc:
        report.fail(str(exc))
        return None
    finally:
        store.close()


def _check_settings(report: Report) -> None:
    from trainer.paths import settings_file
    from trainer.settings import load_settings

    path = settings_file()
    settings, problems = load_settings()
    if settings.keys:
        from trainer.tui.keys import keymap_problems

        problems += keymap_problems(settings.keys)
    where = str(path) if path.exists() else f"{path} (not written yet: defaults in use)"
    report.ok(f"file: {where}")
    for problem in problems:
        report.warn(problem)
    report.ok(f"rep: {settings.rep or 'not set (the app asks)'}; goals: "
              f"{settings.daily_goal_minutes} min a day, {settings.weekly_goal_drills} drills "
              "a week")


def _check_scenarios(report: Report, dirs: list[Path]) -> None:
    from trainer.scenario.library import load_library

    library = load_library(dirs)
    report.ok(f"{len(library.scenarios)} scenario(s) loaded")
    errors = [str(e) for b in library.broken for e in b.errors]
    errors += [str(e) for e in library.duplicates]
    for error in errors[:10]:
        report.fail(error)
    if len(errors) > 10:
        report.note(f"… and {len(errors) - 10} more: `trainer validate` lists them all")


def _check_recordings(report: Report, linked: set[Path] | None, clean: bool) -> None:
    from trainer.speech.recorder import recordings_root

    root = recordings_root()
    on_disk = sorted(root.rglob("*.wav")) if root.is_dir() else []
    partial = sorted(root.rglob(".*.tmp")) if root.is_dir() else []
    size = sum(p.stat().st_size for p in on_disk) / 1e6
    report.ok(f"{len(on_disk)} recording(s), {size:.1f} MB in {root}")
    if linked is None:
        report.note("cannot compare with the log (see above)")
        return
    gone = [p for p in linked if not p.exists()]
    if gone:
        report.note(f"{len(gone)} answer(s) had a recording that is gone (the retention "
                    "period or a manual delete); their scores and transcripts are kept")
    now = time.time()
    orphans = [p for p in on_disk
               if p not in linked and now - p.stat().st_mtime > ORPHAN_AGE_S]
    stale = [p for p in partial if now - p.stat().st_mtime > ORPHAN_AGE_S]
    if not (orphans or stale):
        return
    if clean:
        for path in orphans + stale:
            path.unlink(missing_ok=True)
        report.ok(f"deleted {len(orphans)} orphaned and {len(stale)} half-written recording(s)")
    else:
        report.warn(f"{len(orphans)} recording(s) no answer links to and {len(stale)} "
                    "half-written file(s), left by an interrupted drill: "
                    "`trainer doctor --clean` deletes them")


def _check_voice(report: Report) -> None:
    from trainer.speech.api import model_for
    from trainer.speech.errors import SpeechError

    try:
        info = model_for(None)
    except SpeechError as exc:
        report.note(f"voice answers are not set up ({exc.problem}); typed answers work. "
                    "`trainer speech check` explains what to install")
        return
    report.ok(f"speech model {info.name} ({info.language or 'language unknown'}) from "
              f"{info.source}; `trainer speech check` tests the microphone")
