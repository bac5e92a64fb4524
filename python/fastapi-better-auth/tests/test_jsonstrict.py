from __future__ import annotations

import random
from typing import Any

import pytest

from fastapi_better_auth.jsonstrict import StrictJSONError, loads_object


@pytest.mark.parametrize(
    "data",
    [b'{"a":1,"a":1}', b"[1]", b"1", b'{"a":NaN}', b'{"a":-Infinity}', b"\xef\xbb\xbf{}", b'{"a":"\\udfff"}', b"{"],
)
def test_strict_json_refuses(data: bytes) -> None:
    with pytest.raises(StrictJSONError):
        loads_object(data)


def test_strict_json_accepts_plain_objects() -> None:
    assert loads_object(b' {"a": [1, 2.5, "\\u00e9", {"b": null}]} ') == {"a": [1, 2.5, "é", {"b": None}]}


def test_nesting_is_capped_even_with_a_raised_recursion_limit() -> None:
    import sys

    from fastapi_better_auth.jsonstrict import MAX_DEPTH

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)
    try:
        assert loads_object(b"{" + b'"a":[' * 1 + b"[" * 62 + b"]" * 63 + b"}")  # 64 levels pass
        assert loads_object(b'{"s":"' + b"[" * 2000 + b'"}')  # brackets inside strings do not count
        deep = b'{"a":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"
        with pytest.raises(StrictJSONError):
            loads_object(deep)
    finally:
        sys.setrecursionlimit(limit)


def test_integers_beyond_pythons_digit_limit_are_numbers_not_errors() -> None:
    # Python 3.11 refuses int() of more than 4300 digits; JSON has no such limit and the TypeScript side
    # reads such a number as Infinity. A huge number is a JSON number: whether it is acceptable is the
    # claim checks' business (CLAIM_INVALID for exp), never JSON_INVALID.
    huge = "1" * 5000
    assert loads_object(f'{{"x":{huge}}}'.encode()) == {"x": float("inf")}
    assert loads_object(f'{{"x":-{huge}}}'.encode()) == {"x": float("-inf")}
    assert loads_object(b'{"x":123456789012345678901234567890}') == {"x": 123456789012345678901234567890}


@pytest.mark.parametrize("depth", [64, 500, 999, 1000])
def test_nesting_up_to_1000_levels_is_accepted_whatever_the_stack_depth(depth: int) -> None:
    # The top-level object is level 1, as in the TypeScript parser; the C decoder's recursion limit must not
    # decide the outcome (it depends on how deep the caller's stack already is).
    for inner in (b"[" * (depth - 1) + b"]" * (depth - 1), b'{"a":' * (depth - 1) + b"{}" + b"}" * (depth - 1)):
        data = b'{"a":' + inner + b"}" if inner.startswith(b"[") else inner
        assert loads_object(data)


def test_nesting_of_1001_levels_is_refused() -> None:
    with pytest.raises(StrictJSONError):
        loads_object(b'{"a":' + b"[" * 1000 + b"]" * 1000 + b"}")
    with pytest.raises(StrictJSONError):
        loads_object(b'{"a":' * 1000 + b"{}" + b"}" * 1000)


def _random_json(rng: random.Random, depth: int = 0) -> str:
    kind = rng.randrange(9 if depth < 4 else 6)
    space = rng.choice(["", "", " ", "\n\t ", "\r"])
    if kind == 0:
        return rng.choice(["0", "-0", "12", "-7", "1.5", "1e3", "2E-2", "-0.0e+1", "1" * 30, "1e400"])
    if kind == 1:
        return rng.choice(['""', '"a"', '"\\u00e9\\n"', '"\\ud83d\\ude00"', '"é"', '"\\"\\\\\\/"'])
    if kind == 2:
        return rng.choice(["true", "false", "null"])
    if kind in (3, 4, 5):
        return space + rng.choice(["[]", "{}", '{"k":[]}'])
    if kind in (6, 7):
        items = [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
        return "[" + space + ("," + space).join(items) + space + "]"
    members = [f'"{rng.choice("abcd")}"{space}:{space}{_random_json(rng, depth + 1)}' for _ in range(rng.randrange(4))]
    return "{" + space + ",".join(members) + space + "}"


def _outcome(decode: Any, text: str) -> str:
    try:
        return repr(decode(text))
    except ValueError:  # JSONDecodeError and StrictJSONError
        return "error"


def test_iterative_decoder_agrees_with_the_standard_decoder() -> None:
    """The fallback for deep nesting accepts exactly what json accepts, with the same values and types."""
    from fastapi_better_auth import jsonstrict

    def iterative(text: str) -> Any:
        value, end = jsonstrict._decode_iteratively(text)
        if jsonstrict._WHITESPACE.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise StrictJSONError("data after the value")
        return value

    rng = random.Random(8259)  # noqa: S311 - seeded, reproducible test input
    alphabet = '{}[]:,"\\ -+.0123456789eEtrufalsnNI\t\n\x00\u00e9'
    for n in range(6000):
        text = _random_json(rng)
        if n % 2:
            chars = list(text)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(chars) + 1)
                if rng.random() < 0.5 and chars:
                    del chars[min(at, len(chars) - 1)]
                else:
                    chars.insert(at, rng.choice(alphabet))
            text = "".join(chars)
        assert _outcome(iterative, text) == _outcome(jsonstrict._decoder.decode, text), text


def test_nesting_check_is_linear_on_unterminated_escaped_quotes() -> None:
    # Before the MAC: the header of any request. Stripping strings with a regex tried from every quote was
    # quadratic here (60 ms for one 8 kB token, a cheap way to tie up a worker).
    import time

    # Sized so that the quadratic scan takes minutes and the linear one milliseconds: the bound below sits
    # orders of magnitude from both, so machine load cannot flip it.
    text = ("[" * 1001 + '"' + '\\"' * 100_000).encode()
    started = time.perf_counter()
    with pytest.raises(StrictJSONError):
        loads_object(text)
    assert time.perf_counter() - started < 5
