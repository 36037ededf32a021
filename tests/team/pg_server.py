"""A real, throwaway PostgreSQL server on 127.0.0.1 (for tests/team and bench/bench_postgres.py).

initdb into a temporary folder and `postgres` on a free port, with its socket in that folder
and password (SCRAM) logins over TCP. As root (CI) the server runs as `nobody`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ADMIN = "trainer_admin"
ADMIN_PASSWORD = "admin-secret"
NOBODY = 65534


def find_bindir() -> Path | None:
    """The folder holding initdb/pg_ctl/postgres (Debian's layout first, then PATH)."""
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(Path(found, tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(found)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path, *, fsync: bool = False) -> None:
        self.bindir = bindir
        self.fsync = fsync
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = [
                "setpriv",
                f"--reuid={NOBODY}",
                f"--regid={NOBODY}",
                "--clear-groups",
                *command,
            ]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C"},
        )
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}{log}")

    def start(self) -> PgServer:
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self.as_root:
            os.chown(self.root, NOBODY, NOBODY)
            os.chown(pwfile, NOBODY, NOBODY)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, *action: str) -> None:
        """`pg_ctl start` or `restart` with this server's folder, log and options, waiting
        up to 60 s for it to accept connections."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self.options,
            "-w",
            "-t",
            "60",
            *action,
        )

    @property
    def options(self) -> str:
        fsync = "on" if self.fsync else "off"
        return (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync={fsync} "
            "-c max_connections=50 -c shared_buffers=64MB"
        )

    def restart(self) -> None:
        """As after a crash or an upgrade: every open connection is cut."""
        self._pg_ctl("-m", "immediate", "restart")

    @contextmanager
    def down(self) -> Iterator[None]:
        """An outage: the server stops as if it crashed (every connection cut, no new
        one possible) for the block, then starts again on the same port."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        try:
            yield
        finally:
            self._pg_ctl("start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, user: str, dbname: str = "trainer", password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def admin_url(self, dbname: str = "trainer") -> str:
        return self.url(ADMIN, dbname, ADMIN_PASSWORD)

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
