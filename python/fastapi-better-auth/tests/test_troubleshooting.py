"""docs/troubleshooting.md, checked: each misconfiguration it describes gives the code and the
message it quotes, and its commands run. (The Better Auth side's entries are checked by
test/server/troubleshooting.test.ts in the npm package.)
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import pytest

from fastapi_better_auth import AccessTokenError, AccessTokenVerifier, BetterAuthSettings, ConfigurationError
from fastapi_better_auth.testing import TokenFactory

PAGE = (Path(__file__).resolve().parents[3] / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
SECRET = "Zq8vLw3Rt6Yp1Nx4Kc7Hb2Jm9Gf5Ds0A-Ue_Io3PsQyT"
OTHER_SECRET = "Mx2Kd8Wq5Ls1Vb7Nr4Tj9Hc6Gp3Fz0Ye-Ua_Io3PsQyR"
URL = "http://localhost:3000"


def entry(code: str) -> str:
    """The page's section whose heading starts with the code."""
    match = re.search(rf"^## `?{re.escape(code)}`?.*?(?=^## |\Z)", PAGE, re.MULTILINE | re.DOTALL)
    assert match is not None, f"docs/troubleshooting.md has no entry for {code}"
    return match[0]


def refusal(settings: BetterAuthSettings, token: str) -> AccessTokenError:
    with pytest.raises(AccessTokenError) as info:
        AccessTokenVerifier(settings).verify(token)
    return info.value


def assert_documented(error: AccessTokenError, section: str) -> None:
    assert f'"code": "{error.code}"' in section or f"`{error.code}`" in section
    assert error.detail in " ".join(section.split()), f"the entry does not quote {error.detail!r}"


@pytest.mark.parametrize(
    ("api_key_mode", "token_secret"),
    [("derived", OTHER_SECRET), ("raw", SECRET)],
    ids=["another-secret", "raw-key-mode-on-one-side-only"],
)
def test_kid_unknown(api_key_mode: Literal["derived", "raw"], token_secret: str) -> None:
    api = BetterAuthSettings(secret=SECRET, issuer=URL, key_mode=api_key_mode)
    error = refusal(api, TokenFactory(secret=token_secret, issuer=URL).make())
    assert (error.code, error.status) == ("KID_UNKNOWN", 401)
    assert_documented(error, entry("KID_UNKNOWN"))


@pytest.mark.parametrize(
    ("api_issuer", "token_issuer"),
    [(URL, "http://127.0.0.1:3000"), (URL + "/", URL), (URL, "https://localhost:3000")],
)
def test_issuer_mismatch(api_issuer: str, token_issuer: str) -> None:
    error = refusal(
        BetterAuthSettings(secret=SECRET, issuer=api_issuer), TokenFactory(secret=SECRET, issuer=token_issuer).make()
    )
    assert (error.code, error.status) == ("ISSUER_MISMATCH", 401)
    assert_documented(error, entry("ISSUER_MISMATCH"))


def test_issuer_from_the_environment_drops_a_trailing_slash_and_an_unset_url_stops_the_api() -> None:
    settings = BetterAuthSettings.from_env({"BETTER_AUTH_SECRET": SECRET, "BETTER_AUTH_URL": URL + "/"})
    assert AccessTokenVerifier(settings).verify(TokenFactory(secret=SECRET, issuer=URL).make())["iss"] == URL
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings.from_env({"BETTER_AUTH_SECRET": SECRET})
    assert info.value.setting == "BETTER_AUTH_URL"
    assert str(info.value) in " ".join(entry("ISSUER_MISMATCH").split())


def test_audience_mismatch() -> None:
    api = BetterAuthSettings(secret=SECRET, issuer=URL, audience="example-api")
    error = refusal(api, TokenFactory(secret=SECRET, issuer=URL).make())
    assert (error.code, error.status) == ("AUDIENCE_MISMATCH", 401)
    assert_documented(error, entry("AUDIENCE_MISMATCH"))


@pytest.mark.parametrize(
    ("offset", "code"),
    [(+60, "TOKEN_ISSUED_IN_FUTURE"), (-(900 + 60), "TOKEN_EXPIRED")],
    ids=["issuer-clock-ahead", "issuer-clock-behind"],
)
def test_clock_skew_beyond_the_leeway(offset: int, code: str) -> None:
    api = BetterAuthSettings(secret=SECRET, issuer=URL)
    assert api.leeway_seconds == 30  # the page's number
    token = TokenFactory(secret=SECRET, issuer=URL, now=int(time.time()) + offset).make()
    error = refusal(api, token)
    assert (error.code, error.status) == (code, 401)
    assert_documented(error, entry("TOKEN_EXPIRED"))


def test_clock_skew_within_the_leeway_is_accepted() -> None:
    api = BetterAuthSettings(secret=SECRET, issuer=URL)
    token = TokenFactory(secret=SECRET, issuer=URL, now=int(time.time()) + 20).make()
    assert AccessTokenVerifier(api).verify(token)["sub"] == "user-1"


@pytest.mark.parametrize(
    "value",
    [None, "short", "better-auth-secret-123456789012345678901234567890", "a" * 40],
    ids=["missing", "short", "placeholder", "low-entropy"],
)
def test_weak_secret_messages_are_the_pages(value: str | None) -> None:
    environ = {"BETTER_AUTH_URL": URL} | ({} if value is None else {"BETTER_AUTH_SECRET": value})
    with pytest.raises(ConfigurationError) as info:
        BetterAuthSettings.from_env(environ)
    assert info.value.setting == "BETTER_AUTH_SECRET"
    first = str(info.value).split(";")[0]
    section = entry("Weak or missing secret").replace("`", "")
    assert first in section
    if value is not None:
        assert value not in str(info.value)


def test_the_kid_command_prints_the_apis_kids() -> None:
    block = re.search(r"```sh\n(python -c .*?)\n```", entry("KID_UNKNOWN"), re.DOTALL)
    assert block is not None
    command = block[1].replace("python", sys.executable, 1)
    env = {"BETTER_AUTH_SECRET": SECRET, "BETTER_AUTH_URL": URL, "PATH": ""}
    out = subprocess.run(command, shell=True, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S602
    factory = TokenFactory(secret=SECRET, issuer=URL)
    assert out.strip() == repr((factory.kid,))
