"""WebSocket authentication.

Browsers cannot set headers on a WebSocket handshake, so the token travels in the
``Sec-WebSocket-Protocol`` header as a pair of subprotocols, ``better-auth-fastapi.bearer`` then the
token (a JWT is made of RFC 7230 token characters, so it is a valid subprotocol name)::

    new WebSocket(url, ["better-auth-fastapi.bearer", token])

The server must then select ``better-auth-fastapi.bearer`` (never the token) when it accepts:
:func:`accept_websocket` does that. Clients that can set headers (not browsers) may send a normal
``Authorization: Bearer`` header instead. Never the query string: proxies and servers log URLs.

On failure the connection is accepted and at once closed with code 1008 (policy violation) and the
machine code as the reason, so a browser can tell ``TOKEN_EXPIRED`` (refresh, then reconnect) from other
failures; a handshake rejected before acceptance reaches a browser only as code 1006.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, WebSocket, WebSocketException, status

from .bearer import parse_authorization
from .dependencies import installed
from .errors import AccessTokenError, InvalidRequestError, InvalidTokenError
from .user import AuthUser

__all__ = ["BEARER_SUBPROTOCOL", "WebSocketUser", "accept_websocket", "websocket_token", "websocket_user"]

BEARER_SUBPROTOCOL = "better-auth-fastapi.bearer"
"""The subprotocol that announces a token in the next subprotocol; the only one echoed on accept."""


def _offered(websocket: WebSocket) -> list[str]:
    return [str(p) for p in websocket.scope.get("subprotocols", [])]


def websocket_token(websocket: WebSocket) -> str | None:
    """The token of a handshake (subprotocol pair or Authorization header), or None when none was sent."""
    offered = _offered(websocket)
    from_header = parse_authorization(websocket.headers.getlist("authorization"))
    if BEARER_SUBPROTOCOL not in offered:
        return from_header
    if offered.count(BEARER_SUBPROTOCOL) > 1 or from_header is not None:
        raise InvalidRequestError("AUTHORIZATION_REPEATED")
    at = offered.index(BEARER_SUBPROTOCOL)
    if at + 1 >= len(offered):
        raise InvalidRequestError("AUTHORIZATION_MALFORMED")
    return parse_authorization([f"Bearer {offered[at + 1]}"])


async def accept_websocket(websocket: WebSocket) -> None:
    """Accepts the connection, selecting ``better-auth-fastapi.bearer`` when the client offered it."""
    subprotocol = BEARER_SUBPROTOCOL if BEARER_SUBPROTOCOL in _offered(websocket) else None
    await websocket.accept(subprotocol=subprotocol)


async def websocket_user(websocket: WebSocket) -> AuthUser:
    """The verified user of a WebSocket handshake; on failure, closes with 1008 and the machine code.

    The connection is not accepted on success: call :func:`accept_websocket` in the endpoint.
    """
    auth = installed(websocket)
    try:
        token = websocket_token(websocket)
        if token is None:
            raise InvalidTokenError("TOKEN_MISSING")
        return await auth.authenticate(token)
    except AccessTokenError as exc:
        await accept_websocket(websocket)
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason=exc.code) from exc


WebSocketUser = Annotated[AuthUser, Depends(websocket_user)]
"""The verified user of a WebSocket handshake (see the module docstring for how clients send the token)."""
