from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from fastapi_better_auth import BetterAuthSettings, ConfigurationError
from fastapi_better_auth.settings import ENVIRONMENT

from .helpers import ISSUER, SECRET


def make(**changes: Any) -> BetterAuthSettings:
    options: dict[str, Any] = {"secret": SECRET, "issuer": ISSUER, **changes}
    return BetterAuthSettings(**options)


def fails(setting: str, reason: str, **changes: Any) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as info:
        make(**changes)
    assert (info.value.setting, info.value.reason) == (setting, reason)
    assert setting in str(info.value)
    assert SECRET not in str(info.value)
    return info.value


def test_defaults() -> None:
    s = make()
    assert s.previous_secrets == ()
    assert s.key_mode == "derived"
    assert s.audience == ISSUER
    assert s.expected_audience == ISSUER
    assert (s.leeway_seconds, s.max_lifetime_seconds, s.max_token_bytes) == (30, 3600, 8192)
    assert (s.realm, s.cache_size, s.jwks_url) == ("api", 1024, None)


def test_every_field_documents_its_default() -> None:
    import ast
    import inspect

    from fastapi_better_auth import settings as module

    tree = ast.parse(inspect.getsource(module))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "BetterAuthSettings")
    documented = set()
    for field, doc in zip(cls.body, cls.body[1:]):  # noqa: B905
        if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name):
            assert isinstance(doc, ast.Expr), field.target.id
            assert isinstance(doc.value, ast.Constant)
            assert str(doc.value.value).startswith("Default: "), field.target.id
            documented.add(field.target.id)
    assert documented == {f.name for f in dataclasses.fields(BetterAuthSettings)}


def test_secrets_never_appear_in_repr_or_str() -> None:
    s = make(previous_secrets=("an older secret: Yt6Rw2Qp9Lm4Zx8Vb3Nc7Kd1Hg5Sf",))
    for text in (repr(s), str(s)):
        assert SECRET not in text
        assert "older secret" not in text
        assert "secret=" not in text


def test_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        make().issuer = "x"  # type: ignore[misc]


def test_secret_hygiene_names_the_option() -> None:
    fails("secret", "missing", secret=None)
    fails("secret", "missing", secret="")
    fails("secret", "tooShort", secret="short")
    fails("secret", "publishedDefault", secret="better-auth-secret-123456789012345678")
    fails("secret", "lowEntropy", secret="a" * 40)
    fails("previous_secrets[1]", "tooShort", previous_secrets=(SECRET, "short"))


@pytest.mark.parametrize(
    ("changes", "setting", "reason"),
    [
        ({"issuer": ""}, "issuer", "missing"),
        ({"secret": SECRET.encode()}, "secret", "invalid"),
        ({"previous_secrets": SECRET}, "previous_secrets", "invalid"),
        ({"previous_secrets": (SECRET, None)}, "previous_secrets[1]", "invalid"),
        ({"audience": ""}, "audience", "invalid"),
        ({"key_mode": "hkdf"}, "key_mode", "invalid"),
        ({"leeway_seconds": -1}, "leeway_seconds", "outOfRange"),
        ({"leeway_seconds": 301}, "leeway_seconds", "outOfRange"),
        ({"leeway_seconds": 1.5}, "leeway_seconds", "notInteger"),
        ({"leeway_seconds": True}, "leeway_seconds", "notInteger"),
        ({"max_lifetime_seconds": 0}, "max_lifetime_seconds", "outOfRange"),
        ({"max_token_bytes": 0}, "max_token_bytes", "outOfRange"),
        ({"cache_size": -1}, "cache_size", "outOfRange"),
        ({"realm": 'a"b'}, "realm", "invalid"),
        ({"realm": "a\\b"}, "realm", "invalid"),
        ({"realm": "a\nb"}, "realm", "invalid"),
        ({"realm": "caf\u00e9"}, "realm", "invalid"),
        ({"jwks_url": "ftp://x/jwks"}, "jwks_url", "invalid"),
        ({"jwks_url": "jwks"}, "jwks_url", "invalid"),
        ({"jwks_url": "http://auth.example/api/auth/jwks"}, "jwks_url", "insecure"),
        ({"jwks_url": "HTTP://auth.example/api/auth/jwks"}, "jwks_url", "insecure"),
        ({"jwks_url": "http://[::1"}, "jwks_url", "invalid"),  # urlsplit raises ValueError
        ({"jwks_url": "https://auth.example:99999/jwks"}, "jwks_url", "invalid"),
        ({"jwks_url": "https://auth.example/jwks\r\nX-Injected: 1"}, "jwks_url", "invalid"),
        ({"jwks_url": "https://auth example/jwks"}, "jwks_url", "invalid"),
        ({"jwks_url": b"https://auth.example/jwks"}, "jwks_url", "invalid"),
        ({"jwks_url": "https://auth.example/jwks", "jwks_algorithms": "RS256"}, "jwks_algorithms", "invalid"),
        ({"jwks_url": "https://auth.example/jwks", "jwks_algorithms": ()}, "jwks_algorithms", "invalid"),
        ({"jwks_url": "https://auth.example/jwks", "jwks_algorithms": ("HS256",)}, "jwks_algorithms", "invalid"),
        ({"jwks_url": "https://auth.example/jwks", "jwks_algorithms": ("none",)}, "jwks_algorithms", "invalid"),
        ({"jwks_refresh_seconds": -1}, "jwks_refresh_seconds", "outOfRange"),
        ({"jwks_max_age_seconds": 0}, "jwks_max_age_seconds", "outOfRange"),
        ({"jwks_timeout_seconds": 0}, "jwks_timeout_seconds", "outOfRange"),
    ],
)
def test_bad_values_name_the_option(changes: dict[str, Any], setting: str, reason: str) -> None:
    fails(setting, reason, **changes)


def test_jwks_algorithms_accept_a_subset_of_the_asymmetric_ones() -> None:
    s = BetterAuthSettings(issuer=ISSUER, jwks_url="https://auth.example/jwks", jwks_algorithms=["EdDSA", "ES256"])  # type: ignore[arg-type]
    assert s.jwks_algorithms == ("EdDSA", "ES256")


def test_previous_secrets_list_becomes_a_tuple() -> None:
    assert make(previous_secrets=[SECRET]).previous_secrets == (SECRET,)


def test_jwks_mode_needs_no_secret() -> None:
    s = BetterAuthSettings(issuer=ISSUER, jwks_url="http://127.0.0.1:3000/api/auth/jwks")
    assert s.secret is None


@pytest.mark.parametrize(
    "url", ["https://auth.example/jwks", "http://localhost:3000/jwks", "http://[::1]:3000/jwks", "http://127.8.0.1/j"]
)
def test_jwks_url_is_https_or_loopback_http(url: str) -> None:
    assert BetterAuthSettings(issuer=ISSUER, jwks_url=url).jwks_url == url


@pytest.mark.parametrize(
    "url",
    [
        "http://api.localhost:3000/jwks",  # glibc sends *.localhost to DNS: not loopback on Linux
        "http://a.b.localhost/jwks",
        "http://localhost.:3000/jwks",  # the absolute name is looked up in DNS too
        "http://localhost.example.com/jwks",
        "http://127.0.0.1.nip.io/jwks",
        "http://10.0.0.1/jwks",
    ],
)
def test_plain_http_jwks_url_only_for_localhost_and_loopback_literals(url: str) -> None:
    """Regression test for issue 7, item 6."""
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings(issuer=ISSUER, jwks_url=url)
    assert (info.value.setting, info.value.reason) == ("jwks_url", "insecure")
    assert BetterAuthSettings(issuer=ISSUER, jwks_url=url.replace("http://", "https://", 1)).jwks_url


ENV = {"BETTER_AUTH_SECRET": SECRET, "BETTER_AUTH_URL": ISSUER}


def env_fails(environ: dict[str, str], variable: str, reason: str, **overrides: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings.from_env(environ, **overrides)
    assert (info.value.setting, info.value.reason) == (variable, reason)
    assert str(info.value).startswith(variable)
    assert SECRET not in str(info.value)


def test_from_env_reads_every_variable() -> None:
    environ = {
        **ENV,
        "BETTER_AUTH_AUDIENCE": "https://api.example",
        "BETTER_AUTH_KEY_MODE": "raw",
        "BETTER_AUTH_PREVIOUS_SECRETS": " old secret one: Yt6Rw2Qp9Lm4Zx8Vb3Nc7Kd1Hg5Sf , ,"
        "old secret two: Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8",
        "BETTER_AUTH_LEEWAY_SECONDS": "5",
        "BETTER_AUTH_MAX_LIFETIME_SECONDS": " 900 ",
    }
    s = BetterAuthSettings.from_env(environ)
    assert s.secret == SECRET
    assert s.issuer == ISSUER
    assert s.audience == "https://api.example"
    assert s.key_mode == "raw"
    assert s.previous_secrets == (
        "old secret one: Yt6Rw2Qp9Lm4Zx8Vb3Nc7Kd1Hg5Sf",
        "old secret two: Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8",
    )
    assert (s.leeway_seconds, s.max_lifetime_seconds) == (5, 900)
    assert set(ENVIRONMENT.values()) >= set(environ)


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTER_AUTH_SECRET", SECRET)
    monkeypatch.setenv("BETTER_AUTH_URL", ISSUER)
    monkeypatch.setenv("BETTER_AUTH_JWKS_URL", "https://auth.example/api/auth/jwks")
    assert BetterAuthSettings.from_env().jwks_url == "https://auth.example/api/auth/jwks"


def test_from_env_errors_name_the_variable() -> None:
    env_fails({}, "BETTER_AUTH_SECRET", "missing")
    env_fails({"BETTER_AUTH_SECRET": "", "BETTER_AUTH_URL": ISSUER}, "BETTER_AUTH_SECRET", "missing")
    env_fails({**ENV, "BETTER_AUTH_SECRET": "changeme" * 5}, "BETTER_AUTH_SECRET", "publishedDefault")
    env_fails({"BETTER_AUTH_SECRET": SECRET}, "BETTER_AUTH_URL", "missing")
    env_fails({**ENV, "BETTER_AUTH_KEY_MODE": "RAW"}, "BETTER_AUTH_KEY_MODE", "invalid")
    env_fails({**ENV, "BETTER_AUTH_LEEWAY_SECONDS": "ten"}, "BETTER_AUTH_LEEWAY_SECONDS", "notInteger")
    env_fails({**ENV, "BETTER_AUTH_LEEWAY_SECONDS": "1_0"}, "BETTER_AUTH_LEEWAY_SECONDS", "notInteger")
    env_fails({**ENV, "BETTER_AUTH_LEEWAY_SECONDS": "9999"}, "BETTER_AUTH_LEEWAY_SECONDS", "outOfRange")
    env_fails({**ENV, "BETTER_AUTH_MAX_LIFETIME_SECONDS": "1.5"}, "BETTER_AUTH_MAX_LIFETIME_SECONDS", "notInteger")
    env_fails({**ENV, "BETTER_AUTH_PREVIOUS_SECRETS": "short"}, "BETTER_AUTH_PREVIOUS_SECRETS[0]", "tooShort")
    env_fails({**ENV, "BETTER_AUTH_JWKS_URL": "nope"}, "BETTER_AUTH_JWKS_URL", "invalid")


def test_issuer_from_env_drops_trailing_slashes() -> None:
    assert BetterAuthSettings.from_env({**ENV, "BETTER_AUTH_URL": ISSUER + "/"}).issuer == ISSUER


def test_overrides_win_and_keep_option_names() -> None:
    s = BetterAuthSettings.from_env({**ENV, "BETTER_AUTH_LEEWAY_SECONDS": "ten"}, leeway_seconds=3)
    assert s.leeway_seconds == 3
    env_fails(ENV, "secret", "tooShort", secret="short")
    env_fails(ENV, "realm", "invalid", realm='"')


def test_a_sentinel_secret_never_appears_in_any_error_repr_or_log(caplog: pytest.LogCaptureFixture) -> None:
    import base64
    import logging
    import traceback

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from fastapi_better_auth import BetterAuth, CurrentUser
    from fastapi_better_auth.keys import derive_key
    from fastapi_better_auth.testing import TokenFactory

    caplog.set_level(logging.DEBUG)
    sentinel = "SENTINEL-Qm4Zr8Vt2Lw6Xy0Np3Kc7Hd1Jf5Gb9Se"
    previous = "PREVIOUS-SENTINEL-Tn5Yq2Wm8Rk4Vc1Xz7Lp3Hd9Gf6"
    good = {"BETTER_AUTH_SECRET": sentinel, "BETTER_AUTH_URL": ISSUER, "BETTER_AUTH_PREVIOUS_SECRETS": previous}
    broken = [
        {"BETTER_AUTH_LEEWAY_SECONDS": "soon"},
        {"BETTER_AUTH_LEEWAY_SECONDS": "9999"},
        {"BETTER_AUTH_MAX_LIFETIME_SECONDS": "0"},
        {"BETTER_AUTH_KEY_MODE": sentinel},
        {"BETTER_AUTH_URL": ""},
        {"BETTER_AUTH_PREVIOUS_SECRETS": f"{previous},short"},
        {"BETTER_AUTH_PREVIOUS_SECRETS": f"{previous},{'a' * 40}"},
        {"BETTER_AUTH_SECRET": sentinel[:20]},
        {"BETTER_AUTH_SECRET": sentinel + "changeme"},
        {"BETTER_AUTH_SECRET": sentinel.replace("SENTINEL", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")},
    ]
    texts: list[str] = []
    for change in broken:
        with pytest.raises(ConfigurationError) as info:
            BetterAuthSettings.from_env({**good, **change})
        error = info.value
        texts += [str(error), repr(error), repr(error.args), error.setting, error.reason, error.message]
        texts += traceback.format_exception(error)
    settings = BetterAuthSettings.from_env(good)
    auth = BetterAuth(settings)
    texts += [repr(settings), str(settings), repr(auth), repr(auth.verifier)]
    app = FastAPI()
    auth.install(app)

    @app.get("/me")
    async def me(user: CurrentUser) -> str:
        return user.id

    client = TestClient(app)
    forged = TokenFactory(secret=previous + "x", issuer=ISSUER)
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer " + forged.make()}):
        response = client.get("/me", headers=headers)
        texts += [response.text, repr(response.headers)]
    texts += [record.getMessage() for record in caplog.records]
    everything = "\n".join(texts)
    assert "BETTER_AUTH_" in everything  # the errors were collected
    for secret in (sentinel, previous):
        assert secret not in everything
        for key in (derive_key(secret), derive_key(secret, "raw")):
            assert key.hex() not in everything
            assert base64.urlsafe_b64encode(key).decode().rstrip("=") not in everything
