"""Helpers shared by commands: the library, the store and the rep, with plain-word errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from trainer.scenario.library import Library
    from trainer.store.base import Store


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error (no traceback) and exit."""
    click.secho(f"trainer: {message}", err=True, fg="red")
    raise SystemExit(code)


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
