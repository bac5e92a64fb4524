"""Seeded random hostile input: every outcome is a typed error (or a valid answer), never a crash or a 5xx."""

from __future__ import annotations

import random

from fastapi_better_auth import AccessTokenError, AccessTokenVerifier, BetterAuthSettings
from fastapi_better_auth.testing import TokenFactory

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
