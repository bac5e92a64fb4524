"""Per-user to-do items over real HTTP: each user sees and changes only their own."""

from __future__ import annotations

import time

import httpx
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


def test_authentication_comes_before_validation(client: httpx.Client) -> None:
    resp = client.post("/api/todos", json={"title": ""})
    assert resp.status_code == 401
    assert resp.json()["code"] == "TOKEN_MISSING"
    resp = client.patch("/api/todos/1", json={"done": True}, headers={"authorization": "Bearer abc.def.ghi"})
    assert resp.status_code == 401
    assert resp.json()["code"] in {"TOKEN_MALFORMED", "JSON_INVALID"}
