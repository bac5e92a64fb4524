"""JWS compact serialization, strictly (contract v1, verification steps 1 to 8 minus the key lookup).

Shared by the HS256 verifier and JWKS mode: size cap, three strict base64url segments, a strict JSON
header, and the header checks that do not depend on the algorithm family.
"""

from __future__ import annotations

import binascii
import re
from typing import Any, NamedTuple

from .errors import InvalidTokenError
from .jsonstrict import StrictJSONError, loads_object

__all__ = ["ParsedToken", "b64url_decode", "b64url_encode", "parse_compact", "payload_of"]

_SEGMENTS = re.compile(r"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)")
_TO_STD = bytes.maketrans(b"-_", b"+/")
_FROM_STD = bytes.maketrans(b"+/", b"-_")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_FORBIDDEN_HEADER_PARAMS = ("jku", "x5u", "jwk", "x5c")


def _canonical(segment: str) -> bool:
    """Length is not 1 mod 4 and the unused low bits of the last character are zero."""
    rest = len(segment) % 4
    if rest == 0:
        return True
    if rest == 1:
        return False
    unused = 0b1111 if rest == 2 else 0b11
    return _VALUE[segment[-1]] & unused == 0


def b64url_decode(segment: str) -> bytes:
    """Decodes a segment already checked against the URL-safe alphabet and :func:`_canonical`."""
    raw = segment.encode("ascii").translate(_TO_STD)
    return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))


def b64url_encode(data: bytes) -> str:
    """base64url without padding."""
    return binascii.b2a_base64(data, newline=False).translate(_FROM_STD).rstrip(b"=").decode("ascii")


class ParsedToken(NamedTuple):
    """A token split and checked up to its header; the payload is parsed only after the signature."""

    header: dict[str, Any]
    signing_input: bytes
    payload_segment: str
    signature: bytes


def parse_compact(token: str, max_token_bytes: int) -> ParsedToken:
    """Steps 1 to 3: size, structure, strict header JSON. Raises InvalidTokenError."""
    if not isinstance(token, str):  # as in TypeScript: never a TypeError, whatever a caller passes
        raise InvalidTokenError("TOKEN_MALFORMED")
    if len(token) > max_token_bytes:
        raise InvalidTokenError("TOKEN_TOO_LARGE")
    match = _SEGMENTS.fullmatch(token)
    if match is None:
        raise InvalidTokenError("TOKEN_MALFORMED")
    head, body, sig = match.groups()
    if not (_canonical(head) and _canonical(body) and _canonical(sig)):
        raise InvalidTokenError("TOKEN_MALFORMED")
    try:
        header = loads_object(b64url_decode(head))
    except StrictJSONError as exc:
        raise InvalidTokenError("JSON_INVALID") from exc
    return ParsedToken(header, token[: len(head) + 1 + len(body)].encode("ascii"), body, b64url_decode(sig))


def check_common_header(header: dict[str, Any]) -> str:
    """Steps 6 to 8 without the key lookup: no crit, no key references, a non-empty string kid."""
    if "crit" in header:
        raise InvalidTokenError("CRIT_UNSUPPORTED")
    for name in _FORBIDDEN_HEADER_PARAMS:
        if name in header:
            raise InvalidTokenError("HEADER_PARAM_FORBIDDEN")
    kid = header.get("kid")
    if type(kid) is not str or kid == "":
        raise InvalidTokenError("KID_MISSING")
    return kid


def payload_of(parsed: ParsedToken) -> dict[str, Any]:
    """Step 10: the strict JSON payload (call only once the signature checks out)."""
    try:
        return loads_object(b64url_decode(parsed.payload_segment))
    except StrictJSONError as exc:
        raise InvalidTokenError("JSON_INVALID") from exc
