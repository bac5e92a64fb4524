from __future__ import annotations

from typing import Annotated

import jwt as pyjwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from starlette.websockets import WebSocket

from fastapi_better_auth import (
    AccessTokenVerifier,
    AuthUser,
    BetterAuth,
    BetterAuthSettings,
    CurrentUser,
    InvalidTokenError,
    OptionalUser,
    WebSocketUser,
    accept_websocket,
    current_user,
    require_roles,
)
from fastapi_better_auth.testing import TEST_ISSUER, TEST_SECRET, TokenFactory, override_user

from .helpers import NOW


def test_fixture_tokens_are_accepted_by_the_fixture_settings(
    better_auth_settings: BetterAuthSettings, better_auth_tokens: TokenFactory
) -> None:
    verifier = AccessTokenVerifier(better_auth_settings)
    claims = verifier.verify(better_auth_tokens.make("fixture-user", roles=["admin"]))
    assert claims["sub"] == "fixture-user"
    assert claims["roles"] == ["admin"]
    assert better_auth_settings.secret == TEST_SECRET
    assert better_auth_settings.issuer == TEST_ISSUER


def test_made_tokens_have_the_contract_shape() -> None:
    factory = TokenFactory(now=NOW)
    token = factory.make("u-1", roles=["a"], plan="pro")
    header = pyjwt.get_unverified_header(token)
    assert list(header) == ["alg", "typ", "kid"]
    assert header == {"alg": "HS256", "typ": "at+jwt", "kid": factory.kid}
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert list(claims) == [
        "sub", "email", "email_verified", "name", "roles", "iat", "exp", "iss", "aud", "jti", "plan",
    ]  # fmt: skip
    assert (claims["iat"], claims["exp"]) == (NOW, NOW + 900)
    assert factory.make() != factory.make(), "jti is random"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda f: f.expired(), "TOKEN_EXPIRED"),
        (lambda f: f.wrong_key(), "SIGNATURE_INVALID"),
        (lambda f: f.unsigned(), "TOKEN_MALFORMED"),
        (lambda f: f.make(aud="https://elsewhere.example"), "AUDIENCE_MISMATCH"),
        (lambda f: f.sign(f.header(typ="JWT"), f.claims()), "TYPE_INVALID"),
        (lambda f: f.sign_bytes(b"{}", b"{}"), "ALG_NOT_ALLOWED"),
    ],
)
def test_hostile_variants(make: object, code: str) -> None:
    factory = TokenFactory(now=NOW)
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=TEST_SECRET, issuer=TEST_ISSUER))
    with pytest.raises(InvalidTokenError) as info:
        verifier.verify(make(factory), now=NOW)  # type: ignore[operator]
    assert info.value.code == code


def test_from_settings_follows_audience_and_key_mode() -> None:
    settings = BetterAuthSettings(
        secret=TEST_SECRET, issuer=TEST_ISSUER, audience="https://api.example", key_mode="raw"
    )
    token = TokenFactory.from_settings(settings).make()
    assert AccessTokenVerifier(settings).verify(token)["aud"] == "https://api.example"


app = FastAPI()
BetterAuth(BetterAuthSettings(secret=TEST_SECRET, issuer=TEST_ISSUER)).install(app)


@app.get("/me")
async def me(user: CurrentUser) -> str:
    return user.id


@app.get("/maybe")
async def maybe(user: OptionalUser) -> str | None:
    return user.id if user else None


@app.get("/admin")
async def admin(user: Annotated[AuthUser, Depends(require_roles("admin"))]) -> str:
    return user.id


@app.websocket("/ws")
async def ws(websocket: WebSocket, user: WebSocketUser) -> None:
    await accept_websocket(websocket)
    await websocket.send_text(user.id)
    await websocket.close()


client = TestClient(app)
FAKE = AuthUser(id="fake", email="fake@example.com", email_verified=True, roles=["user"])


def test_override_user_fakes_every_user_dependency() -> None:
    with override_user(app, FAKE):
        assert client.get("/me").json() == "fake"
        assert client.get("/maybe").json() == "fake"
        assert client.get("/admin").status_code == 403  # require_roles checks the fake user's roles
        with client.websocket_connect("/ws") as conn:
            assert conn.receive_text() == "fake"
    assert client.get("/me").status_code == 401
    assert app.dependency_overrides == {}


def test_override_user_without_with_and_the_plain_fastapi_way() -> None:
    admin_user = FAKE.model_copy(update={"roles": ["admin"]})
    override = override_user(app, admin_user)
    try:
        assert client.get("/admin").json() == "fake"
    finally:
        override.restore()
    app.dependency_overrides[current_user] = lambda: admin_user
    try:
        assert client.get("/me").json() == "fake"
    finally:
        app.dependency_overrides.clear()
