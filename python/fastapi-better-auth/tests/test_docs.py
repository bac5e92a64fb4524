"""Runs every Python example of docs/python.md, so the documentation cannot rot.

Each block is fenced as ```python example=<name>; each name has a check below that exercises what
the block defines. A block without a check, or a check without a block, fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from fastapi_better_auth import BEARER_SUBPROTOCOL
from fastapi_better_auth.testing import TEST_ISSUER, TEST_SECRET, TokenFactory

DOC = Path(__file__).resolve().parents[3] / "docs" / "python.md"
FENCE = re.compile(r"^```python(?P<info>[^\n]*)\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> dict[str, str]:
    found: dict[str, str] = {}
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        name = re.search(r"example=(\S+)", match["info"])
        assert name is not None, f"python block without example=<name>: {match['code'][:60]!r}"
        assert name[1] not in found, f"duplicate example name {name[1]}"
        found[name[1]] = match["code"]
    return found


def continues() -> dict[str, str]:
    """Blocks fenced with ``after=<name>`` continue that block: it runs first, in the same namespace."""
    found: dict[str, str] = {}
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        name = re.search(r"example=(\S+)", match["info"])
        after = re.search(r"after=(\S+)", match["info"])
        if name is not None and after is not None:
            found[name[1]] = after[1]
    return found


tokens = TokenFactory(secret=TEST_SECRET, issuer=TEST_ISSUER)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def check_quickstart(ns: dict[str, Any]) -> None:
    client = TestClient(ns["app"])
    assert client.get("/api/me", headers=bearer(tokens.make("u-1"))).json() == {
        "id": "u-1",
        "email": "user@example.com",
    }
    missing = client.get("/api/me")
    assert missing.json()["code"] == "TOKEN_MISSING"
    assert missing.headers["www-authenticate"] == 'Bearer realm="api"'
    expired = client.get("/api/me", headers=bearer(tokens.expired()))
    assert expired.json() == {"detail": "The access token has expired.", "code": "TOKEN_EXPIRED"}
    assert expired.headers["www-authenticate"] == 'Bearer realm="api", error="invalid_token"'


def check_browser(ns: dict[str, Any]) -> None:
    client = TestClient(ns["app"])
    origin = "http://localhost:3000"
    preflight = client.options(
        "/api/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    expired = client.get("/api/me", headers={"Origin": origin, **bearer(tokens.expired())})
    assert expired.json()["code"] == "TOKEN_EXPIRED"
    assert expired.headers["access-control-expose-headers"] == "WWW-Authenticate"
    admin = client.get("/api/admin", headers=bearer(tokens.make("a-1", roles=["admin"])))
    assert admin.json() == {"admin": "a-1"}
    denied = client.get("/api/admin", headers=bearer(tokens.make("u-2")))
    assert (denied.status_code, denied.json()["code"]) == (403, "ROLE_MISSING")
    assert denied.headers["www-authenticate"] == 'Bearer realm="api", error="insufficient_scope"'


def check_settings(ns: dict[str, Any]) -> None:
    assert ns["settings"].realm == "orders"
    assert ns["app"].state.better_auth.settings is ns["settings"]


def check_dependencies(ns: dict[str, Any]) -> None:
    client = TestClient(ns["app"])
    assert client.get("/feed").json() == {"personalized": False}
    assert client.get("/feed", headers=bearer(tokens.make())).json() == {"personalized": True}
    assert client.get("/admin", headers=bearer(tokens.make("a", roles=["admin"]))).json() == {"admin": "a"}
    assert client.get("/admin", headers=bearer(tokens.make())).json()["code"] == "ROLE_MISSING"
    both = tokens.make(roles=["admin", "editor"])
    assert client.delete("/items/3", headers=bearer(both)).json() == {"deleted": 3}
    assert client.delete("/items/3", headers=bearer(tokens.make(roles=["admin"]))).status_code == 403


def check_responses(ns: dict[str, Any]) -> None:
    client = TestClient(ns["app"])
    paths = client.get("/openapi.json").json()["paths"]
    assert sorted(paths["/api/me"]["get"]["responses"]) == ["200", "400", "401"]
    assert sorted(paths["/api/admin"]["get"]["responses"]) == ["200", "400", "401", "403"]
    assert "WWW-Authenticate" in paths["/api/admin"]["get"]["responses"]["403"]["headers"]
    denied = client.get("/api/admin", headers=bearer(tokens.make()))
    assert (denied.status_code, denied.json()["code"]) == (403, "ROLE_MISSING")


def check_verifier(ns: dict[str, Any]) -> None:
    user_id_of: Callable[[str], str | None] = ns["user_id_of"]
    assert user_id_of(tokens.make("worker")) == "worker"
    assert user_id_of(tokens.expired()) is None


def check_websocket(ns: dict[str, Any]) -> None:
    client = TestClient(ns["app"])
    with client.websocket_connect("/ws", subprotocols=[BEARER_SUBPROTOCOL, tokens.make("w")]) as conn:
        assert conn.accepted_subprotocol == BEARER_SUBPROTOCOL
        assert conn.receive_json() == {"hello": "w"}
    with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/ws") as conn:
        conn.receive_json()
    assert (info.value.code, info.value.reason) == (1008, "TOKEN_MISSING")


def check_jwks(ns: dict[str, Any]) -> None:
    auth = ns["app"].state.better_auth
    assert auth.jwks is not None
    assert auth.verifier is None
    assert ns["settings"].secret is None


def check_conftest(ns: dict[str, Any]) -> None:
    assert ns["pytest_plugins"] == ["fastapi_better_auth.testing"]
    __import__(ns["pytest_plugins"][0])


def check_testing(ns: dict[str, Any]) -> None:
    factory = TokenFactory(secret=TEST_SECRET, issuer=TEST_ISSUER)
    ns["test_me_with_a_real_token"](factory)
    ns["test_expired_token"](factory)
    ns["test_admin_with_a_fake_user"]()


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "quickstart": check_quickstart,
    "browser": check_browser,
    "settings": check_settings,
    "dependencies": check_dependencies,
    "responses": check_responses,
    "verifier": check_verifier,
    "websocket": check_websocket,
    "jwks": check_jwks,
    "conftest": check_conftest,
    "testing": check_testing,
}


def test_every_example_has_a_check() -> None:
    assert set(blocks()) == set(CHECKS)


@pytest.mark.parametrize("name", list(CHECKS))
def test_example(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTER_AUTH_SECRET", TEST_SECRET)
    monkeypatch.setenv("BETTER_AUTH_URL", TEST_ISSUER)
    for variable in ("BETTER_AUTH_AUDIENCE", "BETTER_AUTH_KEY_MODE", "BETTER_AUTH_JWKS_URL"):
        monkeypatch.delenv(variable, raising=False)
    namespace: dict[str, Any] = {"__name__": f"docs_example_{name}"}
    chain = [name]
    while chain[0] in continues():
        chain.insert(0, continues()[chain[0]])
    for part in chain:
        code = blocks()[part]
        exec(compile(code, f"docs/python.md:{part}", "exec"), namespace)  # noqa: S102 - our own documentation
    CHECKS[name](namespace)


def test_quick_start_is_under_15_lines() -> None:
    assert len(blocks()["quickstart"].strip().splitlines()) < 15
