"""The WebSocket handshake over a real uvicorn server on loopback, with the ``websockets`` client."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from fastapi_better_auth import BEARER_SUBPROTOCOL
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET, serve
from .test_websocket import app

tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(app, ws="websockets-sansio") as port:
        yield f"ws://127.0.0.1:{port}/ws"


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
