"""Where trainer keeps its files (XDG / platform directories), with overrides.

Environment overrides: TRAINER_DATA_DIR, TRAINER_CONFIG_DIR, TRAINER_DATABASE_URL,
TRAINER_SCENARIOS (extra scenario folders, separated by os.pathsep).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "trainer"


def data_dir() -> Path:
    if env := os.environ.get("TRAINER_DATA_DIR"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    if env := os.environ.get("TRAINER_CONFIG_DIR"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def default_database() -> str:
    """The database URL or path in force when `--db` is not given."""
    return os.environ.get("TRAINER_DATABASE_URL") or str(data_dir() / "trainer.sqlite3")


def user_scenario_dirs() -> list[Path]:
    """User scenario folders: the data-directory one, then TRAINER_SCENARIOS entries."""
    dirs = [data_dir() / "scenarios"]
    if env := os.environ.get("TRAINER_SCENARIOS"):
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    return dirs


def published_scenarios_dir() -> Path:
    """The local copies of the scenarios published on the team server (drillable offline)."""
    return data_dir() / "published"


def shipped_scenarios_dir() -> Path:
    """Shipped scenarios: inside the wheel, or the checkout's `scenarios/` when editable."""
    return _bundled("_shipped_scenarios", "scenarios")


def docs_dir() -> Path:
    """The user documentation (`trainer docs`): inside the wheel, or the checkout's `docs/`."""
    return _bundled("_docs", "docs")


def _bundled(in_wheel: str, in_checkout: str) -> Path:
    """A folder the wheel carries inside the package; in a checkout, its top-level source."""
    here = Path(__file__).resolve().parent
    packaged = here / in_wheel
    return packaged if packaged.is_dir() else here.parent / in_checkout


def recordings_dir() -> Path:
    return data_dir() / "recordings"


def models_dir() -> Path:
    return data_dir() / "models"


def voices_dir() -> Path:
    return data_dir() / "voices"


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (fsync the folder); best effort."""
    import os

    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
