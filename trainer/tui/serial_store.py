"""Every store call on one dedicated thread.

Workers run on many threads, and a database connection belongs to the thread that made it;
`SerialStore` opens the store on its own thread and forwards each call there, so screens,
workers and the drill recorder can share one store safely. Calls block the caller (always a
worker thread in the app) until the store answers.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from trainer.store.base import Store

T = TypeVar("T")


class SerialStore:
    def __init__(self, opener: Callable[[], Store]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trainer-store")
        self._store: Store = self._pool.submit(opener).result()

    def call(self, fn: Callable[[Store], T]) -> T:
        """Run `fn(store)` on the store's thread and return its result (or raise its error)."""
        return self._pool.submit(fn, self._store).result()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)
        if not callable(method):
            return method

        def forward(*args: Any, **kwargs: Any) -> Any:
            return self._pool.submit(method, *args, **kwargs).result()

        return forward

    def close(self) -> None:
        try:
            self._pool.submit(self._store.close).result()
        finally:
            self._pool.shutdown(wait=True)
