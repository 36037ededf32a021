"""Helpers shared by commands: the library, the store and the rep, with plain-word errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from trainer.clock import Clock
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


def library_from(ctx: click.Context, store: Store | None = None) -> Library:
    """The scenario library; on a team server, its published scenarios are copied first
    (when the server cannot be reached, the last copy is used, with a warning), through
    `store` when the command has it open already."""
    from trainer.scenario.library import load_library

    sync_published(db_from(ctx), store)
    dirs = [Path(d) for d in (ctx.find_root().obj or {}).get("scenario_dirs", [])]
    return load_library(dirs)


def store_and_library(
    ctx: click.Context, check: Callable[[Library], object] | None = None
) -> tuple[Store, Library]:
    """The log and the library, for a command that needs both. On a team server the log is
    opened first and its one connection copies the published scenarios, so a server that
    cannot be reached stops the command with that one line (not a warning that the library
    is the last copy, then the same again). `check` (which may `fail`) looks at the library
    before a log file is opened, so a command it refuses creates no log."""
    from trainer.store.url import is_team_url

    if not is_team_url(db_from(ctx)):
        library = library_from(ctx)
        if check is not None:
            check(library)
        return store_from(ctx), library
    store = store_from(ctx)
    try:
        library = library_from(ctx, store)
        if check is not None:
            check(library)
    except BaseException:
        store.close()
        raise
    return store, library


def sync_published(db: str | None, store: Store | None = None) -> None:
    """Refresh the local copy of the team server's published scenarios (no-op for a file),
    through `store` when given (left open), else a connection of its own."""
    from trainer.store.url import is_team_url

    if not is_team_url(db):
        return
    from trainer import paths
    from trainer.store.base import StoreError
    from trainer.store.open import open_store
    from trainer.store.published import sync_published as copy

    try:
        if store is not None:
            copy(store, paths.published_scenarios_dir())
            return
        own = open_store(db)
        try:
            copy(own, paths.published_scenarios_dir())
        finally:
            own.close()
    except (StoreError, OSError) as exc:
        warn(f"trainer: published scenarios not updated, using the last copy: {exc}")


def db_from(ctx: click.Context) -> str | None:
    """The --db option (or TRAINER_DATABASE_URL) as given; None for the default log."""
    db: str | None = (ctx.find_root().obj or {}).get("db")
    return db


def clock_from(ctx: click.Context | None) -> Clock:
    """The clock every time a command records or reads comes from: the wall clock, unless
    whoever runs the command passed one as `obj={"clock": ...}` (a test's `FixedClock`)."""
    from trainer.clock import SystemClock

    given = (ctx.find_root().obj or {}).get("clock") if ctx is not None else None
    clock: Clock = given if given is not None else SystemClock()
    return clock


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
