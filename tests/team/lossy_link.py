"""A TCP link to the test server that can lose one reply, as a network failing at the worst
moment: the client's COMMIT reaches the server, which makes the write durable, but the
server's answer never comes back and the connection drops."""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit


class LossyLink:
    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._lose = threading.Event()
        self.lost = threading.Event()  # a reply was lost
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url: str) -> str:
        """`url` (to the server) through the link."""
        parts = urlsplit(url)
        netloc = parts.netloc.replace(f":{self.server_port}", f":{self.port}")
        return urlunsplit(parts._replace(netloc=netloc))

    def lose_next_commit_reply(self) -> None:
        self._lose.set()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.server_port))
            committing = threading.Event()
            threading.Thread(
                target=self._to_server, args=(client, server, committing), daemon=True
            ).start()
            threading.Thread(
                target=self._to_client, args=(server, client, committing), daemon=True
            ).start()

    def _to_server(
        self, client: socket.socket, server: socket.socket, committing: threading.Event
    ) -> None:
        try:
            while data := client.recv(65536):
                if self._lose.is_set() and b"COMMIT" in data:
                    self._lose.clear()
                    committing.set()
                server.sendall(data)
        except OSError:
            pass

    def _to_client(
        self, server: socket.socket, client: socket.socket, committing: threading.Event
    ) -> None:
        try:
            while data := server.recv(65536):
                if committing.is_set():  # the server has committed: its answer is lost
                    self.lost.set()
                    break
                client.sendall(data)
        except OSError:
            pass
        for end in (client, server):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
