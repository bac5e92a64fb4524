from __future__ import annotations

from typing import Any

import jwt as pyjwt
import pytest

from fastapi_better_auth import AccessTokenVerifier, BetterAuthSettings, InvalidTokenError
from fastapi_better_auth.compact import b64url_encode
from fastapi_better_auth.testing import TokenFactory, encode_json

from .helpers import ISSUER, NOW, SECRET

OTHER_SECRET = "another test secret: Kp3Vn8Qw1Zr6Ty0Ub5Xe9Ld2Hm4"
SETTINGS = BetterAuthSettings(secret=SECRET, issuer=ISSUER, cache_size=0)
verifier = AccessTokenVerifier(SETTINGS)
tokens = TokenFactory(secret=SECRET, issuer=ISSUER, now=NOW)


def code_of(token: str, *, v: AccessTokenVerifier = verifier, now: int = NOW) -> tuple[str, str | None]:
    with pytest.raises(InvalidTokenError) as info:
        v.verify(token, now=now)
    return info.value.code, info.value.claim


def with_claims(**changes: Any) -> str:
    claims = tokens.claims(roles=["admin"])
    for name, value in changes.items():
        if value is ...:
            claims.pop(name, None)
        else:
            claims[name] = value
    return tokens.sign(tokens.header(), claims)


def with_header(**changes: Any) -> str:
    header = tokens.header()
    for name, value in changes.items():
        if value is ...:
            header.pop(name, None)
        else:
            header[name] = value
    return tokens.sign(header, tokens.claims())


def test_accepts_a_valid_token_and_returns_every_claim() -> None:
    token = tokens.make("user-42", roles=["admin", "editor"], team="blue")
    claims = verifier.verify(token, now=NOW)
    assert claims["sub"] == "user-42"
    assert claims["roles"] == ["admin", "editor"]
    assert claims["team"] == "blue"
    assert claims["iss"] == ISSUER


def test_uses_the_clock_when_now_is_not_given() -> None:
    v = AccessTokenVerifier(SETTINGS, clock=lambda: NOW + 0.9)
    assert v.verify(tokens.make())["sub"] == "user-1"


def test_token_too_large_is_checked_before_parsing() -> None:
    small = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, max_token_bytes=100))
    assert code_of("!" * 101, v=small) == ("TOKEN_TOO_LARGE", None)
    assert code_of("!" * 100, v=small) == ("TOKEN_MALFORMED", None)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t + ".",
        lambda t: t.replace(".", "..", 1),
        lambda t: t.rsplit(".", 1)[0],
        lambda t: t + "=",
        lambda t: t.replace("e", "+", 1),
        lambda t: " " + t,
        lambda t: t + "\n",
        lambda t: t[:-2],  # a 41-character MAC segment: length 1 mod 4
        lambda t: t + "AA",  # 45 characters: length 1 mod 4
        lambda t: "",
    ],
)
def test_structure_must_be_three_strict_base64url_segments(mutate: Any) -> None:
    token = tokens.make()
    assert code_of(mutate(token))[0] == "TOKEN_MALFORMED"


def test_non_canonical_trailing_bits_are_malformed() -> None:
    token = tokens.make()
    head, body, sig = token.split(".")
    # The MAC segment has 43 characters: the last one carries 2 unused bits that must be zero.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(sig[-1])
    tweaked = sig[:-1] + alphabet[last | 1]
    assert code_of(f"{head}.{body}.{tweaked}")[0] == "TOKEN_MALFORMED"


@pytest.mark.parametrize(
    "header",
    [
        b"not json",
        b"[]",
        b'"HS256"',
        b'{"alg":"HS256","alg":"HS256","typ":"at+jwt"}',
        b'{"alg":"HS256","typ":"at+jwt","x":{"a":1,"a":2}}',
        b'\xef\xbb\xbf{"alg":"HS256"}',
        '{"alg":"HS256"}'.encode("utf-16"),
        b'{"alg":"HS256","typ":"at+jwt","n":NaN}',
        b'{"alg":"HS256","typ":"at+jwt","n":Infinity}',
        b'{"alg":"HS256","typ":"\\ud800"}',
        b'{"\\udc00":1}',
        b'{"alg":"\xff"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
    ],
)
def test_header_must_be_strict_json(header: bytes) -> None:
    small = tokens.sign_bytes(header, encode_json(tokens.claims()))
    big = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER, max_token_bytes=1048576))
    assert code_of(small, v=big)[0] == "JSON_INVALID"


def test_paired_surrogate_escapes_are_fine() -> None:
    token = tokens.sign_bytes(
        b'{"alg":"HS256","typ":"at+jwt","kid":"' + tokens.kid.encode() + b'","x":"\\ud83d\\ude00"}',
        encode_json(tokens.claims()),
    )
    assert verifier.verify(token, now=NOW)["sub"] == "user-1"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"alg": ...}, "ALG_NOT_ALLOWED"),
        ({"alg": "none"}, "ALG_NOT_ALLOWED"),
        ({"alg": "hs256"}, "ALG_NOT_ALLOWED"),
        ({"alg": "HS512"}, "ALG_NOT_ALLOWED"),
        ({"alg": "RS256"}, "ALG_NOT_ALLOWED"),
        ({"alg": ["HS256"]}, "ALG_NOT_ALLOWED"),
        ({"typ": ...}, "TYPE_INVALID"),
        ({"typ": "JWT"}, "TYPE_INVALID"),
        ({"typ": 1}, "TYPE_INVALID"),
        ({"typ": "at+jwt "}, "TYPE_INVALID"),
        ({"crit": []}, "CRIT_UNSUPPORTED"),
        ({"crit": ["exp"]}, "CRIT_UNSUPPORTED"),
        ({"jku": "https://evil.example/jwks"}, "HEADER_PARAM_FORBIDDEN"),
        ({"x5u": "https://evil.example/cert"}, "HEADER_PARAM_FORBIDDEN"),
        ({"jwk": {"kty": "oct", "k": "AAAA"}}, "HEADER_PARAM_FORBIDDEN"),
        ({"x5c": []}, "HEADER_PARAM_FORBIDDEN"),
        ({"kid": ...}, "KID_MISSING"),
        ({"kid": ""}, "KID_MISSING"),
        ({"kid": 7}, "KID_MISSING"),
        ({"kid": "unknown-kid-0000"}, "KID_UNKNOWN"),
    ],
)
def test_header_checks(changes: dict[str, Any], code: str) -> None:
    assert code_of(with_header(**changes))[0] == code


@pytest.mark.parametrize("typ", ["at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"])
def test_typ_is_compared_case_insensitively(typ: str) -> None:
    assert verifier.verify(with_header(typ=typ), now=NOW)["sub"] == "user-1"


def test_signature_must_match_and_be_32_bytes() -> None:
    assert code_of(tokens.wrong_key())[0] == "SIGNATURE_INVALID"
    head, body, _ = tokens.make().split(".")
    assert code_of(f"{head}.{body}.{b64url_encode(b'x' * 31)}")[0] == "SIGNATURE_INVALID"
    assert code_of(f"{head}.{body}.{b64url_encode(b'x' * 64)}")[0] == "SIGNATURE_INVALID"


def test_payload_is_parsed_only_after_the_mac() -> None:
    forged = tokens.sign_bytes(encode_json(tokens.header()), b"not json", key=b"k" * 32)
    assert code_of(forged)[0] == "SIGNATURE_INVALID"
    signed = tokens.sign_bytes(encode_json(tokens.header()), b"not json")
    assert code_of(signed)[0] == "JSON_INVALID"


def test_raw_secret_token_is_refused_in_derived_mode() -> None:
    raw = TokenFactory(secret=SECRET, issuer=ISSUER, key_mode="raw", now=NOW)
    assert code_of(raw.make())[0] == "KID_UNKNOWN"


def test_better_auth_email_verification_token_is_refused() -> None:
    # Better Auth signs its /verify-email tokens with the raw secret, HS256, no typ and no kid.
    token = pyjwt.encode({"email": "victim@example.com", "iat": NOW, "exp": NOW + 3600}, SECRET, algorithm="HS256")
    assert code_of(token)[0] == "TYPE_INVALID"


def test_raw_mode_accepts_raw_tokens_and_plain_pyjwt_can_read_them() -> None:
    raw_settings = BetterAuthSettings(secret=SECRET, issuer=ISSUER, key_mode="raw")
    raw = TokenFactory(secret=SECRET, issuer=ISSUER, key_mode="raw", now=NOW)
    token = raw.make()
    assert AccessTokenVerifier(raw_settings).verify(token, now=NOW)["sub"] == "user-1"
    decoded = pyjwt.decode(token, SECRET, algorithms=["HS256"], audience=ISSUER, options={"verify_exp": False})
    assert decoded["sub"] == "user-1"


def test_previous_secrets_are_accepted_by_kid() -> None:
    rotated = AccessTokenVerifier(BetterAuthSettings(secret=OTHER_SECRET, previous_secrets=(SECRET,), issuer=ISSUER))
    assert rotated.verify(tokens.make(), now=NOW)["sub"] == "user-1"
    new = TokenFactory(secret=OTHER_SECRET, issuer=ISSUER, now=NOW)
    assert rotated.verify(new.make(), now=NOW)["sub"] == "user-1"
    assert rotated.kids == (new.kid, tokens.kid)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"exp": ...}, ("CLAIM_MISSING", "exp")),
        ({"exp": "1700000900"}, ("CLAIM_INVALID", "exp")),
        ({"exp": True}, ("CLAIM_INVALID", "exp")),
        ({"exp": None}, ("CLAIM_INVALID", "exp")),
        ({"exp": NOW + 0.5}, ("CLAIM_INVALID", "exp")),
        ({"exp": -1}, ("CLAIM_INVALID", "exp")),
        ({"exp": 2**53}, ("CLAIM_INVALID", "exp")),
        ({"exp": 1e300}, ("CLAIM_INVALID", "exp")),
        ({"iat": ...}, ("CLAIM_MISSING", "iat")),
        ({"iat": "x"}, ("CLAIM_INVALID", "iat")),
        ({"nbf": "x"}, ("CLAIM_INVALID", "nbf")),
        ({"exp": NOW - 30}, ("TOKEN_EXPIRED", None)),
        ({"nbf": NOW + 31}, ("TOKEN_NOT_YET_VALID", None)),
        ({"iat": NOW + 31, "exp": NOW + 600}, ("TOKEN_ISSUED_IN_FUTURE", None)),
        ({"iat": NOW, "exp": NOW}, ("CLAIM_INVALID", "exp")),
        ({"iat": NOW - 10, "exp": NOW + 3591}, ("LIFETIME_EXCEEDED", None)),
        ({"iss": ...}, ("CLAIM_MISSING", "iss")),
        ({"iss": 1}, ("CLAIM_INVALID", "iss")),
        ({"iss": ISSUER + "/"}, ("ISSUER_MISMATCH", None)),
        ({"aud": ...}, ("CLAIM_MISSING", "aud")),
        ({"aud": []}, ("CLAIM_INVALID", "aud")),
        ({"aud": [ISSUER, 1]}, ("CLAIM_INVALID", "aud")),
        ({"aud": {"x": ISSUER}}, ("CLAIM_INVALID", "aud")),
        ({"aud": "other"}, ("AUDIENCE_MISMATCH", None)),
        ({"aud": ["other"]}, ("AUDIENCE_MISMATCH", None)),
        ({"sub": ...}, ("CLAIM_MISSING", "sub")),
        ({"sub": ""}, ("CLAIM_INVALID", "sub")),
        ({"sub": 42}, ("CLAIM_INVALID", "sub")),
        ({"email": ...}, ("CLAIM_MISSING", "email")),
        ({"email": None}, ("CLAIM_INVALID", "email")),
        ({"email_verified": ...}, ("CLAIM_MISSING", "email_verified")),
        ({"email_verified": "true"}, ("CLAIM_INVALID", "email_verified")),
        ({"name": None}, ("CLAIM_INVALID", "name")),
        ({"roles": ...}, ("CLAIM_MISSING", "roles")),
        ({"roles": "admin"}, ("CLAIM_INVALID", "roles")),
        ({"roles": ["admin", None]}, ("CLAIM_INVALID", "roles")),
        ({"jti": ""}, ("CLAIM_INVALID", "jti")),
    ],
)
def test_claim_checks(changes: dict[str, Any], expected: tuple[str, str | None]) -> None:
    assert code_of(with_claims(**changes)) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"iat": NOW - 900, "exp": NOW - 29},  # still inside the leeway
        {"nbf": NOW + 30},
        {"iat": NOW + 30, "exp": NOW + 600},
        {"exp": float(NOW + 900)},
        {"iat": NOW - 100, "exp": NOW - 100 + 3600},  # exactly the maximum lifetime
        {"aud": ["other", ISSUER]},
        {"name": ...},
        {"jti": ...},
        {"roles": []},
    ],
)
def test_accepted_edges(changes: dict[str, Any]) -> None:
    assert verifier.verify(with_claims(**changes), now=NOW)["sub"] == "user-1"


def test_first_failure_wins() -> None:
    # Expired, wrong issuer and empty sub: the clock check comes first.
    assert code_of(with_claims(exp=NOW - 100, iss="x", sub="")) == ("TOKEN_EXPIRED", None)


def test_needs_a_secret() -> None:
    settings = BetterAuthSettings(issuer=ISSUER, jwks_url="https://auth.example/api/auth/jwks")
    with pytest.raises(ValueError, match="JWKSVerifier"):
        AccessTokenVerifier(settings)


def signed_raw_payload(payload: str) -> str:
    return tokens.sign_bytes(encode_json(tokens.header()), payload.encode())


def test_integers_too_long_for_python_int_are_claim_errors_not_json_errors() -> None:
    # Python 3.11's int() refuses more than 4300 digits; the number is still JSON (Infinity in TypeScript).
    base = encode_json(tokens.claims()).decode()
    huge = "1" * 5000
    exp = base.replace(f'"exp":{NOW + 900}', f'"exp":{huge}')
    assert code_of(signed_raw_payload(exp)) == ("CLAIM_INVALID", "exp")
    assert code_of(signed_raw_payload(exp.replace(huge, "-" + huge))) == ("CLAIM_INVALID", "exp")
    claims = verifier.verify(signed_raw_payload(base[:-1] + f',"x":{huge}}}'), now=NOW)
    assert claims["x"] == float("inf")
    header = encode_json(tokens.header())[:-1] + f',"x":{huge}}}'.encode()
    assert verifier.verify(tokens.sign_bytes(header, base.encode()), now=NOW)["sub"] == "user-1"


def test_nesting_of_exactly_1000_levels_is_accepted_and_1001_refused() -> None:
    base = encode_json(tokens.claims()).decode()

    def nested(levels: int) -> str:  # the payload object is level 1
        return base[:-1] + ',"deep":' + "[" * (levels - 1) + "]" * (levels - 1) + "}"

    assert verifier.verify(signed_raw_payload(nested(1000)), now=NOW)["sub"] == "user-1"
    assert code_of(signed_raw_payload(nested(1001))) == ("JSON_INVALID", None)
    header = encode_json(tokens.header())[:-1] + b',"x":' + b"[" * 999 + b"]" * 999 + b"}"
    assert verifier.verify(tokens.sign_bytes(header, base.encode()), now=NOW)["sub"] == "user-1"


@pytest.mark.parametrize("token", [None, b"a.b.c", 123, ["a.b.c"], {"t": 1}])
def test_a_token_that_is_not_a_string_is_malformed(token: Any) -> None:
    # As in TypeScript (typeof token !== "string"): never a TypeError out of verify().
    assert code_of(token) == ("TOKEN_MALFORMED", None)
    cached = AccessTokenVerifier(BetterAuthSettings(secret=SECRET, issuer=ISSUER))
    assert code_of(token, v=cached) == ("TOKEN_MALFORMED", None)
