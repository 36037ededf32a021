"""The `trainer` console script: bare `trainer` opens the app without loading the CLI.

It is also where faults of the process itself become one line on stderr and an exit code
(docs/exit-codes.md) instead of a traceback: a closed stdin/stdout/stderr, a full disk or
/dev/full behind stdout, an output encoding that cannot show ✓, Ctrl+C, and (as a last
resort) any unexpected error (`TRAINER_DEBUG=1` shows its traceback).
"""

from __future__ import annotations

import gc
import os
import sys

from trainer import exits
from trainer.process import (
    die,
    fault,
    flush_stdout,
    guard_standard_streams,
    require_terminal_for_app,
)


def main() -> None:
    guard_standard_streams()
    try:
        _run()
        flush_stdout()
    except SystemExit:
        flush_stdout()
        raise
    except KeyboardInterrupt:
        die("interrupted", exits.INTERRUPTED)
    except BaseException as exc:  # every fault ends in one line, never a traceback
        fault(exc)


def _run() -> None:
    if len(sys.argv) == 1:
        # The app's first frame matters most; skip importing click and the commands.
        require_terminal_for_app()
        # No garbage collection until Home has its data: start-up makes hardly any cycles,
        # and each full collection walks every object the imports made (~30 ms). The app
        # turns it back on (TrainerApp.collect_garbage), with what start-up made frozen.
        gc.disable()
        db = os.environ.get("TRAINER_DATABASE_URL") or None
        # Home's data is read on another core while Textual loads (trainer.tui.prefetch).
        from trainer.tui.prefetch import start_prefetch

        prefetch = start_prefetch(db)
        from trainer.tui.app import TrainerApp

        TrainerApp(db=db, scenario_dirs=[], drill=None, prefetch=prefetch).run()
        return
    from trainer.cli import main as cli

    cli(prog_name="trainer")
