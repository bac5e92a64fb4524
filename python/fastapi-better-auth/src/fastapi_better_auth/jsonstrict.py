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
"""Deepest nesting accepted, the top-level object being level 1 (contract 4.1: 1000 MUST pass, 1001 MUST fail)."""
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_OUTSIDE_STRINGS = re.compile(r'[^"\[\]{}]*')


def _too_deep(text: str) -> bool:
    """Nesting depth above MAX_DEPTH, not trusting the interpreter's recursion limit (an app may raise it).

    One left-to-right pass: each string is matched once from its opening quote, so the scan stays linear
    (a regex tried from every quote was quadratic on ``"\\"\\"...``). An unterminated string means the text is
    not JSON at all, which counts as too deep: the answer is JSON_INVALID either way.
    """
    depth = 0
    at = 0
    end = len(text)
    while True:
        at = _OUTSIDE_STRINGS.match(text, at).end()  # type: ignore[union-attr]
        if at >= end:
            return False
        char = text[at]
        if char == '"':
            string = _STRING.match(text, at)
            if string is None:
                return True
            at = string.end()
            continue
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
        at += 1


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


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = (("true", True), ("false", False), ("null", None))
# An object's opening up to its first value, when the name has no escape or control character (then the raw
# text is the name): one regex call instead of four steps, for deeply nested headers sent before the MAC.
_SIMPLE_OPENING = re.compile(r'\{[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')


def _decode_iteratively(text: str) -> Any:
    """The same grammar and values as ``_decoder.decode``, with an explicit stack instead of recursion.

    Used only when the C decoder runs out of recursion (nesting close to 1000, or a caller whose stack is
    already deep), so that nesting up to :data:`MAX_DEPTH` is accepted whatever the interpreter's limit.
    Strings go through the standard library's own strict ``scanstring``.
    """
    scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]
    stack: list[tuple[list[Any], bool]] = []  # (pairs or items, is an object)
    keys: list[str] = []
    i = _WHITESPACE.match(text).end()  # type: ignore[union-attr]

    def name(at: int) -> tuple[str, int]:
        if text[at : at + 1] != '"':
            raise StrictJSONError("expected a member name")
        key, at = scanstring(text, at + 1, True)
        at = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]
        if text[at : at + 1] != ":":
            raise StrictJSONError("expected ':'")
        return key, _WHITESPACE.match(text, at + 1).end()  # type: ignore[union-attr]

    while True:
        char = text[i : i + 1]
        value: Any
        if char in ("{", "["):
            if len(stack) >= MAX_DEPTH:
                raise StrictJSONError("nested too deeply")
            opening = _SIMPLE_OPENING.match(text, i) if char == "{" else None
            if opening is not None:
                stack.append(([], True))
                keys.append(opening.group(1))
                i = opening.end()
                continue
            i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            closing = "}" if char == "{" else "]"
            if text[i : i + 1] == closing:
                value = _pairs([]) if char == "{" else []
                i += 1
            else:
                stack.append(([], char == "{"))
                if char == "{":
                    key, i = name(i)
                    keys.append(key)
                continue
        elif char == '"':
            value, i = scanstring(text, i + 1, True)
        elif (number := _NUMBER.match(text, i)) is not None and char != "":
            literal = number.group()
            value = _integer(literal) if number.group(1) is None and number.group(2) is None else float(literal)
            i = number.end()
        else:
            for word, constant in _LITERALS:
                if text.startswith(word, i):
                    value, i = constant, i + len(word)
                    break
            else:
                raise StrictJSONError("expected a value")
        while True:  # attach the value, closing every container that ends here
            if not stack:
                return value, i
            items, is_object = stack[-1]
            items.append((keys[-1], value) if is_object else value)
            i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
            char = text[i : i + 1]
            if char == ",":
                i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                if is_object:
                    keys[-1], i = name(i)
                break
            if char != ("}" if is_object else "]"):
                raise StrictJSONError("expected ',' or a closing bracket")
            i += 1
            stack.pop()
            if is_object:
                keys.pop()
                value = _pairs(items)
            else:
                value = items


def _decode(text: str) -> Any:
    try:
        return _decoder.decode(text)
    except RecursionError:
        pass  # outside the except block, so the traceback of the failed attempt is not kept alive
    value, end = _decode_iteratively(text)
    if _WHITESPACE.match(text, end).end() != len(text):  # type: ignore[union-attr]
        raise StrictJSONError("data after the value")
    return value


def loads_object(data: bytes) -> dict[str, Any]:
    """Parses strict UTF-8 JSON bytes that must hold one object; raises StrictJSONError otherwise."""
    try:
        text = data.decode("utf-8")
        if text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(text):
            raise StrictJSONError("nested too deeply")
        # json.loads(bytes) would guess UTF-16/32; a str is never guessed. A BOM stays and is refused.
        value = _decode(text)
    except StrictJSONError:
        raise
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise StrictJSONError("not strict UTF-8 JSON") from exc
    if type(value) is not dict:
        raise StrictJSONError("not a JSON object")
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise StrictJSONError("lone surrogate")
    return value
