"""A bounded LRU cache of verified tokens, keyed by the exact token string.

A hit skips parsing and the MAC (and, for a user, building the :class:`AuthUser`), never the clock: each
entry keeps the window in which its token is acceptable, and the verifier checks it on every hit. Only
fully verified tokens are stored; a failure is never cached. Size 0 turns the cache off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, NamedTuple

from .errors import InvalidTokenError
from .user import AuthUser

__all__ = ["CachedToken", "TokenCache", "fresh_claims"]


def _nested(claims: dict[str, Any]) -> bool:
    """True when a claim holds an object, or an array holding an array or object (custom claims may)."""
    for value in claims.values():
        kind = type(value)
        if kind is dict or (kind is list and any(type(v) is list or type(v) is dict for v in value)):
            return True
    return False


def _deep_copy(value: Any) -> Any:
    """A copy of JSON arrays and objects at every depth, with an explicit stack (claims may nest 1000 deep)."""
    kind = type(value)
    if kind is not list and kind is not dict:
        return value
    top: Any = [] if kind is list else {}
    stack: list[tuple[Any, Any]] = [(value, top)]
    while stack:
        source, target = stack.pop()
        for key, item in source.items() if type(source) is dict else enumerate(source):
            kind = type(item)
            if kind is list or kind is dict:
                copy: Any = [] if kind is list else {}
                stack.append((item, copy))
                item = copy
            if type(target) is dict:
                target[key] = item
            else:
                target.append(item)
    return top


def fresh_claims(claims: dict[str, Any], *, nested: bool = True) -> dict[str, Any]:
    """A copy of cached claims that a caller may edit without reaching the cache. ``nested=False`` (claims
    holding only values and arrays of values, the usual case) copies the top-level arrays only."""
    if nested:
        return _deep_copy(claims)  # type: ignore[no-any-return]
    return {k: v.copy() if type(v) is list else v for k, v in claims.items()}


class CachedToken(NamedTuple):
    """A verified token's claims and the window ``not_before <= now < expires`` in which it stays valid."""

    claims: dict[str, Any]
    not_before: int
    expires: int
    nested: bool = True
    """Whether the claims hold objects or arrays of arrays/objects (then a hit copies them at every depth)."""
    user: AuthUser | None = None
    """The token's user, built once (immutable, so every hit can hand out the same one); None until asked for."""


class TokenCache:
    """Least-recently-used map from token to :class:`CachedToken`, holding at most ``size`` entries."""

    __slots__ = ("_entries", "_lock", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, CachedToken] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, token: str) -> CachedToken | None:
        """The entry of a token, marked most recently used, or None."""
        with self._lock:
            entry = self._entries.get(token)
            if entry is not None:
                self._entries.move_to_end(token)
            return entry

    def hit(self, token: str, now: float) -> CachedToken | None:
        """The entry of a cached token if it is acceptable at ``now``, else None: not cached, or before its
        window (verify it in full then). Raises ``TOKEN_EXPIRED`` once its window has passed."""
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            self._entries.move_to_end(token)
        if now >= entry.expires:
            self.discard(token)
            raise InvalidTokenError("TOKEN_EXPIRED")
        return entry if now >= entry.not_before else None

    def lookup(self, token: str, now: float) -> dict[str, Any] | None:
        """The claims of a cached token if it is acceptable at ``now`` (a copy), else None (see :meth:`hit`)."""
        entry = self.hit(token, now)
        return None if entry is None else fresh_claims(entry.claims, nested=entry.nested)

    def lookup_user(self, token: str, now: float) -> AuthUser | None:
        """The user of a cached token if it is acceptable at ``now``, else None (see :meth:`hit`). The same
        immutable :class:`AuthUser` for every hit: built on the first, then kept in the entry."""
        entry = self.hit(token, now)
        if entry is None:
            return None
        user = entry.user
        if user is None:  # cached by verify(), which hands out claims: build the user once
            user = AuthUser.from_claims(entry.claims)
            with self._lock:
                if self._entries.get(token) is entry:
                    self._entries[token] = entry._replace(user=user)
        return user

    def store(self, token: str, claims: dict[str, Any], not_before: int, expires: int) -> dict[str, Any]:
        """Caches a token verified in full, with its window; returns a copy of its claims for the caller."""
        nested = _nested(claims)
        self.put(token, CachedToken(claims, not_before, expires, nested))
        return fresh_claims(claims, nested=nested)

    def store_user(self, token: str, claims: dict[str, Any], not_before: int, expires: int) -> AuthUser:
        """Caches a token verified in full, with its window and its user (built here); returns the user."""
        user = AuthUser.from_claims(claims)  # a read-only copy: the cache keeps ``claims`` to itself
        self.put(token, CachedToken(claims, not_before, expires, _nested(claims), user))
        return user

    def put(self, token: str, entry: CachedToken) -> None:
        """Stores an entry, evicting the least recently used one when full."""
        if self.size <= 0:
            return
        with self._lock:
            self._entries[token] = entry
            self._entries.move_to_end(token)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def discard(self, token: str) -> None:
        """Forgets a token (an expired one, for instance)."""
        with self._lock:
            self._entries.pop(token, None)

    def clear(self) -> None:
        """Forgets every token (after a key change, for instance)."""
        with self._lock:
            self._entries.clear()
