"""Open the practice log named by `--db`, TRAINER_DATABASE_URL or the default location."""

from __future__ import annotations

from pathlib import Path

from trainer.install import extra_hint
from trainer.store.base import Store, StoreError, is_team_url

_SQLITE_PREFIXES = ("sqlite:///", "sqlite://", "file:")


def database_path(url_or_path: str | None) -> str:
    """What `open_store` would open, as given or defaulted (for messages)."""
    if url_or_path:
        return url_or_path
    from trainer.paths import default_database

    return default_database()


def open_store(url_or_path: str | None, *, create: bool = True, tidy: bool = True) -> Store:
    """A SQLite file path (or `sqlite:///path`), or a `postgresql://` URL for a team server.

    With `create=False` a missing SQLite file is an error instead of a new, empty log; with
    `tidy=False` a SQLite log is not written to on opening beyond its migrations (`doctor`).
    """
    target = database_path(url_or_path).strip()
    if is_team_url(target):
        try:
            from trainer.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                "The team server needs the PostgreSQL driver: "
                f"{extra_hint('postgres')} "
                f"(or pass --db with a SQLite file). ({exc})"
            ) from exc
        return PostgresStore(target)
    if "://" in target and not target.startswith(_SQLITE_PREFIXES):
        raise StoreError(
            f"Unknown database address {target!r}: give a SQLite file path or a postgresql:// URL."
        )
    for prefix in _SQLITE_PREFIXES:
        if target.startswith(prefix):
            target = target[len(prefix) :]
            break
    if not target:
        raise StoreError("The database path is empty: pass --db with a file path.")
    from trainer.store.sqlite import SQLiteStore

    return SQLiteStore(Path(target).expanduser(), create=create, tidy=tidy)
