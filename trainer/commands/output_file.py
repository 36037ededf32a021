"""Writing a command's output to the file named by `-o`.

A regular file (or a new one) is written beside itself and renamed into place only once
complete, so a failure never leaves half a file; a new file gets the permissions the umask
gives, a replaced one keeps its own. A symbolic link is followed: the file it points at is
replaced, the link stays. Anything else (a named pipe, a terminal, /dev/null, /dev/stdout,
/dev/fd/N) is a stream to write into, never to rename over.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from trainer.commands.common import fail

# Names of streams even when they lead to a regular file (`-o /dev/stdout > out.csv`).
_STREAM_DIRS = ("/dev/", "/proc/")


def write_output(output: str, write: Callable[[TextIO], object]) -> None:
    """Run `write` on a text stream that ends up in `output` (see the module docstring)."""
    target = Path(output)
    if _is_stream(target):
        _write_into(target, write)
    else:
        _replace(Path(os.path.realpath(target)), target, write)


def _is_stream(target: Path) -> bool:
    if os.path.abspath(target).startswith(_STREAM_DIRS):
        return True
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except OSError:
        return False  # not there yet (or unreadable: replacing it says why)


def _write_into(target: Path, write: Callable[[TextIO], object]) -> None:
    """Write into a pipe or device as it is: opening a named pipe waits for its reader."""
    try:
        with open(target, "w", encoding="utf-8", newline="") as out:
            write(out)
    except BrokenPipeError:
        fail(f"Cannot write {target}: its reader closed it before the export was complete.")
    except OSError as exc:
        fail(f"Cannot write {target}: {_why(exc)}. The export there is incomplete.")


def _replace(real: Path, named: Path, write: Callable[[TextIO], object]) -> None:
    """Write beside `real`, then rename over it: a failure never leaves half a file."""
    try:
        mode = stat.S_IMODE(real.stat().st_mode)
    except OSError:
        mode = None
    try:
        handle, temp = _new_beside(real)
    except OSError as exc:
        fail(f"Cannot write {named}: {_why(exc)}. Choose another --output.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
            out.flush()
            if mode is not None:
                os.chmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temp, real)
    except OSError as exc:
        fail(f"Cannot write {named}: {_why(exc)}. Nothing was written there.")
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _new_beside(target: Path) -> tuple[int, str]:
    """A new hidden file in `target`'s folder, created with the umask's permissions (unlike
    `tempfile.mkstemp`, which always gives 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device; free some space"
    return str(exc.strerror or exc)
