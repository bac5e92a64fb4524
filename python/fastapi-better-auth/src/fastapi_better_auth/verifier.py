"""The HS256 access-token verifier (contract v1). Knows nothing of FastAPI: a token goes in, claims or an
:class:`InvalidTokenError` come out, in the contract's order (first failure wins)."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from typing import Any

from .cache import TokenCache, fresh_claims
from .claims import TimeWindow, check_audience_issuer, check_times, check_user_claims
from .compact import check_common_header, parse_compact, payload_of
from .errors import InvalidTokenError
from .keys import derive_key, key_id
from .settings import BetterAuthSettings
from .user import AuthUser

__all__ = ["ACCEPTED_TYPES", "AccessTokenVerifier", "fresh_claims"]

ACCEPTED_TYPES = frozenset({"at+jwt", "application/at+jwt"})
"""``typ`` values accepted (ASCII case-insensitively), RFC 9068 section 2.1."""


def check_typ(header: dict[str, Any], accepted: frozenset[str]) -> None:
    """Step 5: ``typ`` is a string in ``accepted``, compared ASCII case-insensitively."""
    typ = header.get("typ")
    if type(typ) is not str or not typ.isascii() or typ.lower() not in accepted:
        raise InvalidTokenError("TYPE_INVALID")


class AccessTokenVerifier:
    """Verifies HS256 access tokens against the configured secrets. Thread-safe; no I/O.

    Keys are derived once, here. ``clock`` returns the current time in seconds (default ``time.time``).
    """

    def __init__(self, settings: BetterAuthSettings, *, clock: Callable[[], float] = time.time) -> None:
        if not settings.configured_secrets:
            raise ValueError("AccessTokenVerifier needs a secret; JWKS mode uses JWKSVerifier")
        self.settings = settings
        self._clock = clock
        self._keys: dict[str, bytes] = {}
        for secret in settings.configured_secrets:
            key = derive_key(secret, settings.key_mode)
            self._keys.setdefault(key_id(key), key)
        self._issuer = settings.issuer
        self._audience = settings.expected_audience
        self._leeway = settings.leeway_seconds
        self._max_lifetime = settings.max_lifetime_seconds
        self._max_bytes = settings.max_token_bytes
        self._cache = TokenCache(settings.cache_size) if settings.cache_size > 0 else None

    @property
    def kids(self) -> tuple[str, ...]:
        """The ``kid`` of each configured key, the current secret's first."""
        return tuple(self._keys)

    @property
    def cache(self) -> TokenCache | None:
        """The verified-token cache, or None when ``cache_size`` is 0."""
        return self._cache

    def verify(self, token: str, *, now: float | None = None) -> dict[str, Any]:
        """Returns the token's claims, or raises :class:`InvalidTokenError` with the contract's code.

        ``now`` (seconds) freezes the clock, for tests and vectors.
        """
        if now is None:
            now = int(self._clock())
        cache = self._cache
        if cache is not None and type(token) is str:
            claims = cache.lookup(token, now)
            if claims is not None:
                return claims
        claims, window = self._verify(token, now)
        if cache is not None:
            return cache.store(token, claims, window.not_before, window.expires)
        return claims

    def user(self, token: str, *, now: float | None = None) -> AuthUser:
        """The token's :class:`AuthUser` (``AuthUser.from_claims(verify(token))``), or :class:`InvalidTokenError`.

        With the cache on, every hit hands out the same immutable user, built when the token was first verified.
        """
        if now is None:
            now = int(self._clock())
        cache = self._cache
        if cache is not None and type(token) is str:
            user = cache.lookup_user(token, now)
            if user is not None:
                return user
        claims, window = self._verify(token, now)
        if cache is not None:
            return cache.store_user(token, claims, window.not_before, window.expires)
        return AuthUser.from_claims(claims)

    def cached_user(self, token: str) -> AuthUser | None:
        """The user of a cached token still acceptable now (no check at all beyond the time window), or None
        (not cached, or the cache is off). Raises ``TOKEN_EXPIRED`` for a cached token past its window.

        Every string in the cache passed :meth:`verify` in full, so it is a well-formed compact JWS: the
        dependencies look it up before checking the header's token68 syntax, which such a string always has.
        """
        cache = self._cache
        if cache is None:
            return None
        return cache.lookup_user(token, int(self._clock()))

    def _verify(self, token: str, now: float) -> tuple[dict[str, Any], TimeWindow]:
        parsed = parse_compact(token, self._max_bytes)
        header = parsed.header
        if header.get("alg") != "HS256":
            raise InvalidTokenError("ALG_NOT_ALLOWED")
        check_typ(header, ACCEPTED_TYPES)
        kid = check_common_header(header)
        key = self._keys.get(kid)
        if key is None:
            raise InvalidTokenError("KID_UNKNOWN")
        signature = parsed.signature
        if len(signature) != 32 or not hmac.compare_digest(hmac.digest(key, parsed.signing_input, "sha256"), signature):
            raise InvalidTokenError("SIGNATURE_INVALID")
        payload = payload_of(parsed)
        window = check_times(payload, now, self._leeway, self._max_lifetime)
        check_audience_issuer(payload, self._issuer, self._audience)
        check_user_claims(payload)
        return payload, window
