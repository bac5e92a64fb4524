"""Token forging for the over-HTTP tests: real HS256 tokens (standard library only), built relative
to the real clock, including every kind of hostile token the contract must reject.

Independent of fastapi_better_auth on purpose, so a bug there cannot hide a bug here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

KEY_INFO = b"better-auth-fastapi access token v1"


class Omit:
    """Marks a claim or header member to leave out."""


OMIT: Any = Omit()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def derive_key(secret: str) -> bytes:
    """HKDF-SHA256(IKM=UTF-8(secret), salt=empty, info=KEY_INFO, L=32) (RFC 5869), stdlib only."""
    prk = hmac.new(b"\x00" * 32, secret.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(prk, KEY_INFO + b"\x01", hashlib.sha256).digest()


def kid_of(key: bytes) -> str:
    return b64url(hashlib.sha256(key).digest())[:16]


def compact(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_segments(seg0: str, seg1: str, key: bytes, *, digest: str = "sha256") -> str:
    signing_input = f"{seg0}.{seg1}".encode("ascii")
    return f"{seg0}.{seg1}.{b64url(hmac.new(key, signing_input, digest).digest())}"


def sign(header: Any, payload: Any, key: bytes, *, digest: str = "sha256") -> str:
    """Signs header and payload (dicts, or raw bytes for malformed JSON) with HMAC over the key."""
    return sign_segments(b64url(compact(header)), b64url(compact(payload)), key, digest=digest)


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for name, value in changes.items():
        if value is OMIT:
            out.pop(name, None)
        else:
            out[name] = value
    return out


class Forge:
    """Builds tokens for one server configuration (secret, issuer, audience) at a given time."""

    def __init__(self, secret: str, issuer: str, audience: str) -> None:
        self.secret = secret
        self.issuer = issuer
        self.audience = audience
        self.key = derive_key(secret)
        self.kid = kid_of(self.key)

    def header(self, **changes: Any) -> dict[str, Any]:
        return _merge({"alg": "HS256", "typ": "at+jwt", "kid": self.kid}, changes)

    def claims(self, now: int, **changes: Any) -> dict[str, Any]:
        base = {
            "sub": "user-1",
            "email": "user1@example.com",
            "email_verified": True,
            "name": "User One",
            "roles": ["user"],
            "iat": now,
            "exp": now + 900,
            "iss": self.issuer,
            "aud": self.audience,
            "jti": secrets.token_urlsafe(12),
        }
        return _merge(base, changes)

    def token(self, now: int, *, header: dict[str, Any] | None = None, key: bytes | None = None, **claims: Any) -> str:
        """A token signed with our key; `header` members and claims override (OMIT removes)."""
        return sign(self.header(**(header or {})), self.claims(now, **claims), self.key if key is None else key)

    def user(self, now: int, sub: str, roles: list[str] | None = None) -> str:
        return self.token(now, sub=sub, email=f"{sub}@example.com", roles=roles or ["user"])
