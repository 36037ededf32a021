"""The real `trainer` on a team server: drill, read back, and plain answers to problems."""

from __future__ import annotations

import pytest

from .conftest import PASSWORDS, TRAINER, TeamDb, trainer
from .pg_server import ADMIN_PASSWORD, free_port

pytestmark = pytest.mark.real_part

GOOD = "That's fair, Dana. Compared to what, another quote or the budget you set?"


def _as(team_db: TeamDb, user: str, *args: str, stdin: str = "") -> tuple[int, str, str]:
    done = trainer(
        team_db.url(user, with_password=False), *args, password=PASSWORDS[user], stdin=stdin
    )
    return done.returncode, done.stdout, done.stderr


def test_a_rep_drills_on_the_team_server_and_only_they_see_it(team_db: TeamDb) -> None:
    answers = f"{GOOD}\nBefore price: how does their quote handle re-planning?\n/end\n"
    # The rep name is the login, whatever --rep or the settings say.
    code, out, err = _as(
        team_db,
        "alex",
        "drill",
        "objection/too-expensive",
        "--plain",
        "--seed",
        "3",
        "--rep",
        "someone-else",
        stdin=answers,
    )
    assert code == 5, err  # ended early (/end): docs/exit-codes.md
    assert "Call over: ended early" in out and "Traceback" not in err
    attempt = out.rsplit("trainer show ", 1)[1].split(")")[0]

    code, out, err = _as(team_db, "alex", "history")
    assert code == 0, err
    assert attempt in out and "objection/too-expensive" in out and "ended early" in out
    code, out, _ = _as(team_db, "alex", "show", attempt)
    assert code == 0 and GOOD in out and "Rep       alex" in out
    code, out, _ = _as(team_db, "alex", "stats")
    assert code == 0 and "2 answers" in out

    code, out, _ = _as(team_db, "blake", "history")
    assert code == 0 and attempt not in out and "No attempts yet." in out
    code, out, err = _as(team_db, "blake", "show", attempt)
    assert code != 0 and GOOD not in out
    # Another rep's history, figures or export: refused with why, not an empty answer
    for command in (["history"], ["stats"], ["stats", "--by-rep"], ["export"]):
        code, out, err = _as(team_db, "blake", *command, "--rep", "alex")
        assert (code, out) == (1, ""), command
        assert err.strip() == (
            "trainer: blake's login reads only blake's own practice, not alex's "
            "(a manager's login reads anyone's)."
        ), command
    code, out, err = _as(team_db, "blake", "export", "--rep", "blake")
    assert code == 0 and out.startswith("attempt_id,"), err

    code, out, _ = _as(team_db, "morgan", "history")
    assert code == 0 and attempt in out
    code, out, _ = _as(team_db, "morgan", "stats", "--rep", "alex")
    assert code == 0 and "2 answers" in out
    code, out, _ = _as(team_db, "morgan", "stats", "--by-rep")  # the manager's team view
    # rep, drills, minutes (a few seconds: however long the drill took), answers
    rows = [line.split()[:4] for line in out.splitlines()[2:]]
    assert code == 0 and [[r[0], r[1], r[3]] for r in rows] == [["alex", "1", "2"]]
    assert float(rows[0][2]) < 1
    code, out, _ = _as(team_db, "blake", "stats", "--by-rep")
    assert code == 0 and "Nobody has practised" in out

    code, out, err = _as(team_db, "alex", "forget", "--rep", "alex", "--yes")
    assert code != 0 and "only a manager or the admin can forget" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = _as(team_db, "alex", "history")
    assert attempt in out  # still there


def test_server_down_wrong_password_and_missing_setup_are_one_clear_line(
    team_db: TeamDb,
) -> None:
    port = free_port()  # nothing listens there
    down = trainer(f"postgresql://alex@127.0.0.1:{port}/trainer", "history", password="x")
    assert down.returncode != 0
    assert down.stderr.strip().splitlines() == [
        f"trainer: Cannot reach the team server at 127.0.0.1:{port} to log in (connection "
        "refused): is the team server running? Check the --db URL and the network."
    ]
    wrong = trainer(team_db.url("alex", with_password=False), "history", password="guess")
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1
    assert "refused the login 'alex': wrong password" in wrong.stderr
    assert "Traceback" not in wrong.stderr + down.stderr


def test_admin_commands_refused_the_login_point_at_the_admins_password(team_db: TeamDb) -> None:
    """`team setup`, `add-rep`, `add-manager` run as the admin: a refused login is the
    admin's password or user name, not a rep the admin should add."""
    url = team_db.server.url("trainer_admin", team_db.dbname)
    for args in (("setup",), ("add-rep", "sam", "--password-stdin")):
        done = trainer(url, "team", *args, password="guess", stdin="pw\n")
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines() == [
            f"trainer: The team server at 127.0.0.1:{team_db.server.port} refused the login "
            "'trainer_admin': wrong password or no such login. Team "
            "commands run as the database admin (the tables' owner, docs/team.md): check "
            "the user name in the --db URL and its password (PGPASSWORD or ~/.pgpass)."
        ]
        assert "add-rep trainer_admin" not in done.stderr


def test_team_setup_is_idempotent_and_for_the_admin_only(team_db: TeamDb) -> None:
    again = trainer(
        team_db.server.url("trainer_admin", team_db.dbname),
        "team",
        "setup",
        password=ADMIN_PASSWORD,
    )
    assert again.returncode == 0, again.stderr
    from trainer.store.pg_schema import LATEST

    assert f"is up to date (schema {LATEST})" in again.stdout
    code, _, err = _as(
        team_db, "alex", "team", "add-rep", "mallory", "--password-stdin", stdin="pw\n"
    )
    assert code != 0 and "alex may not add mallory" in err and "Traceback" not in err
    code, _, err = _as(team_db, "alex", "team", "setup")
    assert code != 0 and "alex may not set up the team database" in err


def _admin(team_db: TeamDb, *args: str, stdin: str = "pw-1\n") -> tuple[int, str, str]:
    done = trainer(
        team_db.server.url("trainer_admin", team_db.dbname),
        "team",
        *args,
        password=ADMIN_PASSWORD,
        stdin=stdin,
    )
    return done.returncode, done.stdout, done.stderr


def test_add_rep_refuses_reserved_admin_group_and_other_role_names(team_db: TeamDb) -> None:
    import psycopg

    for name in (
        "trainer_admin",
        "trainer_rep",
        "trainer_manager",
        "postgres",
        "pg_monitor",
        "PG_x",
    ):
        code, out, err = _admin(team_db, "add-rep", name, "--password-stdin")
        assert code == 2 and "reserved" in err and "Traceback" not in err, (name, err)
        assert len(err.strip().splitlines()) == 1
    code, _, err = _admin(team_db, "add-manager", "trainer_admin", "--password-stdin")
    assert code == 2 and "reserved" in err
    # The admin can still log in: their password was not touched.
    code, out, err = _admin(team_db, "setup")
    assert code == 0, err
    with psycopg.connect(team_db.admin_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE someone_else LOGIN")
        groups = conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname IN ('trainer_rep', 'trainer_manager')"
        ).fetchall()
    assert groups == [(False,), (False,)]  # the group roles never got LOGIN
    code, _, err = _admin(team_db, "add-rep", "someone_else", "--password-stdin")
    assert code == 2 and "trainer did not create" in err and "Nothing was changed" in err

    # morgan is a manager: add-rep does not quietly "update" them.
    code, out, err = _admin(team_db, "add-rep", "morgan", "--password-stdin")
    assert code == 2 and "morgan is a manager, not a rep" in err
    assert "trainer team add-rep morgan --change-role" in err
    code, out, _ = _as(team_db, "morgan", "history")
    assert code == 0  # password unchanged
    code, out, err = _admin(
        team_db, "add-manager", "morgan", "--password-stdin", stdin=PASSWORDS["morgan"] + "\n"
    )
    assert code == 0 and "Updated manager morgan" in out, err


def test_change_role_moves_a_login_between_groups(team_db: TeamDb) -> None:
    code, out, err = _admin(team_db, "add-rep", "casey", "--password-stdin")
    assert code == 0, err
    code, out, err = _admin(team_db, "add-manager", "casey", "--password-stdin", "--change-role")
    assert code == 0 and "Updated manager casey" in out, err
    casey = trainer(
        team_db.server.url("casey", team_db.dbname), "stats", "--by-rep", password="pw-1"
    )
    assert casey.returncode == 0, casey.stderr
    code, out, err = _admin(team_db, "add-rep", "casey", "--password-stdin", "--change-role")
    assert code == 0 and "Updated rep casey" in out, err


def test_printed_urls_are_valid_and_stdin_closed_is_one_line(team_db: TeamDb) -> None:
    import subprocess

    from psycopg.conninfo import conninfo_to_dict

    code, out, err = _admin(team_db, "add-rep", "x@y.z", "--password-stdin")
    assert code == 0, err
    url = out.rsplit("--db ", 1)[1].strip()
    assert "x%40y.z@" in url
    assert conninfo_to_dict(url)["user"] == "x@y.z"
    done = trainer(url, "history", password="pw-1")
    assert done.returncode == 0, done.stderr

    import os

    closed = subprocess.run(
        f"exec {TRAINER} --db {team_db.server.url('trainer_admin', team_db.dbname)} "
        "team add-rep stdin_closed --password-stdin <&-",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PGPASSWORD": ADMIN_PASSWORD, "PGPASSFILE": "/nonexistent"},
    )
    assert closed.returncode == 2, closed.stderr
    assert closed.stderr.strip().splitlines() == [
        "trainer: standard input is closed: pipe the password into --password-stdin "
        "(e.g. from a password manager)."
    ]


def test_audit_on_the_team_server_finds_a_score_the_admin_forged(team_db: TeamDb) -> None:
    import psycopg

    answers = f"{GOOD}\nBefore price: how does their quote handle re-planning?\n/end\n"
    code, out, err = _as(
        team_db, "alex", "drill", "objection/too-expensive", "--plain", "--seed", "3", stdin=answers
    )
    assert code == 5, err  # ended early (/end)
    code, out, err = _as(team_db, "morgan", "team", "audit")
    assert code == 0 and "2 match, 0 do not" in out, out + err
    with psycopg.connect(team_db.admin_url, autocommit=True) as conn:
        forged = conn.execute(
            "UPDATE turns SET score = 99, result_json = jsonb_set(result_json::jsonb, "
            "'{score}', '99')::text WHERE seq = 2 RETURNING attempt_id, seq"
        ).fetchone()
        assert forged is not None
        attempt_id, seq = forged
    code, out, err = _as(team_db, "morgan", "team", "audit", "--rep", "alex", "--since", "1d")
    assert code == 1, err
    (line,) = [x for x in out.splitlines() if x.startswith("MISMATCH")]
    assert f"turn {seq} of attempt {attempt_id} (alex," in line and "stored 99," in line
    # A rep audits only what they may read: their own.
    code, out, err = _as(team_db, "blake", "team", "audit")
    assert code == 0 and "Audited 0 answers" in out


def test_doctor_flags_totals_that_do_not_match_and_setup_rebuilds_them(team_db: TeamDb) -> None:
    import psycopg

    answers = f"{GOOD}\n/end\n"
    code, _, err = _as(
        team_db, "alex", "drill", "objection/too-expensive", "--plain", stdin=answers
    )
    assert code == 5, err  # ended early (/end)
    with psycopg.connect(team_db.admin_url, autocommit=True) as conn:
        conn.execute("UPDATE daily_practice SET drills = 1064, answer_score_sum = 99999")
    code, out, _ = _as(team_db, "morgan", "doctor")
    assert code == 1
    assert "per-day totals of 1 rep-day do not match" in out
    assert "team setup --rebuild-totals" in out
    code, out, err = _admin(team_db, "setup", "--rebuild-totals")
    assert code == 0 and "recomputed" in out, err
    code, out, _ = _as(team_db, "morgan", "doctor")
    assert "do not match" not in out and "✓ consistent" in out
    code, out, _ = _as(team_db, "morgan", "stats", "--by-rep")
    rows = [line.split()[:4] for line in out.splitlines()[2:]]
    assert [[r[0], r[1], r[3]] for r in rows] == [["alex", "1", "1"]] and float(rows[0][2]) < 1
