"""Small module-level tests: keys, secret hygiene, strict JSON, compact parsing, bearer header, AuthUser."""

from __future__ import annotations

import pytest

from fastapi_better_auth import AuthUser, ConfigurationError, InvalidRequestError, parse_authorization
from fastapi_better_auth.compact import b64url_decode, b64url_encode
from fastapi_better_auth.errors import InvalidTokenError
from fastapi_better_auth.jsonstrict import StrictJSONError, loads_object
from fastapi_better_auth.keys import derive_key, hkdf_sha256, key_id, utf8
from fastapi_better_auth.secret import check_secret, secret_problem


def test_hkdf_rfc5869_test_case_1() -> None:
    ikm = bytes.fromhex("0b" * 22)
    salt = bytes.fromhex("000102030405060708090a0b0c")
    info = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    okm = hkdf_sha256(ikm, salt=salt, info=info, length=42)
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")


def test_hkdf_rfc5869_test_case_3_empty_salt_and_info() -> None:
    okm = hkdf_sha256(bytes.fromhex("0b" * 22), length=42)
    assert okm.hex() == ("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")


def test_hkdf_rejects_impossible_lengths() -> None:
    with pytest.raises(ValueError, match="length"):
        hkdf_sha256(b"x", length=0)


def test_raw_and_derived_keys_differ_and_kids_are_16_characters() -> None:
    secret = "9KeXZCYjSydjfStMjvOVA2OJWUe1xtPNgcGVKvBWd7A="
    raw, derived = derive_key(secret, "raw"), derive_key(secret)
    assert raw == secret.encode()
    assert len(derived) == 32
    assert derived != raw
    assert len(key_id(derived)) == 16


def test_utf8_writes_lone_surrogates_as_replacement_characters() -> None:
    assert utf8("a\ud800b") == "a\ufffdb".encode()


def test_secret_hygiene_order_and_messages() -> None:
    assert secret_problem("changeme") == "tooShort"  # the first failing rule wins
    with pytest.raises(ConfigurationError) as info:
        check_secret("x" * 40, "options.secret")
    assert info.value.setting == "options.secret"
    assert str(info.value).startswith("options.secret is too predictable")
    assert "openssl rand -base64 32" in str(info.value)
    assert secret_problem("\ud800" * 11) == "lowEntropy"  # 33 bytes as a TextEncoder counts them


@pytest.mark.parametrize(
    "data",
    [b'{"a":1,"a":1}', b"[1]", b"1", b'{"a":NaN}', b'{"a":-Infinity}', b"\xef\xbb\xbf{}", b'{"a":"\\udfff"}', b"{"],
)
def test_strict_json_refuses(data: bytes) -> None:
    with pytest.raises(StrictJSONError):
        loads_object(data)


def test_strict_json_accepts_plain_objects() -> None:
    assert loads_object(b' {"a": [1, 2.5, "\\u00e9", {"b": null}]} ') == {"a": [1, 2.5, "é", {"b": None}]}


def test_base64url_round_trip() -> None:
    for n in range(0, 40):
        data = bytes(range(n))
        assert b64url_decode(b64url_encode(data)) == data
        assert "=" not in b64url_encode(data)


def test_parse_authorization_basics() -> None:
    assert parse_authorization([]) is None
    assert parse_authorization(["Basic x"]) is None
    assert parse_authorization(["Bearer a.b.c"]) == "a.b.c"
    with pytest.raises(InvalidRequestError):
        parse_authorization(["Bearer a", "Bearer a"])


def test_auth_user_from_claims() -> None:
    user = AuthUser.from_claims(
        {"sub": "u", "email": "e@x", "email_verified": False, "roles": ["a"], "iat": 1, "exp": 2, "x": 1}
    )
    assert (user.id, user.email, user.email_verified, user.name, user.roles) == ("u", "e@x", False, None, ["a"])
    assert user.claims["x"] == 1
    better_auth = AuthUser.from_claims({"sub": "u", "email": "e@x", "emailVerified": True, "role": "admin, user"})
    assert (better_auth.email_verified, better_auth.roles) == (True, ["admin", "user"])


def test_error_subclasses_are_catchable_by_base() -> None:
    with pytest.raises(InvalidTokenError):
        raise InvalidTokenError("TOKEN_EXPIRED")


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


def test_scheme_folding_is_ascii_only() -> None:
    assert parse_authorization(["BEARER abc"]) == "abc"
    assert parse_authorization(["Bearer\u212a abc"]) is None  # not even the same length; never "bearer"
