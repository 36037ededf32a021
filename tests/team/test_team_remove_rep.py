"""A rep forgotten or removed is off the team: `trainer forget --rep` deletes their practice
and their membership, `trainer team remove-rep` only the membership (a manager or the
admin; a rep gets one line); neither the Team view nor `team report` lists them after."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.practice.practicelog import log_drill
from trainer.store.base import StoreError
from trainer.store.open import open_store

from .conftest import PASSWORDS, TeamDb, trainer

pytestmark = pytest.mark.real_part


def _as(team_db: TeamDb, user: str, *args: str) -> tuple[int, str, str]:
    done = trainer(team_db.url(user, with_password=False), *args, password=PASSWORDS[user])
    return done.returncode, done.stdout, done.stderr


def _reported(team_db: TeamDb) -> list[str]:
    code, out, err = _as(team_db, "morgan", "team", "report", "--format", "json")
    assert code == 0, err
    return [r["rep"] for r in json.loads(out)["reps"]]


def _practise(team_db: TeamDb, *reps: str) -> None:
    admin = open_store(team_db.admin_url)  # past practice is written by the admin
    try:
        at = datetime.now(UTC) - timedelta(days=2)
        for rep in reps:
            log_drill(admin, "objection/too-expensive", at, [60.0], rep=rep)
    finally:
        admin.close()


def test_a_forgotten_rep_is_no_longer_on_the_team(team_db: TeamDb) -> None:
    _practise(team_db, "alex", "blake")
    assert _reported(team_db) == ["alex", "blake"]
    code, out, err = _as(team_db, "morgan", "forget", "--rep", "blake", "--yes")
    assert code == 0, err
    assert _reported(team_db) == ["alex"]
    code, out, _ = _as(team_db, "morgan", "team", "report")
    assert "blake" not in out
    morgan = open_store(team_db.url("morgan"))
    try:
        assert morgan.team_members() == ["alex"]  # the members list itself (team_members)
    finally:
        morgan.close()


def test_a_manager_removes_a_rep_and_a_rep_may_not(team_db: TeamDb) -> None:
    _practise(team_db, "alex", "blake")
    code, out, err = _as(team_db, "alex", "team", "remove-rep", "blake")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "trainer: alex may not remove anyone from the team: only a manager or the admin can."
    ]
    assert _reported(team_db) == ["alex", "blake"]

    code, out, err = _as(team_db, "morgan", "team", "remove-rep", "blake")
    assert code == 0, err
    assert out.strip().splitlines() == [
        "Removed blake from this team database: they can no longer log in to it, read it or "
        "practise on it.",
        "Their practice stays in the log, and their login on the server (other team "
        "databases may use it); `trainer team add-rep blake --keep-password` (the admin) "
        "adds them back.",
    ]
    assert _reported(team_db) == ["alex"]
    code, out, _ = _as(team_db, "morgan", "history")
    assert "blake" in out  # the practice stays (forget deletes it)

    code, out, err = _as(team_db, "morgan", "team", "remove-rep", "blake")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "'blake' is not a rep of this team database" in err and "Traceback" not in err


def test_a_removed_rep_can_no_longer_use_the_team_database(team_db: TeamDb) -> None:
    """blake left: his next start is one line saying so, an app he kept open can neither
    read nor log practice, his practice stays for the managers, and the admin adds him back."""
    _practise(team_db, "blake")
    open_app = open_store(team_db.url("blake"))  # blake's app, open as he is taken off
    try:
        assert len(open_app.history(rep="blake")) == 1
        code, _, err = _as(team_db, "morgan", "team", "remove-rep", "blake")
        assert code == 0, err

        for args in (("history",), ("stats",)):
            code, out, err = _as(team_db, "blake", *args)
            assert code == 1 and out == "" and "Traceback" not in err
            assert err.strip().splitlines() == [
                f"trainer: blake is not a member of the team database "
                f"127.0.0.1:{team_db.server.port}/{team_db.dbname}: a manager took them off "
                "the team (or they were never added here). Ask the admin to add them back: "
                "`trainer team add-rep blake --keep-password`."
            ], args

        assert open_app.history(rep="blake") == []  # the server hides his log from him
        with pytest.raises(StoreError, match="blake is no longer a member of this team"):
            log_drill(open_app, "objection/too-expensive", datetime.now(UTC), [70.0], rep="blake")
    finally:
        open_app.close()

    code, out, _ = _as(team_db, "morgan", "history", "--rep", "blake")
    assert code == 0 and "objection/too-expensive" in out  # his practice stays for the managers

    admin = trainer(team_db.admin_url, "team", "add-rep", "blake", "--keep-password", password=None)
    assert admin.returncode == 0, admin.stderr
    code, out, err = _as(team_db, "blake", "history")
    assert code == 0 and "objection/too-expensive" in out, err


def test_remove_rep_on_a_file_log_says_what_to_do(tmp_path: object) -> None:
    done = trainer(f"{tmp_path}/log.sqlite3", "team", "remove-rep", "sam")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "trainer: a file log has no team: pass --db postgresql://MANAGER@HOST:PORT/DBNAME "
        "(or set TRAINER_DATABASE_URL)."
    ]
