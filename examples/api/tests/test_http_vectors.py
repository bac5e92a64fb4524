"""The shared vectors (spec/vectors/verify_v1.json, http_errors_v1.json), replayed over real HTTP.

verify_v1 fixes `now` in the past while the server runs on the real clock, so a case is sent when
its answer does not depend on the clock: failures found before the time checks (structure, JSON,
header, kid, signature, exp/iat/nbf types) and expiry keep their code; a token that got further
is now expired (TOKEN_EXPIRED). A token that is not a single token68 never reaches the verifier:
the Authorization header is malformed (400 AUTHORIZATION_MALFORMED).
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from cases import REPO, Req, status_of
from checks import problems
from conftest import Server, api_env, running_api

VECTORS = REPO / "spec" / "vectors"
TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
HTTP_CODES = {"TOKEN_MISSING", "AUTHORIZATION_MALFORMED", "AUTHORIZATION_REPEATED"}
BEFORE_TIME_CHECKS = {
    "TOKEN_TOO_LARGE", "TOKEN_MALFORMED", "JSON_INVALID", "ALG_NOT_ALLOWED", "TYPE_INVALID", "CRIT_UNSUPPORTED",
    "HEADER_PARAM_FORBIDDEN", "KID_MISSING", "KID_UNKNOWN", "SIGNATURE_INVALID", "TOKEN_EXPIRED",
}  # fmt: skip


def _load(name: str) -> dict[str, Any]:
    path = VECTORS / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _sendable(value: str) -> bool:
    """Whether an HTTP client can send the value as is (latin-1, no control characters but HTAB)."""
    return all(c == "\t" or (0x20 <= ord(c) <= 0xFF and ord(c) != 0x7F) for c in value)


def _parse_int(text: str) -> float:
    return int(text) if len(text) < 4000 else float("inf")


def _is_int(value: object) -> bool:
    """The contract's "integer": a JSON number, not a boolean, integral, within 0..2^53-1."""
    ok_type = type(value) in (int, float)
    return ok_type and float(value).is_integer() and 0 <= float(value) <= 2**53 - 1  # type: ignore[arg-type]


def _expected_now(group: dict[str, Any], test: dict[str, Any]) -> str | bool | None:
    """The code expected on the real clock; None for 200; False when it cannot be told."""
    token: str = test["token"]
    if token != token.strip(" \t") or not _sendable(token):
        return False
    if not TOKEN68.fullmatch(token):
        return "AUTHORIZATION_MALFORMED"
    code: str | None = test.get("code")
    if code in BEFORE_TIME_CHECKS:
        return code
    try:  # huge integer literals become inf (never an acceptable time), deep nesting gives up
        payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="), parse_int=_parse_int)
    except (ValueError, RecursionError):
        return False
    if code in ("CLAIM_MISSING", "CLAIM_INVALID") and test["claim"] in ("exp", "iat", "nbf"):
        later = test["claim"] == "exp" and _is_int(payload.get("exp")) and _is_int(payload.get("iat"))
        if not later:  # a type error, found before the time checks (not "exp <= iat", checked after them)
            return code
    if time.time() >= payload["exp"] + group["settings"]["leewaySeconds"]:
        return "TOKEN_EXPIRED"
    return False


def _verify_cases() -> Iterator[Any]:
    for group in _load("verify_v1.json")["testGroups"]:
        if group["settings"]["maxTokenBytes"] != 8192:  # not settable from the environment
            continue
        for test in group["tests"]:
            expected = _expected_now(group, test)
            if expected is not False:
                yield pytest.param(group, test, expected, id=f"verify_v1 #{test['tcId']} {test['comment']}")


def _http_cases() -> Iterator[Any]:
    for group in _load("http_errors_v1.json")["testGroups"]:
        if group["realm"] != "api":  # the example API uses the default realm
            continue
        for test in group["tests"]:
            # The HTTP parser trims SP/HTAB around a field value, as the contract does first anyway.
            values = [v.strip(" \t") for v in test["authorization"]]
            if all(_sendable(v) for v in values):
                yield pytest.param(test, values, id=f"http_errors_v1 #{test['tcId']} {test['comment']}")


VERIFY_CASES = list(_verify_cases())
HTTP_CASES = list(_http_cases())


def _env(group: dict[str, Any], tmp: Path) -> dict[str, str]:
    settings = group["settings"]
    return api_env(
        BETTER_AUTH_SECRET=group["secret"],
        BETTER_AUTH_PREVIOUS_SECRETS=",".join(group["previousSecrets"]) or None,
        BETTER_AUTH_KEY_MODE=group["keyMode"],
        BETTER_AUTH_URL=settings["issuer"],
        BETTER_AUTH_AUDIENCE=settings["audience"],
        BETTER_AUTH_LEEWAY_SECONDS=str(settings["leewaySeconds"]),
        BETTER_AUTH_MAX_LIFETIME_SECONDS=str(settings["maxLifetimeSeconds"]),
        TODO_DB=str(tmp / "todos.sqlite"),
    )


@pytest.fixture(scope="session")
def vector_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One running API per verify_v1 group, configured as the group says; group comment -> URL."""
    urls: dict[str, str] = {}
    with ExitStack() as stack:
        for group in _load("verify_v1.json")["testGroups"]:
            tmp = tmp_path_factory.mktemp("vectors")
            url, _ = stack.enter_context(running_api(_env(group, tmp), tmp / "server.log"))
            urls[group["comment"]] = url
        yield urls


def test_vectors_are_present_and_mostly_replayable() -> None:
    total = sum(len(g["tests"]) for g in _load("verify_v1.json")["testGroups"])
    assert len(VERIFY_CASES) >= total * 0.9
    assert len(HTTP_CASES) >= 30


@pytest.mark.parametrize(("group", "test", "code"), VERIFY_CASES)
def test_verify_vector_over_http(
    group: dict[str, Any], test: dict[str, Any], code: str | None, vector_servers: dict[str, str]
) -> None:
    value = f"Bearer {test['token']}".rstrip(" \t")  # "Bearer " for the empty token: the parser trims it
    req = Req([("authorization", value)])
    with httpx.Client(base_url=vector_servers[group["comment"]], timeout=10) as client:
        resp = client.get("/api/me", headers=[(b"authorization", value.encode("latin-1"))])
    assert problems(resp, 200 if code is None else status_of(code), code, req) == []


@pytest.mark.parametrize(("test", "values"), HTTP_CASES)
def test_http_errors_vector_over_http(
    test: dict[str, Any], values: list[str], server: Server, client: httpx.Client
) -> None:
    req = Req([("authorization", v) for v in values])
    resp = client.get("/api/me", headers=[(b"authorization", v.encode("latin-1")) for v in values])
    if test["result"] == "error":
        assert problems(resp, test["status"], test["code"], req) == []
        assert resp.headers["www-authenticate"] == test["wwwAuthenticate"]
    else:  # the header was fine: whatever the verifier says of this opaque token, it is not a header error
        assert resp.status_code == 401
        assert resp.json()["code"] not in HTTP_CODES
        assert resp.headers["www-authenticate"] == 'Bearer realm="api", error="invalid_token"'
