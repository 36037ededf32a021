"""`trainer team ...`: set up a PostgreSQL team server and add its members (an admin's job)."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from trainer.commands.common import db_from, fail

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


def register(group: click.Group) -> None:
    group.add_command(team)


@click.group()
def team() -> None:
    """Team server (PostgreSQL): set it up and add reps and managers.

    \b
    Run as the database owner (or a superuser), with --db pointing at the team database:
      trainer --db postgresql://admin@db.example.com/trainer team setup
      trainer --db postgresql://admin@db.example.com/trainer team add-rep alex
      trainer --db postgresql://admin@db.example.com/trainer team add-manager morgan
    Reps then use --db postgresql://alex@db.example.com/trainer (password from PGPASSWORD
    or ~/.pgpass).
    """


def _connect(ctx: click.Context) -> tuple[Any, Any]:
    url = (db_from(ctx) or "").strip()
    if not url.startswith(("postgresql://", "postgres://")):
        fail("team commands need the team server: pass --db postgresql://ADMIN@HOST:PORT/DBNAME "
             "(or set TRAINER_DATABASE_URL).", 2)
    from trainer.store.base import StoreError

    try:
        from trainer.store.postgres import Server, connect
    except ImportError:
        fail("the team server needs the PostgreSQL driver: pip install 'trainer[postgres]'.")
    try:
        server = Server.of(url)
        return connect(url, server), server
    except StoreError as exc:
        fail(str(exc))


def _run(ctx: click.Context, action: str, job: Any) -> Any:
    import psycopg

    from trainer.store.base import StoreError
    from trainer.store.postgres import explain

    conn, server = _connect(ctx)
    try:
        return job(conn), server
    except psycopg.errors.InsufficientPrivilege as exc:
        fail(f"{server.user} may not {action} on {server.where}/{server.dbname}: run it as the "
             f"database owner or a superuser ({str(exc).splitlines()[0]}).")
    except psycopg.Error as exc:
        fail(explain(exc, server, action))
    except StoreError as exc:
        fail(str(exc))
    finally:
        conn.close()


@team.command()
@click.pass_context
def setup(ctx: click.Context) -> None:
    """Create or upgrade the tables, the roles and the row-level security (idempotent)."""
    from trainer.store import pg_schema

    (found, now), server = _run(ctx, "set up the team database", pg_schema.setup)
    where = f"{server.where}/{server.dbname}"
    if found == now:
        click.echo(f"The team database {where} is up to date (schema {now}).")
    else:
        click.echo(f"The team database {where} is set up (schema {found} -> {now}); groups "
                   f"{pg_schema.REP_ROLE} and {pg_schema.MANAGER_ROLE} are ready.")


def _read_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            fail("no terminal to ask for the password: pipe it with --password-stdin.", 2)
        password = click.prompt(f"Password for {name}", hide_input=True,
                                confirmation_prompt=True)
    if not password:
        fail("the password is empty: give one (a team member logs in with it).", 2)
    return password


def _add(ctx: click.Context, name: str, from_stdin: bool, manager: bool) -> None:
    from trainer.store import pg_schema

    name = name.strip()
    if not _NAME.match(name):
        fail(f"{name!r} cannot be a login name: use letters, digits, '_', '.', '-' or '@', "
             "starting with a letter.", 2)
    group = pg_schema.MANAGER_ROLE if manager else pg_schema.REP_ROLE
    password = _read_password(name, from_stdin)

    def job(conn: Any) -> bool:
        return pg_schema.add_login(conn, name, password, group)

    created, server = _run(ctx, f"add {name}", job)
    what = "manager" if manager else "rep"
    verb = "Added" if created else "Updated"
    click.echo(f"{verb} {what} {name} on {server.where}. They use "
               f"--db postgresql://{name}@{server.host}:{server.port}/{server.dbname}")


_password_stdin = click.option("--password-stdin", "from_stdin", is_flag=True,
                               help="Read the password from the first line of standard input.")


def _add_command(command: str, manager: bool, doc: str) -> None:
    """Register `team add-rep` or `team add-manager` (the same but for the role)."""

    @team.command(command, help=doc)
    @click.argument("name")
    @_password_stdin
    @click.pass_context
    def add(ctx: click.Context, name: str, from_stdin: bool) -> None:
        _add(ctx, name, from_stdin, manager=manager)


_add_command("add-rep", False,
             "Create a rep's login (or reset its password): logs and reads only their own "
             "practice.")
_add_command("add-manager", True,
             "Create a manager's login (or reset its password): reads everyone's practice.")
