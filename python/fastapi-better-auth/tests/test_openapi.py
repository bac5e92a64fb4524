from __future__ import annotations

import re
from typing import Annotated

import jsonschema
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastapi_better_auth import (
    AUTH_RESPONSES,
    CODES,
    ROLE_RESPONSES,
    AuthUser,
    BetterAuth,
    BetterAuthSettings,
    CurrentUser,
    require_roles,
)
from fastapi_better_auth.testing import TokenFactory

from .helpers import ISSUER, NOW, SECRET
from .test_dependencies import app

TOKENS = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)

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


# The contract's auth responses in OpenAPI (issue 7, item 7): a route declares them in one line.
documented = FastAPI()
BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER), clock=lambda: NOW).install(documented)


@documented.get("/me", responses=AUTH_RESPONSES)
async def documented_me(user: CurrentUser) -> dict[str, str]:
    return {"id": user.id}


@documented.get("/admin", responses=ROLE_RESPONSES)
async def documented_admin(user: Annotated[AuthUser, Depends(require_roles("admin"))]) -> dict[str, str]:
    return {"id": user.id}


REALM = '^Bearer realm="[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*"'
RESPONSES_SNAPSHOT = {
    "200": {
        "description": "Successful Response",
        "content": {"application/json": {"schema": {"additionalProperties": {"type": "string"}, "type": "object",
                                                    "title": "Response Documented Admin Admin Get"}}},
    },
    "400": {
        "description": "Malformed `Authorization` header (`invalid_request`).",
        "headers": {"WWW-Authenticate": {
            "description": 'The RFC 6750 challenge, e.g. `Bearer realm="api", error="invalid_request"`.',
            "required": True,
            "schema": {"type": "string", "pattern": REALM + ', error="invalid_request"$'},
        }},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InvalidRequestBody"}}},
    },
    "401": {
        "description": "No access token (no `error` in the challenge), or one that was refused (`invalid_token`).",
        "headers": {"WWW-Authenticate": {
            "description": 'The RFC 6750 challenge, e.g. `Bearer realm="api", error="invalid_token"`.',
            "required": True,
            "schema": {"type": "string", "pattern": REALM + '(, error="invalid_token")?$'},
        }},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnauthorizedBody"}}},
    },
    "403": {
        "description": "The access token lacks a role this route requires (`insufficient_scope`).",
        "headers": {"WWW-Authenticate": {
            "description": 'The RFC 6750 challenge, e.g. `Bearer realm="api", error="insufficient_scope"`.',
            "required": True,
            "schema": {"type": "string", "pattern": REALM + ', error="insufficient_scope"$'},
        }},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InsufficientScopeBody"}}},
    },
}  # fmt: skip


def test_role_responses_snapshot() -> None:
    openapi = documented.openapi()
    assert openapi["paths"]["/admin"]["get"]["responses"] == RESPONSES_SNAPSHOT
    assert set(openapi["paths"]["/me"]["get"]["responses"]) == {"200", "400", "401"}


def test_the_body_schemas_list_exactly_the_codes_of_each_status() -> None:
    schemas = documented.openapi()["components"]["schemas"]
    cases: list[tuple[str, int, set[str | None]]] = [
        ("InvalidRequestBody", 400, {"invalid_request"}),
        ("UnauthorizedBody", 401, {None, "invalid_token"}),
        ("InsufficientScopeBody", 403, {"insufficient_scope"}),
    ]
    for name, status, errors in cases:
        schema = schemas[name]
        assert schema["required"] == ["detail", "code"]
        assert schema["additionalProperties"] is False
        expected = [c.code for c in CODES.values() if c.status == status and c.error in errors]
        assert schema["properties"]["code"]["enum"] == expected, name
    # The token endpoint's own 403 codes are never a verifier's answer.
    forbidden: list[str] = schemas["InsufficientScopeBody"]["properties"]["code"]["enum"]
    assert "USER_BANNED" not in forbidden


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer"}, 400),
        ({"Authorization": "Bearer not-a-jwt"}, 401),
        ({"Authorization": f"Bearer {TOKENS.make('u-1', roles=[])}"}, 403),
    ],
)
def test_real_error_responses_match_what_the_openapi_document_declares(headers: dict[str, str], status: int) -> None:
    openapi = documented.openapi()
    response = TestClient(documented).get("/admin", headers=headers)
    assert response.status_code == status
    declared = openapi["paths"]["/admin"]["get"]["responses"][str(status)]
    name = declared["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    jsonschema.validate(response.json(), openapi["components"]["schemas"][name])
    assert re.fullmatch(declared["headers"]["WWW-Authenticate"]["schema"]["pattern"][1:-1],
                        response.headers["www-authenticate"])  # fmt: skip
