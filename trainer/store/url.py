"""Which kind of log a `--db` value names, without importing any store (cheap for every
command and for the app's start)."""

from __future__ import annotations

TEAM_SCHEMES = ("postgresql://", "postgres://")


def is_team_url(db: str | None) -> bool:
    """Whether a `--db` value names a team server (PostgreSQL), where the login is the rep."""
    return bool(db) and str(db).startswith(TEAM_SCHEMES)
