"""Shared test data and assertions."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from fastapi_better_auth.testing import TEST_ISSUER, TEST_SECRET

__all__ = ["NOW", "SECRET", "assert_auth_error", "serve"]

SECRET = TEST_SECRET
ISSUER = TEST_ISSUER
NOW = 1_700_000_000


def assert_auth_error(response: httpx.Response, code: str, status: int, challenge: str) -> None:
    """Code first, then status, the exact WWW-Authenticate, then the whole body."""
    body: Any = response.json()
    assert body.get("code") == code, body
    assert response.status_code == status
    assert response.headers["www-authenticate"] == challenge
    assert set(body) == {"detail", "code"}
    assert isinstance(body["detail"], str)
    assert body["detail"]


@contextmanager
def serve(app: Any, **config: Any) -> Iterator[int]:
    """Runs ``app`` with uvicorn on a loopback port (bound here: no race for it) and yields the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(1000):
            if server.started:
                break
            threading.Event().wait(0.01)
        assert server.started, "uvicorn did not start"
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()
