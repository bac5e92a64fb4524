from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from fastapi_better_auth import BEARER_SUBPROTOCOL, BetterAuth, BetterAuthSettings, WebSocketUser, accept_websocket
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET

app = FastAPI()
BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER), clock=lambda: NOW).install(app)


@app.websocket("/ws")
async def ws(websocket: WebSocket, user: WebSocketUser) -> None:
    await accept_websocket(websocket)
    await websocket.send_json({"id": user.id, "roles": user.roles})
    await websocket.close()


client = TestClient(app)
tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)


def closed_with(reason: str, **kwargs: object) -> None:
    with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/ws", **kwargs) as conn:  # type: ignore[arg-type]
        conn.receive_json()
    assert info.value.code == 1008
    assert info.value.reason == reason


def test_token_in_subprotocol_pair_and_only_the_marker_is_echoed() -> None:
    token = tokens.make("ws-user", roles=["admin"])
    with client.websocket_connect("/ws", subprotocols=[BEARER_SUBPROTOCOL, token]) as conn:
        assert conn.accepted_subprotocol == BEARER_SUBPROTOCOL
        assert conn.receive_json() == {"id": "ws-user", "roles": ["admin"]}


def test_token_in_authorization_header_for_non_browser_clients() -> None:
    headers = {"Authorization": f"Bearer {tokens.make('cli')}"}
    with client.websocket_connect("/ws", headers=headers) as conn:
        assert conn.accepted_subprotocol is None
        assert conn.receive_json()["id"] == "cli"


def test_no_token_closes_with_1008() -> None:
    closed_with("TOKEN_MISSING")


def test_query_string_token_is_ignored() -> None:
    with (
        pytest.raises(WebSocketDisconnect) as info,
        client.websocket_connect(f"/ws?access_token={tokens.make()}") as conn,
    ):
        conn.receive_json()
    assert (info.value.code, info.value.reason) == (1008, "TOKEN_MISSING")


def test_bad_tokens_close_with_1008_and_the_code() -> None:
    closed_with("TOKEN_EXPIRED", subprotocols=[BEARER_SUBPROTOCOL, tokens.expired()])
    closed_with("SIGNATURE_INVALID", subprotocols=[BEARER_SUBPROTOCOL, tokens.wrong_key()])
    closed_with("TOKEN_MALFORMED", headers={"Authorization": "Bearer abc"})


def test_malformed_handshakes_close_with_1008() -> None:
    closed_with("AUTHORIZATION_MALFORMED", subprotocols=[BEARER_SUBPROTOCOL])
    closed_with("AUTHORIZATION_REPEATED", subprotocols=[BEARER_SUBPROTOCOL, "a", BEARER_SUBPROTOCOL, "b"])
    closed_with(
        "AUTHORIZATION_REPEATED",
        subprotocols=[BEARER_SUBPROTOCOL, tokens.make()],
        headers={"Authorization": f"Bearer {tokens.make()}"},
    )


def test_failure_accepts_with_the_marker_so_browsers_see_the_close_code() -> None:
    with client.websocket_connect("/ws", subprotocols=[BEARER_SUBPROTOCOL, "x.y.z"]) as conn:
        assert conn.accepted_subprotocol == BEARER_SUBPROTOCOL
        with pytest.raises(WebSocketDisconnect) as info:
            conn.receive_json()
    assert (info.value.code, info.value.reason) == (1008, "TOKEN_MALFORMED")
