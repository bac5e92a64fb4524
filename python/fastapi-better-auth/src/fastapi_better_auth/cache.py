"""A bounded LRU cache of verified tokens, keyed by the exact token string.

A hit skips parsing and the MAC, never the clock: each entry keeps the window in which its token is
acceptable, and the verifier checks it on every hit. Only fully verified tokens are stored; a
failure is never cached. Size 0 turns the cache off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, NamedTuple

from .errors import InvalidTokenError

__all__ = ["CachedToken", "TokenCache", "fresh_claims"]


def fresh_claims(claims: dict[str, Any]) -> dict[str, Any]:
    """A copy of cached claims whose top-level arrays are copies too, so a caller's edit cannot reach the cache."""
    return {k: v.copy() if type(v) is list else v for k, v in claims.items()}


class CachedToken(NamedTuple):
    """A verified token's claims and the window ``not_before <= now < expires`` in which it stays valid."""

    claims: dict[str, Any]
    not_before: int
    expires: int


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

    def lookup(self, token: str, now: float) -> dict[str, Any] | None:
        """The claims of a cached token if it is acceptable at ``now`` (a copy), else None: not cached, or before
        its window (verify it in full then). Raises ``TOKEN_EXPIRED`` once its window has passed."""
        hit = self.get(token)
        if hit is None:
            return None
        if now >= hit.expires:
            self.discard(token)
            raise InvalidTokenError("TOKEN_EXPIRED")
        return fresh_claims(hit.claims) if now >= hit.not_before else None

    def store(self, token: str, claims: dict[str, Any], not_before: int, expires: int) -> dict[str, Any]:
        """Caches a token verified in full, with its window; returns a copy of its claims for the caller."""
        self.put(token, CachedToken(claims, not_before, expires))
        return fresh_claims(claims)

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
