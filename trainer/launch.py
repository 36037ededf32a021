"""The `trainer` console script: bare `trainer` opens the app without loading the CLI."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if len(sys.argv) == 1:
        # The app's first frame matters most; skip importing click and the commands.
        from trainer.tui.app import TrainerApp

        db = os.environ.get("TRAINER_DATABASE_URL") or None
        TrainerApp(db=db, scenario_dirs=[], drill=None).run()
        return
    from trainer.cli import main as cli

    cli()
