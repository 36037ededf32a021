"""Without the PostgreSQL driver a team URL says how to install it."""

from __future__ import annotations

import sys

import pytest

from trainer.store.base import StoreError
from trainer.store.open import open_store


def test_a_missing_driver_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "trainer.store.postgres", raising=False)
    with pytest.raises(StoreError, match=r"pipx install --force '\.\[postgres\]'"):
        open_store("postgresql://alex@127.0.0.1:1/trainer")
