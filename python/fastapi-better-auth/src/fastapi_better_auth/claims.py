"""Claim checks (contract v1, verification steps 11 to 22), shared by HS256 and JWKS mode."""

from __future__ import annotations

from typing import Any, NamedTuple

from .errors import InvalidTokenError

__all__ = ["TimeWindow", "check_audience_issuer", "check_times", "check_user_claims"]

_MAX_SAFE_INTEGER = 2**53 - 1


def _integer(payload: dict[str, Any], claim: str, *, required: bool) -> int | None:
    """A JSON number with an integral value in 0..2**53-1 (1.0 and 1e3 count; 1.5, -1, true do not)."""
    if claim not in payload:
        if required:
            raise InvalidTokenError("CLAIM_MISSING", claim=claim)
        return None
    value = payload[claim]
    kind = type(value)
    if kind is int:
        if 0 <= value <= _MAX_SAFE_INTEGER:
            return int(value)
    elif kind is float and value.is_integer() and 0 <= value <= _MAX_SAFE_INTEGER:
        return int(value)
    raise InvalidTokenError("CLAIM_INVALID", claim=claim)


class TimeWindow(NamedTuple):
    """Seconds in which a verified token stays acceptable: ``not_before <= now < expires``."""

    not_before: int
    expires: int


def check_times(
    payload: dict[str, Any], now: int | float, leeway: int, max_lifetime: int, *, require_iat: bool = True
) -> TimeWindow:
    """Steps 11 to 15: exp, iat, nbf types; expiry, not-before, issued-in-future, lifetime."""
    exp = _integer(payload, "exp", required=True)
    iat = _integer(payload, "iat", required=require_iat)
    nbf = _integer(payload, "nbf", required=False)
    assert exp is not None
    if now >= exp + leeway:
        raise InvalidTokenError("TOKEN_EXPIRED")
    if nbf is not None and nbf > now + leeway:
        raise InvalidTokenError("TOKEN_NOT_YET_VALID")
    if iat is not None:
        if iat > now + leeway:
            raise InvalidTokenError("TOKEN_ISSUED_IN_FUTURE")
        if exp <= iat:
            raise InvalidTokenError("CLAIM_INVALID", claim="exp")
        if exp - iat > max_lifetime:
            raise InvalidTokenError("LIFETIME_EXCEEDED")
    not_before = max(nbf if nbf is not None else 0, iat if iat is not None else 0) - leeway
    return TimeWindow(not_before, exp + leeway)


def check_audience_issuer(payload: dict[str, Any], issuer: str, audience: str) -> None:
    """Steps 16 and 17: iss exactly ours; aud a string or non-empty array of strings containing ours."""
    if "iss" not in payload:
        raise InvalidTokenError("CLAIM_MISSING", claim="iss")
    iss = payload["iss"]
    if type(iss) is not str:
        raise InvalidTokenError("CLAIM_INVALID", claim="iss")
    if iss != issuer:
        raise InvalidTokenError("ISSUER_MISMATCH")
    if "aud" not in payload:
        raise InvalidTokenError("CLAIM_MISSING", claim="aud")
    aud = payload["aud"]
    if type(aud) is str:
        if aud != audience:
            raise InvalidTokenError("AUDIENCE_MISMATCH")
        return
    if type(aud) is not list or not aud or any(type(a) is not str for a in aud):
        raise InvalidTokenError("CLAIM_INVALID", claim="aud")
    if audience not in aud:
        raise InvalidTokenError("AUDIENCE_MISMATCH")


def _string(payload: dict[str, Any], claim: str, *, required: bool, non_empty: bool = False) -> None:
    if claim not in payload:
        if required:
            raise InvalidTokenError("CLAIM_MISSING", claim=claim)
        return
    value = payload[claim]
    if type(value) is not str or (non_empty and value == ""):
        raise InvalidTokenError("CLAIM_INVALID", claim=claim)


def check_user_claims(payload: dict[str, Any]) -> None:
    """Steps 18 to 22: sub, email, email_verified, name, roles, jti."""
    _string(payload, "sub", required=True, non_empty=True)
    _string(payload, "email", required=True)
    if "email_verified" not in payload:
        raise InvalidTokenError("CLAIM_MISSING", claim="email_verified")
    if type(payload["email_verified"]) is not bool:
        raise InvalidTokenError("CLAIM_INVALID", claim="email_verified")
    _string(payload, "name", required=False)
    if "roles" not in payload:
        raise InvalidTokenError("CLAIM_MISSING", claim="roles")
    roles = payload["roles"]
    if type(roles) is not list or any(type(r) is not str for r in roles):
        raise InvalidTokenError("CLAIM_INVALID", claim="roles")
    _string(payload, "jti", required=False, non_empty=True)
