"""Seeded random hostile input: every outcome is a typed error (or a valid answer), never a crash or a 5xx."""

from __future__ import annotations

import json
import random
from typing import Any

from fastapi_better_auth import AccessTokenError, AccessTokenVerifier, BetterAuthSettings
from fastapi_better_auth.testing import TokenFactory, encode_json

from .helpers import ISSUER, NOW, SECRET
from .test_dependencies import client

tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)
verifier = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=0))
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \t\x00\x7f\xff\u00e9"


def mutate(rng: random.Random, token: str) -> str:
    chars = list(token)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(3)
        at = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(at, len(chars) - 1)]
        elif op == 1:
            chars.insert(at, rng.choice(ALPHABET))
        elif chars:
            chars[min(at, len(chars) - 1)] = rng.choice(ALPHABET)
    return "".join(chars)


def test_mutated_tokens_only_raise_access_token_errors() -> None:
    rng = random.Random(20261126)  # noqa: S311 - seeded, reproducible test input
    base = tokens.make(roles=["admin"])
    for _ in range(3000):
        token = mutate(rng, base)
        try:
            verifier.verify(token, now=NOW)
        except AccessTokenError:
            continue
        assert token == base, "only an unchanged token may pass"


def test_random_header_values_never_give_a_5xx() -> None:
    rng = random.Random(6750)  # noqa: S311 - seeded, reproducible test input
    base = "Bearer " + tokens.make()
    for _ in range(300):
        value = mutate(rng, base) if rng.random() < 0.7 else "".join(rng.choice(ALPHABET) for _ in range(20))
        response = client.get("/me", headers=[(b"authorization", value.encode("latin-1"))])
        assert response.status_code in (200, 400, 401), (value, response.status_code)
        if response.status_code != 200:
            assert response.json()["code"]
            assert response.headers["www-authenticate"].startswith('Bearer realm="api"')


# Pieces of hostile JSON: the MAC is made with the right key, so these reach the strict parser and the claim
# checks, which randomly mutated tokens (stopped by the MAC) never do.
_VALUES = [
    "0",
    "-0",
    "1.0",
    "1e3",
    "1.5",
    "-1",
    "1e400",
    "-1e400",
    "9007199254740991",
    "9007199254740992",
    "1" * 5000,
    "-" + "1" * 4301,
    "NaN",
    "Infinity",
    "true",
    "false",
    "null",
    '""',
    '"x"',
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\ud83d\\ude00"',
    "[]",
    '["a"]',
    '["a",1]',
    "{}",
    '{"a":1,"a":2}',
    '{"\\u0061":1,"a":2}',
    "[" * 1001 + "]" * 1001,
    "[" * 999 + "]" * 999,
    '"\\u00"',
    "'x'",
    "01",
    "1.",
    ".5",
    "+1",
    "[1,]",
    '{"a":1,}',
    '"\x01"',
]
_NAMES = ["exp", "iat", "nbf", "iss", "aud", "sub", "email", "email_verified", "name", "roles", "jti", "x", "\\u0065xp"]


def hostile_json(rng: random.Random, base: dict[str, Any]) -> bytes:
    members = {k: json.dumps(v, separators=(",", ":")) for k, v in base.items()}
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(_NAMES)
        if rng.random() < 0.2:
            members.pop(name, None)
        else:
            members[name] = rng.choice(_VALUES)
    text = "{" + ",".join(f'"{k}":{v}' for k, v in members.items()) + "}"
    roll = rng.random()
    if roll < 0.05:
        return text.encode("utf-16")
    if roll < 0.1:
        return b"\xef\xbb\xbf" + text.encode()
    if roll < 0.15:
        cut = rng.randrange(len(text) + 1)
        return text[:cut].encode() + bytes([rng.randrange(256)]) + text[cut:].encode()
    return text.encode("utf-8", "surrogatepass")


def random_input(rng: random.Random, base: str) -> Any:
    kind = rng.randrange(10)
    if kind < 4:
        return mutate(rng, base)
    if kind < 8:
        header = tokens.header()
        claims = tokens.claims(roles=["admin"])
        if kind == 4:
            return tokens.sign_bytes(hostile_json(rng, header), encode_json(claims))
        return tokens.sign_bytes(encode_json(header), hostile_json(rng, claims))
    if kind == 8:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(60)))
    return rng.choice([None, b"a.b.c", 7, 1.5, ["x"], {}, "", ".", "..", "a" * 9000])


def test_5000_random_and_signed_hostile_inputs_only_raise_access_token_errors() -> None:
    """Mutated tokens, random strings, non-strings, and well-signed tokens carrying hostile JSON: the verifier
    answers claims or an AccessTokenError, never anything else, and the cache changes no outcome."""
    rng = random.Random(42_4_1)  # noqa: S311 - seeded, reproducible test input
    base = tokens.make(roles=["admin"])
    cached = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=64))
    outcomes: dict[str, int] = {}
    for _ in range(5000):
        token = random_input(rng, base)
        results: list[str] = []
        for v in (verifier, cached, cached):
            try:
                claims = v.verify(token, now=NOW)
            except AccessTokenError as exc:
                results.append(exc.code)
                continue
            assert type(claims["sub"]) is str
            assert claims["sub"]
            assert type(claims["roles"]) is list
            assert all(type(r) is str for r in claims["roles"])
            assert type(claims["email_verified"]) is bool
            results.append("valid")
        assert len(set(results)) == 1, (token, results)
        outcomes[results[0]] = outcomes.get(results[0], 0) + 1
    # The input reaches deep into the checklist, not only the first steps.
    assert {"valid", "JSON_INVALID", "CLAIM_INVALID", "CLAIM_MISSING", "SIGNATURE_INVALID", "TOKEN_MALFORMED"} <= set(
        outcomes
    ), outcomes


async def test_jwks_mode_only_raises_access_token_errors() -> None:
    """Mutated and random tokens against JWKS mode (Ed25519 and RSA keys served by an in-memory transport)."""
    import httpx
    import jwt as pyjwt
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
    from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

    from fastapi_better_auth import JWKSVerifier

    ed, rs = ed25519.Ed25519PrivateKey.generate(), rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys = [
        {**json.loads(OKPAlgorithm.to_jwk(ed.public_key())), "kid": "ed", "alg": "EdDSA"},
        {**json.loads(RSAAlgorithm.to_jwk(rs.public_key())), "kid": "rs", "alg": "RS256"},
    ]
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"keys": keys}))
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url="https://auth.example/jwks", cache_size=16)
    verifier = JWKSVerifier(settings, client=httpx.AsyncClient(transport=transport), clock=lambda: NOW)
    claims = {"sub": "u-1", "email": "a@example.com", "iat": NOW, "exp": NOW + 900, "iss": ISSUER, "aud": ISSUER}
    bases = [
        pyjwt.encode(claims, ed, algorithm="EdDSA", headers={"kid": "ed"}),
        pyjwt.encode(claims, rs, algorithm="RS256", headers={"kid": "rs"}),
    ]
    rng = random.Random(7517)  # noqa: S311 - seeded, reproducible test input
    for n in range(1500):
        base = bases[n % 2]
        token = random_input(rng, base) if n % 3 else mutate(rng, base)
        try:
            await verifier.verify(token)
        except AccessTokenError:
            continue
    for base in bases:
        assert (await verifier.verify(base))["sub"] == "u-1"
