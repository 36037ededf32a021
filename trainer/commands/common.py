"""Helpers shared by commands: the library, the store and the rep, with plain-word errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from trainer.scenario.library import Library
    from trainer.settings import Settings
    from trainer.store.base import Store


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error (no traceback) and exit. The message may quote content (a
    path, an id, an answer): it is shown as text (`trainer.safe_text.display`)."""
    from trainer.safe_text import display

    click.secho(f"trainer: {display(message)}", err=True, fg="red")
    raise SystemExit(code)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """`click.echo` for text that holds content (titles, answers, paths, messages quoting
    them): control characters are shown as text, never sent to the terminal."""
    from trainer.safe_text import display

    click.echo(display(message), err=err, nl=nl)


def warn(message: str) -> None:
    """A warning on stderr (yellow on a terminal), shown as text."""
    from trainer.safe_text import display

    click.secho(display(message), err=True, fg="yellow")


def library_from(ctx: click.Context) -> Library:
    from trainer.scenario.library import load_library

    dirs = [Path(d) for d in (ctx.find_root().obj or {}).get("scenario_dirs", [])]
    return load_library(dirs)


def db_from(ctx: click.Context) -> str | None:
    """The --db option (or TRAINER_DATABASE_URL) as given; None for the default log."""
    db: str | None = (ctx.find_root().obj or {}).get("db")
    return db


def store_from(ctx: click.Context) -> Store:
    from trainer.store.base import StoreError
    from trainer.store.open import open_store

    try:
        return open_store(db_from(ctx))
    except StoreError as exc:
        fail(str(exc))


def existing_store_from(ctx: click.Context) -> Store | None:
    """The log, or None when there is none yet (nothing has been practised)."""
    from trainer.store.base import NoPracticeLog, StoreError
    from trainer.store.open import open_store

    try:
        return open_store(db_from(ctx), create=False)
    except NoPracticeLog:
        return None
    except StoreError as exc:
        fail(str(exc))


_reported = False


def settings_reported() -> Settings:
    """The settings in force; any problem in the file is shown once, on stderr."""
    global _reported
    from trainer.settings import load_settings

    settings, problems = load_settings()
    if not _reported:
        _reported = True
        for problem in problems:
            warn(f"trainer: settings: {problem}")
    return settings
