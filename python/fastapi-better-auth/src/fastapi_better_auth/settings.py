"""Settings, read from the environment or passed explicitly, validated when built.

A bad setting raises :class:`ConfigurationError` naming the option (``secret``) or, from
:meth:`BetterAuthSettings.from_env`, the environment variable (``BETTER_AUTH_SECRET``), so the app
refuses to start. The secrets never appear in a repr, a message or a log line.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigurationError
from .keys import KeyMode
from .secret import check_secret
from .versioned_secrets import parse_versioned_secrets

__all__ = ["ENVIRONMENT", "JWKS_ALGORITHMS", "BetterAuthSettings"]

ENVIRONMENT: dict[str, str] = {
    "secret": "BETTER_AUTH_SECRET",
    "secrets": "BETTER_AUTH_SECRETS",
    "issuer": "BETTER_AUTH_URL",
    "audience": "BETTER_AUTH_AUDIENCE",
    "key_mode": "BETTER_AUTH_KEY_MODE",
    "previous_secrets": "BETTER_AUTH_PREVIOUS_SECRETS",
    "leeway_seconds": "BETTER_AUTH_LEEWAY_SECONDS",
    "max_lifetime_seconds": "BETTER_AUTH_MAX_LIFETIME_SECONDS",
    "jwks_url": "BETTER_AUTH_JWKS_URL",
}
"""The environment variable read for each setting by :meth:`BetterAuthSettings.from_env`."""

_INTEGERS = {"leeway_seconds", "max_lifetime_seconds"}
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_REALM_FORBIDDEN = re.compile(r'[^\x20-\x7e]|["\\]')
_URL_FORBIDDEN = re.compile(r"[^\x21-\x7e]")  # whitespace, control and non-ASCII characters
JWKS_ALGORITHMS = ("EdDSA", "ES256", "ES512", "PS256", "RS256")
"""The asymmetric algorithms of Better Auth's ``jwt`` plugin; ``jwks_algorithms`` is a subset of them."""


def _fail(setting: str, reason: str, message: str) -> ConfigurationError:
    return ConfigurationError(setting, reason, message)


def _is_loopback(host: str) -> bool:
    # Only the name "localhost" and literal loopback addresses: glibc resolves "*.localhost" through DNS (it is
    # loopback only where the resolver follows RFC 6761, as systemd-resolved and browsers do), so plain HTTP to
    # such a name could leave the machine.
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _jwks_url(value: object) -> tuple[str, str] | None:
    """Scheme and host of an http(s) URL without whitespace or control characters and with a valid port."""
    if type(value) is not str or _URL_FORBIDDEN.search(value):
        return None
    try:
        url = urlsplit(value)
        url.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    if url.scheme not in ("http", "https") or not url.hostname:
        return None
    return url.scheme, url.hostname


def _int_in(value: object, setting: str, low: int, high: int) -> None:
    if type(value) is not int:
        raise _fail(setting, "notInteger", f"{setting} must be an integer.")
    if not low <= value <= high:
        raise _fail(setting, "outOfRange", f"{setting} must be between {low} and {high}.")


@dataclass(frozen=True, kw_only=True)
class BetterAuthSettings:
    """How access tokens are verified. Build it directly, or with :meth:`from_env`."""

    secret: str | None = field(default=None, repr=False)
    """Default: none; required unless ``jwks_url`` is set. ``BETTER_AUTH_SECRET``, shared with Better Auth:
    at least 32 bytes, not a published placeholder, not low-entropy."""

    secrets: str | None = field(default=None, repr=False)
    """Default: none. ``BETTER_AUTH_SECRETS``, Better Auth's versioned secrets in its own format
    (``"2:new-secret,1:old-secret"``, parsed by its rules): the first entry is current, every entry verifies.
    When set (non-empty), ``secret`` only verifies, after the entries, and ``previous_secrets`` is refused."""

    previous_secrets: tuple[str, ...] = field(default=(), repr=False)
    """Default: ``()``. Earlier secrets still accepted during a rotation; each key is chosen by ``kid``."""

    key_mode: KeyMode = "derived"
    """Default: ``"derived"``. ``"derived"``: the HS256 key is HKDF-SHA256 of the secret (contract v1);
    ``"raw"``: the secret's UTF-8 bytes, for issuers that sign with the secret itself."""

    issuer: str = ""
    """Default: none (required). ``BETTER_AUTH_URL``; the ``iss`` claim must equal it exactly."""

    audience: str | None = None
    """Default: the issuer. ``BETTER_AUTH_AUDIENCE``; ``aud`` must be or contain it exactly."""

    leeway_seconds: int = 30
    """Default: ``30``. Clock skew tolerated on ``exp``, ``nbf`` and ``iat`` (0 to 300)."""

    max_lifetime_seconds: int = 3600
    """Default: ``3600``. Largest ``exp - iat`` accepted (1 to 86400)."""

    max_token_bytes: int = 8192
    """Default: ``8192``. Longer tokens are refused before anything is parsed (1 to 1048576)."""

    realm: str = "api"
    """Default: ``"api"``. The ``realm`` of every ``WWW-Authenticate`` challenge (printable ASCII, no ``"`` or
    ``\\``)."""

    cache_size: int = 1024
    """Default: ``1024``. Verified tokens kept in an LRU cache (expiry still checked on every hit); 0 disables it."""

    jwks_url: str | None = None
    """Default: ``None``. When set, JWKS mode: tokens of Better Auth's ``jwt`` plugin are verified with the
    public keys at this URL (``BETTER_AUTH_JWKS_URL``; https, or http on loopback) and no secret is needed."""

    jwks_refresh_seconds: int = 10
    """Default: ``10``. JWKS mode: least time between two fetches caused by an unknown ``kid`` (0 to 3600)."""

    jwks_max_age_seconds: int = 300
    """Default: ``300``. JWKS mode: a fetched key set is refetched when older than this (1 to 86400)."""

    jwks_timeout_seconds: float = 5.0
    """Default: ``5.0``. JWKS mode: timeout of one fetch, in seconds."""

    jwks_algorithms: tuple[str, ...] = JWKS_ALGORITHMS
    """Default: Better Auth's ``jwt`` plugin algorithms. JWKS mode: keys with another ``alg`` are ignored. A
    non-empty subset of the default (never a symmetric algorithm or ``none``)."""

    def __post_init__(self) -> None:
        if isinstance(self.previous_secrets, str) or not isinstance(self.previous_secrets, (tuple, list)):
            raise _fail("previous_secrets", "invalid", "previous_secrets must be a tuple of strings.")
        object.__setattr__(self, "previous_secrets", tuple(self.previous_secrets))
        for i, previous in enumerate(self.previous_secrets):
            if type(previous) is not str:
                raise _fail(f"previous_secrets[{i}]", "invalid", f"previous_secrets[{i}] must be a string.")
        if self.secret is not None and type(self.secret) is not str:
            raise _fail("secret", "invalid", "secret must be a string.")
        if self.secrets is not None and type(self.secrets) is not str:
            raise _fail("secrets", "invalid", 'secrets must be a string such as "2:new-secret,1:old-secret".')
        if self.jwks_url is None:  # JWKS mode holds no secret: one in the environment is not used or checked
            self._resolve_secrets()
        if self.key_mode not in ("derived", "raw"):
            raise _fail("key_mode", "invalid", 'key_mode must be "derived" or "raw".')
        if type(self.issuer) is not str or self.issuer == "":
            raise _fail("issuer", "missing", "issuer is not set; set it to the Better Auth base URL.")
        if self.audience is None:
            object.__setattr__(self, "audience", self.issuer)
        elif type(self.audience) is not str or self.audience == "":
            raise _fail("audience", "invalid", "audience must be a non-empty string.")
        _int_in(self.leeway_seconds, "leeway_seconds", 0, 300)
        _int_in(self.max_lifetime_seconds, "max_lifetime_seconds", 1, 86400)
        _int_in(self.max_token_bytes, "max_token_bytes", 1, 1048576)
        _int_in(self.cache_size, "cache_size", 0, 10_000_000)
        if type(self.realm) is not str or _REALM_FORBIDDEN.search(self.realm):
            raise _fail("realm", "invalid", 'realm must be printable ASCII without " or \\.')
        if self.jwks_url is not None:
            parsed = _jwks_url(self.jwks_url)
            if parsed is None:
                raise _fail("jwks_url", "invalid", "jwks_url must be an http(s) URL.")
            if parsed[0] == "http" and not _is_loopback(parsed[1]):
                raise _fail("jwks_url", "insecure", "jwks_url must use https (plain http only on loopback).")
        algorithms = self.jwks_algorithms
        if isinstance(algorithms, list):
            algorithms = tuple(algorithms)
            object.__setattr__(self, "jwks_algorithms", algorithms)
        if type(algorithms) is not tuple or not algorithms or any(a not in JWKS_ALGORITHMS for a in algorithms):
            raise _fail(
                "jwks_algorithms", "invalid", f"jwks_algorithms must be a non-empty subset of {JWKS_ALGORITHMS}."
            )
        _int_in(self.jwks_refresh_seconds, "jwks_refresh_seconds", 0, 3600)
        _int_in(self.jwks_max_age_seconds, "jwks_max_age_seconds", 1, 86400)
        if type(self.jwks_timeout_seconds) not in (int, float) or not 0 < self.jwks_timeout_seconds <= 60:
            raise _fail("jwks_timeout_seconds", "outOfRange", "jwks_timeout_seconds must be between 0 and 60.")

    def _resolve_secrets(self) -> tuple[str, ...]:
        """Contract 2.7: versioned secrets when set, else ``secret`` and ``previous_secrets``; all hygiene-checked."""
        found: list[tuple[str | None, str]] = []
        if self.secrets:
            entries = parse_versioned_secrets(self.secrets, "secrets")
            if self.previous_secrets:
                raise _fail(
                    "previous_secrets",
                    "conflict",
                    "previous_secrets cannot be combined with versioned secrets (BETTER_AUTH_SECRETS); list the older"
                    " secrets as later entries of the versioned list instead.",
                )
            found.extend((value, f"secrets[{i}]") for i, (_, value) in enumerate(entries))
            if self.secret:
                found.append((self.secret, "secret"))
        else:
            found.append((self.secret, "secret"))
            found.extend((value, f"previous_secrets[{i}]") for i, value in enumerate(self.previous_secrets))
        for value, setting in found:
            check_secret(value, setting)
        return tuple(dict.fromkeys(value for value, _ in found if value is not None))

    @property
    def configured_secrets(self) -> tuple[str, ...]:
        """Every secret that verifies, the current (signing) one first, each once; ``()`` in JWKS mode."""
        return () if self.jwks_url is not None else self._resolve_secrets()

    @property
    def signing_secret(self) -> str | None:
        """The current secret (the one Better Auth's plugin signs with), or None in JWKS mode."""
        return self.configured_secrets[0] if self.configured_secrets else None

    @property
    def expected_audience(self) -> str:
        """The audience tokens must carry (the issuer unless ``audience`` is set)."""
        return self.audience or self.issuer

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> BetterAuthSettings:
        """Reads the ``BETTER_AUTH_*`` variables (see :data:`ENVIRONMENT`); keyword arguments win over them.

        Errors name the environment variable a bad value came from.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        explicit_secret = "secret" in overrides or "secrets" in overrides  # options win over the environment
        for name, variable in ENVIRONMENT.items():
            raw = env.get(variable)
            if name in overrides or raw is None or (raw.strip() == "" and name not in ("secret", "secrets")):
                continue
            if name in ("secret", "secrets") and explicit_secret:
                continue
            if name == "secrets" and raw == "":  # as in Better Auth, an empty BETTER_AUTH_SECRETS is unset
                continue
            if name == "previous_secrets":
                values[name] = tuple(s.strip() for s in raw.split(",") if s.strip())
            elif name in _INTEGERS:
                if not _INTEGER.fullmatch(raw.strip()):
                    raise _fail(variable, "notInteger", f"{variable} must be an integer.")
                values[name] = int(raw.strip())
            elif name == "issuer":
                values[name] = raw.strip().rstrip("/")  # the contract: BETTER_AUTH_URL without trailing "/"
            else:
                values[name] = raw if name in ("secret", "secrets") else raw.strip()
        values.update(overrides)
        try:
            return cls(**values)
        except ConfigurationError as exc:
            option = exc.setting.split("[", 1)[0]
            if option in ENVIRONMENT and option not in overrides:
                raise exc.renamed(exc.setting.replace(option, ENVIRONMENT[option], 1)) from None
            raise
