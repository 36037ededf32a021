"""Reading scenario files from folders nobody vetted: never hang, never follow a link out.

A name ending in `.yaml` may be a FIFO (opening it would wait forever for a writer), a device,
a folder, a link that loops or points outside the scenario folder, or a file nobody may read.
`read_file` refuses anything but a regular file without blocking; `skip_reason` says why a
file found while walking a folder is not read at all.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_BYTES = 256 * 1024


def too_big(size: int) -> str:
    return (
        f"file is {size:,} bytes; a scenario file may be at most {MAX_BYTES:,} bytes"
        f" ({MAX_BYTES // 1024} KiB): split it into several scenarios"
    )


class UnreadableFile(Exception):
    """The file cannot be read as a scenario; the message says why, in plain words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(mode: int) -> str:
    return f"cannot read the file: it is {_kind(mode)}, not a scenario file; rename or remove it"


def os_reason(exc: OSError) -> str:
    """A plain-worded reason for an OSError met while reading a file."""
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that loops (a link to itself, directly or not)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (make it readable: chmod u+r, or fix its owner)"
    if exc.errno == errno.ENOENT:
        return "no such file (a broken symbolic link?)"
    if exc.errno == errno.EISDIR:
        return "it is a folder, not a file"
    return exc.strerror or str(exc)


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; UnreadableFile otherwise.

    Opened non-blocking, so a FIFO or a device is refused at once instead of waiting.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {os_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_not_regular(info.st_mode))
        if info.st_size > MAX_BYTES:
            raise UnreadableFile(too_big(info.st_size))
        chunks = []
        left = MAX_BYTES + 1  # the file may have grown since fstat()
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {os_reason(exc)}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise UnreadableFile(too_big(len(data)))
    return data


def skip_reason(path: Path, root: Path) -> str | None:
    """Why a `.yaml` entry found under `root` must not be read, or None when it may be.

    Links are followed only when they end, without a loop, at a regular file inside `root`.
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot read the file: {os_reason(exc)}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return (
                "cannot read the file: it is a symbolic link that loops (a link to itself,"
                " directly or not)"
            )
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                return "cannot read the file: it is a symbolic link to nothing (no target)"
            return f"cannot read the file: {os_reason(exc)}"
        try:
            inside = target.is_relative_to(root.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            return (
                f"not read: it is a symbolic link to {target}, outside the scenario folder "
                f"{root}; copy the file in instead"
            )
        try:
            info = os.stat(path)
        except OSError as exc:
            return f"cannot read the file: {os_reason(exc)}"
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(info.st_mode)
    return None
