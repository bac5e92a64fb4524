"""Versioned secrets (contract 2.7) beyond the shared vectors: the ``secrets`` option, options winning over the
environment, JWKS mode, and JavaScript's parsing rules where Python's differ."""

from __future__ import annotations

import pytest

from fastapi_better_auth import AccessTokenVerifier, BetterAuthSettings, ConfigurationError
from fastapi_better_auth.testing import TokenFactory
from fastapi_better_auth.versioned_secrets import JS_WHITESPACE, parse_versioned_secrets

from .helpers import ISSUER, SECRET

NEW = "Rt7Yp2Lx9Wq4Nz6Bv1Mc8Kd3Hf5Gj0Sa-Ue_Io2PsQy"


def test_the_secrets_option_takes_better_auths_format() -> None:
    settings = BetterAuthSettings(secrets=f"2:{NEW},1:{SECRET}", issuer=ISSUER)
    assert settings.configured_secrets == (NEW, SECRET)
    assert settings.signing_secret == NEW
    assert NEW not in repr(settings)
    assert SECRET not in repr(settings)


def test_tokens_of_every_entry_verify_and_the_factory_signs_with_the_current_one() -> None:
    settings = BetterAuthSettings(secrets=f"2:{NEW},1:{SECRET}", issuer=ISSUER)
    verifier = AccessTokenVerifier(settings)
    old = TokenFactory(secret=SECRET, issuer=ISSUER).make("user-1")
    current = TokenFactory.from_settings(settings)
    assert current.kid == verifier.kids[0]
    assert verifier.verify(old)["sub"] == "user-1"
    assert verifier.verify(current.make("user-2"))["sub"] == "user-2"


def test_option_errors_name_the_option() -> None:
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings(secrets=f"2:{NEW},1:short", issuer=ISSUER)
    assert (info.value.setting, info.value.reason) == ("secrets[1]", "tooShort")
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings(secrets=f"1:{NEW}", previous_secrets=(SECRET,), issuer=ISSUER)
    assert (info.value.setting, info.value.reason) == ("previous_secrets", "conflict")
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings(secrets=[(1, NEW)], issuer=ISSUER)  # type: ignore[arg-type]
    assert (info.value.setting, info.value.reason) == ("secrets", "invalid")


def test_an_explicit_secret_wins_over_the_environment() -> None:
    env = {"BETTER_AUTH_SECRETS": "not a list", "BETTER_AUTH_SECRET": "short", "BETTER_AUTH_URL": ISSUER}
    assert BetterAuthSettings.from_env(env, secret=SECRET).configured_secrets == (SECRET,)
    assert BetterAuthSettings.from_env(env, secrets=f"1:{NEW}").configured_secrets == (NEW,)


def test_jwks_mode_neither_uses_nor_checks_versioned_secrets() -> None:
    env = {"BETTER_AUTH_SECRETS": "1:short", "BETTER_AUTH_URL": ISSUER}
    settings = BetterAuthSettings.from_env(env, jwks_url="http://127.0.0.1:1/api/auth/jwks")
    assert settings.configured_secrets == ()
    assert settings.signing_secret is None


def test_javascript_trim_set_differs_from_python_strip() -> None:
    assert "\ufeff".strip() == "\ufeff"
    assert "\ufeff".strip(JS_WHITESPACE) == ""
    assert "\x85".strip() == ""
    assert "\x85".strip(JS_WHITESPACE) == "\x85"
    assert parse_versioned_secrets(f"\ufeff1:{NEW}\ufeff") == ((1, NEW),)
    assert parse_versioned_secrets(f"1:{NEW}\x1f") == ((1, f"{NEW}\x1f"),)


def test_versions_read_like_javascript_parse_int() -> None:
    assert parse_versioned_secrets(f"007:{NEW}") == ((7, NEW),)
    assert parse_versioned_secrets(f"12abc:{NEW}") == ((12, NEW),)
    with pytest.raises(ConfigurationError) as info:
        parse_versioned_secrets(f"\u0663:{NEW}")  # int() would read an Arabic-Indic three
    assert info.value.reason == "versionInvalid"


def test_a_version_of_thousands_of_digits_is_version_invalid_not_a_value_error() -> None:
    # parseInt gives Infinity (versionInvalid); Python's int() would raise ValueError past 4300 digits.
    with pytest.raises(ConfigurationError) as raised:
        parse_versioned_secrets("1" * 5000 + ":abc")
    assert raised.value.reason == "versionInvalid"
    assert parse_versioned_secrets("0" * 5000 + "1:abc") == ((1, "abc"),)
