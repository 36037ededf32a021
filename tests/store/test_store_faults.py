"""Faults a user can meet: a locked log, a full disk, a place that cannot be written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.store import logdata
from trainer.store.base import StoreError
from trainer.store.sqlite import SQLiteStore


def test_locked_log_gives_a_clear_error_and_saves_nothing_half(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path, busy_timeout_s=0.3)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(logdata.turn(attempt, 1))

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock past the timeout
    blocked = logdata.turn(attempt, 2)
    with pytest.raises(StoreError, match=r"locked by another program .*try again") as caught:
        store.log_turn(blocked)
    assert "Nothing from this write was saved" in str(caught.value)
    other.execute("ROLLBACK")
    other.close()

    detail = store.attempt(attempt.id)
    assert detail is not None
    assert [t.seq for t in detail.turns] == [1]
    store.log_turn(blocked)  # once the lock is gone the same turn goes in
    detail = store.attempt(attempt.id)
    assert detail is not None
    assert [t.seq for t in detail.turns] == [1, 2]
    assert detail.attempt.turn_count == 2
    assert [d.answers for d in store.daily_activity("alex")] == [2]


def test_full_disk_gives_a_clear_error_and_keeps_earlier_practice(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    kept = [logdata.turn(attempt, seq) for seq in (1, 2)]
    for turn in kept:
        store.log_turn(turn)

    # No more room in the file: the next page SQLite needs is refused as SQLITE_FULL.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    huge = logdata.turn(attempt, 3, answer="What else? " * 20_000)
    with pytest.raises(StoreError, match=r"disk holding the practice log .* is full.*Free some"):
        store.log_turn(huge)
    store.close()

    again = SQLiteStore(path)
    detail = again.attempt(attempt.id)
    assert detail is not None
    assert [t.id for t in detail.turns] == [t.id for t in kept]
    assert detail.attempt.turn_count == 2  # the totals were not bumped either
    assert [d.answers for d in again.daily_activity("alex")] == [2]
    again.log_turn(huge)  # with room again, the answer is logged
    assert again.history()[0].turn_count == 3


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("/proc/trainer-test/log.sqlite3", "cannot create the folder /proc/trainer-test"),
        ("{tmp}/notes.txt/log.sqlite3", "notes.txt is a file, not a folder"),
        ("{tmp}", "is a folder: give --db a file name"),
    ],
)
def test_unusable_location_is_explained(tmp_path: Path, where: str, says: str) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    with pytest.raises(StoreError, match=r"Pass --db|give --db") as caught:
        SQLiteStore(where.format(tmp=tmp_path))
    assert says in str(caught.value)


READ_ONLY_CHECK = """
import sys
sys.path.insert(0, sys.argv[2])
from tests.store import logdata
from trainer.store.base import StoreError
from trainer.store.sqlite import SQLiteStore

store = SQLiteStore(sys.argv[1])
print("read", [a.id for a in store.history()])
try:
    store.start_attempt(logdata.attempt())
except StoreError as exc:
    print("refused", exc)
"""


@pytest.mark.parametrize("folder_writable", [True, False])
def test_read_only_log_can_be_read_but_not_written(folder_writable: bool) -> None:
    """A log the rep may only read (a manager's copy, a shared folder): history works, a
    new drill is refused with a plain message. Run as a normal user: root may write anywhere,
    so as root the check runs as `nobody` (setpriv)."""
    folder = Path(tempfile.mkdtemp(prefix="trainer-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "log.sqlite3"
        store = SQLiteStore(path)
        attempt = logdata.attempt()
        store.start_attempt(attempt)
        store.close()
        path.chmod(0o444)
        folder.chmod(0o777 if folder_writable else 0o555)
        as_user = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to test as a normal user"
            as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        done = subprocess.run(
            [
                *as_user,
                sys.executable,
                "-c",
                READ_ONLY_CHECK,
                str(path),
                str(Path(__file__).parent),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert f"read ['{attempt.id}']" in done.stdout
        assert "refused" in done.stdout and "read-only" in done.stdout
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test as a normal user"
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


OPEN_CHECK = """
import sys
from trainer.store.base import StoreError
from trainer.store.sqlite import SQLiteStore
try:
    SQLiteStore(sys.argv[1]).history()
    print("opened")
except StoreError as exc:
    print(exc)
"""


def test_an_unreadable_file_is_blamed_on_the_file_not_its_folder() -> None:
    """Someone else's log with mode 0600 in a folder everyone may use: the message names the
    file, its owner and the fix."""
    folder = Path(tempfile.mkdtemp(prefix="trainer-perm-"))
    try:
        folder.chmod(0o777)
        path = folder / "log.sqlite3"
        SQLiteStore(path).close()
        path.chmod(0o600)
        if os.geteuid() != 0:
            pytest.skip("needs root to make a file another user owns")
        done = subprocess.run(
            [*_as_nobody(), sys.executable, "-c", OPEN_CHECK, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        out = done.stdout.strip()
        assert out.startswith(
            f"Cannot open the practice log {path}: nobody may not read the "
            "file (owned by root, mode 0600)"
        ), out
        assert "chmod o+r" in out and "pass --db" in out
        assert "folder" not in out
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.fixture
def full_disk() -> object:
    """A 256 KiB filesystem (tmpfs) to fill up."""
    folder = Path(tempfile.mkdtemp(prefix="trainer-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        import gc

        gc.collect()  # connections of a store that failed to log are closed with it
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)  # lazily, when busy
        folder.rmdir()


def test_a_full_disk_before_opening_says_so_and_what_to_do(full_disk: Path) -> None:
    path = full_disk / "log.sqlite3"
    store = SQLiteStore(path)
    store.start_attempt(logdata.attempt())
    store.close()
    fd = os.open(full_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    for target in (path, full_disk / "new.sqlite3"):
        with pytest.raises(StoreError) as caught:
            again = SQLiteStore(target)
            again.start_attempt(logdata.attempt())
        message = str(caught.value)
        assert message.startswith(f"The disk holding the practice log {target} is full"), message
        assert "Free some space" in message and "disk error" not in message


def test_a_nearly_full_disk_on_the_first_run_says_it_is_full(full_disk: Path) -> None:
    """Room for the new file but not for its tables: the full-disk message (SQLite has rolled
    the creation back by itself, which must not hide why), and the log works once there is
    room."""
    filler = full_disk / "filler"
    filler.write_bytes(b"\0" * (shutil.disk_usage(full_disk).free - 48 * 1024))
    path = full_disk / "log.sqlite3"
    with pytest.raises(StoreError) as caught:
        SQLiteStore(path)
    message = str(caught.value)
    assert message.startswith(f"The disk holding the practice log {path} is full"), message
    assert "Free some space" in message and "rollback" not in message
    filler.unlink()
    store = SQLiteStore(path)
    store.start_attempt(logdata.attempt())
    assert len(store.history()) == 1
    store.close()


def test_an_io_error_on_a_full_disk_is_named_as_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no small filesystem can be mounted: SQLite's I/O error while the disk has no
    room left reads as a full disk, with the fix; with room, as a disk failure."""
    from collections import namedtuple

    store = SQLiteStore(tmp_path / "log.sqlite3")
    store.close()

    class IOErr(sqlite3.OperationalError):
        sqlite_errorname = "SQLITE_IOERR_WRITE"

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("trainer.store.sqlite.shutil.disk_usage", lambda _: usage(10, 10, 0))
    full = store._explain(IOErr("disk I/O error"), "open", writing=False)
    assert full.startswith(f"The disk holding the practice log {store.path} is full")
    monkeypatch.setattr("trainer.store.sqlite.shutil.disk_usage", lambda _: usage(10**9, 0, 10**9))
    failed = store._explain(IOErr("disk I/O error"), "log the turn", writing=True)
    assert "failed while trainer tried to log the turn (disk I/O error)" in failed
    assert "Nothing from this write was saved" in failed
