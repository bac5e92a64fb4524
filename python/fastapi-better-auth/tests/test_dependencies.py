from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastapi_better_auth import (
    AuthUser,
    BetterAuth,
    BetterAuthSettings,
    ConfigurationError,
    CurrentUser,
    OptionalUser,
    require_roles,
)
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET, assert_auth_error

app = FastAPI()
BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER), clock=lambda: NOW).install(app)


@app.get("/me")
async def me(user: CurrentUser) -> AuthUser:
    return user


@app.get("/maybe")
async def maybe(user: OptionalUser) -> dict[str, str | None]:
    return {"id": user.id if user else None}


@app.get("/admin")
async def admin(user: Annotated[AuthUser, Depends(require_roles("admin"))]) -> dict[str, str]:
    return {"id": user.id}


@app.get("/both", dependencies=[Depends(require_roles("admin", "editor"))])
async def both(user: CurrentUser) -> dict[str, tuple[str, ...]]:
    return {"roles": user.roles}


client = TestClient(app)
tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)

MISSING = 'Bearer realm="api"'
INVALID_REQUEST = 'Bearer realm="api", error="invalid_request"'
INVALID_TOKEN = 'Bearer realm="api", error="invalid_token"'
INSUFFICIENT = 'Bearer realm="api", error="insufficient_scope"'


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_current_user_returns_the_user() -> None:
    response = client.get("/me", headers=bearer(tokens.make("u-7", roles=["admin"], name="Ada", team="x")))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "u-7"
    assert body["email"] == "user@example.com"
    assert body["email_verified"] is True
    assert body["name"] == "Ada"
    assert body["roles"] == ["admin"]
    assert body["claims"]["team"] == "x"


def test_no_header_is_401_without_error_attribute() -> None:
    assert_auth_error(client.get("/me"), "TOKEN_MISSING", 401, MISSING)


@pytest.mark.parametrize("value", ["Basic dXNlcjpwYXNz", "Token abc", "BearerX abc", "", "bearer"])
def test_other_scheme_or_empty_counts_as_missing_or_malformed(value: str) -> None:
    response = client.get("/me", headers={"Authorization": value})
    if value.lower() == "bearer":
        assert_auth_error(response, "AUTHORIZATION_MALFORMED", 400, INVALID_REQUEST)
    else:
        assert_auth_error(response, "TOKEN_MISSING", 401, MISSING)


def test_token_in_query_string_or_cookie_counts_as_missing() -> None:
    token = tokens.make()
    assert_auth_error(client.get(f"/me?access_token={token}"), "TOKEN_MISSING", 401, MISSING)
    client.cookies.set("access_token", token)
    try:
        assert_auth_error(client.get("/me"), "TOKEN_MISSING", 401, MISSING)
    finally:
        client.cookies.clear()


@pytest.mark.parametrize("value", ["Bearer a b", "Bearer ", "Bearer a,b", "Bearer é", "Bearer =abc"])
def test_malformed_bearer_is_400(value: str) -> None:
    response = client.get("/me", headers=[(b"authorization", value.encode("latin-1"))])
    assert_auth_error(response, "AUTHORIZATION_MALFORMED", 400, INVALID_REQUEST)


def test_repeated_header_is_400() -> None:
    token = tokens.make()
    headers = [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")]
    response = client.get("/me", headers=headers)
    assert_auth_error(response, "AUTHORIZATION_REPEATED", 400, INVALID_REQUEST)


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (tokens.expired(), "TOKEN_EXPIRED"),
        (tokens.wrong_key(), "SIGNATURE_INVALID"),
        ("abc+def/ghi=", "TOKEN_MALFORMED"),
        ("a" * 9000, "TOKEN_TOO_LARGE"),
        (tokens.make(iss="https://evil.example"), "ISSUER_MISMATCH"),
    ],
)
def test_bad_tokens_are_401_invalid_token(token: str, code: str) -> None:
    response = client.get("/me", headers=bearer(token))
    assert_auth_error(response, code, 401, INVALID_TOKEN)
    assert token not in response.text
    assert SECRET not in response.text


def test_optional_user_is_none_only_without_credentials() -> None:
    assert client.get("/maybe").json() == {"id": None}
    assert client.get("/maybe", headers={"Authorization": "Basic abc"}).json() == {"id": None}
    assert client.get("/maybe", headers=bearer(tokens.make("u-1"))).json() == {"id": "u-1"}
    assert_auth_error(client.get("/maybe", headers=bearer(tokens.expired())), "TOKEN_EXPIRED", 401, INVALID_TOKEN)
    malformed = client.get("/maybe", headers={"Authorization": "Bearer a b"})
    assert_auth_error(malformed, "AUTHORIZATION_MALFORMED", 400, INVALID_REQUEST)


def test_require_roles_passes_with_the_role() -> None:
    response = client.get("/admin", headers=bearer(tokens.make("boss", roles=["user", "admin"])))
    assert response.status_code == 200
    assert response.json() == {"id": "boss"}


@pytest.mark.parametrize("roles", [[], ["user"], ["Admin"], ["admin "], ["administrator"]])
def test_require_roles_is_exact_membership(roles: list[str]) -> None:
    response = client.get("/admin", headers=bearer(tokens.make(roles=roles)))
    assert_auth_error(response, "ROLE_MISSING", 403, INSUFFICIENT)


def test_require_roles_needs_every_role_and_still_authenticates_first() -> None:
    assert client.get("/both", headers=bearer(tokens.make(roles=["admin", "editor"]))).status_code == 200
    one = client.get("/both", headers=bearer(tokens.make(roles=["admin"])))
    assert_auth_error(one, "ROLE_MISSING", 403, INSUFFICIENT)
    assert_auth_error(client.get("/both"), "TOKEN_MISSING", 401, MISSING)
    assert_auth_error(client.get("/admin"), "TOKEN_MISSING", 401, MISSING)


def test_require_roles_rejects_no_roles() -> None:
    with pytest.raises(ValueError, match="role"):
        require_roles()
    with pytest.raises(ValueError, match="role"):
        require_roles("")


HOSTILE_VALUES = [
    "Bearer " + "A" * 10000,
    "Bearer \x00",
    "Bearer ...",
    "Bearer a.b.c",
    "Bearer e30.e30.e30",
    "Bearer eyJhbGciOiJub25lIn0.e30.",
    "Bearer\tabc",
    "   Bearer    abc   ",
    "Bearer " + "e30." * 3,
    "\u00ff\u00fe",
    "Bearer " + "eyJ" * 3000,
    "Bearer ~~~.~~~.~~~",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_no_hostile_header_gives_a_5xx(value: str) -> None:
    response = client.get("/me", headers=[(b"authorization", value.encode("latin-1"))])
    assert response.status_code in (400, 401)
    assert response.json()["code"]
    assert response.headers["www-authenticate"].startswith('Bearer realm="api"')


def test_custom_realm_is_used_in_every_challenge() -> None:
    other = FastAPI()
    BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER, realm="orders")).install(other)

    @other.get("/me")
    async def me2(user: CurrentUser) -> str:
        return user.id

    c = TestClient(other)
    assert_auth_error(c.get("/me"), "TOKEN_MISSING", 401, 'Bearer realm="orders"')
    bad = c.get("/me", headers=bearer("x.y.z"))
    assert_auth_error(bad, "TOKEN_MALFORMED", 401, 'Bearer realm="orders", error="invalid_token"')


def test_construction_fails_loudly_on_bad_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTER_AUTH_SECRET", "changeme-changeme-changeme-changeme")
    monkeypatch.setenv("BETTER_AUTH_URL", ISSUER)
    with pytest.raises(ConfigurationError) as info:
        BetterAuth.from_env()
    assert info.value.setting == "BETTER_AUTH_SECRET"
    assert info.value.reason == "publishedDefault"


def test_from_env_builds_a_working_instance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTER_AUTH_SECRET", SECRET)
    monkeypatch.setenv("BETTER_AUTH_URL", ISSUER)
    auth = BetterAuth.from_env(leeway_seconds=0)
    assert auth.settings.leeway_seconds == 0
    assert auth.verifier is not None


def test_dependency_without_install_is_a_clear_error() -> None:
    bare = FastAPI()

    @bare.get("/me")
    async def me3(user: CurrentUser) -> str:
        return user.id

    with pytest.raises(RuntimeError, match="install"):
        TestClient(bare).get("/me")


def test_install_inside_the_lifespan_still_gives_the_contract_responses() -> None:
    # Starlette builds its middleware stack (and with it the exception handlers) on the first ASGI call, the
    # lifespan's: a handler added later was silently ignored, and every auth failure became a 500.
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER), clock=lambda: NOW).install(app)
        yield

    late = FastAPI(lifespan=lifespan)

    @late.get("/me")
    async def me4(user: CurrentUser) -> str:
        return user.id

    with TestClient(late, raise_server_exceptions=False) as c:
        assert_auth_error(c.get("/me"), "TOKEN_MISSING", 401, MISSING)
        assert_auth_error(c.get("/me", headers=bearer("x.y.z")), "TOKEN_MALFORMED", 401, INVALID_TOKEN)
        assert c.get("/me", headers=bearer(tokens.make("u-9"))).json() == "u-9"


def _twin(cache_size: int) -> TestClient:
    twin = FastAPI()
    BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=cache_size), clock=lambda: NOW).install(twin)

    @twin.get("/me")
    async def me(user: CurrentUser) -> AuthUser:
        return user

    @twin.get("/maybe")
    async def maybe(user: OptionalUser) -> dict[str, str | None]:
        return {"id": user.id if user else None}

    return TestClient(twin)


def test_a_cached_token_answers_every_header_exactly_as_without_the_cache() -> None:
    token = tokens.make("u-1", roles=["a"], org={"teams": [{"name": "blue"}]})
    cached, uncached = _twin(8), _twin(0)
    assert cached.get("/me", headers=bearer(token)).status_code == 200  # now in the cache
    variants: list[list[tuple[str, str]]] = [
        [("Authorization", f"Bearer {token}")],
        [("Authorization", f"bearer {token}")],
        [("Authorization", f"BEARER   {token}")],
        [("Authorization", f" \tBearer {token} \t")],
        [("Authorization", f"Bearer {token}=")],
        [("Authorization", f"Bearer {token}+")],
        [("Authorization", f"Bearer {token} x")],
        [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")],
        [("Authorization", f"Basic {token}")],
        [("Authorization", f"Bearer{token}")],
        [("Authorization", "Bearer")],
        [("Authorization", "Bearer ")],
        [],
    ]
    for headers in variants:
        for path in ("/me", "/maybe"):
            got, want = cached.get(path, headers=headers), uncached.get(path, headers=headers)
            assert (got.status_code, got.json(), got.headers.get("www-authenticate")) == (
                want.status_code,
                want.json(),
                want.headers.get("www-authenticate"),
            ), (path, headers)


async def test_headers_given_as_any_iterable_are_read_like_starlette_does() -> None:
    from starlette.requests import Request

    from fastapi_better_auth import current_user

    token = tokens.make("u-9")
    for headers in (
        ((b"authorization", f"Bearer {token}".encode()),),
        iter([(b"host", b"x"), (b"authorization", f"Bearer {token}".encode())]),
        [(b"authorization", f"Bearer {token}".encode())],
    ):
        user = await current_user(Request({"type": "http", "app": app, "headers": headers}))
        assert user.id == "u-9"


OTHER_SECRET = "Zq7#Lw2!pX9vK4sN8mR1tY6bH3jD5fG0"
two = FastAPI()
main_auth = BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER), clock=lambda: NOW)
main_auth.install(two)
other_auth = BetterAuth(
    BetterAuthSettings(secret=OTHER_SECRET, issuer=ISSUER, cache_size=0, realm="other"), clock=lambda: NOW
)


@two.get("/main")
async def on_main(user: CurrentUser) -> dict[str, str]:
    return {"id": user.id}


@two.get("/main-own")
async def on_main_own(user: Annotated[AuthUser, Depends(main_auth.current_user)]) -> dict[str, str]:
    return {"id": user.id}


@two.get("/other")
async def on_other(user: Annotated[AuthUser, Depends(other_auth.current_user)]) -> dict[str, str]:
    return {"id": user.id}


@two.get("/other-maybe")
async def on_other_maybe(user: Annotated[AuthUser | None, Depends(other_auth.optional_user)]) -> dict[str, str | None]:
    return {"id": user.id if user else None}


def test_two_configurations_in_one_app_with_per_instance_dependencies() -> None:
    c = TestClient(two)
    mine, theirs = tokens.make("u-main"), TokenFactory(secret=OTHER_SECRET, issuer=ISSUER, now=NOW).make("u-other")
    assert c.get("/main", headers=bearer(mine)).json() == {"id": "u-main"}
    assert c.get("/main-own", headers=bearer(mine)).json() == {"id": "u-main"}
    assert c.get("/other", headers=bearer(theirs)).json() == {"id": "u-other"}
    assert c.get("/other-maybe", headers=bearer(theirs)).json() == {"id": "u-other"}
    assert c.get("/other-maybe").json() == {"id": None}
    assert_auth_error(c.get("/main", headers=bearer(theirs)), "KID_UNKNOWN", 401, INVALID_TOKEN)
    other_invalid = 'Bearer realm="other", error="invalid_token"'
    assert_auth_error(c.get("/other", headers=bearer(mine)), "KID_UNKNOWN", 401, other_invalid)
    assert_auth_error(c.get("/other"), "TOKEN_MISSING", 401, 'Bearer realm="other"')
    assert_auth_error(c.get("/main"), "TOKEN_MISSING", 401, MISSING)
    repeated = [("Authorization", f"Bearer {theirs}"), ("Authorization", f"Bearer {theirs}")]
    assert_auth_error(
        c.get("/other-maybe", headers=repeated),
        "AUTHORIZATION_REPEATED",
        400,
        'Bearer realm="other", error="invalid_request"',
    )
    paths = c.get("/openapi.json").json()["paths"]
    for path in ("/main", "/main-own", "/other", "/other-maybe"):
        assert paths[path]["get"]["security"] == [{"BetterAuth": []}]
