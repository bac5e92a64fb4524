from __future__ import annotations

import pytest

from fastapi_better_auth import AuthUser
from fastapi_better_auth.errors import InvalidTokenError


def test_auth_user_from_claims() -> None:
    user = AuthUser.from_claims(
        {"sub": "u", "email": "e@x", "email_verified": False, "roles": ["a"], "iat": 1, "exp": 2, "x": 1}
    )
    assert (user.id, user.email, user.email_verified, user.name, user.roles) == ("u", "e@x", False, None, ["a"])
    assert user.claims["x"] == 1
    better_auth = AuthUser.from_claims({"sub": "u", "email": "e@x", "emailVerified": True, "role": "admin, user"})
    assert (better_auth.email_verified, better_auth.roles) == (True, ["admin", "user"])


def test_error_subclasses_are_catchable_by_base() -> None:
    with pytest.raises(InvalidTokenError):
        raise InvalidTokenError("TOKEN_EXPIRED")
