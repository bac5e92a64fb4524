from __future__ import annotations

from fastapi.testclient import TestClient

from .test_dependencies import app

SCHEME = {
    "BetterAuth": {
        "type": "http",
        "description": "A Better Auth access token, sent as `Authorization: Bearer <token>`.",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
}


def test_security_scheme_snapshot() -> None:
    openapi = TestClient(app).get("/openapi.json").json()
    assert openapi["components"]["securitySchemes"] == SCHEME


def test_every_protected_route_shows_the_lock_once() -> None:
    openapi = app.openapi()
    for path in ("/me", "/maybe", "/admin", "/both"):
        assert openapi["paths"][path]["get"]["security"] == [{"BetterAuth": []}], path


def test_swagger_ui_is_served() -> None:
    response = TestClient(app).get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text
