"""Stdlib HS256 tokens for the benchmarks: valid ones for contract v1 and a few hostile ones.

Kept independent of fastapi_better_auth (the thing being measured) and small; the exhaustive
hostile set lives in examples/api/tests/cases.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

KEY_INFO = b"better-auth-fastapi access token v1"
SECRET = "bN4!vQ8#xR2kW7pZ1mT6yL9sD3fH5jG0-cE_uA+o"  # noqa: S105 (a benchmark-only secret)
ISSUER = "http://localhost:3000"
AUDIENCE = "bench-api"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def derive_key(secret: str) -> bytes:
    """HKDF-SHA256(IKM=UTF-8(secret), salt=empty, info=KEY_INFO, L=32) (RFC 5869)."""
    prk = hmac.new(b"\x00" * 32, secret.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(prk, KEY_INFO + b"\x01", hashlib.sha256).digest()


KEY = derive_key(SECRET)
KID = b64url(hashlib.sha256(KEY).digest())[:16]


def sign(header: dict[str, Any], payload: dict[str, Any], key: bytes = KEY) -> str:
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key, f"{h}.{p}".encode("ascii"), hashlib.sha256).digest()
    return f"{h}.{p}.{b64url(sig)}"


def claims(sub: str = "bench-user", *, now: int | None = None, **changes: Any) -> dict[str, Any]:
    now = int(time.time()) if now is None else now
    base: dict[str, Any] = {
        "sub": sub,
        "email": f"{sub}@example.com",
        "email_verified": True,
        "name": "Bench User",
        "roles": ["user"],
        "iat": now,
        "exp": now + 900,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "jti": secrets.token_urlsafe(12),
    }
    base.update(changes)
    return base


def valid_token(sub: str = "bench-user", **changes: Any) -> str:
    return sign({"alg": "HS256", "typ": "at+jwt", "kid": KID}, claims(sub, **changes))


def hostile_tokens() -> list[tuple[str, str]]:
    """(token, expected code) pairs, spread over the checklist's stages."""
    header = {"alg": "HS256", "typ": "at+jwt", "kid": KID}
    good = valid_token()
    h, p, s = good.split(".")
    flipped = bytearray(base64.urlsafe_b64decode(s + "="))
    flipped[0] ^= 1
    now = int(time.time())
    return [
        ("not-a-jwt", "TOKEN_MALFORMED"),
        (f"{h}.{p}.", "TOKEN_MALFORMED"),
        ("x" * 9000, "TOKEN_TOO_LARGE"),
        (sign({**header, "alg": "none"}, claims()), "ALG_NOT_ALLOWED"),
        (sign({**header, "alg": "HS512"}, claims()), "ALG_NOT_ALLOWED"),
        (sign({"alg": "HS256", "kid": KID}, claims()), "TYPE_INVALID"),
        (sign({**header, "jku": "https://attacker.example/jwks"}, claims()), "HEADER_PARAM_FORBIDDEN"),
        (sign({**header, "kid": "AAAAAAAAAAAAAAAA"}, claims()), "KID_UNKNOWN"),
        (sign(header, claims(), SECRET.encode()), "SIGNATURE_INVALID"),
        (f"{h}.{p}.{b64url(bytes(flipped))}", "SIGNATURE_INVALID"),
        (sign(header, claims(exp=str(now + 900))), "CLAIM_INVALID"),
        (sign(header, claims(iat=now - 2000, exp=now - 1000)), "TOKEN_EXPIRED"),
        (sign(header, claims(aud="other")), "AUDIENCE_MISMATCH"),
        (sign(header, claims(sub="")), "CLAIM_INVALID"),
        (sign({"alg": "HS256"}, {"email": "victim@example.com", "iat": now, "exp": now + 3600}, SECRET.encode()),
         "TYPE_INVALID"),
    ]  # fmt: skip
