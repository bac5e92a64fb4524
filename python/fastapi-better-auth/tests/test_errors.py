from __future__ import annotations

import pytest

from fastapi_better_auth.codes import CODES
from fastapi_better_auth.errors import (
    AccessTokenError,
    ConfigurationError,
    InsufficientScopeError,
    InvalidRequestError,
    InvalidTokenError,
    access_token_error,
)


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_builds_the_subclass_of_its_error(code: str) -> None:
    exc = access_token_error(code)  # type: ignore[arg-type]
    info = CODES[code]
    assert exc.code == code
    assert exc.status == info.status
    assert exc.error == info.error
    expected = {"invalid_request": InvalidRequestError, "insufficient_scope": InsufficientScopeError}
    assert type(exc) is expected.get(info.error or "", InvalidTokenError)
    assert isinstance(exc, AccessTokenError)
    assert exc.detail.endswith(".")
    assert str(exc) == exc.detail


def test_claim_errors_name_the_claim() -> None:
    missing = InvalidTokenError("CLAIM_MISSING", claim="exp")
    invalid = InvalidTokenError("CLAIM_INVALID", claim="roles")
    assert missing.claim == "exp"
    assert "'exp'" in missing.detail
    assert "'roles'" in invalid.detail
    assert repr(invalid) == "InvalidTokenError('CLAIM_INVALID', claim='roles')"


def test_configuration_error_is_outside_the_access_token_tree() -> None:
    err = ConfigurationError("secret", "tooShort", "secret must be at least 32 bytes")
    assert not isinstance(err, AccessTokenError)
    renamed = err.renamed("BETTER_AUTH_SECRET")
    assert (renamed.setting, renamed.reason, str(renamed)) == (
        "BETTER_AUTH_SECRET",
        "tooShort",
        "BETTER_AUTH_SECRET must be at least 32 bytes",
    )
