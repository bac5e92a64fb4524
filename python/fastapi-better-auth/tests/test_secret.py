from __future__ import annotations

import pytest

from fastapi_better_auth import ConfigurationError
from fastapi_better_auth.secret import check_secret, secret_problem


def test_secret_hygiene_order_and_messages() -> None:
    assert secret_problem("changeme") == "tooShort"  # the first failing rule wins
    with pytest.raises(ConfigurationError) as info:
        check_secret("x" * 40, "options.secret")
    assert info.value.setting == "options.secret"
    assert str(info.value).startswith("options.secret is too predictable")
    assert "openssl rand -base64 32" in str(info.value)
    assert secret_problem("\ud800" * 11) == "lowEntropy"  # 33 bytes as a TextEncoder counts them
