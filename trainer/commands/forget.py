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
    from trainer.store.records import Forgotten


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
        # One rep however the log spells them (`rep_key`): "ana" forgets Ana's practice.
        spellings = _spellings(store, rep)
        rep = spellings[0]
        # Every attempt counts as a drill on its day: the per-day totals give the count.
        attempts = sum(d.drills for n in spellings for d in store.daily_activity(n)) if store else 0
        # Pair calls of others where they were the partner or an observer.
        mentions = sum(store.pair_mentions(n) for n in spellings) if store else 0
        folder = rep_recordings_dir(rep)
        wavs = [
            wav
            for n in spellings
            if rep_recordings_dir(n).is_dir()
            for wav in sorted(rep_recordings_dir(n).rglob("*.wav"))
        ]
        backups = _migration_backups(getattr(store, "path", None))
        # An earlier forget that could not empty the WAL is finished by running it again.
        pending = bool(getattr(store, "wal_pending", lambda: False)())
        also = "".join(f" (also logged as {n!r})" for n in spellings[1:])
        click.echo(
            f"Rep {rep!r}{also}: {plural(attempts, 'attempt')} in {target}; "
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
        forgotten = None
        removed = 0
        for name in spellings:
            done = store.forget_rep(name) if store else None
            removed += delete_rep_recordings(name)
            removed += _delete_linked_audio(done.audio_paths if done else [], recordings_root())
            if done is not None:
                forgotten = done if forgotten is None else _both(forgotten, done)
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


def _spellings(store: Store | None, rep: str) -> list[str]:
    """Every spelling of `rep` in a file log, first written first (`rep_key`: one rep);
    [rep] on a team server (its logins are its reps) or when the log has none."""
    from trainer.store.base import rep_key

    if store is None or store.fixed_rep:
        return [rep]
    found = [n for n in store.rep_names() if rep_key(n) == rep_key(rep)]
    return found or [rep]


def _both(first: Forgotten, second: Forgotten) -> Forgotten:
    """What forgetting two spellings of one rep deleted, added up."""
    from trainer.store.records import Forgotten

    return Forgotten(
        attempts=first.attempts + second.attempts,
        turns=first.turns + second.turns,
        audio_paths=[*first.audio_paths, *second.audio_paths],
        pair_mentions=first.pair_mentions + second.pair_mentions,
        remains=first.remains or second.remains,
    )


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
