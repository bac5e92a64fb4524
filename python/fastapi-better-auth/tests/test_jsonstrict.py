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
