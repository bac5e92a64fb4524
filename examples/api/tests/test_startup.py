"""The example API refuses to start, with a clear message and a non-zero exit, on a bad configuration."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
from conftest import api_env, free_port, running_api, uvicorn_command

BAD_SECRETS = {
    "missing": None,
    "empty": "",
    "tooShort": "Zq8#vL2!pW5x",
    "publishedDefault": "better-auth-secret-123456789012345678901234",
    "publishedDefaultChangeMe": "Kx9!CHANGEME-qR4vT7wY2zP5nB8mL3jH",
    "lowEntropyRepeated": "a" * 48,
    "lowEntropySequence": "abcdefghijklmnopqrstuvwxyz0123456789",
    "lowEntropyDigits": "0123456789" * 4,
}


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        uvicorn_command(free_port()), env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("secret", BAD_SECRETS.values(), ids=BAD_SECRETS.keys())
def test_refuses_a_bad_secret(secret: str | None) -> None:
    result = _start(api_env(BETTER_AUTH_SECRET=secret))
    assert result.returncode != 0
    assert "BETTER_AUTH_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
    if secret:
        assert secret not in result.stderr
        assert secret not in result.stdout


def test_refuses_a_missing_issuer() -> None:
    result = _start(api_env(BETTER_AUTH_URL=None))
    assert result.returncode != 0
    assert "BETTER_AUTH_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_an_unknown_key_mode() -> None:
    result = _start(api_env(BETTER_AUTH_KEY_MODE="sideways"))
    assert result.returncode != 0
    assert "BETTER_AUTH_KEY_MODE" in result.stderr


def test_cors_defaults_to_the_web_apps_origin(tmp_path: Path) -> None:
    # Without WEB_ORIGIN the API trusts the example web app as `npm start` serves it.
    env = api_env(TODO_DB=str(tmp_path / "todos.sqlite"), WEB_ORIGIN=None)
    with running_api(env, tmp_path / "server.log") as (url, _pid):
        for origin, allowed in [("http://localhost:3000", True), ("http://localhost:3001", False)]:
            resp = httpx.options(
                f"{url}/api/todos",
                headers={
                    "origin": origin,
                    "access-control-request-method": "GET",
                    "access-control-request-headers": "authorization",
                },
            )
            assert (resp.headers.get("access-control-allow-origin") == origin) is allowed
