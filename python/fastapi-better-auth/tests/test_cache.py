from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from fastapi_better_auth import (
    AccessTokenVerifier,
    AuthUser,
    BetterAuth,
    BetterAuthSettings,
    CurrentUser,
    InvalidTokenError,
)
from fastapi_better_auth.cache import CachedToken, TokenCache
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET, assert_auth_error

tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)


def test_lru_evicts_the_least_recently_used() -> None:
    cache = TokenCache(2)
    entry = CachedToken({}, 0, 10)
    cache.put("a", entry)
    cache.put("b", entry)
    assert cache.get("a") is entry  # a is now the most recent
    cache.put("c", entry)
    assert cache.get("b") is None
    assert cache.get("a") is entry
    assert cache.get("c") is entry
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0


def test_size_zero_stores_nothing() -> None:
    cache = TokenCache(0)
    cache.put("a", CachedToken({}, 0, 10))
    assert cache.get("a") is None


def test_a_hit_still_rejects_an_expired_token() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make()  # exp = NOW + 900, leeway 30
    assert verifier.verify(token, now=NOW)["sub"] == "user-1"
    assert verifier.cache is not None
    assert len(verifier.cache) == 1
    assert verifier.verify(token, now=NOW + 929)["sub"] == "user-1"
    with pytest.raises(InvalidTokenError) as info:
        verifier.verify(token, now=NOW + 930)
    assert info.value.code == "TOKEN_EXPIRED"
    assert len(verifier.cache) == 0


def test_a_hit_before_the_window_is_verified_again() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make(nbf=NOW + 100)
    assert verifier.verify(token, now=NOW + 100)["sub"] == "user-1"
    with pytest.raises(InvalidTokenError) as info:
        verifier.verify(token, now=NOW)  # a clock set back: the full check runs and refuses
    assert info.value.code == "TOKEN_NOT_YET_VALID"


def test_failures_are_never_cached() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    for _ in range(3):
        with pytest.raises(InvalidTokenError):
            verifier.verify(tokens.wrong_key(), now=NOW)
    assert verifier.cache is not None
    assert len(verifier.cache) == 0


def test_cached_claims_cannot_be_changed_by_a_caller() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make(roles=["user"])
    first = verifier.verify(token, now=NOW)
    first["roles"].append("admin")
    first["sub"] = "someone-else"
    second = verifier.verify(token, now=NOW)
    assert second["roles"] == ["user"]
    assert second["sub"] == "user-1"


def test_nested_custom_claims_cannot_be_changed_by_a_caller_either() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make(org={"id": "o-1", "teams": [{"name": "blue"}]}, perms=[["read"]])
    first = verifier.verify(token, now=NOW)  # the miss returns a copy too
    first["org"]["id"] = "o-evil"
    first["org"]["teams"][0]["name"] = "red"
    first["perms"][0].append("write")
    second = verifier.verify(token, now=NOW)
    second["org"]["teams"].append({"name": "green"})
    third = verifier.verify(token, now=NOW)
    assert third["org"] == {"id": "o-1", "teams": [{"name": "blue"}]}
    assert third["perms"] == [["read"]]


def test_deeply_nested_claims_are_copied_without_recursion() -> None:
    import sys

    from fastapi_better_auth.testing import encode_json

    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    claims = encode_json(tokens.claims())[:-1] + b',"deep":' + b"[" * 990 + b"]" * 990 + b"}"
    token = tokens.sign_bytes(encode_json(tokens.header()), claims)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # a copy that recursed would fail here
    try:
        for _ in range(2):  # a miss, then a hit
            deep = verifier.verify(token, now=NOW)["deep"]
            depth = 0
            while deep:
                deep, depth = deep[0], depth + 1
            assert depth == 989
    finally:
        sys.setrecursionlimit(limit)


def test_cache_disabled_verifies_every_time() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=0))
    assert verifier.cache is None
    token = tokens.make()
    assert verifier.verify(token, now=NOW) == verifier.verify(token, now=NOW)
    with pytest.raises(InvalidTokenError) as info:
        verifier.verify(token, now=NOW + 930)
    assert info.value.code == "TOKEN_EXPIRED"


clock = {"now": float(NOW)}
app = FastAPI()
BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=4), clock=lambda: clock["now"]).install(app)


@app.get("/me")
async def me(user: CurrentUser) -> dict[str, Any]:
    refused = []
    # A careless (or hostile) handler must not poison the cache: the user, its roles and its claims, at
    # every depth, refuse every change.
    attempts: list[Callable[[], object]] = [
        lambda: user.roles.append("admin"),  # type: ignore[attr-defined]
        lambda: setattr(user, "roles", ["admin"]),
        lambda: setattr(user, "id", "someone-else"),
        lambda: user.claims.__setitem__("sub", "someone-else"),  # type: ignore[index]
        lambda: user.claims.update(roles=["admin"]),  # type: ignore[attr-defined]
        lambda: user.claims.pop("roles"),  # type: ignore[attr-defined]
        lambda: user.claims["roles"].append("admin"),
        lambda: user.claims["org"].__setitem__("id", "o-evil"),
        lambda: user.claims["org"]["teams"][0].__setitem__("name", "red"),
        lambda: user.claims["org"]["teams"].append({"name": "green"}),
    ]
    for attempt in attempts:
        try:
            attempt()
        except (AttributeError, TypeError, ValidationError):
            refused.append(True)
    return {"refused": len(refused) == len(attempts), "user": user, "same": user is seen.setdefault("user", user)}


seen: dict[str, AuthUser] = {}


def test_over_http_a_cached_user_cannot_be_changed_by_a_handler_and_expires_on_time() -> None:
    client = TestClient(app)
    token = tokens.make(roles=["user"], org={"id": "o-1", "teams": [{"name": "blue"}]})
    headers = {"Authorization": f"Bearer {token}"}
    clock["now"] = NOW
    seen.clear()
    first = client.get("/me", headers=headers).json()
    assert first["refused"]
    assert first["user"]["roles"] == ["user"]  # still a JSON array
    assert first["user"]["claims"]["org"] == {"id": "o-1", "teams": [{"name": "blue"}]}  # still JSON objects
    for _ in range(2):
        again = client.get("/me", headers=headers).json()
        assert again == first  # the next requests with the same token see exactly what the first did
        assert again["same"]  # the cached user itself, not a copy
    clock["now"] = NOW + 929
    assert client.get("/me", headers=headers).json() == first
    clock["now"] = NOW + 930  # exp + leeway: the token is still in the cache, and still refused
    response = client.get("/me", headers=headers)
    assert_auth_error(response, "TOKEN_EXPIRED", 401, 'Bearer realm="api", error="invalid_token"')
    clock["now"] = NOW + 931
    response = client.get("/me", headers=headers)
    assert_auth_error(response, "TOKEN_EXPIRED", 401, 'Bearer realm="api", error="invalid_token"')


def test_verify_then_user_share_the_cache_and_the_user_is_built_once() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make(roles=["user"])
    claims = verifier.verify(token, now=NOW)  # cached by verify(): claims only
    claims["roles"].append("admin")
    user = verifier.user(token, now=NOW)
    assert user.roles == ("user",)
    assert verifier.user(token, now=NOW) is user
    assert verifier.verify(token, now=NOW)["roles"] == ["user"]  # verify() still hands out editable copies
    with pytest.raises(InvalidTokenError) as info:
        verifier.user(token, now=NOW + 930)
    assert info.value.code == "TOKEN_EXPIRED"
    assert verifier.cache is not None
    assert len(verifier.cache) == 0


def test_a_user_hit_before_the_window_is_verified_again() -> None:
    verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=8))
    token = tokens.make(nbf=NOW + 100)
    assert verifier.user(token, now=NOW + 100).id == "user-1"
    with pytest.raises(InvalidTokenError) as info:
        verifier.user(token, now=NOW)
    assert info.value.code == "TOKEN_NOT_YET_VALID"
