"""Test helpers: a token factory that signs real tokens, pytest fixtures, and a user override.

Load the fixtures with ``pytest_plugins = ["fastapi_better_auth.testing"]`` in a ``conftest.py``; override
the ``better_auth_settings`` fixture to match your app's settings. This module imports pytest.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import pytest
from fastapi import FastAPI

from .compact import b64url_encode
from .dependencies import current_user, optional_user
from .keys import KeyMode, derive_key, key_id
from .settings import BetterAuthSettings
from .user import AuthUser
from .websocket import websocket_user

__all__ = [
    "TEST_ISSUER",
    "TEST_SECRET",
    "TokenFactory",
    "better_auth_settings",
    "better_auth_tokens",
    "encode_json",
    "override_user",
]

TEST_SECRET = "test-only: Zq7Lw2Jd9Vx4Rb8Nc1Tg6Hy3Mp5Kf0Se"  # noqa: S105 - a fixture, never a real secret
"""A secret that passes the hygiene rules, for tests only."""

TEST_ISSUER = "http://localhost:3000"
"""The issuer (Better Auth base URL) the fixtures use."""


def encode_json(value: Mapping[str, Any]) -> bytes:
    """Compact JSON in the given key order, UTF-8, as JavaScript's ``JSON.stringify`` writes it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class TokenFactory:
    """Makes real HS256 access tokens, signed like the Better Auth plugin signs them.

    ``now`` freezes the issue time (seconds); otherwise the wall clock is used.
    """

    def __init__(
        self,
        *,
        secret: str = TEST_SECRET,
        issuer: str = TEST_ISSUER,
        audience: str | None = None,
        key_mode: KeyMode = "derived",
        lifetime_seconds: int = 900,
        now: int | None = None,
    ) -> None:
        self.key = derive_key(secret, key_mode)
        self.kid = key_id(self.key)
        self.issuer = issuer
        self.audience = issuer if audience is None else audience
        self.lifetime_seconds = lifetime_seconds
        self.now = now

    @classmethod
    def from_settings(cls, settings: BetterAuthSettings, **overrides: Any) -> TokenFactory:
        """A factory whose tokens the given settings accept."""
        assert settings.signing_secret is not None, "TokenFactory signs HS256 tokens: the settings need a secret"
        options: dict[str, Any] = {
            "secret": settings.signing_secret,
            "issuer": settings.issuer,
            "audience": settings.expected_audience,
            "key_mode": settings.key_mode,
        }
        options.update(overrides)
        return cls(**options)

    def header(self, **fields: Any) -> dict[str, Any]:
        """The issued header ``{"alg", "typ", "kid"}``, with ``fields`` added or replaced."""
        return {"alg": "HS256", "typ": "at+jwt", "kid": self.kid, **fields}

    def claims(
        self,
        sub: str = "user-1",
        *,
        email: str = "user@example.com",
        email_verified: bool = True,
        name: str | None = "Test User",
        roles: list[str] | tuple[str, ...] = (),
        iat: int | None = None,
        lifetime_seconds: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """The issued claims in the plugin's order; ``extra`` adds or replaces claims (``exp=...``, ``aud=...``)."""
        issued = iat if iat is not None else (self.now if self.now is not None else int(time.time()))
        lifetime = self.lifetime_seconds if lifetime_seconds is None else lifetime_seconds
        claims: dict[str, Any] = {"sub": sub, "email": email, "email_verified": email_verified}
        if name is not None:
            claims["name"] = name
        claims.update(
            roles=list(roles),
            iat=issued,
            exp=issued + lifetime,
            iss=self.issuer,
            aud=self.audience,
            jti=secrets.token_urlsafe(16),
        )
        claims.update(extra)
        return claims

    def sign(self, header: Mapping[str, Any], payload: Mapping[str, Any], *, key: bytes | None = None) -> str:
        """Signs any header and payload (compact JSON, in their key order) with HS256."""
        return self.sign_bytes(encode_json(header), encode_json(payload), key=key)

    def sign_bytes(self, header: bytes, payload: bytes, *, key: bytes | None = None) -> str:
        """Signs raw header and payload bytes (not even JSON, for hostile tests) with HS256."""
        signing_input = b64url_encode(header) + "." + b64url_encode(payload)
        mac = hmac.digest(self.key if key is None else key, signing_input.encode("ascii"), "sha256")
        return signing_input + "." + b64url_encode(mac)

    def make(self, sub: str = "user-1", *, roles: list[str] | tuple[str, ...] = (), **claims: Any) -> str:
        """A valid token for ``sub``; keyword arguments as in :meth:`claims`."""
        return self.sign(self.header(), self.claims(sub, roles=roles, **claims))

    def expired(self, sub: str = "user-1", **claims: Any) -> str:
        """A token that expired an hour ago (beyond any leeway)."""
        now = self.now if self.now is not None else int(time.time())
        return self.make(sub, iat=now - 4500, lifetime_seconds=900, **claims)

    def wrong_key(self, sub: str = "user-1", **claims: Any) -> str:
        """A token with the right ``kid`` signed by another key (``SIGNATURE_INVALID``)."""
        return self.sign(self.header(), self.claims(sub, **claims), key=secrets.token_bytes(32))

    def unsigned(self, sub: str = "user-1", **claims: Any) -> str:
        """An ``alg: none`` token with an empty signature (``TOKEN_MALFORMED``: the segment is empty)."""
        token = self.sign(self.header(alg="none"), self.claims(sub, **claims))
        return token[: token.rindex(".") + 1]


class override_user:  # used like a function
    """Makes every user dependency of ``app`` return ``user`` until :meth:`restore` (or the ``with`` block ends).

    Overrides ``current_user``, ``optional_user`` and ``websocket_user``; ``require_roles`` depends on
    ``current_user``, so it checks the fake user's roles.
    """

    def __init__(self, app: FastAPI, user: AuthUser | None) -> None:
        self._app = app
        deps: list[Any] = [current_user, optional_user, websocket_user]
        self._saved = {dep: app.dependency_overrides.get(dep) for dep in deps}
        for dep in deps:
            app.dependency_overrides[dep] = lambda: user

    def restore(self) -> None:
        """Puts back whatever overrides were there before."""
        for dep, previous in self._saved.items():
            if previous is None:
                self._app.dependency_overrides.pop(dep, None)
            else:
                self._app.dependency_overrides[dep] = previous

    def __enter__(self) -> override_user:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.restore()


@pytest.fixture
def better_auth_settings() -> BetterAuthSettings:
    """Settings for tests (:data:`TEST_SECRET`, :data:`TEST_ISSUER`); override it to match your app."""
    return BetterAuthSettings(secret=TEST_SECRET, issuer=TEST_ISSUER)


@pytest.fixture
def better_auth_tokens(better_auth_settings: BetterAuthSettings) -> TokenFactory:
    """A :class:`TokenFactory` whose tokens ``better_auth_settings`` accepts."""
    return TokenFactory.from_settings(better_auth_settings)
