from __future__ import annotations

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
