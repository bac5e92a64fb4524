from __future__ import annotations

import pytest

from fastapi_better_auth import (
    AccessTokenVerifier,
    BetterAuthSettings,
    ConfigurationError,
    InvalidTokenError,
    parse_authorization,
    www_authenticate,
)
from fastapi_better_auth.bearer import bearer_token
from fastapi_better_auth.errors import AccessTokenError
from fastapi_better_auth.keys import derive_key, key_id
from fastapi_better_auth.secret import check_secret
from fastapi_better_auth.testing import TokenFactory

from .vectors import Vector, cases

_verifiers: dict[int, AccessTokenVerifier] = {}


def verifier_for(group: dict[str, object]) -> AccessTokenVerifier:
    if id(group) not in _verifiers:
        settings = group["settings"]
        assert isinstance(settings, dict)
        previous = group["previousSecrets"]
        assert isinstance(previous, list)
        _verifiers[id(group)] = AccessTokenVerifier(
            BetterAuthSettings(
                secret=str(group["secret"]),
                previous_secrets=tuple(previous),
                key_mode=group["keyMode"],  # type: ignore[arg-type]
                issuer=settings["issuer"],
                audience=settings["audience"],
                leeway_seconds=settings["leewaySeconds"],
                max_lifetime_seconds=settings["maxLifetimeSeconds"],
                max_token_bytes=settings["maxTokenBytes"],
                cache_size=0,
            )
        )
    return _verifiers[id(group)]


@pytest.mark.parametrize("v", cases("key_derivation_v1"))
def test_key_derivation(v: Vector) -> None:
    key = derive_key(v.test["secret"], v.group["keyMode"])
    assert key.hex() == v.test["keyHex"]
    assert key_id(key) == v.test["kid"]


@pytest.mark.parametrize("v", cases("verify_v1"))
def test_verify(v: Vector) -> None:
    verifier = verifier_for(v.group)
    now = v.group["now"]
    if v.test["result"] == "valid":
        assert verifier.verify(v.test["token"], now=now) == v.test["claims"]
        return
    with pytest.raises(InvalidTokenError) as info:
        verifier.verify(v.test["token"], now=now)
    assert info.value.code == v.test["code"]
    assert info.value.claim == v.test.get("claim")


@pytest.mark.parametrize("v", cases("verify_v1"))
def test_verify_through_the_cache(v: Vector) -> None:
    """The same answers with the cache on, asked twice (the second time from the cache when valid)."""
    base = verifier_for(v.group).settings
    cached = AccessTokenVerifier(BetterAuthSettings(**{**base.__dict__, "cache_size": 4}))
    now = v.group["now"]
    for _ in range(2):
        if v.test["result"] == "valid":
            assert cached.verify(v.test["token"], now=now) == v.test["claims"]
        else:
            with pytest.raises(InvalidTokenError) as info:
                cached.verify(v.test["token"], now=now)
            assert info.value.code == v.test["code"]


@pytest.mark.parametrize("v", cases("http_errors_v1"))
def test_http_errors(v: Vector) -> None:
    values = v.test["authorization"]
    realm = v.group["realm"]
    if v.test["result"] == "credentials":
        assert parse_authorization(values) == v.test["token"]
        assert bearer_token(values) == v.test["token"]
        return
    with pytest.raises(AccessTokenError) as info:
        bearer_token(values)
    assert info.value.code == v.test["code"]
    assert info.value.status == v.test["status"]
    assert www_authenticate(info.value, realm) == v.test["wwwAuthenticate"]
    BetterAuthSettings(secret="9KeXZCYjSydjfStMjvOVA2OJWUe1xtPNgcGVKvBWd7A=", issuer="x", realm=realm)


@pytest.mark.parametrize("v", cases("issue_v1"))
def test_issue(v: Vector) -> None:
    factory = TokenFactory(secret=v.group["secret"], key_mode=v.group["keyMode"])
    assert factory.header() == v.test["header"]
    assert factory.sign(v.test["header"], v.test["payload"]) == v.test["token"]
    payload = dict(v.test["payload"])
    standard = ("sub", "email", "email_verified", "name", "roles", "iat", "exp", "iss", "aud", "jti")
    present = [k for k in standard if k in payload]
    if list(payload)[: len(present)] == present and "jti" in payload:  # the order TokenFactory.make writes
        made = TokenFactory(
            secret=v.group["secret"],
            key_mode=v.group["keyMode"],
            issuer=payload.pop("iss"),
            audience=payload.pop("aud"),
            lifetime_seconds=payload.pop("exp") - payload["iat"],
        ).make(payload.pop("sub"), name=payload.pop("name", None), **payload)
        assert made == v.test["token"]


@pytest.mark.parametrize("v", cases("secret_hygiene_v1"))
def test_secret_hygiene(v: Vector) -> None:
    secret = v.test["secret"]
    if v.test["result"] == "valid":
        assert check_secret(secret) == secret
        return
    with pytest.raises(ConfigurationError) as info:
        check_secret(secret)
    assert info.value.reason == v.test["reason"]
    assert info.value.setting == "BETTER_AUTH_SECRET"
    if secret:
        assert secret not in str(info.value)


@pytest.mark.parametrize("v", cases("secrets_v1"))
def test_versioned_secrets(v: Vector) -> None:
    env = {"BETTER_AUTH_URL": "https://auth.example.com", **v.test["env"]}
    if v.test["result"] == "invalid":
        with pytest.raises(ConfigurationError) as info:
            BetterAuthSettings.from_env(env, key_mode=v.group["keyMode"])
        assert (info.value.setting, info.value.reason) == (v.test["setting"], v.test["reason"])
        for name, value in v.test["env"].items():
            for entry in value.split(","):
                secret = entry.partition(":")[2] if name == "BETTER_AUTH_SECRETS" else entry
                if len(secret.strip()) >= 8:
                    assert secret.strip() not in str(info.value)
        return
    settings = BetterAuthSettings.from_env(env, key_mode=v.group["keyMode"])
    kids = [key_id(derive_key(s, v.group["keyMode"])) for s in settings.configured_secrets]
    assert kids == [k["kid"] for k in v.test["keys"]]
    assert AccessTokenVerifier(settings).kids == tuple(kids)
    assert settings.signing_secret == settings.configured_secrets[0]
