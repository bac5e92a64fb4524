"""Hostile Authorization headers as raw bytes over a real uvicorn server (h11 and httptools): the contract's
status, WWW-Authenticate and code, never a 5xx. Bytes no HTTP client library would send."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET, serve
from .test_dependencies import app

tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)
TOKEN = tokens.make().encode()
MISSING = b'Bearer realm="api"'
INVALID_REQUEST = b'Bearer realm="api", error="invalid_request"'
INVALID_TOKEN = b'Bearer realm="api", error="invalid_token"'


@pytest.fixture(scope="module", params=["h11", "httptools"])
def port(request: pytest.FixtureRequest) -> Iterator[int]:
    with serve(app, http=request.param, lifespan="off") as port:
        yield port


def get(port: int, path: bytes, headers: bytes) -> tuple[int, list[bytes], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: api\r\n" + headers + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    challenges = [line.split(b":", 1)[1].strip() for line in lines[1:] if line.lower().startswith(b"www-authenticate:")]
    return int(lines[0].split()[1]), challenges, body


@pytest.mark.parametrize(
    ("headers", "status", "challenge", "code"),
    [
        (b"Authorization: Bearer \xc3\xa9\xc3\xa9\r\n", 400, INVALID_REQUEST, "AUTHORIZATION_MALFORMED"),
        (
            b"Authorization: Bearer " + bytes(range(0x80, 0x100)) + b"\r\n",
            400,
            INVALID_REQUEST,
            "AUTHORIZATION_MALFORMED",
        ),
        (b"Authorization: Bearer " + TOKEN + b"\xff\r\n", 400, INVALID_REQUEST, "AUTHORIZATION_MALFORMED"),
        (b"Authorization: \xc3\xa9 " + TOKEN + b"\r\n", 401, MISSING, "TOKEN_MISSING"),
        (b"Authorization: \r\n", 401, MISSING, "TOKEN_MISSING"),
        (b"Authorization:\r\n", 401, MISSING, "TOKEN_MISSING"),
        (b"Authorization: \tBearer\t \r\n", 400, INVALID_REQUEST, "AUTHORIZATION_MALFORMED"),
        (b"Authorization: Bearer a, Bearer b\r\n", 400, INVALID_REQUEST, "AUTHORIZATION_MALFORMED"),
        (b"Authorization: Bearer x\r\n" * 500, 400, INVALID_REQUEST, "AUTHORIZATION_REPEATED"),
        (b"Authorization: Bearer " + b"A" * 60_000 + b"\r\n", 401, INVALID_TOKEN, "TOKEN_TOO_LARGE"),
        (b"Authorization: Bearer " + b"e30." * 2 + b"e30" + b"\r\n", 401, INVALID_TOKEN, "ALG_NOT_ALLOWED"),
        (b"authorization: bearer " + TOKEN + b"\r\n", 200, [], None),
    ],
    ids=[
        "utf8-token",
        "high-bytes",
        "high-byte-suffix",
        "utf8-scheme",
        "empty",
        "empty-no-space",
        "tabs-only",
        "comma-list",
        "500-headers",
        "60k-token",
        "empty-objects",
        "lower-case",
    ],
)
def test_hostile_raw_authorization_bytes(
    port: int, headers: bytes, status: int, challenge: bytes | list[bytes], code: str | None
) -> None:
    got_status, challenges, body = get(port, b"/me", headers)
    assert got_status == status, body
    if code is None:
        assert challenges == []
        return
    assert challenges == [challenge]
    assert json.loads(body)["code"] == code


def test_optional_user_over_http_is_anonymous_only_without_bearer_credentials(port: int) -> None:
    assert get(port, b"/maybe", b"Authorization: Basic eDp5\r\n")[0] == 200
    assert get(port, b"/maybe", b"")[2] == b'{"id":null}'
    status, challenges, _ = get(port, b"/maybe", b"Authorization: Bearer \xff\r\n")
    assert (status, challenges) == (400, [INVALID_REQUEST])
    status, challenges, _ = get(port, b"/maybe?access_token=" + TOKEN, b"")
    assert (status, challenges) == (200, [])
