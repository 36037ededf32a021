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


def store_from(ctx: click.Context) -> Store:
    from trainer.store.base import StoreError
    from trainer.store.open import open_store

    try:
        return open_store((ctx.find_root().obj or {}).get("db"))
    except StoreError as exc:
        fail(str(exc))


def rep_from(rep: str | None, store: Store | None = None) -> str:
    """The team server's login name (it fixes the rep), else --rep, else the name in
    settings, else the login name."""
    from trainer.store.base import fixed_rep

    if team_login := fixed_rep(store):
        return team_login
    if rep:
        return rep.strip()
    from trainer.settings import default_rep_name, load_settings

    settings, _ = load_settings()
    return settings.rep or default_rep_name()
