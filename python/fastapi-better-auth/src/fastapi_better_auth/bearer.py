"""The ``Authorization: Bearer`` header and the ``WWW-Authenticate`` challenge (RFC 6750 sections 2.1 and 3).

Same rules on both sides of the contract (``spec/vectors/http_errors_v1.json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import AccessTokenError, InvalidRequestError, InvalidTokenError

__all__ = ["bearer_credentials", "bearer_token", "check_token68", "parse_authorization", "www_authenticate"]

_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def parse_authorization(values: Sequence[str]) -> str | None:
    """The bearer token of a request's Authorization header values, or None when it sent no Bearer credentials.

    Raises :class:`InvalidRequestError` (400) for a repeated header or a malformed Bearer credential.
    """
    token = bearer_credentials(values)
    if token is not None:
        check_token68(token)
    return token


def bearer_credentials(values: Sequence[str]) -> str | None:
    """:func:`parse_authorization` without the last step, :func:`check_token68`: what follows ``Bearer``, or None
    when the request sent no Bearer credentials. Raises ``AUTHORIZATION_REPEATED``."""
    if not values:
        return None
    if len(values) > 1:
        raise InvalidRequestError("AUTHORIZATION_REPEATED")
    value = values[0].strip(" \t")
    scheme, _, rest = value.partition(" ")
    if len(scheme) != 6 or not scheme.isascii() or scheme.lower() != "bearer":  # ASCII case folding only
        return None
    return rest.lstrip(" ")


def check_token68(credentials: str) -> None:
    """``AUTHORIZATION_MALFORMED`` unless the credentials are exactly one token68 (empty included)."""
    if not _TOKEN68.fullmatch(credentials):
        raise InvalidRequestError("AUTHORIZATION_MALFORMED")


def bearer_token(values: Sequence[str]) -> str:
    """Like :func:`parse_authorization`, but no Bearer credentials raise ``TOKEN_MISSING`` (401)."""
    token = parse_authorization(values)
    if token is None:
        raise InvalidTokenError("TOKEN_MISSING")
    return token


def www_authenticate(error: AccessTokenError, realm: str = "api") -> str:
    """The exact ``WWW-Authenticate`` value for an error: no ``error`` attribute when no credentials were sent."""
    if error.error is None:
        return f'Bearer realm="{realm}"'
    return f'Bearer realm="{realm}", error="{error.error}"'
