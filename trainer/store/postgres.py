"""The practice log on a team PostgreSQL server (`--db postgresql://user@host:port/dbname`).

Same records and behaviour as `SQLiteStore`, from the same queries (`queries.py`, with
`pg_params()` placeholders). Each person logs in as themselves (password from PGPASSWORD or
~/.pgpass, libpq's usual ways) and the server's row-level security decides what they see and
may change (`pg_schema.py`); the rep name logged is the login role, `fixed_rep`. Every write
is one transaction, committed (durable) before the call returns; the per-day and
per-scenario totals, and each attempt's answer count and time practised, are kept by the
server's triggers in the same transaction (`pg_schema.PG_V2`), never written by the client.
One connection per store, shared by threads under a lock. The schema is created and
upgraded by an admin (`trainer team setup`), never by a rep's app.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict

from trainer.store import pg_schema
from trainer.store import plan_queries as pq
from trainer.store import queries as q
from trainer.store.base import ServerUnreachable, StoreError
from trainer.store.plan_records import Assignment, AssignmentTotals
from trainer.store.plan_sql import totals_row
from trainer.store.records import AttemptRecord, Forgotten, ReviewRow
from trainer.store.sql_store import SQLStore
from trainer.store.writer import this_writer
from trainer.words import plural

CONNECT_TIMEOUT_S = 10
IDLE_CHECK_S = 30.0  # after this long unused, check the connection still answers
CANNOT_REACH = "Cannot reach the team server"
_SQL: dict[str, str] = {}


def _pg(sql: str) -> str:
    """A shared query with psycopg placeholders (converted once)."""
    found = _SQL.get(sql)
    if found is None:
        found = _SQL[sql] = q.pg_params(sql)
    return found


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _value(conn: psycopg.Connection[Any], sql: str) -> Any:
    """The single value a query gives (None when it gives no row)."""
    row = conn.execute(sql).fetchone()
    return None if row is None else row[0]


@dataclass(frozen=True, slots=True)
class Server:
    """Where the store connects (for messages; never holds the password)."""

    host: str
    port: str
    dbname: str
    user: str

    @classmethod
    def of(cls, url: str) -> Server:
        try:
            info = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(
                f"The team server address is not a valid postgresql:// URL ({exc}). "
                "Use --db postgresql://NAME@HOST:PORT/DBNAME."
            ) from exc
        import getpass

        user = str(info.get("user") or getpass.getuser())
        return cls(
            host=str(info.get("host") or "localhost"),
            port=str(info.get("port") or "5432"),
            dbname=str(info.get("dbname") or user),
            user=user,
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def explain(
    exc: psycopg.Error,
    server: Server,
    action: str,
    writing: bool = False,
    managers: bool = False,
    connecting: bool = False,
    admin: bool = False,
) -> str:
    """One sentence for a psycopg error, with what to do about it; `managers`: the action
    is one only a manager may take (the team's plan); `connecting`: the error came while
    connecting (to log in, or again before a write), so it is the server out of reach unless
    the login or the database was refused; `admin`: the login is the database admin's
    (`team setup`, `add-rep`), so a refused login is not a rep to add."""
    text = str(exc).strip()
    lost = " Nothing from this write was saved; earlier practice is safe." if writing else ""
    first = text.splitlines()[0] if text else type(exc).__name__
    refused = is_refusal(exc)
    if refused and pg_schema.MEMBERS_ONLY in text:
        return (
            f"The team server refused to let {server.user} {action}: {server.user} is no "
            "longer a member of this team database (a manager took them off the team). Ask "
            f"the admin to add them back: `trainer team add-rep {server.user} "
            f"--keep-password`.{lost}"
        )
    if refused and managers:
        return (
            f"The team server refused to let {server.user} {action}: only a manager can, "
            "under their own login (row-level security: a team member logs and reads only "
            f"their own practice). Ask a manager.{lost}"
        )
    if refused:
        return (
            f"The team server refused to let {server.user} {action}: team members may only "
            f"log and read their own practice (row-level security). Ask a manager if you "
            f"need more.{lost}"
        )
    if isinstance(exc, pgerrors.InvalidCatalogName) or (
        "database" in text and "does not exist" in text
    ):
        return (
            f"There is no database {server.dbname!r} on the team server at {server.where}: "
            "check the --db URL, or ask the admin to create it and run `trainer team setup`."
        )
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        if admin:
            return (
                f"The team server at {server.where} refused the login {server.user!r}: wrong "
                "password or no such login. Team commands run as the database admin (the "
                "tables' owner, docs/team.md): check the user name in the --db URL and its "
                "password (PGPASSWORD or ~/.pgpass)."
            )
        return (
            f"The team server at {server.where} refused the login {server.user!r}: wrong "
            "password or no such team member. Set PGPASSWORD or ~/.pgpass, or ask the admin "
            f"to run `trainer team add-rep {server.user}`."
        )
    if "no password supplied" in text:
        return (
            f"The team server at {server.where} needs a password for {server.user!r}: set "
            "PGPASSWORD or add a line to ~/.pgpass."
        )
    if isinstance(exc, psycopg.OperationalError) and (
        connecting or action == "log in" or "connection" in text.lower() or "server closed" in text
    ):
        return (
            f"{CANNOT_REACH} at {server.where} to {action}{_why(text)}: is the "
            f"team server running? Check the --db URL and the network.{lost}"
        )
    return f"The team server at {server.where} could not {action}: {first}.{lost}"


def is_refusal(exc: psycopg.Error) -> bool:
    """The server's rules (row-level security, privileges) refused the statement."""
    return isinstance(exc, pgerrors.InsufficientPrivilege) or "row-level security" in str(exc)


def clock_off_message(off: timedelta, server: Server) -> str:
    """The write was refused because this computer's clock is `off` from the server's."""
    seconds = abs(off.total_seconds())
    if seconds >= 2 * 86400:
        amount = f"{seconds / 86400:.0f} days"
    elif seconds >= 2 * 3600:
        amount = f"{seconds / 3600:.0f} hours"
    else:
        amount = f"{seconds / 60:.0f} minutes"
    way = "ahead of" if off > timedelta(0) else "behind"
    return (
        f"Your clock is {amount} {way} the team server's at {server.where}: the team log only "
        f"takes practice timed within {pg_schema.CLOCK_SKEW_MINUTES} minutes of the server's "
        "clock. Set this computer's date and time right (automatic time), then try again. "
        "Nothing from this write was saved; earlier practice is safe."
    )


def _why(text: str) -> str:
    low = text.lower()
    if "resolve host" in low or "translate host name" in low or "name or service" in low:
        return " (unknown host name)"
    if "refused" in low:
        return " (connection refused)"
    if "timeout" in low or "timed out" in low:
        return " (no answer)"
    return ""


def connect(
    url: str,
    server: Server | None = None,
    action: str = "log in",
    writing: bool = False,
    admin: bool = False,
) -> psycopg.Connection[Any]:
    """A connection in autocommit mode (transactions are explicit), times in UTC; errors
    are explained as failing to `action` (a write when `writing`; as the admin when
    `admin`)."""
    server = server or Server.of(url)
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="trainer",
            options="-c TimeZone=UTC",
        )
    except psycopg.Error as exc:
        said = explain(exc, server, action, writing, connecting=True, admin=admin)
        if said.startswith(CANNOT_REACH):
            raise ServerUnreachable(said) from exc
        raise StoreError(said) from exc
    return conn


class PostgresStore(SQLStore):
    _server_keeps_totals = True  # the server's triggers keep them (pg_schema.PG_V2)
    _for_update = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        self.url = url
        self.server = Server.of(url)
        self.path = None  # no file: `forget` looks for migration backups beside a file
        self._lock = threading.RLock()
        self._writer = this_writer()
        self._conn = connect(url, self.server)
        self._used = time.monotonic()
        try:
            with self._errors("open the practice log", writing=False):
                self.fixed_rep: str = str(_value(self._conn, "SELECT session_user"))
                self._check_schema()
        except BaseException:
            self._conn.close()
            raise

    def _check_schema(self) -> None:
        where = f"{self.server.where}/{self.server.dbname}"
        try:
            with self._conn.transaction():
                found = int(_value(self._conn, pg_schema.SCHEMA_VERSION))
        except pgerrors.UndefinedTable:
            found = 0
        if found == 0:
            raise StoreError(
                f"The team database {where} has no trainer tables yet: ask the admin to run "
                f"`trainer --db {self._safe_url} team setup`."
            )
        if found < pg_schema.LATEST:
            raise StoreError(
                f"The team database {where} has schema {found}, older than this trainer "
                f"({pg_schema.LATEST}): ask the admin to run `trainer team setup` to upgrade it."
            )
        if found > pg_schema.LATEST:
            raise StoreError(
                f"The team database {where} was set up by a newer version of trainer "
                f"(schema {found}; this version knows up to {pg_schema.LATEST}). Upgrade "
                "trainer to use it; nothing was changed."
            )
        if self._removed_rep():
            raise StoreError(
                f"{self.fixed_rep} is not a member of the team database {where}: a manager "
                "took them off the team (or they were never added here). Ask the admin to "
                f"add them back: `trainer team add-rep {self.fixed_rep} --keep-password`."
            )

    def _removed_rep(self) -> bool:
        """The login is a rep's (in the reps' group) and not one of this team database's
        members: the server's rules (pg_schema.PG_V10_MEMBERS_ONLY) hide and refuse
        everything to it."""
        sql = (
            "SELECT NOT EXISTS (SELECT 1 FROM team_members WHERE login = session_user) "
            "AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s "
            "AND u.rolname = session_user)"
        )
        with self._conn.transaction():
            found = self._conn.execute(sql, (pg_schema.REP_ROLE,)).fetchone()
        return bool(found and found[0])

    @property
    def _safe_url(self) -> str:
        s = self.server
        return f"postgresql://ADMIN@{s.host}:{s.port}/{s.dbname}"

    # -- errors and transactions ------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, writing: bool = True, managers: bool = False) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            message = explain(exc, self.server, action, writing, managers)
            if self._conn.broken:
                message += " The connection was lost; trainer reconnects on the next try."
                raise ServerUnreachable(message) from exc
            if writing and is_refusal(exc) and (off := self._clock_off()) is not None:
                message = clock_off_message(off, self.server)
            raise StoreError(message) from exc

    def _clock_off(self) -> timedelta | None:
        """How far this computer's clock is from the server's, when more than the team log
        allows (its rules refuse times further off than that); None when within it or the
        server cannot say."""
        try:
            server_now = _value(self._conn, "SELECT now()")
        except psycopg.Error:
            return None
        if not isinstance(server_now, datetime):
            return None
        off = datetime.now(UTC) - server_now
        return off if abs(off) > timedelta(minutes=pg_schema.CLOCK_SKEW_MINUTES) else None

    def _live(self, action: str, writing: bool) -> psycopg.Connection[Any]:
        """The connection, opened again when it broke or, after a quiet spell, no longer
        answers (the team server restarted while the app sat open)."""
        conn = self._conn
        if not (conn.broken or conn.closed):
            if time.monotonic() - self._used < IDLE_CHECK_S:
                return conn
            try:
                conn.execute("SELECT 1")
                return conn
            except psycopg.OperationalError:
                pass
        conn.close()
        self._conn = connect(self.url, self.server, action, writing)
        return self._conn

    @contextmanager
    def _write(self, action: str, managers: bool = False) -> Iterator[psycopg.Connection[Any]]:
        """One transaction, committed (durable) when the block ends, or rolled back whole;
        `managers`: a write of the team's plan, which only a manager may make."""
        with self._lock:
            conn = self._live(action, writing=True)
            self._used = time.monotonic()
            with self._errors(action, managers=managers), conn.transaction():
                yield conn

    @contextmanager
    def _read(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        with self._lock:
            conn = self._live(action, writing=False)
            self._used = time.monotonic()
            with self._errors(action, writing=False), conn.transaction():
                yield conn

    # -- hooks for the shared writes and reads (sql_store.SQLStore) -------------------------

    def _sql(self, sql: str) -> str:
        return _pg(sql)

    def _bind_time(self, moment: datetime) -> datetime:
        return _utc(moment)

    def _bind_day(self, day: date) -> date:
        return day

    def _time(self, value: datetime) -> datetime:
        return _utc(value)

    def _day(self, value: date) -> date:
        return value

    def _no_attempt(self, attempt_id: str) -> StoreError:
        return StoreError(
            f"No attempt {attempt_id} on the team server {self.server.where}: start the "
            "attempt first."
        )

    def _check_updated(self, changed: int, attempt_id: str) -> None:
        if changed != 1:
            raise _closed(attempt_id)

    # -- writes -----------------------------------------------------------------------------

    def start_attempt(self, attempt: AttemptRecord) -> None:
        if attempt.rep != self.fixed_rep and not self._is_admin():
            raise StoreError(
                f"{self.fixed_rep} cannot log an attempt as {attempt.rep!r} on the team server: "
                "each team member logs their own practice under their login name."
            )
        super().start_attempt(attempt)

    def _is_admin(self) -> bool:
        """Not bound by row-level security: a superuser or the tables' owner."""
        sql = (
            "SELECT rolsuper OR rolbypassrls OR pg_has_role(session_user, "
            "(SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'attempts'), 'MEMBER') FROM pg_roles WHERE rolname = session_user"
        )
        with self._read("check the login's rights") as conn:
            found = conn.execute(sql).fetchone()
        return bool(found and found[0])

    def forget_rep(self, rep: str) -> Forgotten:
        with self._read("check the login's rights") as conn:
            allowed = conn.execute("SELECT has_table_privilege('attempts', 'DELETE')").fetchone()
        if not (allowed and allowed[0]):
            raise StoreError(
                f"{self.fixed_rep} may not delete practice on the team server: only a manager "
                "or the admin can forget a rep (the log is append-only for reps)."
            )
        with self._write("forget the rep") as conn:
            forgotten = self._delete_rep(conn, rep)
            # ...and off the team's members: the team view no longer lists them
            conn.execute("DELETE FROM team_members WHERE login = %s", (rep,))
        # Reclaim the deleted rows now where we may (the tables' owner); otherwise the
        # server's autovacuum does it. Backups are the server admin's (docs/team.md).
        with self._lock, self._errors("forget the rep", writing=False):
            self._conn.execute(
                "VACUUM attempts, turns, daily_practice, scenario_practice, pair_notes, "
                "pair_observations"
            )
        return forgotten

    # -- reads (the rest are shared) ---------------------------------------------------------

    def assignments_totals(
        self, wanted: Sequence[tuple[Assignment, Collection[str]]]
    ) -> list[AssignmentTotals]:
        """Every assignment's totals in one round trip (the team report reads dozens)."""
        if not wanted:
            return []
        pairs = [(str(n), sid) for n, (_, ids) in enumerate(wanted) for sid in ids]
        params = {
            "keys": [str(n) for n in range(len(wanted))],
            "reps": [a.rep for a, _ in wanted],
            "sinces": [_utc(a.assigned_at) for a, _ in wanted],
            "pair_keys": [k for k, _ in pairs],
            "pair_ids": [s for _, s in pairs],
        }
        found: dict[str, AssignmentTotals] = {}
        with self._read("read the assignments' progress") as conn:
            for key, *row in conn.execute(pq.PG_ASSIGNMENTS_TOTALS, params):
                found[key] = totals_row(tuple(row), _utc)
        return [found.get(str(n), AssignmentTotals()) for n in range(len(wanted))]

    def schedule_checks(
        self, marks: Sequence[tuple[str, datetime, Sequence[str]]]
    ) -> list[tuple[int, list[str]]]:
        """The schedule cache's checks of every rep at once (the team view reads them all)."""
        if not marks:
            return []
        ids = [i for _, _, among in marks for i in among]
        params = {"reps": [r for r, _, _ in marks], "marks": [_utc(m) for _, m, _ in marks]}
        with self._read("read the practice for spaced repetition") as conn:
            counts = [int(row[0]) for row in conn.execute(q.PG_ATTEMPTS_BEFORE_MANY, params)]
            still = {row[0] for row in conn.execute(q.PG_OPEN_AMONG_MANY, {"ids": ids})}
        return [
            (n, sorted(i for i in set(among) if i in still))
            for n, (_, _, among) in zip(counts, marks, strict=True)
        ]

    def heard_lines(
        self, wanted: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], str]:
        """`SQLStore.heard_lines` in one query (the team view asks for every rep's)."""
        if not wanted:
            return {}
        params = {
            "reps": [r for r, _, _ in wanted],
            "scenarios": [s for _, s, _ in wanted],
            "steps": [t for _, _, t in wanted],
        }
        with self._read("read the lines of the weak spots") as conn:
            conn.execute("SET LOCAL jit = off")  # a few index probes
            rows = conn.execute(q.PG_HEARD_LINES_MANY, params).fetchall()
        return {wanted[int(n) - 1]: str(line) for n, line in rows if line}

    def reviews_since(self, wanted: Sequence[tuple[str, datetime]]) -> dict[str, list[ReviewRow]]:
        """New review rows of many reps in one query."""
        found: dict[str, list[ReviewRow]] = {}
        if not wanted:
            return found
        params = {"reps": [r for r, _ in wanted], "sinces": [_utc(s) for _, s in wanted]}
        with self._read("read the practice for spaced repetition") as conn:
            # Its row estimate (a whole log) would start the JIT compiler: ~20 ms for what
            # is a few index probes when the caches are up to date.
            conn.execute("SET LOCAL jit = off")
            for rep, *row in conn.execute(q.PG_REVIEW_ROWS_MANY, params):
                found.setdefault(rep, []).append(self._review_row(tuple(row)))
        return found

    def login_role(self) -> str | None:
        if self._is_admin():
            return "admin"
        with self._read("check the login's rights") as conn:
            row = conn.execute(
                "SELECT pg_has_role(session_user, %s, 'MEMBER')", (pg_schema.MANAGER_ROLE,)
            ).fetchone()
        return "manager" if row and row[0] else "rep"

    def team_members(self) -> list[str] | None:
        """The reps of this team database, by name: logins the admin added to it
        (`team_members`, pg_schema.PG_V6) that are in the reps' group role. Roles are the
        server's: a rep of another database on the same server is not one of them."""
        with self._read("list the team") as conn:
            rows = conn.execute(
                "SELECT t.login FROM team_members t JOIN pg_roles r ON r.rolname = t.login "
                "WHERE pg_has_role(r.oid, %s, 'MEMBER') AND r.rolcanlogin ORDER BY t.login",
                (pg_schema.REP_ROLE,),
            )
            return [str(row[0]) for row in rows]

    def remove_member(self, rep: str) -> bool:
        """Take a rep off this team database's members (a manager or the admin; their
        practice stays, `forget_rep` deletes it): False when they were not a member."""
        with self._read("check the login's rights") as conn:
            row = conn.execute("SELECT has_table_privilege('team_members', 'DELETE')").fetchone()
        if not (row and row[0]):
            raise StoreError(
                f"{self.fixed_rep} may not remove anyone from the team: only a manager or the "
                "admin can."
            )
        with self._write("remove the rep from the team") as conn:
            gone = conn.execute("DELETE FROM team_members WHERE login = %s", (rep,))
            return bool(gone.rowcount)

    def retry_ended(self, attempt_id: str, turn_id: str, at: datetime) -> None:
        """A finished call is closed to a rep's updates; the server's `trainer_retry_ended`
        reopens the rep's own call, just ended, to retry its last answer (pg_schema.PG_V6),
        by the server's clock (`at` is not used: its rules judge "just ended")."""
        with self._write("reopen the call to retry") as conn:
            conn.execute("SELECT trainer_retry_ended(%s, %s)", (attempt_id, turn_id))

    def health_problems(self) -> list[str]:
        problems: list[str] = []
        with self._read("check the log") as conn:
            version = int(_value(conn, pg_schema.SCHEMA_VERSION))
            if version != pg_schema.LATEST:
                problems.append(f"schema {version}, expected {pg_schema.LATEST}")
            miscounted = conn.execute(
                "SELECT count(*) FROM attempts a WHERE a.turn_count <> "
                "(SELECT count(*) FROM turns t WHERE t.attempt_id = a.id)"
            ).fetchone()
            if miscounted and miscounted[0]:
                problems.append(
                    f"{plural(miscounted[0], 'attempt')} whose turn count does not match"
                )
            secured = conn.execute(
                "SELECT count(*) FROM pg_class WHERE relrowsecurity AND relname IN "
                "('attempts', 'turns', 'daily_practice', 'scenario_practice') "
                "AND relnamespace = current_schema()::regnamespace"
            ).fetchone()
            if not secured or secured[0] != 4:
                problems.append("row-level security is off on some tables: rerun team setup")
            if version >= 2:
                off = int(_value(conn, pg_schema.TOTALS_OFF) or 0)
                if off:
                    problems.append(
                        f"the per-day totals of {plural(off, 'rep-day')} do not match their "
                        "attempts and answers (stats would mislead): the admin runs `trainer team "
                        "setup --rebuild-totals`"
                    )
                scored = int(_value(conn, pg_schema.SCORES_OFF) or 0)
                if scored:
                    problems.append(
                        f"{plural(scored, 'attempt')} with a score that is not the mean of their "
                        "answers (written by hand or before schema 2)"
                    )
                problems += self._damaged_turns(conn, q.PG_DAMAGED_TURNS)
        return problems

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _closed(attempt_id: str) -> StoreError:
    return StoreError(
        f"Attempt {attempt_id} is already finished (or not yours): the team log is "
        "append-only, so it cannot change. Nothing from this write was saved."
    )
