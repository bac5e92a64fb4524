from __future__ import annotations

import json
from pathlib import Path

import pytest

from fastapi_better_auth import ConfigurationError
from fastapi_better_auth.secret import (
    LOW_ENTROPY_MAX_CLOSE_FRACTION,
    LOW_ENTROPY_MIN_BITS,
    LOW_ENTROPY_MIN_DISTINCT,
    MIN_SECRET_BYTES,
    PUBLISHED_DEFAULTS,
    check_secret,
    secret_problem,
)

RULES = Path(__file__).resolve().parents[3] / "spec" / "secret_rules.json"


def test_the_rules_constants_are_exactly_spec_secret_rules_json() -> None:
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    assert rules["minSecretBytes"] == MIN_SECRET_BYTES
    assert list(PUBLISHED_DEFAULTS) == rules["publishedDefaults"]
    assert rules["lowEntropy"] == {
        "minDistinctCodePoints": LOW_ENTROPY_MIN_DISTINCT,
        "minShannonBitsPerCodePoint": LOW_ENTROPY_MIN_BITS,
        "maxCloseAdjacentFraction": LOW_ENTROPY_MAX_CLOSE_FRACTION,
    }


def test_secret_hygiene_order_and_messages() -> None:
    assert secret_problem("changeme") == "tooShort"  # the first failing rule wins
    with pytest.raises(ConfigurationError) as info:
        check_secret("x" * 40, "options.secret")
    assert info.value.setting == "options.secret"
    assert str(info.value).startswith("options.secret is too predictable")
    assert "openssl rand -base64 32" in str(info.value)
    assert secret_problem("\ud800" * 11) == "invalidUtf8"  # not UTF-8 text, whatever its length (vector #32-#35)


def test_a_secret_of_non_utf8_bytes_in_the_environment_is_refused() -> None:
    """Regression test for issue 7, item 5: Python reads the bytes 0x80..0x9F of an environment variable as 32
    distinct lone surrogates, which used to pass the entropy rule while the key was derived from 32 U+FFFD (a
    constant). A real process environment, set as bytes."""
    import os
    import subprocess
    import sys

    script = (
        "from fastapi_better_auth import BetterAuthSettings, ConfigurationError\n"
        "try:\n"
        "    BetterAuthSettings.from_env()\n"
        "except ConfigurationError as exc:\n"
        "    print(exc.setting, exc.reason)\n"
    )
    env = {k.encode(): v.encode() for k, v in os.environ.items() if not k.startswith("BETTER_AUTH_")}
    env[b"BETTER_AUTH_SECRET"] = bytes(range(0x80, 0xA0))
    env[b"BETTER_AUTH_URL"] = b"http://localhost:3000"
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True)  # noqa: S603
    assert out.stdout.decode().split() == ["BETTER_AUTH_SECRET", "invalidUtf8"]
