"""A laptop whose clock is wrong, on the real team server through the real `trainer`: the
refusal names the clock, not permissions."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import PASSWORDS, TRAINER, TeamDb

pytestmark = pytest.mark.real_part

GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"


@pytest.mark.skipif(shutil.which("faketime") is None, reason="apt-get install faketime")
@pytest.mark.parametrize(("shift", "said"), [("+2d", "2 days ahead of"), ("-3h", "3 hours behind")])
def test_a_clock_far_off_the_servers_is_named_as_the_cause(
    team_db: TeamDb, shift: str, said: str
) -> None:
    env = {**os.environ, "PGPASSWORD": PASSWORDS["alex"], "PGPASSFILE": "/nonexistent"}
    url = team_db.url("alex", with_password=False)
    drill = ["drill", "objection/too-expensive", "--plain", "--seed", "1"]
    done = subprocess.run(
        ["faketime", "-f", shift, TRAINER, "--db", url, *drill],
        input=f"{GOOD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"Your clock is {said} the team server's" in lines[0]
    assert "within 10 minutes" in lines[0] and "Set this computer's date and time" in lines[0]
    assert "row-level security" not in lines[0] and "Ask a manager" not in lines[0]
