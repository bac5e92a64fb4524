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
    assert secret_problem("\ud800" * 11) == "lowEntropy"  # 33 bytes as a TextEncoder counts them
