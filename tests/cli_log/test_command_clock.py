"""What a command records carries the time of the clock it was run with (trainer/clock.py),
like a drill: a test's fixed clock is the time a withdrawal and an export say."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main
from trainer.clock import FixedClock
from trainer.store.open import open_store

AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday 2 March wherever the machine is


def _trainer(db: Path, *args: str) -> str:
    """`trainer --db DB ARGS...` run on a clock that stands at AT."""
    result = CliRunner().invoke(main, ["--db", str(db), *args], obj={"clock": FixedClock(AT)})
    assert result.exit_code == 0, result.output
    return result.output


def test_a_withdrawal_and_an_export_are_stamped_by_the_commands_clock(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    said = _trainer(db, "assign", "objection/too-expensive", "--due", "tomorrow", "--attempts", "2")
    assert "due Tue 2026-03-03" in said  # "tomorrow" of the clock's day, too
    found = re.search(r"\(id (\w+)\)", said)
    assert found is not None
    _trainer(db, "assignments", "withdraw", found[1])

    store = open_store(str(db))
    try:
        (withdrawn,) = store.assignments(include_withdrawn=True)
    finally:
        store.close()
    assert withdrawn.withdrawn_at == AT

    exported = json.loads(_trainer(db, "export", "--format", "json"))
    assert exported["exported_at"] == "2026-03-02T12:00:00.000000Z"
