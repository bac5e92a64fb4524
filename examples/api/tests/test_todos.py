"""Per-user to-do items over real HTTP: each user sees and changes only their own."""

from __future__ import annotations

import time

import httpx
import pytest
from conftest import Server


def _auth(server: Server, sub: str) -> dict[str, str]:
    return {"authorization": f"Bearer {server.forge.user(int(time.time()), sub)}"}


def test_crud_of_own_items(server: Server, client: httpx.Client) -> None:
    carol = _auth(server, "carol")
    created = client.post("/api/todos", json={"title": "buy milk"}, headers=carol)
    assert created.status_code == 201
    item = created.json()
    assert item["title"] == "buy milk"
    assert item["done"] is False
    listed = client.get("/api/todos", headers=carol).json()
    assert [t["id"] for t in listed] == [item["id"]]
    patched = client.patch(f"/api/todos/{item['id']}", json={"done": True}, headers=carol)
    assert patched.status_code == 200
    assert patched.json()["done"] is True
    assert patched.json()["title"] == "buy milk"
    renamed = client.patch(f"/api/todos/{item['id']}", json={"title": "buy oat milk"}, headers=carol)
    assert renamed.json()["title"] == "buy oat milk"
    assert renamed.json()["done"] is True
    assert client.delete(f"/api/todos/{item['id']}", headers=carol).status_code == 204
    assert client.get("/api/todos", headers=carol).json() == []
    assert client.delete(f"/api/todos/{item['id']}", headers=carol).status_code == 404


def test_one_user_never_sees_or_changes_another_users_items(server: Server, client: httpx.Client) -> None:
    alice, bob = _auth(server, "alice"), _auth(server, "bob")
    item = client.post("/api/todos", json={"title": "alice's secret plan"}, headers=alice).json()
    assert client.get("/api/todos", headers=bob).json() == []
    assert client.patch(f"/api/todos/{item['id']}", json={"done": True}, headers=bob).status_code == 404
    assert client.delete(f"/api/todos/{item['id']}", headers=bob).status_code == 404
    mine = client.get("/api/todos", headers=alice).json()
    assert mine == [item]
    assert mine[0]["done"] is False


def test_validation_errors(server: Server, client: httpx.Client) -> None:
    dave = _auth(server, "dave")
    assert client.post("/api/todos", json={"title": ""}, headers=dave).status_code == 422
    assert client.post("/api/todos", json={"title": "x" * 201}, headers=dave).status_code == 422
    assert client.post("/api/todos", json={}, headers=dave).status_code == 422
    assert client.patch("/api/todos/not-a-number", json={}, headers=dave).status_code == 422


@pytest.mark.parametrize("todo_id", ["9223372036854775808", "-9223372036854775809", "99999999999999999999999"])
def test_ids_outside_sqlites_range_are_a_422_not_a_500(server: Server, client: httpx.Client, todo_id: str) -> None:
    """Regression test for issue 7, item 7 (found by schemathesis): an OverflowError in todos.py answered 500."""
    erin = _auth(server, "erin")
    patched = client.patch(f"/api/todos/{todo_id}", json={"done": True}, headers=erin)
    deleted = client.delete(f"/api/todos/{todo_id}", headers=erin)
    for resp in (patched, deleted):
        assert resp.status_code == 422
        assert resp.headers["content-type"] == "application/json"
        assert resp.json()["detail"][0]["loc"] == ["path", "todo_id"]


@pytest.mark.parametrize(
    "body", [{"done": 0.0}, {"done": 1}, {"done": "yes"}, {"done": "true"}, {"title": 5}, {"title": ["x"]}]
)
def test_types_are_strict(server: Server, client: httpx.Client, body: dict[str, object]) -> None:
    """Regression test for issue 7, item 7: booleans were coerced from 0.0, 1 or "yes" where the schema says
    boolean."""
    frank = _auth(server, "frank")
    item = client.post("/api/todos", json={"title": "strict"}, headers=frank).json()
    assert client.patch(f"/api/todos/{item['id']}", json=body, headers=frank).status_code == 422
    assert client.post("/api/todos", json={"title": 5}, headers=frank).status_code == 422
    assert client.get("/api/todos", headers=frank).json()[0]["done"] is False


def test_a_body_that_is_not_utf8_is_a_422(server: Server, client: httpx.Client) -> None:
    grace = _auth(server, "grace")
    headers = {**grace, "content-type": "application/json"}
    resp = client.post("/api/todos", content=b'{"title": "\xff"}', headers=headers)
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["type"] == "json_invalid"


@pytest.mark.parametrize("title", ["\\ud800", "\\udfff", "a\\udc80b"])
def test_a_lone_surrogate_escape_in_the_body_is_a_422_not_a_500(
    server: Server, client: httpx.Client, title: str
) -> None:
    """JSON allows an escaped lone surrogate ("\\ud800"); Pydantic refuses it, and FastAPI's 422 handler, echoing
    the input, could not encode it as UTF-8: a plain-text 500. (Hypothesis, and so schemathesis, never generates
    surrogates.)"""
    heidi = _auth(server, "heidi")
    headers = {**heidi, "content-type": "application/json"}
    item = client.post("/api/todos", json={"title": "surrogates"}, headers=heidi).json()
    body = b'{"title": "' + title.encode("ascii") + b'"}'
    for resp in (
        client.post("/api/todos", content=body, headers=headers),
        client.patch(f"/api/todos/{item['id']}", content=body, headers=headers),
    ):
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"] == "application/json"
        assert resp.json()["detail"][0]["loc"] == ["body", "title"]
    assert {t["title"] for t in client.get("/api/todos", headers=heidi).json()} == {"surrogates"}  # none stored


def test_authentication_comes_before_validation(client: httpx.Client) -> None:
    resp = client.post("/api/todos", json={"title": ""})
    assert resp.status_code == 401
    assert resp.json()["code"] == "TOKEN_MISSING"
    resp = client.patch("/api/todos/1", json={"done": True}, headers={"authorization": "Bearer abc.def.ghi"})
    assert resp.status_code == 401
    assert resp.json()["code"] in {"TOKEN_MALFORMED", "JSON_INVALID"}
