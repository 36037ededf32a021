"""Which log `open_store` opens: --db path, sqlite URL, the data directory, or a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store import logdata
from trainer.store.base import StoreError
from trainer.store.open import open_store


def test_default_log_lives_in_the_data_directory(isolated_dirs: Path) -> None:
    store = open_store(None)
    store.start_attempt(logdata.attempt())
    store.close()
    assert (isolated_dirs / "data" / "trainer.sqlite3").exists()


def test_environment_and_url_forms_name_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team.sqlite3"
    monkeypatch.setenv("TRAINER_DATABASE_URL", str(path))
    attempt = logdata.attempt()
    open_store(None).start_attempt(attempt)
    assert [a.id for a in open_store(f"sqlite:///{path}").history()] == [attempt.id]


def test_reading_a_missing_log_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="There is no practice log"):
        open_store(str(tmp_path / "typo.sqlite3"), create=False)
    assert not (tmp_path / "typo.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        # Nothing listens on port 1: the team server is down.
        ("postgresql://trainer@127.0.0.1:1/team", r"127\.0\.0\.1:1 .*is the team server running"),
        ("mysql://localhost/x", "Unknown database address"),
        ("   ", "path is empty"),
    ],
)
def test_unusable_addresses_are_explained(url: str, says: str) -> None:
    with pytest.raises(StoreError, match=says):
        open_store(url)
