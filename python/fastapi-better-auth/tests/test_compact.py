from __future__ import annotations

from fastapi_better_auth.compact import b64url_decode, b64url_encode


def test_base64url_round_trip() -> None:
    for n in range(0, 40):
        data = bytes(range(n))
        assert b64url_decode(b64url_encode(data)) == data
        assert "=" not in b64url_encode(data)
