"""A real PostgreSQL team server for the session, set up through the real `trainer team`.

Reps alex and blake and manager morgan are added once (roles are server-wide); each test
gets its own freshly set-up database.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .pg_server import ADMIN_PASSWORD, PgServer, find_bindir

# A package (tests/team/__init__.py), so this conftest does not take the module name
# `conftest` that tests/cli_log's tests import from.
sys.path.insert(0, str(Path(__file__).parents[1] / "store"))  # logdata.py

TRAINER = str(Path(sys.executable).parent / "trainer")
PASSWORDS = {"alex": "alex-pw", "blake": "blake-pw", "morgan": "morgan-pw"}
_numbers = itertools.count(1)


def trainer(
    url: str,
    *args: str,
    password: str | None = None,
    stdin: str = "",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real `trainer` command with --db URL (password through PGPASSWORD)."""
    environ = {**os.environ, "PGPASSFILE": "/nonexistent/pgpass", **(env or {})}
    environ.pop("PGPASSWORD", None)
    if password is not None:
        environ["PGPASSWORD"] = password
    return subprocess.run(
        [TRAINER, "--db", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
    )


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed: "
            "apt-get install postgresql"
        )
    server = PgServer(bindir).start()
    try:
        server.create_database("trainer")
        admin = server.url("trainer_admin")
        done = trainer(admin, "team", "setup", password=ADMIN_PASSWORD)
        assert done.returncode == 0, done.stderr
        for name in ("alex", "blake", "morgan"):
            command = "add-manager" if name == "morgan" else "add-rep"
            done = trainer(
                admin,
                "team",
                command,
                name,
                "--password-stdin",
                password=ADMIN_PASSWORD,
                stdin=PASSWORDS[name] + "\n",
            )
            assert done.returncode == 0, done.stderr
        yield server
    finally:
        server.stop()


@dataclass
class TeamDb:
    server: PgServer
    dbname: str

    def url(self, user: str, with_password: bool = True) -> str:
        password = PASSWORDS.get(user) if with_password else None
        return self.server.url(user, self.dbname, password)

    @property
    def admin_url(self) -> str:
        return self.server.admin_url(self.dbname)


@pytest.fixture
def team_db(pg: PgServer) -> TeamDb:
    """A new database with the trainer schema (set up in-process, as `team setup` does),
    whose members are alex, blake and morgan (as `team add-rep NAME --keep-password` adds
    logins of another team database on the server)."""
    name = new_team_db(pg)
    from trainer.store import pg_schema
    from trainer.store.postgres import connect

    conn = connect(pg.admin_url(name))
    try:
        for login in PASSWORDS:
            pg_schema.add_member(conn, login)
    finally:
        conn.close()
    return TeamDb(pg, name)


def new_team_db(pg: PgServer) -> str:
    """A new database with the trainer schema and no members; its name."""
    from trainer.store import pg_schema
    from trainer.store.postgres import connect

    name = f"t{os.getpid()}_{next(_numbers)}"
    pg.create_database(name)
    conn = connect(pg.admin_url(name))
    try:
        pg_schema.setup(conn)
    finally:
        conn.close()
    return name
