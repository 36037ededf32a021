"""The process's own faults, for the `trainer` console script (`trainer.launch`) and the
app's command: a closed stdin/stdout/stderr, a full disk or /dev/full behind stdout, an output
encoding that cannot show ✓, and (as a last resort) any unexpected error, each turned into one
line on stderr and an exit code (docs/exit-codes.md) instead of a traceback."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import NoReturn

from trainer import exits


def require_terminal_for_app() -> None:
    """The app draws on a terminal and reads keys from it: say so when there is none."""
    if sys.stdin is None or not _isatty(sys.stdin):
        die(
            "the app needs a terminal to read keys from, but standard input is "
            + ("closed" if stream_closed(0) else "not a terminal")
            + "; run trainer from a terminal, or use `trainer drill ID --plain` with a pipe",
            exits.IO,
        )
    if sys.stdout is None or not _isatty(sys.stdout):
        die(
            "the app needs a terminal to draw on, but standard output is "
            + ("closed" if stream_closed(1) else "not a terminal")
            + "; run trainer from a terminal (other commands work with pipes and files)",
            exits.IO,
        )


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


_was_closed: set[int] = set()  # standard streams found closed at start (now /dev/null)


def stream_closed(fd: int) -> bool:
    """Whether standard stream `fd` is closed, or was when the program started (it then
    reads from /dev/null)."""
    if fd in _was_closed:
        return True
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def guard_standard_streams() -> None:
    """Never let a file the program opens later take the number of a closed standard stream
    (a log written to "stdout" would land in it), and never fail to print ✓."""
    closed = [fd for fd in (0, 1, 2) if stream_closed(fd)]
    _was_closed.update(closed)
    for fd in closed:
        # os.open returns the lowest free number: the closed stream's own.
        os.open(os.devnull, os.O_RDWR if fd else os.O_RDONLY)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if 1 in closed:
        if len(sys.argv) == 1:
            return  # the app explains it needs a terminal
        die(
            "standard output is closed (>&-), so nothing can be shown; send the output to a "
            "terminal, a file or /dev/null",
            exits.IO,
        )
    if 0 in closed:
        sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)


def _tolerant(stream: object) -> None:
    """An output that cannot encode a character (LC_ALL=C, PYTHONIOENCODING=latin-1) shows
    '?' for it rather than failing."""
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    if reconfigure is None or encoding in ("utf8", "utf8sig"):
        return
    with contextlib.suppress(ValueError, OSError):
        reconfigure(errors="replace")


def flush_stdout() -> None:
    """Flush now, so that a full disk is reported here rather than at interpreter exit."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        raise SystemExit(exits.FAILED) from None
    except OSError as exc:
        fault(exc)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the exit flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def fault(exc: BaseException) -> NoReturn:
    if os.environ.get("TRAINER_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    message, code = describe(exc)
    die(message, code)


def describe(exc: BaseException) -> tuple[str, int]:
    """One plain line for a fault that reached the top, and its exit code."""
    if isinstance(exc, BrokenPipeError):
        _quiet_stdout()
        return "the output was closed before everything was written", exits.FAILED
    if isinstance(exc, UnicodeEncodeError):
        return (
            f"the output cannot show {exc.object[exc.start : exc.end]!r} in the {exc.encoding} "
            "encoding; use a UTF-8 locale (e.g. LANG=C.UTF-8) or PYTHONIOENCODING=utf-8",
            exits.IO,
        )
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"the input is not valid {exc.encoding} text (byte 0x{exc.object[exc.start]:02X}); "
            "send UTF-8 text or use a UTF-8 locale (e.g. LANG=C.UTF-8)",
            exits.IO,
        )
    from trainer.settings import SettingsProblem

    if isinstance(exc, SettingsProblem):
        return str(exc), exits.CONFIG
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            _quiet_stdout()
            return (
                f"cannot write{where}: no space left on the device; free some space or send "
                "the output elsewhere",
                exits.IO,
            )
        if exc.errno in (errno.EBADF, errno.EIO) and not exc.filename:
            _quiet_stdout()
            return (
                f"cannot write the output ({exc.strerror}); send it to a terminal, a file or "
                "/dev/null",
                exits.IO,
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied{where}; check who owns it and its permissions", exits.FAILED
        return f"{exc.strerror or exc}{where}", exits.FAILED
    return (
        f"unexpected error: {type(exc).__name__}: {exc} (please report it; TRAINER_DEBUG=1 "
        "shows the details)",
        exits.SOFTWARE,
    )


def die(message: str, code: int) -> NoReturn:
    from trainer.safe_text import one_line

    line = f"trainer: {one_line(message)}\n"
    try:
        if sys.stderr is not None:
            sys.stderr.write(line)
            sys.stderr.flush()
        else:
            os.write(2, line.encode("utf-8", "replace"))
    except (OSError, ValueError):
        pass
    raise SystemExit(code)
