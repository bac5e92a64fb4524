"""JWKS mode: verify tokens of Better Auth's official ``jwt`` plugin with the public keys at a JWKS URL.

The key set is fetched asynchronously (never blocking the event loop) with ``httpx``, cached for
``jwks_max_age_seconds`` and then refreshed in the background (requests keep using the cached keys),
refetched on an unknown ``kid`` at most every ``jwks_refresh_seconds``, and the old keys are kept when a
refresh fails. The algorithm is pinned to the key's: a token's ``alg`` must equal
the ``alg`` of the key its ``kid`` selects, and symmetric (``oct``) keys are never used.

What JWKS mode requires of a token (Better Auth's ``jwt`` plugin issues ``typ: "JWT"``, not ``at+jwt``):
the same strict structure and header checks as HS256 mode; ``typ`` absent or ``JWT``/``at+jwt``; ``kid``;
``exp`` (``iat`` and ``nbf`` optional, checked when present; the lifetime cap applies to ``exp - iat``, or to
``exp - now`` plus the leeway when ``iat`` is absent); ``iss``
and ``aud`` exactly as configured; ``sub`` a non-empty string; ``email`` a string. ``email_verified`` (or the
plugin's ``emailVerified``), ``name`` and ``roles`` (or the admin plugin's comma-separated ``role``) are
optional but type-checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from jwt import PyJWK

from .cache import TokenCache
from .claims import TimeWindow, check_audience_issuer, check_times
from .compact import check_common_header, parse_compact, payload_of
from .errors import InvalidTokenError
from .jsonstrict import loads_object
from .settings import BetterAuthSettings
from .user import AuthUser
from .verifier import check_typ

__all__ = ["JWKS_MAX_BYTES", "JWKSVerifier"]

JWKS_MAX_BYTES = 1_048_576
"""Largest JWKS body read (after any content decoding); a key set is a few kilobytes."""

_log = logging.getLogger("fastapi_better_auth")

_JWKS_TYPES = frozenset({"jwt", "at+jwt", "application/at+jwt"})
_ASYMMETRIC = frozenset({"OKP", "EC", "RSA"})


def _claim_type(payload: dict[str, Any], claim: str, kind: type, *, required: bool = False) -> None:
    if claim not in payload:
        if required:
            raise InvalidTokenError("CLAIM_MISSING", claim=claim)
        return
    value = payload[claim]
    if type(value) is not kind or (claim == "sub" and value == ""):
        raise InvalidTokenError("CLAIM_INVALID", claim=claim)


def _check_jwks_claims(payload: dict[str, Any]) -> None:
    _claim_type(payload, "sub", str, required=True)
    _claim_type(payload, "email", str, required=True)
    _claim_type(payload, "email_verified", bool)
    _claim_type(payload, "emailVerified", bool)
    if payload.get("name") is not None:
        _claim_type(payload, "name", str)
    if "roles" in payload:
        roles = payload["roles"]
        if type(roles) is not list or any(type(r) is not str for r in roles):
            raise InvalidTokenError("CLAIM_INVALID", claim="roles")
    if payload.get("role") is not None:
        _claim_type(payload, "role", str)


class JWKSVerifier:
    """Verifies asymmetric tokens (EdDSA, ES256, ES512, PS256, RS256) against a remote JWKS.

    ``client`` (optional) is the ``httpx.AsyncClient`` used for fetches; by default each fetch opens its
    own, so the verifier is not tied to one event loop.
    """

    def __init__(
        self,
        settings: BetterAuthSettings,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if settings.jwks_url is None:
            raise ValueError("JWKSVerifier needs settings.jwks_url")
        self.settings = settings
        self._url = settings.jwks_url
        url = urlsplit(settings.jwks_url)
        self._shown_url = f"{url.scheme}://{url.hostname}{url.path}"  # for logs: no userinfo, no query
        self._client = client
        self._clock = clock
        self._monotonic = monotonic
        self._keys: dict[str, PyJWK] = {}
        self._fingerprints: dict[str, str] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._attempts = 0
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._background: asyncio.Task[None] | None = None
        self._cache = TokenCache(settings.cache_size) if settings.cache_size > 0 else None

    @property
    def kids(self) -> tuple[str, ...]:
        """The ``kid`` of every usable key fetched so far."""
        return tuple(self._keys)

    async def verify(self, token: str, *, now: float | None = None) -> dict[str, Any]:
        """Returns the token's claims, or raises :class:`InvalidTokenError` with the contract's code."""
        if now is None:
            now = int(self._clock())
        cache = self._cache
        if cache is not None and type(token) is str:
            cached = cache.lookup(token, now)
            if cached is not None:
                self._on_hit()
                return cached
        payload, window = await self._verify(token, now)
        if cache is not None:
            return cache.store(token, payload, window.not_before, window.expires)
        return payload

    async def user(self, token: str, *, now: float | None = None) -> AuthUser:
        """The token's :class:`AuthUser` (``AuthUser.from_claims(await verify(token))``), or
        :class:`InvalidTokenError`; with the cache on, every hit hands out the same immutable user."""
        if now is None:
            now = int(self._clock())
        cache = self._cache
        if cache is not None and type(token) is str:
            user = cache.lookup_user(token, now)
            if user is not None:
                self._on_hit()
                return user
        payload, window = await self._verify(token, now)
        if cache is not None:
            return cache.store_user(token, payload, window.not_before, window.expires)
        return AuthUser.from_claims(payload)

    def cached_user(self, token: str) -> AuthUser | None:
        """Like :meth:`AccessTokenVerifier.cached_user`: the user of a cached token still acceptable now, or None."""
        cache = self._cache
        if cache is None:
            return None
        user = cache.lookup_user(token, int(self._clock()))
        if user is not None:
            self._on_hit()
        return user

    def _on_hit(self) -> None:
        if self._stale():  # so that a key removed from the JWKS also stops its cached tokens
            self._refresh_in_background()

    async def _verify(self, token: str, now: float) -> tuple[dict[str, Any], TimeWindow]:
        settings = self.settings
        parsed = parse_compact(token, settings.max_token_bytes)
        header = parsed.header
        alg = header.get("alg")
        if type(alg) is not str or alg not in settings.jwks_algorithms:
            raise InvalidTokenError("ALG_NOT_ALLOWED")
        if "typ" in header:
            check_typ(header, _JWKS_TYPES)
        kid = check_common_header(header)
        key = await self._key(kid)
        if alg != key.algorithm_name:
            raise InvalidTokenError("ALG_NOT_ALLOWED")
        try:
            valid = bool(key.Algorithm.verify(parsed.signing_input, key.key, parsed.signature))
        except Exception:  # a malformed signature must be a 401, whatever the library raises
            valid = False
        if not valid:
            raise InvalidTokenError("SIGNATURE_INVALID")
        payload = payload_of(parsed)
        window: TimeWindow = check_times(
            payload, now, settings.leeway_seconds, settings.max_lifetime_seconds, require_iat=False
        )
        exp = window.expires - settings.leeway_seconds
        if "iat" not in payload and exp - now > settings.max_lifetime_seconds + settings.leeway_seconds:
            # Without iat the lifetime cap has nothing to measure from: measure from now (allowing the leeway for
            # clock skew), so that a token signed with a leaked key cannot live for years.
            raise InvalidTokenError("LIFETIME_EXCEEDED")
        check_audience_issuer(payload, settings.issuer, settings.expected_audience)
        _check_jwks_claims(payload)
        return payload, window

    async def _key(self, kid: str) -> PyJWK:
        key = self._keys.get(kid)
        if key is None:  # unknown kid, or nothing fetched yet: the request waits for one (rate-limited) fetch
            await self._refresh_if_allowed()
            key = self._keys.get(kid)
            if key is None:
                raise InvalidTokenError("KID_UNKNOWN" if self._keys else "JWKS_UNAVAILABLE")
        elif self._stale():
            self._refresh_in_background()
        return key

    def _stale(self) -> bool:
        fetched = self._fetched_at
        return fetched is None or self._monotonic() - fetched >= self.settings.jwks_max_age_seconds

    def _refresh_in_background(self) -> None:
        """Refreshes a stale key set behind the requests, which keep using the cached keys meanwhile: a slow
        JWKS endpoint never holds a request whose key is known. One at a time, rate-limited like the rest."""
        loop = asyncio.get_running_loop()
        running = self._background
        if running is not None and not running.done() and running.get_loop() is loop:
            return  # (a task of another loop may never finish: that loop may be closed)
        last = self._attempted_at
        if last is not None and self._monotonic() - last < self.settings.jwks_refresh_seconds:
            return
        self._background = loop.create_task(self._refresh_if_allowed())

    def _lock(self) -> asyncio.Lock:
        # One lock per event loop: an asyncio.Lock binds to the loop it first waits in, and tests (or
        # several threads) may drive one verifier from several loops.
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            if len(self._locks) > 16:
                self._locks.clear()
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _refresh_if_allowed(self) -> None:
        seen = self._attempts
        async with self._lock():
            if self._attempts != seen:
                return  # another request refreshed while this one waited
            last = self._attempted_at
            if last is not None and self._monotonic() - last < self.settings.jwks_refresh_seconds:
                return
            await self.refresh()

    async def refresh(self) -> bool:
        """Fetches the key set now; returns whether it succeeded. On failure the old keys stay in use.

        Any failure counts (network, status, timeout of the whole fetch, a body over :data:`JWKS_MAX_BYTES`,
        anything but a JSON object, no usable key): a hostile or broken JWKS endpoint gives
        ``JWKS_UNAVAILABLE`` (or ``KID_UNKNOWN`` with keys cached), never a 5xx.
        """
        self._attempts += 1
        self._attempted_at = self._monotonic()
        try:
            body = await asyncio.wait_for(self._download(), self.settings.jwks_timeout_seconds)
            keys, fingerprints = self._usable_keys(loads_object(body))
        except Exception as exc:  # whatever the endpoint or the network does, the old keys stay
            _log.warning(
                "fastapi_better_auth: fetching the JWKS from %s failed (%s)", self._shown_url, type(exc).__name__
            )
            return False
        if not keys:
            _log.warning("fastapi_better_auth: the JWKS at %s holds no usable key", self._shown_url)
            return False
        # A key that left the JWKS (revoked or rotated out), or whose material or alg changed under the same kid
        # (a leaked key replaced), takes its cached tokens with it.
        old = self._fingerprints
        if self._cache is not None and any(fingerprints.get(kid) != fp for kid, fp in old.items()):
            self._cache.clear()
        self._keys = keys
        self._fingerprints = fingerprints
        self._fetched_at = self._monotonic()
        return True

    async def _download(self) -> bytes:
        """The body of a 200 answer, read in chunks and refused past :data:`JWKS_MAX_BYTES`.

        Asks for and accepts only an uncompressed body: a compressed one could expand a thousandfold in a
        single chunk before any size check.
        """
        timeout = self.settings.jwks_timeout_seconds
        async with contextlib.AsyncExitStack() as stack:
            client = self._client
            if client is None:
                # Plain http is allowed only to loopback, which must stay on the machine: never via a proxy from
                # the environment (HTTP_PROXY, ALL_PROXY). https keeps the environment's proxy and CA settings.
                plain = self._url.lower().startswith("http:")
                client = await stack.enter_async_context(httpx.AsyncClient(timeout=timeout, trust_env=not plain))
            request = client.stream("GET", self._url, headers={"Accept-Encoding": "identity"}, timeout=timeout)
            response = await stack.enter_async_context(request)
            if response.status_code != 200:
                raise httpx.HTTPStatusError("JWKS answer not 200", request=response.request, response=response)
            if response.headers.get("content-encoding", "identity").strip().lower() != "identity":
                raise ValueError("compressed JWKS body")
            if response.is_stream_consumed:  # read already (httpx.MockTransport in tests): nothing to stream
                if len(response.content) > JWKS_MAX_BYTES:
                    raise ValueError("JWKS body too large")
                return response.content
            body = bytearray()
            async for chunk in response.aiter_raw():
                body += chunk
                if len(body) > JWKS_MAX_BYTES:
                    raise ValueError("JWKS body too large")
            return bytes(body)

    def _usable_keys(self, document: object) -> tuple[dict[str, PyJWK], dict[str, str]]:
        """The usable keys by kid, and a fingerprint of each (its JWK as canonical JSON: alg and material)."""
        entries = document.get("keys") if isinstance(document, dict) else None
        keys: dict[str, PyJWK] = {}
        fingerprints: dict[str, str] = {}
        for jwk in entries if isinstance(entries, list) else []:
            if not isinstance(jwk, dict) or jwk.get("kty") not in _ASYMMETRIC or jwk.get("use", "sig") != "sig":
                continue
            kid = jwk.get("kid")
            alg = jwk.get("alg")
            if type(kid) is not str or not kid or type(alg) is not str or alg not in self.settings.jwks_algorithms:
                continue
            try:
                keys[kid] = PyJWK(jwk, alg)
            except Exception:  # noqa: S112 - a key this library cannot load is skipped, not fatal
                continue
            fingerprints[kid] = json.dumps(jwk, sort_keys=True, ensure_ascii=True)
        return keys, fingerprints
