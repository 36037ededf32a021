"""The practice log in one SQLite file (the default backend).

Durability: WAL with `synchronous=FULL`, so a call that returns has reached the disk; every
write is one `BEGIN IMMEDIATE` transaction (writers queue behind the busy timeout instead of
failing half-way); foreign keys on. A failed write rolls back whole and reaches the caller
as a `StoreError` that says what to do. One connection per store, shared by threads under a
lock (the TUI calls from workers).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from trainer.store import queries as q
from trainer.store.base import NoPracticeLog, StoreError
from trainer.store.migrations import check_ours, migrate, whole_copy
from trainer.store.records import Forgotten
from trainer.store.sql_store import SQLStore, _ts
from trainer.store.writer import this_writer
from trainer.words import plural

DEFAULT_BUSY_TIMEOUT_S = 5.0
DISK_FULL_BYTES = 256 * 1024  # less room than this reads as "the disk is full"
FORGET_WAIT_S = 3.0  # how long `forget` waits for readers to let the WAL be emptied


class SQLiteStore(SQLStore):
    fixed_rep: str | None = None  # a file log: the rep is whoever the settings name
    _opened = False  # opened and recognised as a practice log

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        create: bool = True,
        tidy: bool = True,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.tidy = tidy  # count days and names again on opening (`doctor`: no, it checks)
        self._lock = threading.RLock()
        self._writer = this_writer()
        self.backup: Path | None = None  # the copy taken before a migration, if any
        with self._errors("open", writing=False):
            if self.path.is_dir():
                raise StoreError(
                    f"{self.path} is a folder: give --db a file name, such as "
                    f"{self.path / 'trainer.sqlite3'}."
                )
            if create:
                self._make_folder()
            elif not self.path.exists():
                raise NoPracticeLog(f"There is no practice log at {self.path}.")
            self._conn = self._connect("rwc" if create else "rw")
            try:
                self._open_when_free()
            except sqlite3.OperationalError as exc:
                self._conn.close()
                if not self._cannot_write(exc):
                    raise
                self._open_read_only()
            except BaseException:
                self._conn.close()
                raise
        self._opened = True

    def _connect(self, query: str) -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{quote(str(self.path))}?mode={query}",
            uri=True,
            isolation_level=None,
            timeout=self.busy_timeout_s,
            check_same_thread=False,
        )

    def _cannot_write(self, exc: sqlite3.OperationalError) -> bool:
        name = getattr(exc, "sqlite_errorname", "") or ""
        return self.path.is_file() and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))

    def _open_read_only(self) -> None:
        """A log we may read but not write (a copy, a shared folder): open it for reading;
        writes then fail with the read-only message. Without write access to the folder a
        WAL log cannot get its shared-memory file, so it is read as an unchanging file."""
        for query in ("ro", "ro&immutable=1"):
            self._conn = self._connect(query)
            try:
                self._conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
                self.backup = migrate(self._conn, self.path)
                return
            except sqlite3.OperationalError as exc:
                self._conn.close()
                if query != "ro" or not self._cannot_write(exc):
                    raise

    def _make_folder(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if blocker is not None and not blocker.is_dir():
                reason = f"{blocker} is a file, not a folder"
            else:
                reason = f"cannot create the folder {folder} ({exc.strerror or exc})"
            raise StoreError(
                f"Cannot open the practice log {self.path}: {reason}. "
                "Pass --db with a writable path or set TRAINER_DATABASE_URL."
            ) from exc

    def _open_when_free(self) -> None:
        """Configure and migrate, waiting while another process creates the same file.

        Switching a new file to WAL answers "locked" at once, without the busy handler,
        when a second process opens it at the same moment: retry until the busy timeout.
        """
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                self._configure()
                self.backup = migrate(self._conn, self.path)
                self._one_name_one_day()
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def _one_name_one_day(self) -> None:
        """The log's days in this time zone (`trainer.store.local_days`), one name per rep
        (`trainer.store.rep_spellings`), in one write transaction when either is needed. A
        log busy with another writer, a full disk or a damaged file is left as it is until
        the next opening; `doctor` (tidy=False) never writes to the log it checks."""
        from trainer.store.local_days import follow_zone, zone_differs
        from trainer.store.rep_spellings import merge_spellings, spellings_to_merge

        if not self.tidy:
            return
        needed = False
        with suppress(sqlite3.Error):
            needed = zone_differs(self._conn) or bool(spellings_to_merge(self._conn))
        if not needed:
            return
        with suppress(StoreError), self._write("count the log's days and names again") as conn:
            follow_zone(conn)
            merge_spellings(conn)

    def _configure(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        check_ours(conn, self.path)  # nothing below changes a file that is not ours
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")

    # -- errors and transactions ------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, writing: bool = True) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(self._explain(exc, action, writing)) from exc
        except OSError as exc:
            raise StoreError(self._explain_os(exc, action, writing)) from exc

    def _explain(self, exc: sqlite3.Error, action: str, writing: bool) -> str:
        name = getattr(exc, "sqlite_errorname", "") or ""
        where = self.path
        lost = " Nothing from this write was saved; earlier practice is safe." if writing else ""
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return (
                f"The practice log {where} is locked by another program "
                f"(waited {self.busy_timeout_s:g} s to {action}). Close other trainer windows "
                f"or programs using the file, then try again.{lost}"
            )
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")):
            if self._disk_full():
                name = "SQLITE_FULL"
            else:
                blocked = self._access_problem()
                if blocked:
                    return f"Cannot {action} the practice log {where}: {blocked}.{lost}"
        if name.startswith("SQLITE_READONLY"):
            return (
                f"The practice log {where} is read-only, so trainer cannot {action}. Check the "
                f"permissions of the file and its folder, or pass --db with a writable file.{lost}"
            )
        if name.startswith("SQLITE_FULL"):
            return (
                f"The disk holding the practice log {where} is full, so trainer cannot {action}. "
                "Free some space on it (or pass --db with a log on another disk) and try "
                f"again.{lost}"
            )
        if name.startswith("SQLITE_CANTOPEN"):
            return (
                f"Cannot open the practice log {where}: its folder is missing or not writable. "
                "Pass --db with a writable path or set TRAINER_DATABASE_URL."
            )
        if name.startswith("SQLITE_CORRUPT") and self._opened:
            return (
                f"The practice log {where} is damaged ({exc}), so trainer cannot {action}. "
                f"`trainer doctor` says how to recover your practice; the file was left as it "
                f"is.{lost}"
            )
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            return (
                f"{where} is not a trainer practice log, or it is damaged. Pass --db with "
                "another file; this one was left as it is."
            )
        if name.startswith("SQLITE_IOERR"):
            return (
                f"The disk holding the practice log {where} failed while trainer tried to "
                f"{action} ({exc}): check that the disk is still attached and healthy, then "
                f"try again; `trainer doctor` checks the log.{lost}"
            )
        return f"The practice log {where} could not {action}: {exc}.{lost}"

    def _disk_full(self) -> bool:
        """Too little room left where the log lives for SQLite to write a page."""
        folder = next((p for p in (self.path.parent, *self.path.parents) if p.exists()), None)
        if folder is None:
            return False
        try:
            return shutil.disk_usage(folder).free < DISK_FULL_BYTES
        except OSError:
            return False

    def _access_problem(self) -> str | None:
        """What the permissions forbid, naming the file or the folder that is at fault."""
        folder = self.path.parent
        me = _user_name(os.geteuid())
        for parent in reversed((folder, *folder.parents)):
            if parent.exists() and not os.access(parent, os.X_OK):
                return (
                    f"{me} may not open the folder {parent} ({_owner(parent)}). Ask its "
                    "owner for access, or pass --db with a log of your own"
                )
        if self.path.exists():
            if not os.access(self.path, os.R_OK):
                return (
                    f"{me} may not read the file ({_owner(self.path)}). Ask its owner to "
                    f"share it (chmod o+r {self.path}) or give it to you (sudo chown {me} "
                    f"{self.path}), or pass --db with a log of your own"
                )
            return None
        if folder.exists() and not os.access(folder, os.W_OK):
            return (
                f"{me} may not create files in the folder {folder} ({_owner(folder)}). "
                "Pass --db with a writable path or set TRAINER_DATABASE_URL"
            )
        return None

    def _explain_os(self, exc: OSError, action: str, writing: bool) -> str:
        if exc.errno == errno.ENOSPC:
            return self._explain(_Full(), action, writing)
        return (
            f"Cannot {action} the practice log {self.path}: {exc.strerror or exc}. "
            "Pass --db with a writable path or set TRAINER_DATABASE_URL."
        )

    @contextmanager
    def _write(self, action: str, managers: bool = False) -> Iterator[sqlite3.Connection]:
        """One durable transaction: all of it reaches the disk, or none of it."""
        with self._lock, self._errors(action):
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    # SQLite may have rolled back already (e.g. after SQLITE_FULL).
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors(action, writing=False):
            yield self._conn

    # -- hooks for the shared writes and reads (sql_store.SQLStore) -------------------------

    def _sql(self, sql: str) -> str:
        return sql

    def _bind_time(self, moment: datetime) -> str:
        return _ts(moment)

    def _bind_day(self, day: date) -> str:
        return day.isoformat()

    def _time(self, value: str) -> datetime:
        return datetime.fromisoformat(value)

    def _day(self, value: str) -> date:
        return date.fromisoformat(value)

    def _no_attempt(self, attempt_id: str) -> StoreError:
        return StoreError(f"No attempt {attempt_id} in {self.path}: start the attempt first.")

    def _check_updated(self, changed: int, attempt_id: str) -> None:
        """Nothing to check: the update is by id, of the attempt just read in the same
        transaction (no row-level security here)."""

    # -- writes -----------------------------------------------------------------------------

    def forget_rep(self, rep: str) -> Forgotten:
        """Delete the rep's rows with `secure_delete` (freed pages are zeroed), then move
        every page into the file and empty the WAL. When another program's read transaction
        keeps the WAL from being emptied (after waiting `FORGET_WAIT_S`), the rows are gone
        from the log but older copies remain in its files: `Forgotten.remains` says so."""
        with self._lock:
            with self._errors("forget the rep"):
                self._conn.execute("PRAGMA secure_delete = ON")  # overwrite, don't just unlink
            try:
                with self._write("forget the rep") as conn:
                    forgotten = self._delete_rep(conn, rep)
                forgotten.remains = self._empty_wal()
            finally:
                with self._errors("forget the rep", writing=False):
                    self._conn.execute("PRAGMA secure_delete = OFF")
        return forgotten

    def wal_pending(self) -> bool:
        """The write-ahead file holds pages not yet moved into the log (and emptied)."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            return wal.stat().st_size > 0
        except OSError:
            return False

    def _empty_wal(self) -> str | None:
        """Checkpoint and truncate the WAL, retrying while readers hold it; None when done,
        else what remains and how to finish."""
        deadline = time.monotonic() + FORGET_WAIT_S
        wal = self.path.with_name(self.path.name + "-wal")
        while True:
            with self._errors("empty the log's write-ahead file", writing=False):
                busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy and not self.wal_pending():
                return None
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        return (
            f"another program is reading the practice log (waited {FORGET_WAIT_S:g} s), so "
            f"copies of the deleted practice remain in {self.path} and {wal}. Close other "
            "trainer windows and programs using the log, then run the same `trainer forget` "
            "again to finish"
        )

    # -- reads (the rest are shared) ---------------------------------------------------------

    def health_problems(self) -> list[str]:
        with self._read("check the log") as conn:
            problems = _sqlite_check(conn)
            broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken_links:
                problems.append(
                    f"{plural(len(broken_links), 'row')} point at attempts that are not there"
                )
            if not problems:  # the JSON test reads every turn: only a sound file
                problems += self._damaged_turns(conn, q.SQLITE_DAMAGED_TURNS)
        return problems

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _sqlite_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's full check (`integrity_check`: the pages, and each index against its rows)
    as one line: how many problems it found, and the first. A page too damaged for the full
    check to finish (it stops at "malformed") is named by `quick_check`, which checks the
    pages only and reads on past it."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_CORRUPT:
            raise
        rows = conn.execute("PRAGMA quick_check").fetchall()
    found = [
        line
        for (row,) in rows
        if row != "ok"
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    if not found:
        return []
    if len(found) == 1:
        return [f"SQLite's check of the file found a problem: {found[0]}"]
    return [f"SQLite's check of the file found {len(found)} problems, the first: {found[0]}"]


def reindex_mends(path: Path) -> bool:
    """Whether all the damage in the log at `path` lies in its indexes: a copy of it whose
    indexes are rebuilt from the rows (`REINDEX`) passes SQLite's full check. Only reads the
    log (the copy is SQLite's page by page backup, in a folder of its own)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="trainer-reindex-") as folder:
        try:
            source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
            try:
                copy = sqlite3.connect(Path(folder) / "copy.sqlite3")
                try:
                    source.backup(copy)
                    copy.execute("REINDEX")
                    copy.commit()
                    return [r for (r,) in copy.execute("PRAGMA integrity_check")] == ["ok"]
                finally:
                    copy.close()
            finally:
                source.close()
        except sqlite3.Error:  # pages too damaged to copy or to rebuild from
            return False


def reindex(path: Path) -> Path:
    """Rebuild every index of the log at `path` from its rows, after keeping the log as it
    was beside it (returned: LOG.before-reindex). Raises StoreError when SQLite cannot."""
    kept = path.with_name(f"{path.name}.before-reindex")
    try:
        conn = sqlite3.connect(path, timeout=DEFAULT_BUSY_TIMEOUT_S)
        try:
            whole_copy(conn, kept)
            conn.execute("REINDEX")
            conn.commit()
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"Could not rebuild the indexes of {path}: {exc}") from exc
    return kept


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"user {uid}"


def _owner(path: Path) -> str:
    """'owned by sam, mode 0600' for a message."""
    try:
        info = path.stat()
    except OSError:
        return "owner unknown"
    return f"owned by {_user_name(info.st_uid)}, mode {stat.S_IMODE(info.st_mode):04o}"


class _Full(sqlite3.Error):
    """Stands for SQLITE_FULL when the operating system reports ENOSPC directly."""

    sqlite_errorname = "SQLITE_FULL"
