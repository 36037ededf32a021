"""The team's plan on a real team server, through the real `trainer`: a manager publishes a
scenario, a rep's library has it (and keeps it offline), the manager assigns it, the rep
drills it, and progress shows for both; overdue and withdrawn assignments."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from .conftest import PASSWORDS, TeamDb, trainer

pytestmark = pytest.mark.real_part

SHIPPED = Path(__file__).parents[2] / "scenarios" / "objections" / "too-expensive.yaml"
GOOD = "That's fair. Compared to what, another quote or the budget you set?"


def team_scenario(folder: Path, version: int = 1, title: str = "Budget freeze") -> Path:
    """The shipped price objection under a team id (a scenario no library ships)."""
    text = SHIPPED.read_text()
    text = text.replace("id: objection/too-expensive", "id: team/budget-freeze", 1)
    text = re.sub(r"(?m)^version: \d+", f"version: {version}", text, count=1)
    lines = text.splitlines()
    lines = [f"title: {json.dumps(title)}" if ln.startswith("title:") else ln for ln in lines]
    path = folder / f"budget-freeze-v{version}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(
    team_db: TeamDb, user: str, home: Path, *args: str, stdin: str = ""
) -> tuple[int, str, str]:
    env = {
        "TRAINER_DATA_DIR": str(home / user / "data"),
        "TRAINER_CONFIG_DIR": str(home / user / "config"),
    }
    done = trainer(
        team_db.url(user, with_password=False),
        *args,
        password=PASSWORDS[user],
        stdin=stdin,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


def test_publish_assign_drill_report_withdraw(team_db: TeamDb, tmp_path: Path) -> None:
    assert SHIPPED.is_file()
    v1 = team_scenario(tmp_path)
    code, out, err = run(team_db, "morgan", tmp_path, "team", "publish", str(v1))
    assert code == 0, err
    assert "team/budget-freeze version 1: published" in out
    code, out, _ = run(team_db, "morgan", tmp_path, "team", "publish", str(v1))
    assert code == 0 and "already published, unchanged" in out

    # A rep cannot publish; the rep's library has the published scenario.
    code, out, err = run(team_db, "alex", tmp_path, "team", "publish", str(v1))
    assert code != 0 and "row-level security" in err and "Traceback" not in err
    assert "refused to let alex publish scenarios: only a manager can" in err
    code, out, err = run(team_db, "alex", tmp_path, "list")
    assert code == 0, err
    assert "team/budget-freeze" in out
    local = tmp_path / "alex" / "data" / "published" / "team" / "budget-freeze.yaml"
    assert local.read_bytes() == v1.read_bytes()

    # A newer version supersedes; the old one is kept for explaining old attempts.
    v2 = team_scenario(tmp_path, 2, "Budget freeze (harder)")
    code, _, err = run(team_db, "morgan", tmp_path, "team", "publish", str(v2))
    assert code == 0, err
    code, out, err = run(team_db, "alex", tmp_path, "list")
    assert code == 0 and "Budget freeze (harder)" in out, err
    kept = local.parents[1] / ".versions" / "team" / "budget-freeze@v1.yaml"
    assert kept.read_bytes() == v1.read_bytes()

    # Assign (one due in the future, one already overdue), as the manager.
    code, out, err = run(
        team_db,
        "morgan",
        tmp_path,
        "assign",
        "team/budget-freeze",
        "--to",
        "alex",
        "--due",
        "7d",
        "--attempts",
        "2",
        "--pass",
        "70",
    )
    assert code == 0, err
    assigned = out.split("(id ")[1].split(")")[0]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    code, out, err = run(
        team_db,
        "morgan",
        tmp_path,
        "assign",
        "--kind",
        "objection",
        "--to",
        "alex",
        "--to",
        "blake",
        "--due",
        yesterday,
        "--attempts",
        "3",
    )
    assert code == 0, err
    # A rep cannot assign.
    code, out, err = run(
        team_db,
        "alex",
        tmp_path,
        "assign",
        "team/budget-freeze",
        "--to",
        "blake",
        "--due",
        "fri",
        "--attempts",
        "9",
    )
    assert code != 0 and "Traceback" not in err

    answers = (
        f"{GOOD}\nWhat does their quote include for re-planning?\n"
        "Could we book 20 minutes Thursday to compare?\n"
    )
    code, out, err = run(
        team_db,
        "alex",
        tmp_path,
        "drill",
        "team/budget-freeze",
        "--plain",
        "--seed",
        "1",
        stdin=answers,
    )
    assert code in (0, 5), err
    code, out, err = run(team_db, "alex", tmp_path, "assignments")
    assert code == 0, err
    assert "Budget freeze (harder) · due" in out and "1 of 2 attempts" in out
    assert "OVERDUE" in out and "1 of 3 attempts" in out  # kind objection: the same drill
    code, out, _ = run(team_db, "blake", tmp_path, "assignments")
    assert "Budget freeze" not in out and "0 of 3 attempts" in out  # only blake's own

    code, out, err = run(team_db, "morgan", tmp_path, "team", "report", "--format", "json")
    assert code == 0, err
    reps = {r["rep"]: r for r in json.loads(out)["reps"]}
    assert reps["alex"]["drills_this_week"] == 1
    assert reps["alex"]["assignments"] == 2 and reps["alex"]["assignments_overdue"] == 1
    assert reps["blake"]["drills_this_week"] == 0 and reps["blake"]["assignments_overdue"] == 1
    code, out, err = run(team_db, "morgan", tmp_path, "team", "report")
    assert code == 0 and "alex" in out and "1 overdue" in out

    # Withdraw: gone from the rep's list and the report's counts.
    code, out, err = run(team_db, "morgan", tmp_path, "assignments", "withdraw", assigned)
    assert code == 0, err
    code, out, _ = run(team_db, "alex", tmp_path, "assignments")
    assert "Budget freeze" not in out and "OVERDUE" in out
    code, out, _ = run(team_db, "morgan", tmp_path, "team", "report", "--format", "csv")
    assert out.splitlines()[0].startswith("rep,drills_this_week")
    alex = next(line for line in out.splitlines() if line.startswith("alex,"))
    assert alex.split(",")[5:8] == ["0", "1", "1"]  # done, assignments, overdue


def test_invalid_file_is_refused_with_its_position(team_db: TeamDb, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHIPPED.read_text().replace("kind: objection", "kind: objektion", 1))
    good = team_scenario(tmp_path)
    code, out, err = run(team_db, "morgan", tmp_path, "team", "publish", str(good), str(bad))
    assert code == 2
    assert f"{bad}:" in err and "nothing was published" in err
    code, out, _ = run(team_db, "alex", tmp_path, "list")
    assert "team/budget-freeze" not in out
