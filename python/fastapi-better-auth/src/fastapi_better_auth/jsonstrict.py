"""Strict JSON for token headers and payloads (contract v1, verification steps 3 and 10).

The bytes must be strict UTF-8 (a byte order mark is not stripped), the text strict JSON (no NaN or
Infinity), the top level an object, member names unique at every depth, and every string well-formed
Unicode (no lone surrogate from a ``\\uD800`` escape, in names or values).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["StrictJSONError", "loads_object"]


class StrictJSONError(ValueError):
    """Raised when bytes are not a strict UTF-8 JSON object."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise StrictJSONError("duplicate member name")
    return obj


def _constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not JSON")


_SAFE_INT_DIGITS = 640
"""``int()`` always accepts this many characters (the lowest ``sys.set_int_max_str_digits`` allows)."""


def _integer(text: str) -> int | float:
    """An integer literal; one too long for ``int()`` (over 4300 digits by default in Python 3.11) is far
    above any double, so it becomes +-infinity, as JavaScript's ``Number`` reads it. Never a ValueError."""
    return int(text) if len(text) <= _SAFE_INT_DIGITS else float(text)


_decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer)
# A surrogate can only come from an escape: strict UTF-8 decoding refuses encoded surrogates.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_DEPTH = 1000
"""Deepest nesting accepted (the contract: at least 64 MUST pass, deeper than 1000 MUST fail)."""
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _too_deep(text: str) -> bool:
    """Nesting depth above MAX_DEPTH, not trusting the interpreter's recursion limit (an app may raise it)."""
    depth = 0
    for char in _STRING.sub("", text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(key):
                    return True
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def loads_object(data: bytes) -> dict[str, Any]:
    """Parses strict UTF-8 JSON bytes that must hold one object; raises StrictJSONError otherwise."""
    try:
        text = data.decode("utf-8")
        if text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(text):
            raise StrictJSONError("nested too deeply")
        # json.loads(bytes) would guess UTF-16/32; a str is never guessed. A BOM stays and is refused.
        value = _decoder.decode(text)
    except StrictJSONError:
        raise
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise StrictJSONError("not strict UTF-8 JSON") from exc
    if type(value) is not dict:
        raise StrictJSONError("not a JSON object")
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise StrictJSONError("lone surrogate")
    return value
