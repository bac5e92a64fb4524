"""Every hostile request of the contract's checklist, sent over real HTTP to the running example API."""

from __future__ import annotations

import time

import httpx
import pytest
from cases import CASES, HOSTILE, Case
from checks import problems, send
from conftest import Server


def test_there_are_at_least_60_hostile_requests() -> None:
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_answer(case: Case, server: Server, client: httpx.Client) -> None:
    req = case.build(server.forge, int(time.time()))
    resp = send(client, req)
    assert problems(resp, case.status, case.code, req) == []


def test_me_returns_the_user(server: Server, client: httpx.Client) -> None:
    token = server.forge.token(int(time.time()), sub="u-42", email="u42@example.com", name="Ada", roles=["a", "b"])
    resp = client.get("/api/me", headers={"authorization": f"Bearer {token}"})
    assert resp.status_code == 200
    assert resp.json() == {"id": "u-42", "email": "u42@example.com", "email_verified": True, "name": "Ada",
                           "roles": ["a", "b"]}  # fmt: skip


def test_health_is_open(client: httpx.Client) -> None:
    resp = client.get("/api/health")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok"}


def test_cors_preflight_allows_the_web_origin_with_authorization(client: httpx.Client) -> None:
    resp = client.options(
        "/api/me",
        headers={
            "origin": "http://localhost:3001",
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert resp.status_code == 200
    assert resp.headers["access-control-allow-origin"] == "http://localhost:3001"
    assert "authorization" in resp.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in resp.headers


def test_cors_refuses_another_origin(client: httpx.Client) -> None:
    resp = client.options(
        "/api/me",
        headers={"origin": "https://attacker.example", "access-control-request-method": "GET"},
    )
    assert "access-control-allow-origin" not in resp.headers


def test_cors_headers_on_an_error_response(server: Server, client: httpx.Client) -> None:
    resp = client.get("/api/me", headers={"origin": "http://localhost:3001"})
    assert resp.status_code == 401
    assert resp.headers["access-control-allow-origin"] == "http://localhost:3001"
    # Contract 5.4: cross-origin scripts may only read WWW-Authenticate when it is exposed.
    assert "www-authenticate" in resp.headers["access-control-expose-headers"].lower()


def test_openapi_shows_the_lock_on_protected_routes(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert "security" not in spec["paths"]["/api/health"]["get"]
    for path, method in [("/api/me", "get"), ("/api/admin", "get"), ("/api/todos", "post")]:
        assert spec["paths"][path][method].get("security"), f"{method.upper()} {path} has no security requirement"


def test_openapi_declares_every_status_a_route_answers(client: httpx.Client) -> None:
    """Issue 7, item 7: the document declared only 200/201/204/422, while protected routes also answer 400 and
    401, the admin route 403 and the to-do routes 404 (schemathesis checks the answers against it)."""
    paths = client.get("/openapi.json").json()["paths"]
    declared = {(path, method): sorted(op["responses"]) for path, ops in paths.items() for method, op in ops.items()}
    assert declared == {
        ("/api/health", "get"): ["200"],
        ("/api/me", "get"): ["200", "400", "401"],
        ("/api/admin", "get"): ["200", "400", "401", "403"],
        ("/api/todos", "get"): ["200", "400", "401"],
        ("/api/todos", "post"): ["201", "400", "401", "422"],
        ("/api/todos/{todo_id}", "patch"): ["200", "400", "401", "404", "422"],
        ("/api/todos/{todo_id}", "delete"): ["204", "400", "401", "404", "422"],
    }
    todo_id = paths["/api/todos/{todo_id}"]["patch"]["parameters"][0]["schema"]
    assert (todo_id["minimum"], todo_id["maximum"]) == (1, 2**63 - 1)


def test_405_lists_every_method_of_the_path(client: httpx.Client) -> None:
    assert client.request("OPTIONS", "/api/todos").headers["allow"] == "GET, POST"
    assert client.put("/api/todos/1").headers["allow"] == "DELETE, PATCH"
