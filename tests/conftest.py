"""Shared test set-up: every test gets its own data and config directories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep tests away from the developer's own practice log and settings."""
    home = tmp_path / "trainer-home"
    monkeypatch.setenv("TRAINER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("TRAINER_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("TRAINER_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRAINER_SCENARIOS", raising=False)
    monkeypatch.delenv("TRAINER_VOSK_MODEL", raising=False)
    yield home


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a test that needs a real part (marked real_part) may not skip: it fails."""
    outcome: Any = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("real_part") is not None:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"real part missing in CI (skips are failures here): {reason}"
