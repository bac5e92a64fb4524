"""The contract's auth responses (section 4.6) as OpenAPI ``responses`` for a route, in one line.

A route that depends on ``CurrentUser`` (or ``OptionalUser``) can answer 400 and 401, one that uses
``require_roles`` 403 as well; FastAPI cannot see that from the signature, so declare them::

    @app.get("/me", responses=AUTH_RESPONSES)
    async def me(user: CurrentUser) -> dict[str, str]: ...

    @app.get("/admin", responses=ROLE_RESPONSES)
    async def admin(user: Annotated[AuthUser, Depends(require_roles("admin"))]) -> dict[str, str]: ...

    router = APIRouter(responses=AUTH_RESPONSES)  # every route of a router

Each response documents the ``{"detail", "code"}`` body (``code`` limited to the codes of that status) and
the ``WWW-Authenticate`` challenge. Merge your own: ``responses={**AUTH_RESPONSES, 404: {...}}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from .codes import CODES

__all__ = [
    "AUTH_RESPONSES",
    "ROLE_RESPONSES",
    "AuthErrorBody",
    "InsufficientScopeBody",
    "InvalidRequestBody",
    "UnauthorizedBody",
]


def _codes(status: int, errors: tuple[str | None, ...]) -> list[JsonValue]:
    return [c.code for c in CODES.values() if c.status == status and c.error in errors]


_INVALID_REQUEST = _codes(400, ("invalid_request",))
_UNAUTHORIZED = _codes(401, (None, "invalid_token"))
_INSUFFICIENT_SCOPE = _codes(403, ("insufficient_scope",))

_DETAIL = "A sentence for people; its wording may change. Clients branch on `code`."


class AuthErrorBody(BaseModel):
    """The body of every auth failure (contract section 4.6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    detail: str = Field(description=_DETAIL)
    code: str = Field(description="The contract's machine code (`spec/codes.json`).")


class InvalidRequestBody(AuthErrorBody):
    """400 ``invalid_request``: the ``Authorization`` header is malformed or repeated."""

    code: str = Field(description="The contract's machine code.", json_schema_extra={"enum": _INVALID_REQUEST})


class UnauthorizedBody(AuthErrorBody):
    """401: no credentials (``TOKEN_MISSING``), or a token that was refused (``invalid_token``)."""

    code: str = Field(description="The contract's machine code.", json_schema_extra={"enum": _UNAUTHORIZED})


class InsufficientScopeBody(AuthErrorBody):
    """403 ``insufficient_scope``: a valid token without a role the route requires."""

    code: str = Field(description="The contract's machine code.", json_schema_extra={"enum": _INSUFFICIENT_SCOPE})


_REALM = r'Bearer realm="[\x20\x21\x23-\x5b\x5d-\x7e]*"'


def _challenge(errors: str, example: str) -> dict[str, Any]:
    return {
        "WWW-Authenticate": {
            "description": f"The RFC 6750 challenge, e.g. `{example}`.",
            "required": True,
            "schema": {"type": "string", "pattern": f"^{_REALM}{errors}$"},
        }
    }


def _response(description: str, model: type[AuthErrorBody], errors: str, example: str) -> dict[str, Any]:
    return {"description": description, "model": model, "headers": _challenge(errors, example)}


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _response(
        "Malformed `Authorization` header (`invalid_request`).",
        InvalidRequestBody,
        ', error="invalid_request"',
        'Bearer realm="api", error="invalid_request"',
    ),
    401: _response(
        "No access token (no `error` in the challenge), or one that was refused (`invalid_token`).",
        UnauthorizedBody,
        '(, error="invalid_token")?',
        'Bearer realm="api", error="invalid_token"',
    ),
}
"""The 400 and 401 of a route that needs (or accepts) an access token: ``responses=AUTH_RESPONSES``."""

ROLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    403: _response(
        "The access token lacks a role this route requires (`insufficient_scope`).",
        InsufficientScopeBody,
        ', error="insufficient_scope"',
        'Bearer realm="api", error="insufficient_scope"',
    ),
}
"""The 400, 401 and 403 of a route that requires roles: ``responses=ROLE_RESPONSES``."""
