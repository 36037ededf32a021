"""Commands that need both the log and the library, on a real team server: they copy the
published scenarios through the one connection they log in with, so when the server is down
they stop with one line (not a warning that the library is the last copy, then the same
again), while the library alone still reads the last copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import TeamDb
from .test_team_plan import run, team_scenario

pytestmark = pytest.mark.real_part

# Who runs what: every command that reads the library and then logs or reads practice.
NEEDS_BOTH = (
    ("blake", ("drill", "--due", "--plain")),
    ("blake", ("drill", "team/budget-freeze", "--plain")),
    ("blake", ("assignments",)),
    ("morgan", ("team", "report")),
    ("morgan", ("assign", "team/budget-freeze", "--to", "blake", "--due", "7d", "--attempts", "1")),
)


def test_with_the_server_down_each_command_says_so_once(team_db: TeamDb, tmp_path: Path) -> None:
    code, _, err = run(team_db, "morgan", tmp_path, "team", "publish", str(team_scenario(tmp_path)))
    assert code == 0, err
    code, out, err = run(
        team_db, "morgan", tmp_path, "assign", "team/budget-freeze", "--to", "blake", "--due",
        "7d", "--attempts", "1",
    )  # fmt: skip
    assert code == 0, err

    # Up: `assignments` copies the published scenario (its title shows) on its connection.
    code, out, err = run(team_db, "blake", tmp_path, "assignments")
    assert (code, err) == (0, "")
    assert "Budget freeze" in out
    copy = tmp_path / "blake" / "data" / "published" / "team" / "budget-freeze.yaml"
    assert copy.is_file()
    code, out, err = run(team_db, "morgan", tmp_path, "team", "report")
    assert (code, err) == (0, ""), err
    assert "blake" in out

    port = team_db.server.port
    cannot_reach = (
        f"trainer: Cannot reach the team server at 127.0.0.1:{port} to log in (connection "
        "refused): is the team server running? Check the --db URL and the network."
    )
    with team_db.server.down():
        for user, args in NEEDS_BOTH:
            code, out, err = run(team_db, user, tmp_path, *args, stdin="Fair point.\n")
            assert code == 1, (args, out, err)
            assert err.splitlines() == [cannot_reach], args

        # The library alone still reads the last copy, with one warning.
        code, out, err = run(team_db, "blake", tmp_path, "list")
        assert code == 0, err
        assert "team/budget-freeze" in out
        assert err.splitlines() == [
            "trainer: published scenarios not updated, using the last copy: "
            + cannot_reach.removeprefix("trainer: ")
        ]
