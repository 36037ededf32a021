"""`trainer team ...`: set up a PostgreSQL team server and add its members (an admin's job);
publish scenarios and report on the team (a manager's)."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from typing import Any

import click

from trainer.commands.common import (
    clock_from,
    db_from,
    echo,
    fail,
    library_from,
    store_and_library,
    store_from,
)
from trainer.commands.log import SINCE_HELP, Since
from trainer.words import plural

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


def register(group: click.Group) -> None:
    group.add_command(team)


@click.group()
def team() -> None:
    """Team server (PostgreSQL): set it up, add reps and managers, audit scores.

    \b
    Run as the database owner (or a superuser), with --db pointing at the team database:
      trainer --db postgresql://admin@db.example.com/trainer team setup
      trainer --db postgresql://admin@db.example.com/trainer team add-rep alex
      trainer --db postgresql://admin@db.example.com/trainer team add-manager morgan
    Reps then use --db postgresql://alex@db.example.com/trainer (password from PGPASSWORD
    or ~/.pgpass). A manager re-scores logged answers to find edited scores:
      trainer --db postgresql://morgan@db.example.com/trainer team audit --since 7d
    publishes scenarios and sees the team (assign practice with `trainer assign`):
      trainer --db postgresql://morgan@db.example.com/trainer team publish mine/*.yaml
      trainer --db postgresql://morgan@db.example.com/trainer team report --since 14d
    and takes a rep who left off the team (`trainer forget --rep` deletes their practice too):
      trainer --db postgresql://morgan@db.example.com/trainer team remove-rep sam
    """


@team.command()
@click.option("--rep", help="Only this rep's answers [default: everyone the log shows you].")
@click.option("--since", type=Since(), help=SINCE_HELP)
@click.pass_context
def audit(ctx: click.Context, rep: str | None, since: datetime | None) -> None:
    """Re-score logged answers and list every one whose stored score does not match.

    Scoring is deterministic: an answer re-scored against the scenario version it was
    drilled on (same id, version and file sha256) gets the score it was logged with, unless
    the log was edited. Answers drilled on a version not in your library are listed as
    "cannot check". Works on a team server (a manager sees everyone) and on a SQLite log.
    Exits 1 when a score does not match.

    \b
    Examples:
      trainer --db postgresql://morgan@db.example.com/trainer team audit --since 7d
      trainer team audit --rep alex
    """
    from trainer.commands.common import existing_store_from
    from trainer.store.audit import ScenarioVersions
    from trainer.store.audit import audit as rescore
    from trainer.store.base import StoreError

    store = existing_store_from(ctx)
    if store is None:
        click.echo("No practice logged yet: nothing to audit.")
        return
    try:
        report = rescore(store.export(rep, since), ScenarioVersions(library_from(ctx, store)))
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    for found in report.mismatches:
        a, t = found.attempt, found.turn
        click.echo(
            f"MISMATCH      turn {t.seq} of attempt {a.id} ({a.rep}, {a.scenario_id} "
            f"v{a.scenario_version}, step {t.step_id}): stored {t.score:g}, "
            f"re-scored {found.rescored:g}"
        )
    for found in report.unchecked:
        a, t = found.attempt, found.turn
        click.echo(f"CANNOT CHECK  turn {t.seq} of attempt {a.id} ({a.rep}): {found.why}")
    who = f" of {rep}" if rep else ""
    click.echo(
        f"Audited {plural(report.answers, 'answer')} in {plural(report.attempts, 'attempt')}{who}: "
        f"{report.matched} match, {len(report.mismatches)} do not, "
        f"{len(report.unchecked)} cannot be checked here."
    )
    if report.mismatches:
        raise SystemExit(1)


def _connect(ctx: click.Context) -> tuple[Any, Any]:
    from trainer.store.base import is_team_url

    url = (db_from(ctx) or "").strip()
    if not is_team_url(url):
        fail(
            "team commands need the team server: pass --db postgresql://ADMIN@HOST:PORT/DBNAME "
            "(or set TRAINER_DATABASE_URL).",
            2,
        )
    from trainer.store.base import StoreError

    try:
        from trainer.store.postgres import Server, connect
    except ImportError:
        from trainer.install import extra_hint

        fail(f"the team server needs the PostgreSQL driver: {extra_hint('postgres')}.")
    try:
        server = Server.of(url)
        return connect(url, server, admin=True), server
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
        fail(
            f"{server.user} may not {action} on {server.where}/{server.dbname}: run it as the "
            f"database owner or a superuser ({str(exc).splitlines()[0]})."
        )
    except psycopg.Error as exc:
        fail(explain(exc, server, action, admin=True))
    except StoreError as exc:
        fail(str(exc))
    finally:
        conn.close()


@team.command()
@click.option(
    "--rebuild-totals",
    is_flag=True,
    help="Also recompute every attempt's answer count and time and the per-day and "
    "per-scenario totals from the rows (when `trainer doctor` says they do not match).",
)
@click.pass_context
def setup(ctx: click.Context, rebuild_totals: bool) -> None:
    """Create or upgrade the tables, the roles and the row-level security (idempotent)."""
    from trainer.store import pg_schema

    def job(conn: Any) -> tuple[int, int]:
        versions = pg_schema.setup(conn)
        if rebuild_totals:
            pg_schema.rebuild_totals(conn)
        return versions

    (found, now), server = _run(ctx, "set up the team database", job)
    where = f"{server.where}/{server.dbname}"
    if found == now:
        click.echo(f"The team database {where} is up to date (schema {now}).")
    else:
        click.echo(
            f"The team database {where} is set up (schema {found} -> {now}); groups "
            f"{pg_schema.REP_ROLE} and {pg_schema.MANAGER_ROLE} are ready."
        )
    if rebuild_totals:
        click.echo("The totals were recomputed from the attempts and answers.")


def _read_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        from trainer.process import stream_closed

        if sys.stdin is None or stream_closed(0):
            fail(
                "standard input is closed: pipe the password into --password-stdin "
                "(e.g. from a password manager).",
                2,
            )
        try:
            password = sys.stdin.readline().rstrip("\r\n")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            fail(
                f"cannot read the password from standard input ({exc}): pipe it into "
                "--password-stdin as one line of text.",
                2,
            )
    else:
        if sys.stdin is None or not sys.stdin.isatty():
            fail("no terminal to ask for the password: pipe it with --password-stdin.", 2)
        password = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    if not password:
        fail("the password is empty: give one (a team member logs in with it).", 2)
    return password


def login_url(name: str, host: str, port: str, dbname: str) -> str:
    """A postgresql:// URL that libpq reads back as this login and database."""
    from urllib.parse import quote

    where = f"[{host}]" if ":" in host else host
    return (
        f"postgresql://{quote(name, safe='')}@{quote(where, safe='[]:')}:{port}/"
        f"{quote(dbname, safe='')}"
    )


def _add(
    ctx: click.Context,
    name: str,
    from_stdin: bool,
    manager: bool,
    change_role: bool,
    keep_password: bool = False,
) -> None:
    from trainer.store import pg_schema

    name = name.strip()
    if not _NAME.match(name):
        fail(
            f"{name!r} cannot be a login name: use letters, digits, '_', '.', '-' or '@', "
            "starting with a letter.",
            2,
        )
    reserved = pg_schema.reserved_name(name)
    if reserved:
        fail(f"{reserved}.", 2)
    group = pg_schema.MANAGER_ROLE if manager else pg_schema.REP_ROLE

    def job(conn: Any) -> bool:
        conflict = pg_schema.login_conflict(conn, name, group, change_role)
        if conflict:
            fail(f"{conflict}. Nothing was changed.", 2)
        if keep_password and not pg_schema.login_exists(conn, name):
            fail(
                f"there is no login {name!r} on this server yet, so there is no password to "
                "keep: leave out --keep-password to create it with one. Nothing was changed.",
                2,
            )
        password = None if keep_password else _read_password(name, from_stdin)
        return pg_schema.add_login(conn, name, password, group)

    created, server = _run(ctx, f"add {name}", job)
    what = "manager" if manager else "rep"
    verb = "Added" if created else "Updated"
    if keep_password:
        verb = "Added (password unchanged)"
    click.echo(
        f"{verb} {what} {name} on {server.where}/{server.dbname}. They use "
        f"--db {login_url(name, server.host, server.port, server.dbname)}"
    )


_password_stdin = click.option(
    "--password-stdin",
    "from_stdin",
    is_flag=True,
    help="Read the password from the first line of standard input.",
)


def _add_command(command: str, manager: bool, doc: str) -> None:
    """Register `team add-rep` or `team add-manager` (the same but for the role)."""

    @team.command(command, help=doc)
    @click.argument("name")
    @_password_stdin
    @click.option(
        "--change-role",
        is_flag=True,
        help=f"Move an existing {'rep' if manager else 'manager'} to this role.",
    )
    @click.option(
        "--keep-password",
        is_flag=True,
        help="The login exists already (e.g. on another team database of this server): "
        "add it to this database without changing its password.",
    )
    @click.pass_context
    def add(
        ctx: click.Context, name: str, from_stdin: bool, change_role: bool, keep_password: bool
    ) -> None:
        _add(ctx, name, from_stdin, manager, change_role, keep_password)


_add_command(
    "add-rep",
    False,
    "Create a rep's login (or reset a rep's password) and add them to this team database: "
    "logs and reads only their own practice. Reserved names, the admin and other logins "
    "are refused; a manager becomes a rep only with --change-role.",
)
_add_command(
    "add-manager",
    True,
    "Create a manager's login (or reset a manager's password) and add them to this team "
    "database: reads everyone's practice. A rep becomes a manager only with --change-role.",
)


@team.command("remove-rep")
@click.argument("name")
@click.pass_context
def remove_rep(ctx: click.Context, name: str) -> None:
    """Take a rep off this team database (a manager or the admin): they can no longer use
    it (trainer refuses their login in one line; the server hides and refuses everything to
    them) and no longer appear in the Team place or `team report`. Their practice stays in
    the log (`trainer forget --rep NAME` deletes it, and takes them off the team too) and
    their login stays on the server (other team databases may use it); `team add-rep NAME
    --keep-password` adds them back.
    """
    from trainer.store.base import StoreError, is_team_url

    name = name.strip()
    if not is_team_url(db_from(ctx)):
        fail(
            "a file log has no team: pass --db postgresql://MANAGER@HOST:PORT/DBNAME "
            "(or set TRAINER_DATABASE_URL).",
            2,
        )
    store = store_from(ctx)
    try:
        removed = store.remove_member(name)  # type: ignore[attr-defined]
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if not removed:
        fail(
            f"{name!r} is not a rep of this team database (`trainer team report` lists them); "
            "nothing was changed."
        )
    echo(
        f"Removed {name} from this team database: they can no longer log in to it, read it "
        "or practise on it.\n"
        "Their practice stays in the log, and their login on the server (other team "
        f"databases may use it); `trainer team add-rep {name} --keep-password` (the admin) "
        "adds them back."
    )


@team.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--draft",
    is_flag=True,
    help="Publish for managers only (reps do not see it yet); "
    "publishing the same version again without --draft releases it.",
)
@click.pass_context
def publish(ctx: click.Context, paths: tuple[str, ...], draft: bool) -> None:
    """Publish scenario files to the team server (a manager): reps' libraries then include
    them, with a local copy so drills work offline. Every file is checked first; if one is
    invalid, its file:line:col errors are shown and nothing is published. Id, version and
    sha256 are kept; a newer `version` supersedes; the same version with other content is
    refused.

    \b
    Examples:
      trainer --db postgresql://morgan@db.example.com/trainer team publish my-scenarios/*.yaml
      trainer team publish objection-budget.yaml --draft
    """
    from pathlib import Path

    from trainer.commands.plan import me
    from trainer.store.base import StoreError, is_team_url
    from trainer.store.published import publish_files

    if not is_team_url(db_from(ctx)):
        fail(
            "publishing is for a team server: pass --db postgresql://NAME@HOST:PORT/DBNAME "
            "(on your own log, put scenario files in a --scenarios folder instead).",
            2,
        )
    store, library = store_and_library(ctx)
    try:
        results = publish_files(store, [Path(p) for p in paths], library, me(store), draft)
    except StoreError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot read {exc.filename}: {exc.strerror}")
    finally:
        store.close()
    errors = [e for r in results for e in r.errors]
    for error in errors:
        echo(str(error), err=True)
    if errors:
        fail(
            f"{plural(len(errors), 'error')} in "
            f"{plural(sum(bool(r.errors) for r in results), 'file')}: "
            "nothing was published.",
            2,
        )
    for r in results:
        state = (
            ("published" + (" as a draft" if draft else ""))
            if r.published
            else "already published, unchanged"
        )
        echo(f"{r.scenario_id} version {r.version}: {state}")


REPORT_FORMATS = ("text", "csv", "json", "md")
REPORT_COLUMNS = (
    "rep",
    "drills_this_week",
    "minutes_this_week",
    "drills_last_week",
    "minutes_last_week",
    "assignments_done",
    "assignments",
    "assignments_overdue",
    "assigned_average",
    "assigned_best",
    "weakest_objections",
    "last_practice_day",
    "due",
    "due_overdue",
    "pair_calls",
    "partner_calls",
    "partner_minutes",
    "observer_calls",
    "observer_minutes",
    "latest_pair_day",
    "latest_pair_partner",
    "latest_pair_human_score",
    "latest_pair_ticks",
    "latest_pair_tags",
    "latest_pair_comment",
)


@team.command()
@click.option(
    "--since",
    type=Since(),
    help="Window of assigned scores and pair calls: "
    + SINCE_HELP.removesuffix(".")
    + " [default: 28d].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="text (a table), csv, json or md (a Markdown table).",
)
@click.pass_context
def report(ctx: click.Context, since: datetime | None, fmt: str) -> None:
    """One row per rep: drills and minutes this week and last, assignment completion,
    average and best on assigned scenarios, weak spots (recall tomorrow, lapses: as the rep's
    Progress shows them), last practice day, due drills (a manager sees the team; a rep,
    themselves). Same figures as the app's Team place.

    \b
    Examples:
      trainer --db postgresql://morgan@db.example.com/trainer team report
      trainer team report --since 14d --format csv > team.csv
      trainer team report --format md
    """
    from trainer.commands.progress import StderrProgress
    from trainer.practice.assignments import scenario_facts
    from trainer.practice.stats import spot_names
    from trainer.practice.team import read_team
    from trainer.store.base import StoreError

    store, library = store_and_library(ctx)
    # The first report after an upgrade replays every rep's log into their saved schedule
    progress = StderrProgress("Reading each rep's practice schedule", "reps")
    try:
        found = read_team(
            store,
            scenario_facts(library),
            clock_from(ctx),
            None if since is None else since.astimezone().date(),
            names=spot_names(library),
            progress=progress,
        )
    except StoreError as exc:
        progress.finish()  # the progress line cleared before the message
        fail(str(exc))
    finally:
        progress.finish()
        store.close()
    from trainer.commands.team_report import print_report

    print_report(found, fmt)
