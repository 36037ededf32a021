"""Which process is drilling an attempt, and whether it is still running.

Every attempt records its writer: host name, boot id, process id and the process's start
time. An attempt still `in_progress` is read back as `unfinished` when its writer is gone:
same host and boot but no such process (or the pid now belongs to a younger process), or
the machine has rebooted since. For a writer on another host (a shared file) we cannot
tell, so the attempt reads as unfinished once it has been idle for `FOREIGN_IDLE`.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

FOREIGN_IDLE = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Writer:
    host: str
    boot: str  # Linux boot id; "" elsewhere
    pid: int
    start: str  # process start time in clock ticks since boot (Linux); "" elsewhere


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _start_ticks(pid: int) -> str:
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return ""
    # Field 22 (starttime); the command name in field 2 may hold spaces, so split after ")".
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20 or fields[0] in ("Z", "X"):  # a zombie has already died
        return ""
    return fields[19]


@cache
def _host_and_boot() -> tuple[str, str]:
    return socket.gethostname(), _read("/proc/sys/kernel/random/boot_id")


def this_writer() -> Writer:
    host, boot = _host_and_boot()
    pid = os.getpid()  # not cached: a forked child is another writer
    return Writer(host=host, boot=boot, pid=pid, start=_start_ticks(pid))


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writer_alive(writer: Writer, last_activity: datetime, now: datetime) -> bool:
    host, boot = _host_and_boot()
    if writer.host != host:
        return now - last_activity < FOREIGN_IDLE
    if writer.boot and boot and writer.boot != boot:
        return False  # rebooted since
    if writer.start and boot:
        return _start_ticks(writer.pid) == writer.start
    return _pid_running(writer.pid)
