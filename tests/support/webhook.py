"""A webhook receiver on 127.0.0.1: what apprise's ``json://`` targets post, kept in order."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Webhook:
    def __init__(self, server: ThreadingHTTPServer, fail_first: int) -> None:
        self._server = server
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.refused = 0
        self.fail_first = fail_first
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        """The apprise URL posting here (``json://``; the path stands in for a secret)."""
        return f"json://127.0.0.1:{self._server.server_address[1]}/hook-s3cr3t-path"

    def messages(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.received)

    def text(self) -> str:
        return "\n".join(f"{m['title']}\n{m['message']}" for m in self.messages())


@contextmanager
def webhook(fail_first: int = 0) -> Iterator[Webhook]:
    """Serve a receiver that answers 500 to the first ``fail_first`` posts, 200 after."""
    holder: list[Webhook] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hook = holder[0]
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with hook.lock:
                if hook.refused < hook.fail_first:
                    hook.refused += 1
                    status = 500
                else:
                    hook.received.append(json.loads(body))
                    hook.paths.append(self.path)
                    status = 200
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder.append(Webhook(server, fail_first))
    thread = threading.Thread(target=server.serve_forever, name="webhook", daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
