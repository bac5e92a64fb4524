from __future__ import annotations

import pytest

from fastapi_better_auth.keys import derive_key, hkdf_sha256, key_id, utf8


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
