"""Exit codes of the `trainer` command, in one place (documented in docs/exit-codes.md).

Every failure prints one line on stderr, starting with `trainer:`, that says what to do.
"""

from __future__ import annotations

OK = 0
FAILED = 1  # the command could not do what was asked, or found problems (validate, tests)
USAGE = 2  # a wrong option or argument, or a value that is refused (nothing was changed)
CONFIG = 3  # the settings file or the config folder cannot be read or written
IO = 4  # standard input/output unusable: closed, not a terminal for the app, disk full
ENDED_EARLY = 5  # a plain drill ended before the call did (/end, or the input ran out)
SOFTWARE = 70  # a bug: an unexpected error (TRAINER_DEBUG=1 shows the traceback)
INTERRUPTED = 130  # Ctrl+C
