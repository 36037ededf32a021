"""Home's data read in a child process while the app starts (bare `trainer` only).

Textual's import and the first frame keep one core busy for most of the start-up; reading
Home's data (the settings, the log, the library, the scheduler: mostly imports) would wait
for them on the same core, under one interpreter lock. `start_prefetch` forks before Textual
is imported: the child runs `read_home` (trainer.tui.home_view) on its own core and sends
the result back pickled through a pipe, then exits. The app shows it as soon as it arrives
and then loads settings, the log and the library itself, as without a prefetch; Home does
not read its data again then (the child read the same), only once something changes (a
drill logged, settings saved, a scenario file edited: `TrainerApp.changed`).
With the settings' and the library's caches written, the child reads plain records and
imports no pydantic (tests/test_architecture.py).

Anything wrong in the child (no fork on this platform, a team server, an error, a hang)
means no prefetch: the app loads as it would without one.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.tui.home_view import HomeView

WAIT_S = 20.0  # the longest the app waits for the child (a long replay) before loading itself


class Prefetch:
    """The parent's end: the child's pid and the pipe its result arrives on."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    def ready(self, wait: float = 0.0) -> bool:
        """The child has started sending (it writes its result in one go, then exits):
        `receive` will not wait. Waits up to `wait` seconds for that."""
        return bool(select.select([self.fd], [], [], wait)[0])

    def receive(self, timeout: float = WAIT_S) -> HomeView | None:
        """Block (in a worker thread) until the child has sent Home's data; None when it
        sent nothing usable or took longer than `timeout` (then it is stopped)."""
        from trainer.tui.home_view import HomeView

        chunks: list[bytes] = []
        finished = False
        try:
            while select.select([self.fd], [], [], timeout)[0]:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            if not finished:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
        try:
            view = pickle.loads(b"".join(chunks)) if finished and chunks else None
        except Exception:  # a truncated or foreign pickle: no prefetch
            return None
        return view if isinstance(view, HomeView) else None


def start_prefetch(db: str | None) -> Prefetch | None:
    """Fork the child that reads Home's data for the log `db` (None: the default log); None
    where there is no fork or the log is a team server (its login comes first)."""
    from trainer.store.url import is_team_url

    if not hasattr(os, "fork") or is_team_url(db):
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, db)
    os.close(write_end)
    return Prefetch(pid, read_end)


def _child(fd: int, db: str | None) -> None:
    try:
        quiet = os.open(os.devnull, os.O_RDWR)  # never a byte on the app's terminal
        for std in (0, 1, 2):
            os.dup2(quiet, std)
        data = pickle.dumps(_read_home(db), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except BaseException:  # nothing sent: the app loads by itself
        pass
    finally:
        os._exit(0)


def _read_home(db: str | None) -> HomeView:
    """What the app's Home would read: the same settings, log, library, rep and clock."""
    from trainer.clock import SystemClock
    from trainer.scenario.library import load_library
    from trainer.settings import load_settings
    from trainer.store.base import rep_of
    from trainer.store.open import database_path, open_store
    from trainer.store.url import is_team_url
    from trainer.tui.home_view import read_home

    if is_team_url(database_path(db)):
        raise LookupError("a team server: the app logs in first")
    settings, _ = load_settings()
    store = open_store(db)
    try:
        library = load_library([])
        rep = rep_of(store, settings)
        return read_home(store, library, settings, rep, SystemClock())
    finally:
        store.close()
