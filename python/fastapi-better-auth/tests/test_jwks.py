from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fastapi_better_auth import BetterAuth, BetterAuthSettings, CurrentUser, InvalidTokenError, JWKSVerifier
from fastapi_better_auth.compact import b64url_encode

from .helpers import NOW, assert_auth_error

ISSUER = "http://localhost:3000"


class JWKSServer:
    """A real HTTP server on loopback serving a JWKS that tests can change, break and count."""

    def __init__(self) -> None:
        self.jwks: dict[str, Any] = {"keys": []}
        self.status = 200
        self.requests = 0
        self.raw: bytes | None = None  # a hostile body sent instead of the JWKS
        self.headers: dict[str, str] = {}
        self.trickle = 0.0  # seconds between two bytes of the body
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                body = json.dumps(server.jwks).encode() if server.status == 200 else b"down"
                body = body if server.raw is None else server.raw
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in server.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    if not server.trickle:
                        self.wfile.write(body)
                    for i in range(len(body) if server.trickle else 0):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(server.trickle)
                except OSError:
                    return  # the client gave up

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/auth/jwks"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True)

    def __enter__(self) -> JWKSServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Key:
    """An Ed25519 key pair, as Better Auth's jwt plugin makes by default."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.jwk = {"alg": "EdDSA", "crv": "Ed25519", "x": b64url_encode(raw), "kty": "OKP", "kid": kid}

    def sign(self, payload: dict[str, Any], **header: Any) -> str:
        headers = {"kid": self.kid, **header}
        return pyjwt.encode(payload, self.private, algorithm="EdDSA", headers=headers)


def better_auth_payload(**changes: Any) -> dict[str, Any]:
    """The default payload of Better Auth's jwt plugin: the session user plus the registered claims."""
    payload: dict[str, Any] = {
        "id": "u-1",
        "name": "Ada",
        "email": "ada@example.com",
        "emailVerified": True,
        "image": None,
        "createdAt": "2026-01-01T00:00:00.000Z",
        "updatedAt": "2026-01-01T00:00:00.000Z",
        "role": "admin,user",
        "iat": NOW,
        "exp": NOW + 900,
        "iss": ISSUER,
        "aud": ISSUER,
        "sub": "u-1",
    }
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


@pytest.fixture
def server() -> Iterator[JWKSServer]:
    with JWKSServer() as s:
        yield s


def make_verifier(server: JWKSServer, **changes: Any) -> JWKSVerifier:
    options: dict[str, Any] = {"issuer": ISSUER, "jwks_url": server.url, "jwks_refresh_seconds": 60, **changes}
    settings = BetterAuthSettings(**options)
    return JWKSVerifier(settings, clock=lambda: NOW)


async def code_of(verifier: JWKSVerifier, token: str) -> str:
    with pytest.raises(InvalidTokenError) as info:
        await verifier.verify(token)
    return info.value.code


async def test_verifies_a_better_auth_jwt_plugin_token(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    claims = await verifier.verify(key.sign(better_auth_payload()))  # PyJWT adds typ "JWT"
    assert claims["sub"] == "u-1"
    no_typ = key.sign(better_auth_payload(), typ=None)
    assert (await verifier.verify(no_typ))["email"] == "ada@example.com"
    assert server.requests == 1
    assert verifier.kids == ("k1",)


async def test_unknown_kid_refetches_once_then_finds_the_rotated_key(server: JWKSServer) -> None:
    old, new = Key("old"), Key("new")
    server.jwks = {"keys": [old.jwk]}
    verifier = make_verifier(server, jwks_refresh_seconds=0)
    await verifier.verify(old.sign(better_auth_payload()))
    server.jwks = {"keys": [new.jwk, old.jwk]}
    await verifier.verify(new.sign(better_auth_payload()))
    assert server.requests == 2


async def test_unknown_kids_cannot_hammer_the_jwks_url(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    await verifier.verify(key.sign(better_auth_payload()))
    for i in range(20):
        assert await code_of(verifier, Key(f"stranger-{i}").sign(better_auth_payload())) == "KID_UNKNOWN"
    assert server.requests == 1


async def test_nothing_fetchable_is_jwks_unavailable(server: JWKSServer) -> None:
    server.status = 503
    verifier = make_verifier(server)
    assert await code_of(verifier, Key("k1").sign(better_auth_payload())) == "JWKS_UNAVAILABLE"
    server.status = 200
    server.jwks = {"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "k1", "alg": "HS256"}]}
    assert await code_of(make_verifier(server), Key("k1").sign(better_auth_payload())) == "JWKS_UNAVAILABLE"


async def test_unreachable_url_is_jwks_unavailable() -> None:
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url="http://127.0.0.1:9/jwks", jwks_timeout_seconds=1)
    verifier = JWKSVerifier(settings, clock=lambda: NOW)
    assert await code_of(verifier, Key("k1").sign(better_auth_payload())) == "JWKS_UNAVAILABLE"


async def test_old_keys_are_kept_when_a_refresh_fails(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10, cache_size=0)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token = key.sign(better_auth_payload())
    await verifier.verify(token)
    server.status = 500
    ticks["t"] = 100.0  # the key set is stale: a refresh is tried (in the background), fails, the old key stays
    assert (await verifier.verify(token))["sub"] == "u-1"
    assert verifier._background is not None
    await verifier._background
    assert server.requests == 2
    assert (await verifier.verify(token))["sub"] == "u-1"
    assert server.requests == 2  # rate-limited: no new attempt within jwks_refresh_seconds


async def test_algorithm_is_pinned_to_the_key(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    payload = better_auth_payload()
    # HS256 keyed with the public key bytes: the classic algorithm confusion.
    public = key.jwk["x"].encode()
    confused = pyjwt.encode(payload, public, algorithm="HS256", headers={"kid": "k1"})
    assert await code_of(verifier, confused) == "ALG_NOT_ALLOWED"
    head, body, sig = key.sign(payload).split(".")
    relabelled = b64url_encode(json.dumps({"alg": "ES256", "kid": "k1"}).encode())
    assert await code_of(verifier, f"{relabelled}.{body}.{sig}") == "ALG_NOT_ALLOWED"
    assert await code_of(verifier, f"{head}.{body}.{sig[:-4]}AAAA") == "SIGNATURE_INVALID"
    assert await code_of(verifier, Key("k1").sign(payload)) == "SIGNATURE_INVALID"  # same kid, other key


@pytest.mark.parametrize(
    ("changes", "header", "code"),
    [
        ({}, {"typ": "at+jwt"}, None),
        ({}, {"typ": "JOSE"}, "TYPE_INVALID"),
        ({}, {"crit": ["exp"]}, "CRIT_UNSUPPORTED"),
        ({}, {"jku": "https://evil.example/jwks"}, "HEADER_PARAM_FORBIDDEN"),
        ({"exp": NOW - 31}, {}, "TOKEN_EXPIRED"),
        ({"exp": ...}, {}, "CLAIM_MISSING"),
        ({"iat": ...}, {}, None),
        ({"iss": ...}, {}, "CLAIM_MISSING"),
        ({"iss": "https://evil.example"}, {}, "ISSUER_MISMATCH"),
        ({"aud": "https://other.example"}, {}, "AUDIENCE_MISMATCH"),
        ({"sub": ""}, {}, "CLAIM_INVALID"),
        ({"sub": ...}, {}, "CLAIM_MISSING"),
        ({"email": ...}, {}, "CLAIM_MISSING"),
        ({"emailVerified": "yes"}, {}, "CLAIM_INVALID"),
        ({"role": 1}, {}, "CLAIM_INVALID"),
        ({"roles": "admin"}, {}, "CLAIM_INVALID"),
        ({"name": None}, {}, None),
    ],
)
async def test_jwks_mode_claims(
    server: JWKSServer, changes: dict[str, Any], header: dict[str, Any], code: str | None
) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    token = key.sign(better_auth_payload(**changes), **header)
    if code is None:
        assert (await verifier.verify(token))["sub"] == "u-1"
    else:
        assert await code_of(verifier, token) == code


def test_fastapi_app_in_jwks_mode(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    app = FastAPI()
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url)
    BetterAuth(settings, clock=lambda: NOW).install(app)

    @app.get("/me")
    async def me(user: CurrentUser) -> dict[str, Any]:
        return {"id": user.id, "roles": user.roles, "verified": user.email_verified}

    client = TestClient(app)
    ok = client.get("/me", headers={"Authorization": f"Bearer {key.sign(better_auth_payload())}"})
    assert ok.json() == {"id": "u-1", "roles": ["admin", "user"], "verified": True}
    bad = client.get("/me", headers={"Authorization": f"Bearer {Key('k9').sign(better_auth_payload())}"})
    assert_auth_error(bad, "KID_UNKNOWN", 401, 'Bearer realm="api", error="invalid_token"')


async def test_concurrent_first_requests_share_one_fetch(server: JWKSServer) -> None:

    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server, cache_size=0)
    tokens = [key.sign(better_auth_payload(sub=f"u-{i}")) for i in range(20)]
    results = await asyncio.gather(*(verifier.verify(t) for t in tokens))
    assert [r["sub"] for r in results] == [f"u-{i}" for i in range(20)]
    assert server.requests == 1


@pytest.mark.parametrize("alg", ["ES256", "ES512", "RS256", "PS256"])
async def test_other_better_auth_key_types(server: JWKSServer, alg: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from jwt.algorithms import ECAlgorithm, RSAAlgorithm

    private: Any
    if alg.startswith("ES"):
        private = ec.generate_private_key(ec.SECP256R1() if alg == "ES256" else ec.SECP521R1())
        jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    server.jwks = {"keys": [{**jwk, "kid": "k-" + alg, "alg": alg}]}
    verifier = make_verifier(server)
    token = pyjwt.encode(better_auth_payload(), private, algorithm=alg, headers={"kid": "k-" + alg})
    assert (await verifier.verify(token))["sub"] == "u-1"
    other = "RS256" if alg == "PS256" else "PS256" if alg == "RS256" else "ES256" if alg == "ES512" else "ES512"
    _, body, sig = token.split(".")
    relabelled = b64url_encode(json.dumps({"alg": other, "kid": "k-" + alg}).encode())
    assert await code_of(verifier, f"{relabelled}.{body}.{sig}") == "ALG_NOT_ALLOWED"


async def test_cached_jwks_token_still_expires(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    token = key.sign(better_auth_payload(nbf=NOW))
    claims = await verifier.verify(token, now=NOW)
    claims["role"] = "root"  # a caller's edit does not reach the cache
    assert (await verifier.verify(token, now=NOW + 869))["role"] == "admin,user"
    assert await code_of_at(verifier, token, NOW + 930) == "TOKEN_EXPIRED"
    assert await code_of_at(verifier, token, NOW - 31) == "TOKEN_NOT_YET_VALID"


async def code_of_at(verifier: JWKSVerifier, token: str, now: int) -> str:
    with pytest.raises(InvalidTokenError) as info:
        await verifier.verify(token, now=now)
    return info.value.code


def _gzip_bomb() -> bytes:
    import gzip

    return gzip.compress(b'{"keys":[KEY],"pad":"' + b"0" * 5_000_000 + b'"}', compresslevel=9)


@pytest.mark.parametrize(
    ("raw", "headers"),
    [
        (b'{"keys":' + b"[" * 100_000 + b"]" * 100_000 + b"}", {}),  # RecursionError in a plain json.loads
        (b'{"keys":[KEY],"pad":"' + b"x" * 3_000_000 + b'"}', {}),  # a usable key, but over the 1 MiB cap
        (_gzip_bomb(), {"Content-Encoding": "gzip"}),  # a few kB on the wire, 5 MB decoded
        (b"\xff\xfe{\x00}\x00", {}),  # UTF-16 with a BOM: not UTF-8
        (b"<html>502 Bad Gateway</html>", {}),
        (b'{"keys":{"kty":"OKP"}}', {}),
        (b'{"keys":[1,null,"x",{"kty":"OKP","kid":"k1","alg":"EdDSA","crv":"Ed25519","x":"!!"}]}', {}),
    ],
    ids=["deep", "huge", "gzip-bomb", "utf16", "html", "keys-not-a-list", "junk-keys"],
)
async def test_hostile_jwks_bodies_are_jwks_unavailable(
    server: JWKSServer, raw: bytes, headers: dict[str, str]
) -> None:
    import gzip

    key = Key("k1")
    jwk = json.dumps(key.jwk).encode()
    if headers:
        raw = gzip.compress(gzip.decompress(raw).replace(b"KEY", jwk, 1), compresslevel=9)
    server.raw = raw.replace(b"KEY", jwk, 1)
    server.headers = headers
    verifier = make_verifier(server)
    assert await code_of(verifier, key.sign(better_auth_payload())) == "JWKS_UNAVAILABLE"
    assert server.requests == 1


async def test_a_slow_body_cannot_stall_verification_beyond_the_timeout(server: JWKSServer) -> None:
    # httpx's timeouts apply to each read; a server sending one byte at a time would keep a fetch (and every
    # request waiting for the key) going for as long as it likes. The timeout covers the whole fetch.
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    server.trickle = 0.05  # about 8 s for the whole body
    verifier = make_verifier(server, jwks_timeout_seconds=0.5)
    # A hang guard, not a timing assertion: without the whole-fetch timeout this waits out the 8 s body.
    code = await asyncio.wait_for(code_of(verifier, key.sign(better_auth_payload())), timeout=6)
    assert code == "JWKS_UNAVAILABLE"


def test_hostile_jwks_body_over_http_is_a_401_not_a_500(server: JWKSServer) -> None:
    server.raw = b'{"keys":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    auth = BetterAuth(BetterAuthSettings(issuer=ISSUER, jwks_url=server.url), clock=lambda: NOW)
    app = FastAPI()
    auth.install(app)

    @app.get("/me")
    async def me(user: CurrentUser) -> str:
        return user.id

    response = TestClient(app, raise_server_exceptions=False).get(
        "/me", headers={"Authorization": "Bearer " + Key("k1").sign(better_auth_payload())}
    )
    assert_auth_error(response, "JWKS_UNAVAILABLE", 401, 'Bearer realm="api", error="invalid_token"')


async def test_a_stale_key_set_is_refreshed_in_the_background_without_stalling_requests(server: JWKSServer) -> None:
    # With the key cached, a slow or hanging JWKS endpoint must not hold every request for the fetch timeout
    # each time the key set grows stale: the cached key answers now, the refresh runs behind.

    key, rotated = Key("k1"), Key("k2")
    server.jwks = {"keys": [key.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(
        issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10, jwks_timeout_seconds=3, cache_size=0
    )
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token = key.sign(better_auth_payload())
    await verifier.verify(token)
    server.jwks = {"keys": [key.jwk, rotated.jwk]}
    server.trickle = 0.002  # the refresh takes about a second
    ticks["t"] = 100.0  # stale
    results = await asyncio.gather(*(verifier.verify(token) for _ in range(20)))
    # Answered from the cached key while the (second-long) refresh is still under way.
    assert "k2" not in verifier.kids
    assert {r["sub"] for r in results} == {"u-1"}
    for _ in range(300):  # the background refresh lands
        if "k2" in verifier.kids:
            break
        await asyncio.sleep(0.01)
    assert verifier.kids == ("k1", "k2")
    assert server.requests == 2


async def test_a_key_removed_from_the_jwks_stops_its_cached_tokens(server: JWKSServer) -> None:
    # Removing a key from the JWKS is how a JWKS-mode deployment revokes it; cached tokens signed with it
    # must not outlive the next successful refresh.
    old, new = Key("old"), Key("new")
    server.jwks = {"keys": [old.jwk, new.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token, kept = old.sign(better_auth_payload()), new.sign(better_auth_payload())
    await verifier.verify(token)
    await verifier.verify(kept)
    server.jwks = {"keys": [new.jwk]}
    ticks["t"] = 100.0
    await verifier.verify(kept)  # stale: the refresh starts behind this request
    assert verifier._background is not None
    await verifier._background
    assert await code_of(verifier, token) == "KID_UNKNOWN"
    assert (await verifier.verify(kept))["sub"] == "u-1"


async def test_a_mock_transport_client_works() -> None:
    # httpx reads a Response built with content eagerly: streaming it again raised StreamConsumed, so a test
    # client with httpx.MockTransport (the documented use of jwks_client) always got JWKS_UNAVAILABLE.
    import httpx

    key = Key("k1")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"keys": [key.jwk]}))
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url="https://auth.example/jwks")
    verifier = JWKSVerifier(settings, client=httpx.AsyncClient(transport=transport), clock=lambda: NOW)
    assert (await verifier.verify(key.sign(better_auth_payload())))["sub"] == "u-1"
    big = httpx.MockTransport(lambda request: httpx.Response(200, content=b" " * 2_000_000 + b"{}"))
    verifier = JWKSVerifier(settings, client=httpx.AsyncClient(transport=big), clock=lambda: NOW)
    assert await code_of(verifier, key.sign(better_auth_payload())) == "JWKS_UNAVAILABLE"


def test_a_refresh_left_pending_in_a_closed_event_loop_does_not_block_later_ones(server: JWKSServer) -> None:
    # A verifier driven from short-lived loops (sync wrappers, per-request portals) can see a loop closed
    # with its background refresh still pending: that task never finishes, and must not count as running.
    import gc
    import warnings

    key, rotated = Key("k1"), Key("k2")
    server.jwks = {"keys": [key.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10, cache_size=0)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token = key.sign(better_auth_payload())
    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(verifier.verify(token))
        server.trickle = 0.05  # the next refresh is slow: still pending when the loop goes away
        ticks["t"] = 100.0
        first.run_until_complete(verifier.verify(token))
        abandoned = verifier._background
    finally:
        first.close()
    server.trickle = 0.0
    server.jwks = {"keys": [key.jwk, rotated.jwk]}
    ticks["t"] = 200.0

    async def later() -> None:
        await verifier.verify(token)
        assert verifier._background is not None
        await verifier._background

    asyncio.run(later())
    assert verifier.kids == ("k1", "k2")
    with warnings.catch_warnings():  # the abandoned task's coroutine is never awaited, by design of the test
        warnings.simplefilter("ignore")
        del abandoned, first
        gc.collect()


async def _refreshed(verifier: JWKSVerifier, ticks: dict[str, float], token: str) -> None:
    """Lets the key set go stale, verifies ``token`` (which starts a background refresh) and waits for it."""
    ticks["t"] += 100.0
    with contextlib.suppress(InvalidTokenError):
        await verifier.verify(token)
    assert verifier._background is not None
    await verifier._background


async def test_a_key_replaced_under_the_same_kid_drops_the_cached_tokens_of_the_old_key(server: JWKSServer) -> None:
    """Regression test for issue 7, item 4: the verified-token cache was cleared only when a kid disappeared, so
    a token of a leaked key replaced under its kid kept verifying from the cache."""
    leaked, replacement = Key("k1"), Key("k1")
    server.jwks = {"keys": [leaked.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    old_token = leaked.sign(better_auth_payload())
    assert (await verifier.verify(old_token))["sub"] == "u-1"
    server.jwks = {"keys": [replacement.jwk]}
    await _refreshed(verifier, ticks, replacement.sign(better_auth_payload()))
    assert verifier.kids == ("k1",)
    assert await code_of(verifier, old_token) == "SIGNATURE_INVALID"
    assert (await verifier.verify(replacement.sign(better_auth_payload())))["sub"] == "u-1"


async def test_a_kid_whose_alg_changes_drops_the_cached_tokens(server: JWKSServer) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token = key.sign(better_auth_payload())
    await verifier.verify(token)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_jwk = {**json.loads(ECAlgorithm.to_jwk(ec_key.public_key())), "alg": "ES256", "kid": "k1"}
    server.jwks = {"keys": [ec_jwk]}
    await _refreshed(verifier, ticks, token)
    assert await code_of(verifier, token) == "ALG_NOT_ALLOWED"


async def test_an_unchanged_key_set_keeps_the_cache(server: JWKSServer) -> None:
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    ticks = {"t": 0.0}
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url=server.url, jwks_max_age_seconds=10)
    verifier = JWKSVerifier(settings, clock=lambda: NOW, monotonic=lambda: ticks["t"])
    token = key.sign(better_auth_payload())
    first = await verifier.user(token)
    await _refreshed(verifier, ticks, token)
    assert await verifier.user(token) is first  # still the cached entry


@pytest.mark.parametrize(
    ("exp", "code"),
    [
        (NOW + 3600, None),  # the maximum lifetime from now
        (NOW + 3600 + 30, None),  # plus the leeway (clock skew)
        (NOW + 3600 + 31, "LIFETIME_EXCEEDED"),
        (NOW + 10 * 365 * 86400, "LIFETIME_EXCEEDED"),  # a token from a leaked key, valid for years
    ],
)
async def test_without_iat_exp_is_capped_at_the_maximum_lifetime_from_now(
    server: JWKSServer, exp: int, code: str | None
) -> None:
    """Regression test for issue 7, item 4: iat is optional in JWKS mode, and without it nothing bounded exp."""
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    token = key.sign(better_auth_payload(iat=..., exp=exp))
    if code is None:
        assert (await verifier.verify(token))["sub"] == "u-1"
    else:
        assert await code_of(verifier, token) == code


async def test_a_plain_http_loopback_jwks_url_is_never_fetched_through_a_proxy(
    server: JWKSServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain http is allowed only because loopback traffic stays on the machine (issue 7, item 6); httpx would
    send it to HTTP_PROXY / ALL_PROXY from the environment, where anyone on the path could swap the keys."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there: a proxied fetch fails
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    key = Key("k1")
    server.jwks = {"keys": [key.jwk]}
    verifier = make_verifier(server)
    assert (await verifier.verify(key.sign(better_auth_payload())))["sub"] == "u-1"
