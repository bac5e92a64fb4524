"""Hostile (and a few valid edge) requests for the live example API, built against the real clock.

Each case names the request and the exact answer: status, machine code and (derived from
spec/codes.json) the WWW-Authenticate challenge. Covers the contract's whole checklist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forge import OMIT, Forge, b64url, derive_key, kid_of, sign

REPO = Path(__file__).resolve().parents[3]
_CODES: dict[str, dict[str, Any]] = {
    c["code"]: c for c in json.loads((REPO / "spec" / "codes.json").read_text(encoding="utf-8"))["codes"]
}
REALM = "api"


def challenge(code: str) -> str:
    """The exact WWW-Authenticate value the contract prescribes for a code."""
    error = _CODES[code]["error"]
    return f'Bearer realm="{REALM}"' if error is None else f'Bearer realm="{REALM}", error="{error}"'


def status_of(code: str) -> int:
    status: int = _CODES[code]["status"]
    return status


@dataclass(frozen=True)
class Req:
    headers: list[tuple[str, str]]
    path: str = "/api/me"
    params: dict[str, str] = field(default_factory=dict)

    def credentials(self) -> list[str]:
        """Every credential-looking string the request carries (for the no-leak check)."""
        found = [v.split(" ")[-1] for n, v in self.headers if n == "authorization"]
        found += [v.split("=", 1)[-1] for n, v in self.headers if n == "cookie"]
        found += self.params.values()
        return [c for c in found if len(c) >= 16]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Forge, int], Req]
    code: str | None  # None: 200 expected

    @property
    def status(self) -> int:
        return 200 if self.code is None else status_of(self.code)


def bearer(token: str, path: str = "/api/me") -> Req:
    return Req([("authorization", f"Bearer {token}")], path)


def _segments(token: str) -> list[str]:
    return token.split(".")


def _tweak_last_char(seg: str) -> str:
    """Sets an unused trailing bit of a base64url segment: same bytes for a lax decoder, not canonical."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return seg[:-1] + alphabet[alphabet.index(seg[-1]) | 1]


def _flip_sig(token: str) -> str:
    h, p, s = _segments(token)
    raw = bytearray(base64.urlsafe_b64decode(s + "=="))
    raw[0] ^= 0x01
    return f"{h}.{p}.{b64url(bytes(raw))}"


def _with_sig(token: str, sig: bytes) -> str:
    h, p, _ = _segments(token)
    return f"{h}.{p}.{b64url(sig)}"


def _nested(depth: int) -> bytes:
    return b'{"a":' + b"[" * depth + b"]" * depth + b"}"


def _tok(**claims: Any) -> Callable[[Forge, int], Req]:
    """A case builder: our header and key, default claims with these overrides."""
    return lambda f, now: bearer(f.token(now, **claims))


def _hdr(**header: Any) -> Callable[[Forge, int], Req]:
    return lambda f, now: bearer(f.token(now, header=header))


def _raw(header: bytes | Callable[[Forge], Any], payload: Callable[[Forge, int], Any]) -> Callable[[Forge, int], Req]:
    """Header and payload as raw bytes or dicts, signed correctly with our key."""
    return lambda f, now: bearer(sign(header(f) if callable(header) else header, payload(f, now), f.key))


def _text(text: str) -> Callable[[Forge, int], Req]:
    return lambda f, now: bearer(text)


def _headers(*values: str) -> Callable[[Forge, int], Req]:
    return lambda f, now: Req([("authorization", v.replace("<valid>", f.token(now))) for v in values])


def _email_verification_token(f: Forge, now: int) -> Req:
    # What Better Auth 1.7 signs for /verify-email: jose SignJWT, HS256 over the RAW secret, no typ/kid.
    payload = {"email": "victim@example.com", "iat": now, "exp": now + 3600}
    return bearer(sign({"alg": "HS256"}, payload, f.secret.encode()))


def _rs256_with_secret(f: Forge, now: int) -> Req:
    # Key confusion: a verifier that takes alg from the token might HMAC with the "public key".
    return bearer(sign(f.header(alg="RS256"), f.claims(now), f.key))


def _hs512(f: Forge, now: int) -> Req:
    return bearer(sign(f.header(alg="HS512"), f.claims(now), f.key, digest="sha512"))


def _hs512_sig_hs256_header(f: Forge, now: int) -> Req:
    return bearer(sign(f.header(), f.claims(now), f.key, digest="sha512"))


def _raw_secret(f: Forge, now: int, *, own_kid: bool) -> Req:
    raw = f.secret.encode()
    header = f.header() if own_kid else f.header(kid=kid_of(raw))
    return bearer(sign(header, f.claims(now), raw))


def _wrong_key(f: Forge, now: int, *, own_kid: bool) -> Req:
    other = derive_key("an0ther-Str0ng_secret-f0r-a-d1fferent-app!")
    header = f.header() if own_kid else f.header(kid=kid_of(other))
    return bearer(sign(header, f.claims(now), other))


def _payload_swapped(f: Forge, now: int) -> Req:
    h, _, s = _segments(f.token(now))
    _, p, _ = _segments(f.token(now, sub="admin-user", roles=["admin"]))
    return bearer(f"{h}.{p}.{s}")


def _alg_none(f: Forge, now: int, *, sig: str) -> Req:
    return bearer(
        f"{b64url(json.dumps(f.header(alg='none')).encode())}.{b64url(json.dumps(f.claims(now)).encode())}.{sig}"
    )


def _utf16_header(f: Forge, now: int) -> Req:
    return bearer(sign(json.dumps(f.header()).encode("utf-16"), f.claims(now), f.key))


def _bom_header(f: Forge, now: int) -> Req:
    return bearer(sign(b"\xef\xbb\xbf" + json.dumps(f.header()).encode(), f.claims(now), f.key))


def _non_canonical(f: Forge, now: int) -> Req:
    h, p, s = _segments(f.token(now))
    return bearer(f"{h}.{p}.{_tweak_last_char(s)}")


def _length_mod4(f: Forge, now: int) -> Req:
    h, p, s = _segments(f.token(now))
    return bearer(f"{h}.{p}.{s}AA")


def _oversized(size: int) -> Callable[[Forge, int], Req]:
    def build(f: Forge, now: int) -> Req:
        token = f.token(now, pad="x" * size)
        return bearer(token)

    return build


def _stripped(f: Forge, now: int) -> Req:
    h, p, _ = _segments(f.token(now))
    return bearer(f"{h}.{p}.")


def _hmac_truncated(f: Forge, now: int) -> Req:
    h, p, _ = _segments(f.token(now))
    full = hmac.new(f.key, f"{h}.{p}".encode(), hashlib.sha256).digest()
    return bearer(f"{h}.{p}.{b64url(full[:16])}")


def _in_query(f: Forge, now: int) -> Req:
    return Req([], params={"access_token": f.token(now)})


def _in_cookie(f: Forge, now: int) -> Req:
    return Req([("cookie", f"access_token={f.token(now)}")])


def _dup_claim(f: Forge, now: int) -> bytes:
    body = json.dumps(f.claims(now))[:-1] + ',"sub":"admin"}'
    return body.encode()


_H = "HS256"
CASES: list[Case] = [
    # --- structure (TOKEN_MALFORMED / TOKEN_TOO_LARGE)
    Case("rejectsOneSegment", _text("not-a-jwt"), "TOKEN_MALFORMED"),
    Case("rejectsTwoSegments", lambda f, n: bearer(".".join(_segments(f.token(n))[:2])), "TOKEN_MALFORMED"),
    Case("rejectsFourSegments", lambda f, n: bearer(f.token(n) + ".AAAA"), "TOKEN_MALFORMED"),
    Case("rejectsEmptySegments", _text(".."), "TOKEN_MALFORMED"),
    Case("rejectsStrippedSignature", _stripped, "TOKEN_MALFORMED"),
    Case("rejectsPaddedSegment", lambda f, n: bearer(f.token(n) + "="), "TOKEN_MALFORMED"),
    Case(
        "rejectsStandardBase64Alphabet",
        lambda f, n: bearer(f.token(n).replace("-", "+").replace("_", "/") + "+/"),
        "TOKEN_MALFORMED",
    ),
    Case("rejectsTildeInToken", lambda f, n: bearer(f.token(n) + "~"), "TOKEN_MALFORMED"),
    Case("rejectsNonCanonicalTrailingBits", _non_canonical, "TOKEN_MALFORMED"),
    Case("rejectsSegmentLengthMod4Is1", _length_mod4, "TOKEN_MALFORMED"),
    Case("rejectsTokenOverMaxBytes", _oversized(8200), "TOKEN_TOO_LARGE"),
    Case("rejectsHugeToken", _oversized(60_000), "TOKEN_TOO_LARGE"),
    # --- JSON
    Case("rejectsHeaderNotJson", _raw(b"{not json", lambda f, n: f.claims(n)), "JSON_INVALID"),
    Case("rejectsHeaderArray", _raw(b'["HS256"]', lambda f, n: f.claims(n)), "JSON_INVALID"),
    Case(
        "rejectsHeaderDuplicateAlg",
        _raw(lambda f: json.dumps(f.header())[:-1].encode() + b',"alg":"none"}', lambda f, n: f.claims(n)),
        "JSON_INVALID",
    ),
    Case("rejectsHeaderUtf16", _utf16_header, "JSON_INVALID"),
    Case("rejectsHeaderBom", _bom_header, "JSON_INVALID"),
    Case(
        "rejectsHeaderLoneSurrogate",
        _raw(lambda f: json.dumps(f.header())[:-1].encode() + b',"x":"\\ud800"}', lambda f, n: f.claims(n)),
        "JSON_INVALID",
    ),
    Case(
        "rejectsHeaderNaN",
        _raw(lambda f: json.dumps(f.header())[:-1].encode() + b',"x":NaN}', lambda f, n: f.claims(n)),
        "JSON_INVALID",
    ),
    Case("rejectsDeeplyNestedHeader", _raw(_nested(2500), lambda f, n: f.claims(n)), "JSON_INVALID"),
    Case("rejectsDeeplyNestedPayload", _raw(lambda f: f.header(), lambda f, n: _nested(2500)), "JSON_INVALID"),
    Case("rejectsPayloadNotJson", _raw(lambda f: f.header(), lambda f, n: b"hello"), "JSON_INVALID"),
    Case("rejectsPayloadString", _raw(lambda f: f.header(), lambda f, n: b'"sub"'), "JSON_INVALID"),
    Case("rejectsPayloadInvalidUtf8", _raw(lambda f: f.header(), lambda f, n: b'{"sub":"\xff\xfe"}'), "JSON_INVALID"),
    Case("rejectsPayloadDuplicateSub", _raw(lambda f: f.header(), _dup_claim), "JSON_INVALID"),
    # --- alg
    Case("rejectsAlgNoneEmptySignature", lambda f, n: _alg_none(f, n, sig=""), "TOKEN_MALFORMED"),
    Case("rejectsAlgNone", lambda f, n: _alg_none(f, n, sig="AAAA"), "ALG_NOT_ALLOWED"),
    Case("rejectsAlgNoneCapitalised", _hdr(alg="None"), "ALG_NOT_ALLOWED"),
    Case("rejectsAlgHS512", _hs512, "ALG_NOT_ALLOWED"),
    Case("rejectsAlgLowercase", _hdr(alg="hs256"), "ALG_NOT_ALLOWED"),
    Case("rejectsRS256SignedWithSecret", _rs256_with_secret, "ALG_NOT_ALLOWED"),
    Case("rejectsAlgMissing", _hdr(alg=OMIT), "ALG_NOT_ALLOWED"),
    Case("rejectsAlgArray", _hdr(alg=[_H]), "ALG_NOT_ALLOWED"),
    Case("rejectsAlgES256", _hdr(alg="ES256"), "ALG_NOT_ALLOWED"),
    # --- typ, crit, header parameters
    Case("rejectsTypMissing", _hdr(typ=OMIT), "TYPE_INVALID"),
    Case("rejectsTypJwt", _hdr(typ="JWT"), "TYPE_INVALID"),
    Case("rejectsTypNumber", _hdr(typ=1), "TYPE_INVALID"),
    Case("acceptsTypUppercase", _hdr(typ="AT+JWT"), None),
    Case("acceptsTypApplication", _hdr(typ="application/at+jwt"), None),
    Case("rejectsCrit", _hdr(crit=["exp"]), "CRIT_UNSUPPORTED"),
    Case("rejectsEmptyCrit", _hdr(crit=[]), "CRIT_UNSUPPORTED"),
    Case("rejectsJku", _hdr(jku="https://attacker.example/jwks.json"), "HEADER_PARAM_FORBIDDEN"),
    Case("rejectsX5u", _hdr(x5u="https://attacker.example/cert.pem"), "HEADER_PARAM_FORBIDDEN"),
    Case("rejectsJwk", _hdr(jwk={"kty": "oct", "k": "AAAA"}), "HEADER_PARAM_FORBIDDEN"),
    Case("rejectsX5c", _hdr(x5c=["MIIB"]), "HEADER_PARAM_FORBIDDEN"),
    # --- kid and keys
    Case("rejectsKidMissing", _hdr(kid=OMIT), "KID_MISSING"),
    Case("rejectsKidEmpty", _hdr(kid=""), "KID_MISSING"),
    Case("rejectsKidNumber", _hdr(kid=123), "KID_MISSING"),
    Case("rejectsKidUnknown", _hdr(kid="AAAAAAAAAAAAAAAA"), "KID_UNKNOWN"),
    Case("rejectsRawSecretInDerivedMode", lambda f, n: _raw_secret(f, n, own_kid=False), "KID_UNKNOWN"),
    Case("rejectsRawSecretWithOurKid", lambda f, n: _raw_secret(f, n, own_kid=True), "SIGNATURE_INVALID"),
    Case("rejectsBetterAuthEmailVerificationToken", _email_verification_token, "TYPE_INVALID"),
    Case("rejectsWrongKey", lambda f, n: _wrong_key(f, n, own_kid=False), "KID_UNKNOWN"),
    Case("rejectsWrongKeyWithOurKid", lambda f, n: _wrong_key(f, n, own_kid=True), "SIGNATURE_INVALID"),
    # --- signature
    Case("rejectsFlippedSignatureBit", lambda f, n: bearer(_flip_sig(f.token(n))), "SIGNATURE_INVALID"),
    Case("rejectsPayloadSwapped", _payload_swapped, "SIGNATURE_INVALID"),
    Case("rejectsTruncatedSignature", _hmac_truncated, "SIGNATURE_INVALID"),
    Case("rejectsOneByteSignature", lambda f, n: bearer(_with_sig(f.token(n), b"\x00")), "SIGNATURE_INVALID"),
    Case("rejectsHS512SignatureUnderHS256", _hs512_sig_hs256_header, "SIGNATURE_INVALID"),
    # --- exp / iat / nbf types
    Case("rejectsExpMissing", _tok(exp=OMIT), "CLAIM_MISSING"),
    Case("rejectsExpNumericString", lambda f, n: bearer(f.token(n, exp=str(n + 900))), "CLAIM_INVALID"),
    Case("rejectsExpFraction", lambda f, n: bearer(f.token(n, exp=n + 900.5)), "CLAIM_INVALID"),
    Case("rejectsExpBoolean", _tok(exp=True), "CLAIM_INVALID"),
    Case("rejectsExpNegative", _tok(exp=-1), "CLAIM_INVALID"),
    Case("rejectsExpHuge", _tok(exp=1e300), "CLAIM_INVALID"),
    Case("rejectsExpNull", _tok(exp=None), "CLAIM_INVALID"),
    Case("acceptsExpIntegralFloat", lambda f, n: bearer(f.token(n, exp=float(n + 900))), None),
    Case("rejectsIatMissing", _tok(iat=OMIT), "CLAIM_MISSING"),
    Case("rejectsIatString", lambda f, n: bearer(f.token(n, iat=str(n))), "CLAIM_INVALID"),
    Case("rejectsNbfString", lambda f, n: bearer(f.token(n, nbf=str(n))), "CLAIM_INVALID"),
    # --- time edges (margins of >= 60 s around the 30 s leeway, so the test never races the clock)
    Case("rejectsExpired", lambda f, n: bearer(f.token(n, iat=n - 1000, exp=n - 90)), "TOKEN_EXPIRED"),
    Case("rejectsExpZero", lambda f, n: bearer(f.token(n, iat=0, exp=0)), "TOKEN_EXPIRED"),
    Case("acceptsExpiredWithinLeeway", lambda f, n: bearer(f.token(n, iat=n - 900, exp=n - 5)), None),
    Case("rejectsNotYetValid", lambda f, n: bearer(f.token(n, nbf=n + 120)), "TOKEN_NOT_YET_VALID"),
    Case("acceptsNbfWithinLeeway", lambda f, n: bearer(f.token(n, nbf=n + 5)), None),
    Case("rejectsIssuedInFuture", lambda f, n: bearer(f.token(n, iat=n + 120, exp=n + 900)), "TOKEN_ISSUED_IN_FUTURE"),
    Case("rejectsExpEqualsIat", lambda f, n: bearer(f.token(n, iat=n, exp=n)), "CLAIM_INVALID"),
    Case("rejectsLifetimeOverMax", lambda f, n: bearer(f.token(n, iat=n, exp=n + 3601)), "LIFETIME_EXCEEDED"),
    Case("acceptsLifetimeAtMax", lambda f, n: bearer(f.token(n, iat=n, exp=n + 3600)), None),
    # --- iss / aud
    Case("rejectsIssMissing", _tok(iss=OMIT), "CLAIM_MISSING"),
    Case("rejectsIssNumber", _tok(iss=1), "CLAIM_INVALID"),
    Case("rejectsIssArray", lambda f, n: bearer(f.token(n, iss=[f.issuer])), "CLAIM_INVALID"),
    Case("rejectsIssTrailingSlash", lambda f, n: bearer(f.token(n, iss=f.issuer + "/")), "ISSUER_MISMATCH"),
    Case("rejectsIssOther", _tok(iss="https://attacker.example"), "ISSUER_MISMATCH"),
    Case("rejectsAudMissing", _tok(aud=OMIT), "CLAIM_MISSING"),
    Case("rejectsAudEmptyArray", _tok(aud=[]), "CLAIM_INVALID"),
    Case("rejectsAudNumber", _tok(aud=5), "CLAIM_INVALID"),
    Case("rejectsAudArrayWithNumber", lambda f, n: bearer(f.token(n, aud=[f.audience, 5])), "CLAIM_INVALID"),
    Case("rejectsAudOther", _tok(aud="other-api"), "AUDIENCE_MISMATCH"),
    Case("rejectsAudOtherInArray", _tok(aud=["other-api"]), "AUDIENCE_MISMATCH"),
    Case("rejectsAudDifferentCase", lambda f, n: bearer(f.token(n, aud=f.audience.upper())), "AUDIENCE_MISMATCH"),
    Case("acceptsAudArrayContainingOurs", lambda f, n: bearer(f.token(n, aud=["other-api", f.audience])), None),
    # --- user claims
    Case("rejectsSubMissing", _tok(sub=OMIT), "CLAIM_MISSING"),
    Case("rejectsSubEmpty", _tok(sub=""), "CLAIM_INVALID"),
    Case("rejectsSubNumber", _tok(sub=123), "CLAIM_INVALID"),
    Case("rejectsSubNull", _tok(sub=None), "CLAIM_INVALID"),
    Case("rejectsEmailMissing", _tok(email=OMIT), "CLAIM_MISSING"),
    Case("rejectsEmailNumber", _tok(email=1), "CLAIM_INVALID"),
    Case("rejectsEmailVerifiedMissing", _tok(email_verified=OMIT), "CLAIM_MISSING"),
    Case("rejectsEmailVerifiedString", _tok(email_verified="true"), "CLAIM_INVALID"),
    Case("rejectsNameNull", _tok(name=None), "CLAIM_INVALID"),
    Case("rejectsNameNumber", _tok(name=5), "CLAIM_INVALID"),
    Case("acceptsNameAbsent", _tok(name=OMIT), None),
    Case("rejectsRolesMissing", _tok(roles=OMIT), "CLAIM_MISSING"),
    Case("rejectsRolesString", _tok(roles="admin"), "CLAIM_INVALID"),
    Case("rejectsRolesWithNumber", _tok(roles=["user", 1]), "CLAIM_INVALID"),
    Case("rejectsJtiEmpty", _tok(jti=""), "CLAIM_INVALID"),
    Case("rejectsJtiNumber", _tok(jti=5), "CLAIM_INVALID"),
    # --- roles on /api/admin
    Case("rejectsAdminWithoutRole", lambda f, n: bearer(f.token(n), "/api/admin"), "ROLE_MISSING"),
    Case("rejectsAdminRoleWrongCase", lambda f, n: bearer(f.token(n, roles=["Admin"]), "/api/admin"), "ROLE_MISSING"),
    Case("rejectsAdminRolesString", lambda f, n: bearer(f.token(n, roles="admin"), "/api/admin"), "CLAIM_INVALID"),
    Case("acceptsAdmin", lambda f, n: bearer(f.token(n, roles=["user", "admin"]), "/api/admin"), None),
    # --- the Authorization header itself
    Case("rejectsNoCredentials", lambda f, n: Req([]), "TOKEN_MISSING"),
    Case("rejectsBasicScheme", _headers("Basic dXNlcjpwYXNzd29yZA=="), "TOKEN_MISSING"),
    Case("rejectsTokenScheme", _headers("Token <valid>"), "TOKEN_MISSING"),
    Case("rejectsSchemeGluedToToken", _headers("Bearer<valid>"), "TOKEN_MISSING"),
    Case("rejectsBearerWithoutToken", _headers("Bearer"), "AUTHORIZATION_MALFORMED"),
    Case("rejectsBearerOnlyPadding", _headers("Bearer ="), "AUTHORIZATION_MALFORMED"),
    Case("rejectsTwoTokens", _headers("Bearer <valid> <valid>"), "AUTHORIZATION_MALFORMED"),
    Case("rejectsCommaInToken", _headers("Bearer <valid>,x"), "AUTHORIZATION_MALFORMED"),
    Case("rejectsQuotedToken", _headers('Bearer "<valid>"'), "AUTHORIZATION_MALFORMED"),
    Case("rejectsRepeatedHeader", _headers("Bearer <valid>", "Bearer <valid>"), "AUTHORIZATION_REPEATED"),
    Case("rejectsRepeatedHeaderOneEmpty", _headers("Bearer <valid>", ""), "AUTHORIZATION_REPEATED"),
    Case("rejectsTokenInQueryString", _in_query, "TOKEN_MISSING"),
    Case("rejectsTokenInCookie", _in_cookie, "TOKEN_MISSING"),
    Case("acceptsLowercaseScheme", _headers("bearer <valid>"), None),
    Case("acceptsSeveralSpaces", _headers("Bearer    <valid>"), None),
]

assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"
HOSTILE = [c for c in CASES if c.code is not None]
