"""Key derivation (contract v1 "Key") and the ``kid`` of a key.

``derived`` (the default): HKDF-SHA256 (RFC 5869) with IKM = UTF-8(secret), an empty salt,
info = :data:`KEY_INFO` and L = 32, written with the standard library's ``hmac``. ``raw``: the UTF-8
bytes of the secret, which is what a plain ``jwt.decode(token, secret, algorithms=["HS256"])`` expects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Literal

__all__ = ["KEY_INFO", "KeyMode", "derive_key", "hkdf_sha256", "key_id", "utf8"]

KeyMode = Literal["derived", "raw"]

KEY_INFO = b"better-auth-fastapi access token v1"
"""HKDF ``info`` of contract v1; changing it is a new contract version."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """UTF-8 bytes of a string, with lone surrogates written as U+FFFD (as a JavaScript TextEncoder does)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def hkdf_sha256(ikm: bytes, *, salt: bytes = b"", info: bytes = b"", length: int = 32) -> bytes:
    """HKDF-SHA256 extract-then-expand (RFC 5869 section 2)."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 output length must be between 1 and 8160 bytes")
    prk = hmac.digest(salt or bytes(32), ikm, "sha256")
    out = b""
    block = b""
    counter = 1
    while len(out) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        out += block
        counter += 1
    return out[:length]


def derive_key(secret: str, mode: KeyMode = "derived") -> bytes:
    """The HS256 key bytes of a secret in the given key mode."""
    ikm = utf8(secret)
    if mode == "raw":
        return ikm
    return hkdf_sha256(ikm, info=KEY_INFO, length=32)


def key_id(key: bytes) -> str:
    """``kid`` = the first 16 characters of base64url(SHA-256(key)), no padding."""
    digest = hashlib.sha256(key).digest()
    return base64.urlsafe_b64encode(digest)[:16].decode("ascii")
