"""Typed errors.

``AccessTokenError`` and its three subclasses (one per RFC 6750 error) carry the contract's machine
``code``; ``ConfigurationError`` stands outside that tree and is raised at start-up for a bad setting.
No message ever contains a token or a secret.
"""

from __future__ import annotations

from .codes import CODES, AccessTokenErrorCode, BearerError

__all__ = [
    "AccessTokenError",
    "ConfigurationError",
    "InsufficientScopeError",
    "InvalidRequestError",
    "InvalidTokenError",
    "access_token_error",
]

_DETAILS: dict[str, str] = {
    "TOKEN_MISSING": "Not authenticated: send an access token in the Authorization header (Bearer scheme).",
    "AUTHORIZATION_MALFORMED": "The Authorization header must be 'Bearer' followed by exactly one token.",
    "AUTHORIZATION_REPEATED": "The request carries more than one Authorization header.",
    "TOKEN_TOO_LARGE": "The access token is too large.",
    "TOKEN_MALFORMED": "The access token is not a well-formed JWT (three strict base64url segments).",
    "JSON_INVALID": "The access token's header or payload is not a valid JSON object.",
    "ALG_NOT_ALLOWED": "The access token's algorithm is not allowed.",
    "TYPE_INVALID": "The access token's type (typ) is not at+jwt.",
    "CRIT_UNSUPPORTED": "The access token carries critical header parameters that are not supported.",
    "HEADER_PARAM_FORBIDDEN": "The access token's header carries a key reference (jku, x5u, jwk or x5c).",
    "KID_MISSING": "The access token's header has no key id (kid).",
    "KID_UNKNOWN": "The access token was signed with an unknown key.",
    "SIGNATURE_INVALID": "The access token's signature is invalid.",
    "CLAIM_MISSING": "The access token lacks a required claim.",
    "CLAIM_INVALID": "The access token has an invalid claim.",
    "TOKEN_EXPIRED": "The access token has expired.",
    "TOKEN_NOT_YET_VALID": "The access token is not valid yet.",
    "TOKEN_ISSUED_IN_FUTURE": "The access token was issued in the future.",
    "LIFETIME_EXCEEDED": "The access token's lifetime exceeds the maximum allowed.",
    "ISSUER_MISMATCH": "The access token was issued by an unexpected issuer.",
    "AUDIENCE_MISMATCH": "The access token is not meant for this audience.",
    "JWKS_UNAVAILABLE": "The signing keys could not be obtained; try again later.",
    "ROLE_MISSING": "The access token lacks a role this resource requires.",
    "USER_BANNED": "This user is banned; no access token is issued.",
    "CROSS_SITE_REQUEST": "Access tokens are not issued to cross-site requests.",
}


class AccessTokenError(Exception):
    """Raised when a request cannot be authenticated or authorized; ``code`` is one of ``spec/codes.json``."""

    code: AccessTokenErrorCode
    status: int
    error: BearerError | None
    claim: str | None
    detail: str
    realm: str | None = None
    """The realm of the ``BetterAuth`` whose per-instance dependency refused the request (its
    ``WWW-Authenticate`` names it); None: the realm of the one installed on the app."""

    def __init__(self, code: AccessTokenErrorCode, detail: str | None = None, *, claim: str | None = None) -> None:
        info = CODES[code]
        if detail is None:
            detail = _DETAILS[code]
            if claim is not None:
                what = "lacks the required" if code == "CLAIM_MISSING" else "has an invalid"
                detail = f"The access token {what} '{claim}' claim."
        super().__init__(detail)
        self.code = code
        self.status = info.status
        self.error = info.error
        self.claim = claim
        self.detail = detail

    def __repr__(self) -> str:
        claim = f", claim={self.claim!r}" if self.claim is not None else ""
        return f"{type(self).__name__}({self.code!r}{claim})"


class InvalidRequestError(AccessTokenError):
    """Raised when the Authorization header is malformed or repeated (400 ``invalid_request``)."""


class InvalidTokenError(AccessTokenError):
    """Raised when a token is missing, malformed, forged, expired or otherwise unacceptable (401)."""


class InsufficientScopeError(AccessTokenError):
    """Raised when a valid token lacks a role the route requires (403 ``insufficient_scope``)."""


def access_token_error(
    code: AccessTokenErrorCode, detail: str | None = None, *, claim: str | None = None
) -> AccessTokenError:
    """Builds the subclass that matches a code's RFC 6750 error."""
    error = CODES[code].error
    if error == "invalid_request":
        return InvalidRequestError(code, detail, claim=claim)
    if error == "insufficient_scope":
        return InsufficientScopeError(code, detail, claim=claim)
    return InvalidTokenError(code, detail, claim=claim)


class ConfigurationError(Exception):
    """Raised at start-up when a setting or environment variable is missing or invalid."""

    setting: str
    reason: str

    def __init__(self, setting: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting
        self.reason = reason
        self.message = message

    def renamed(self, setting: str) -> ConfigurationError:
        """The same error reported under another name (an environment variable instead of an option)."""
        return ConfigurationError(setting, self.reason, self.message.replace(self.setting, setting, 1))
