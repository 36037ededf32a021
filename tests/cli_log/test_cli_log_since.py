"""`--since` as people write it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from trainer.commands.log import parse_since

NOW = datetime(2026, 11, 23, 15, 30).astimezone()
MIDNIGHT = NOW.replace(hour=0, minute=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MIDNIGHT),
        ("yesterday", MIDNIGHT - timedelta(days=1)),
        ("1d", MIDNIGHT),
        ("7d", MIDNIGHT - timedelta(days=6)),  # the last 7 calendar days, today included
        ("2w", MIDNIGHT - timedelta(days=13)),
        ("12h", NOW - timedelta(hours=12)),
        ("2026-11-01", datetime(2026, 11, 1).astimezone()),
        ("2026-11-01T08:00", datetime(2026, 11, 1, 8).astimezone()),
    ],
)
def test_since_forms(text: str, expected: datetime) -> None:
    assert parse_since(text, NOW) == expected


@pytest.mark.parametrize("text", ["last week", "7x", "", "2026-13-01"])
def test_unknown_since_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="use 7d, 2w, 12h, today, yesterday or a date"):
        parse_since(text, NOW)
