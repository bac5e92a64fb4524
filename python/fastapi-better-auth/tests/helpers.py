"""Shared test data and assertions."""

from __future__ import annotations

from typing import Any

import httpx

from fastapi_better_auth.testing import TEST_ISSUER, TEST_SECRET

__all__ = ["NOW", "SECRET", "assert_auth_error"]

SECRET = TEST_SECRET
ISSUER = TEST_ISSUER
NOW = 1_700_000_000


def assert_auth_error(response: httpx.Response, code: str, status: int, challenge: str) -> None:
    """Code first, then status, the exact WWW-Authenticate, then the whole body."""
    body: Any = response.json()
    assert body.get("code") == code, body
    assert response.status_code == status
    assert response.headers["www-authenticate"] == challenge
    assert set(body) == {"detail", "code"}
    assert isinstance(body["detail"], str)
    assert body["detail"]
