"""Results from worker threads, applied on the UI thread without blocking the worker.

A thread worker calls `self.later(fn, *args)`; the node runs `fn(*args)` on the UI thread
when the message arrives (dropped if the node is gone). Unlike `App.call_from_thread` the
worker never waits, so a worker finishing while the app closes cannot hang the exit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.message import Message
from textual.message_pump import MessagePump


class Later(Message, bubble=False):
    def __init__(self, apply: Callable[[], None]) -> None:
        super().__init__()
        self.apply = apply


class LaterMixin(MessagePump):
    def later(self, fn: Callable[..., None], *args: object) -> None:
        """From any thread: run `fn(*args)` on the UI thread."""
        self.post_message(Later(partial(fn, *args)))

    def on_later(self, message: Later) -> None:
        message.apply()
