from __future__ import annotations

import pytest

from fastapi_better_auth import InvalidRequestError, parse_authorization


def test_parse_authorization_basics() -> None:
    assert parse_authorization([]) is None
    assert parse_authorization(["Basic x"]) is None
    assert parse_authorization(["Bearer a.b.c"]) == "a.b.c"
    with pytest.raises(InvalidRequestError):
        parse_authorization(["Bearer a", "Bearer a"])


def test_scheme_folding_is_ascii_only() -> None:
    assert parse_authorization(["BEARER abc"]) == "abc"
    assert parse_authorization(["Bearer\u212a abc"]) is None  # not even the same length; never "bearer"
