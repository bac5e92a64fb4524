"""The contract's machine codes (``spec/codes.json``) as data.

A test compares this table with the JSON file so the two cannot drift. A code never changes meaning;
a new failure gets a new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CODES", "AccessTokenErrorCode", "BearerError", "Code"]

BearerError = Literal["invalid_request", "invalid_token", "insufficient_scope"]
"""The RFC 6750 section 3.1 ``error`` attribute a code maps to."""

AccessTokenErrorCode = Literal[
    "TOKEN_MISSING",
    "AUTHORIZATION_MALFORMED",
    "AUTHORIZATION_REPEATED",
    "TOKEN_TOO_LARGE",
    "TOKEN_MALFORMED",
    "JSON_INVALID",
    "ALG_NOT_ALLOWED",
    "TYPE_INVALID",
    "CRIT_UNSUPPORTED",
    "HEADER_PARAM_FORBIDDEN",
    "KID_MISSING",
    "KID_UNKNOWN",
    "SIGNATURE_INVALID",
    "CLAIM_MISSING",
    "CLAIM_INVALID",
    "TOKEN_EXPIRED",
    "TOKEN_NOT_YET_VALID",
    "TOKEN_ISSUED_IN_FUTURE",
    "LIFETIME_EXCEEDED",
    "ISSUER_MISMATCH",
    "AUDIENCE_MISMATCH",
    "JWKS_UNAVAILABLE",
    "ROLE_MISSING",
    "USER_BANNED",
    "CROSS_SITE_REQUEST",
]
"""Every machine code of contract v1."""


@dataclass(frozen=True)
class Code:
    """One machine code: its HTTP status, RFC 6750 error (None: no credentials) and meaning."""

    code: AccessTokenErrorCode
    status: Literal[400, 401, 403]
    error: BearerError | None
    description: str


def _c(
    code: AccessTokenErrorCode, status: Literal[400, 401, 403], error: BearerError | None, description: str
) -> tuple[str, Code]:
    return code, Code(code, status, error, description)


_TOKEN: BearerError = "invalid_token"  # noqa: S105 - an RFC 6750 error name, not a password

CODES: dict[str, Code] = dict(
    [
        _c(
            "TOKEN_MISSING",
            401,
            None,
            "No Authorization header, or a scheme other than Bearer. A token anywhere else (query string, cookie, "
            "body) counts as missing.",
        ),
        _c(
            "AUTHORIZATION_MALFORMED",
            400,
            "invalid_request",
            "The Authorization header uses the Bearer scheme but does not carry exactly one token68 credential: "
            "empty token, two tokens, or characters outside token68.",
        ),
        _c(
            "AUTHORIZATION_REPEATED",
            400,
            "invalid_request",
            "The request carries more than one Authorization header.",
        ),
        _c(
            "TOKEN_TOO_LARGE",
            401,
            _TOKEN,
            "The token is longer than the configured maximum (default 8192 characters); nothing of it is parsed.",
        ),
        _c(
            "TOKEN_MALFORMED",
            401,
            _TOKEN,
            "The token is not three non-empty segments of strict base64url (no padding, only the URL-safe "
            "alphabet, canonical trailing bits).",
        ),
        _c(
            "JSON_INVALID",
            401,
            _TOKEN,
            "The header or payload is not a UTF-8 JSON object with unique member names and well-formed strings.",
        ),
        _c(
            "ALG_NOT_ALLOWED",
            401,
            _TOKEN,
            "The header's alg is missing or is not exactly HS256 (in JWKS mode: not the algorithm pinned to the key).",
        ),
        _c(
            "TYPE_INVALID",
            401,
            _TOKEN,
            "The header's typ is missing or is not at+jwt (or application/at+jwt), compared case-insensitively.",
        ),
        _c(
            "CRIT_UNSUPPORTED",
            401,
            _TOKEN,
            "The header carries crit; no extension is understood, so any crit is rejected.",
        ),
        _c(
            "HEADER_PARAM_FORBIDDEN",
            401,
            _TOKEN,
            "The header carries jku, x5u, jwk or x5c; keys are never taken from a token.",
        ),
        _c("KID_MISSING", 401, _TOKEN, "The header has no kid, or kid is not a non-empty string."),
        _c(
            "KID_UNKNOWN",
            401,
            _TOKEN,
            "The kid matches none of the configured keys (current and previous secrets, or the JWKS).",
        ),
        _c("SIGNATURE_INVALID", 401, _TOKEN, "The signature does not verify with the key the kid selects."),
        _c("CLAIM_MISSING", 401, _TOKEN, "A required claim is absent. The error names the claim."),
        _c(
            "CLAIM_INVALID",
            401,
            _TOKEN,
            "A claim has the wrong type or an impossible value (for example a non-integer exp, an empty sub, roles "
            "that are not an array of strings). The error names the claim.",
        ),
        _c("TOKEN_EXPIRED", 401, _TOKEN, "exp is not after the current time minus the leeway."),
        _c("TOKEN_NOT_YET_VALID", 401, _TOKEN, "nbf is after the current time plus the leeway."),
        _c("TOKEN_ISSUED_IN_FUTURE", 401, _TOKEN, "iat is after the current time plus the leeway."),
        _c(
            "LIFETIME_EXCEEDED",
            401,
            _TOKEN,
            "exp - iat is greater than the maximum lifetime (default 3600 seconds).",
        ),
        _c("ISSUER_MISMATCH", 401, _TOKEN, "iss is not exactly the configured issuer."),
        _c(
            "AUDIENCE_MISMATCH",
            401,
            _TOKEN,
            "aud (a string or an array of strings) does not contain the configured audience.",
        ),
        _c(
            "JWKS_UNAVAILABLE",
            401,
            _TOKEN,
            "JWKS mode only: no key could be obtained from the JWKS URL for this token's kid, and none is cached.",
        ),
        _c(
            "ROLE_MISSING",
            403,
            "insufficient_scope",
            "The token is valid but its roles lack one the route requires.",
        ),
        # Token endpoint only: the server plugin answers them; a verifier never raises them.
        _c(
            "USER_BANNED",
            403,
            None,
            "Token endpoint only: the user is banned (Better Auth's admin plugin: banned is true and banExpires is "
            "unset or in the future), even though a session still exists. No token is issued.",
        ),
        _c(
            "CROSS_SITE_REQUEST",
            403,
            None,
            "Token endpoint only: a browser made the request for another site (an Origin that is not one of Better "
            "Auth's trusted origins, or no Origin and Sec-Fetch-Site: cross-site). No token is issued.",
        ),
    ]
)
"""Status, RFC 6750 error and description of each machine code, in the order of ``spec/codes.json``."""
