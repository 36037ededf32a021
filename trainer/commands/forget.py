"""`trainer forget --rep NAME`: delete a rep's attempts and recordings for good, and their
name and own notes from pair calls where they were the partner or an observer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trainer.commands.common import db_from, existing_store_from, fail
from trainer.words import plural

if TYPE_CHECKING:
    from trainer.store.base import Store


def register(group: click.Group) -> None:
    group.add_command(forget)


@click.command()
@click.option("--rep", required=True, help="The rep whose practice log and recordings go.")
@click.option(
    "--yes", is_flag=True, help="Do not ask; also delete the migration backups beside the database."
)
@click.pass_context
def forget(ctx: click.Context, rep: str, yes: bool) -> None:
    """Delete every attempt, answer and recording of a rep, for good.

    In other reps' pair calls their name as partner or observer becomes "(forgotten)"
    and their own notes as observer go. On a team server they are also taken off the
    team (the Team place and `trainer team report` no longer list them).

    \b
    Examples:
      trainer forget --rep alex
      trainer forget --rep alex --yes
    """
    from trainer.speech.recorder import delete_rep_recordings, recordings_root, rep_recordings_dir
    from trainer.store.base import StoreError
    from trainer.store.open import database_path

    rep = rep.strip()
    if not rep:
        fail("--rep needs a name.", 2)
    target = database_path(db_from(ctx))
    store = existing_store_from(ctx)
    try:
        # One rep however it is spelt (`rep_key`): "ana" forgets Ana's practice.
        rep = _as_logged(store, rep)
        # Every attempt counts as a drill on its day: the per-day totals give the count.
        attempts = sum(d.drills for d in store.daily_activity(rep)) if store else 0
        # Pair calls of others where they were the partner or an observer.
        mentions = store.pair_mentions(rep) if store else 0
        folder = rep_recordings_dir(rep)
        wavs = sorted(folder.rglob("*.wav")) if folder.is_dir() else []
        backups = _migration_backups(getattr(store, "path", None))
        # An earlier forget that could not empty the WAL is finished by running it again.
        pending = bool(getattr(store, "wal_pending", lambda: False)())
        click.echo(
            f"Rep {rep!r}: {plural(attempts, 'attempt')} in {target}; "
            f"{plural(len(wavs), 'recording')} in {folder}."
        )
        if mentions:
            click.echo(
                f"Named in {plural(mentions, 'pair note')} as the partner or an observer: the name "
                "becomes (forgotten) and their own ticks, tags and comments as observer go."
            )
        if not (attempts or wavs or backups or pending or mentions):
            click.echo("Nothing to delete.")
            return
        if backups:
            click.echo(
                f"{plural(len(backups), 'migration backup')} beside the database may still "
                "hold older data (this rep's too):"
            )
            for path in backups:
                click.echo(f"  {path}")
        if not yes:
            if not sys.stdin.isatty():
                fail(
                    "not deleting anything without confirmation: run it in a terminal, "
                    f"or add --yes (trainer forget --rep {rep} --yes).",
                    2,
                )
            if not click.confirm("Delete them for good? This cannot be undone", default=False):
                click.echo("Nothing deleted.")
                return
        forgotten = store.forget_rep(rep) if store else None
        removed = delete_rep_recordings(rep)
        removed += _delete_linked_audio(
            forgotten.audio_paths if forgotten else [], recordings_root()
        )
    except StoreError as exc:
        fail(str(exc))
    finally:
        if store is not None:
            store.close()
    turns = forgotten.turns if forgotten else 0
    gone = forgotten.attempts if forgotten else 0
    click.echo(
        f"Deleted {plural(gone, 'attempt')}, {plural(turns, 'answer')} and "
        f"{plural(removed, 'recording')} of {rep!r}."
    )
    if forgotten is not None and forgotten.pair_mentions:
        click.echo(
            f"Removed {rep!r} from {plural(forgotten.pair_mentions, 'pair note')} "
            "(as partner or observer)."
        )
    remains = forgotten.remains if forgotten else None
    if backups:
        drop = yes or click.confirm(
            "Delete the migration backups too (they are full copies of older logs, every rep's)?",
            default=False,
        )
        if drop:
            for path in backups:
                path.unlink(missing_ok=True)
            click.echo(f"Deleted {plural(len(backups), 'migration backup')}.")
        else:
            click.echo(
                "The migration backups were kept; delete them by hand to be sure "
                "nothing of this rep remains."
            )
    if remains:
        fail(f"not finished: {remains} (trainer forget --rep {rep} --yes).", 1)
    if pending:
        click.echo(
            "The log's write-ahead file is emptied: no copy of deleted practice is left in it."
        )


def _as_logged(store: Store | None, rep: str) -> str:
    """The rep as a file log spells them (`logged_spelling`: one spelling per rep once it
    is opened, `trainer.store.rep_spellings`); a team server's reps are its logins."""
    from trainer.store.base import logged_spelling

    if store is None or store.fixed_rep:
        return rep
    return logged_spelling(store.rep_names(), rep) or rep


def _migration_backups(db_path: object) -> list[Path]:
    """Copies the store takes before migrating: `<db name>.v<version>-<stamp>.bak`."""
    if not isinstance(db_path, Path):
        return []
    return sorted(db_path.parent.glob(f"{_glob_escape(db_path.name)}.v*-*.bak"))


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _delete_linked_audio(paths: list[str], root: Path) -> int:
    """Recordings the log linked that lie elsewhere under the recordings folder."""
    count = 0
    base = root.resolve()
    for raw in paths:
        path = Path(raw)
        try:
            inside = path.resolve().is_relative_to(base)
        except OSError:
            continue
        if inside and path.suffix == ".wav" and path.is_file():
            path.unlink()
            count += 1
    return count
