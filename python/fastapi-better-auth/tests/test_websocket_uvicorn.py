"""The WebSocket handshake over a real uvicorn server on loopback, with the ``websockets`` client."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from fastapi_better_auth import BEARER_SUBPROTOCOL
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET
from .test_websocket import app

tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # bound here and handed to uvicorn: no race for the port
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(1000):
        if server.started:
            break
        threading.Event().wait(0.01)
    assert server.started, "uvicorn did not start"
    yield f"ws://127.0.0.1:{port}/ws"
    server.should_exit = True
    thread.join(5)
    sock.close()


async def test_browser_style_subprotocol_pair_over_real_http(base_url: str) -> None:
    offered = [Subprotocol(BEARER_SUBPROTOCOL), Subprotocol(tokens.make("real", roles=["a"]))]
    async with connect(base_url, subprotocols=offered) as ws:
        assert ws.subprotocol == BEARER_SUBPROTOCOL
        assert await asyncio.wait_for(ws.recv(), 5) == '{"id":"real","roles":["a"]}'


async def test_expired_token_closes_with_1008_over_real_http(base_url: str) -> None:
    offered = [Subprotocol(BEARER_SUBPROTOCOL), Subprotocol(tokens.expired())]
    async with connect(base_url, subprotocols=offered) as ws:
        with pytest.raises(ConnectionClosed) as info:
            await asyncio.wait_for(ws.recv(), 5)
    assert info.value.rcvd is not None
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (1008, "TOKEN_EXPIRED")
