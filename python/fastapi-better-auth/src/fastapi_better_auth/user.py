"""The authenticated user, as route handlers receive it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["AuthUser"]


class AuthUser(BaseModel):
    """The user a verified access token speaks for.

    ``id`` is the token's ``sub`` (the Better Auth user id); ``claims`` holds the whole verified payload,
    custom claims included.
    """

    id: str = Field(description="The Better Auth user id (the token's sub claim).")
    email: str = Field(description="The user's email address.")
    email_verified: bool = Field(description="Whether Better Auth has verified the email address.")
    name: str | None = Field(default=None, description="The display name, when the user has one.")
    roles: list[str] = Field(default_factory=list, description="The user's roles (exact strings).")
    claims: dict[str, Any] = Field(default_factory=dict, description="Every claim of the verified token.")

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> AuthUser:
        """Builds the user from verified claims (contract v1, or Better Auth's ``jwt`` plugin in JWKS mode)."""
        verified = claims.get("email_verified", claims.get("emailVerified", False))
        roles = claims.get("roles")
        if type(roles) is not list:
            # Better Auth's admin plugin stores roles as one comma-separated "role" string.
            role = claims.get("role")
            roles = [r.strip() for r in role.split(",") if r.strip()] if type(role) is str else []
        name = claims.get("name")
        email = claims.get("email")
        # Plain construction: in pydantic 2 it is faster than model_construct, and keeps the model's invariants.
        return cls(
            id=claims["sub"],
            email=email if type(email) is str else "",
            email_verified=verified if type(verified) is bool else False,
            name=name if type(name) is str else None,
            roles=roles,
            claims=claims,
        )
