// Flags of verify_v1.json: what each kind of case tests, with the RFC sections behind it.
import { RFC } from "./common.mjs";

const n = (description, ...links) => (links.length ? { description, links } : { description });

export const VERIFY_NOTES = {
	Valid: n("A token the verifier must accept; it must return exactly the expected claims."),
	Structure: n(
		"A compact JWS is exactly three non-empty base64url segments separated by '.'; nothing else (no whitespace, no JSON serialization).",
		RFC.jws("7.1"),
	),
	Whitespace: n(
		"Whitespace anywhere in the token is malformed; the verifier does not trim (the HTTP layer trims the header value).",
	),
	Base64url: n(
		"Strict base64url: only [A-Za-z0-9_-], no padding, length % 4 != 1, unused trailing bits zero, so every byte string has exactly one encoding.",
		RFC.b64("5"),
		RFC.jws("2"),
	),
	TokenSize: n(
		"Tokens longer than maxTokenBytes characters are rejected before anything is parsed; a token of exactly maxTokenBytes is accepted.",
	),
	JsonSyntax: n(
		"Header and payload are strict RFC 8259 JSON: no NaN/Infinity, comments, single quotes, trailing commas, leading zeros, raw control characters or trailing data; insignificant whitespace is allowed.",
		RFC.json("2"),
	),
	DuplicateName: n(
		"Duplicate member names, at any depth, compared after unescaping, are rejected (no last-one-wins).",
		RFC.jws("5.2"),
		RFC.jwt("7.2"),
	),
	Utf8: n(
		"Header and payload bytes must be strict UTF-8: no invalid, overlong, truncated or surrogate-encoding sequences.",
		RFC.utf8("3"),
		RFC.json("8.1"),
	),
	Bom: n("A byte order mark is not stripped: it makes the JSON invalid.", RFC.json("8.1")),
	Utf16: n(
		"UTF-16 (with or without BOM) is not auto-detected: only UTF-8 is accepted.",
		RFC.json("8.1"),
	),
	LoneSurrogate: n(
		"Every string, member names included, must be well-formed Unicode: an escaped lone or reversed surrogate is rejected.",
		RFC.json("8.2"),
	),
	NonObject: n("The header and the payload must each be a JSON object.", RFC.jwt("7.2")),
	NestingDepth: n(
		"Nesting up to 1000 levels (the top-level object is level 1) must be accepted; deeper nesting must be rejected as JSON_INVALID, in the header and in the payload.",
		RFC.json("9"),
	),
	LongNumber: n(
		"A number literal of any length is valid JSON and is read as the nearest IEEE 754 double (infinity when too large), as JSON.parse does; Python's int() refuses more than 4300 digits by default, so a Python verifier must parse long integer literals itself.",
		RFC.json("6"),
	),
	AlgMissing: n("The header has no alg.", RFC.bcp("3.1")),
	AlgNone: n(
		"The 'none' algorithm in any spelling is rejected; an unsigned token (empty signature segment) is already malformed.",
		RFC.bcp("3.1"),
		RFC.bcp("2.1"),
	),
	AlgCase: n('alg is compared exactly and case-sensitively to "HS256".', RFC.jws("4.1.1")),
	AlgConfusion: n(
		"Any algorithm other than HS256 (HS384, HS512, RS256, EdDSA) is rejected; alg comes from configuration, never from the token.",
		RFC.bcp("2.1"),
		RFC.bcp("3.1"),
	),
	AlgType: n("alg that is not a string is rejected as not allowed.", RFC.jws("4.1.1")),
	TypHeader: n(
		'Explicit typing: typ must be "at+jwt" or "application/at+jwt", compared ASCII case-insensitively; anything else, or none, is rejected.',
		RFC.at("2.1"),
		RFC.bcp("3.11"),
		RFC.jws("4.1.9"),
	),
	Crit: n(
		"No extension is understood, so a crit header parameter is rejected whatever its value (even empty or null).",
		RFC.jws("4.1.11"),
	),
	KeyFromHeader: n(
		"jku, x5u, jwk and x5c are never used; their presence (any value, even null) is rejected.",
		RFC.bcp("3.10"),
		RFC.jws("4.1.2"),
	),
	Kid: n(
		"kid must be a non-empty string (KID_MISSING) naming one of the configured keys, compared exactly (KID_UNKNOWN).",
		RFC.jws("4.1.4"),
	),
	ModifiedSignature: n(
		"The signature segment must decode to the 32-byte HMAC-SHA256 of the ASCII signing input, compared in constant time.",
		RFC.jws("5.2"),
	),
	WrongKey: n("A correctly formed signature made with a key the kid does not select."),
	RawKeyConfusion: n(
		"Tokens signed with the raw secret are not valid in derived mode, and derived-key tokens are not valid in raw mode.",
		RFC.bcp("3.12"),
	),
	BetterAuthTokenReplay: n(
		"A Better Auth email-verification token (HS256 with the raw secret, no typ, no kid) must never pass as an access token.",
		RFC.bcp("3.12"),
	),
	Rotation: n(
		"previousSecrets: tokens of a previous secret stay valid, the kid selects the key, and every other check still applies.",
	),
	RawMode: n('keyMode "raw": the HS256 key is the UTF-8 of the secret.'),
	ClaimMissing: n("A required claim is absent: CLAIM_MISSING naming the claim.", RFC.at("2.2")),
	ClaimType: n(
		"A claim is present with the wrong type or an impossible value (null counts as present): CLAIM_INVALID naming the claim.",
		RFC.jwt("4.1"),
	),
	IntegerForm: n(
		"NumericDate claims must be JSON numbers with an integral value in 0..2^53-1; 1.0 and exponent forms with integral values are integers.",
		RFC.jwt("2"),
	),
	Expiry: n("Valid while now < exp + leeway.", RFC.jwt("4.1.4")),
	NotBefore: n("nbf is optional; when present, valid while nbf <= now + leeway.", RFC.jwt("4.1.5")),
	IssuedAt: n("iat must not be after now + leeway.", RFC.jwt("4.1.6")),
	LeewayBoundary: n("Exactly at, and one second past, the leeway boundary."),
	Lifetime: n(
		"exp must be after iat (else CLAIM_INVALID exp) and exp - iat at most maxLifetimeSeconds (else LIFETIME_EXCEEDED).",
		RFC.bcp("3.10"),
	),
	Issuer: n("iss is a string exactly equal to the configured issuer.", RFC.jwt("4.1.1")),
	Audience: n(
		"aud is a string or a non-empty array of strings, and equals or contains the configured audience exactly.",
		RFC.jwt("4.1.3"),
		RFC.at("4"),
	),
	Subject: n("sub is a non-empty string.", RFC.jwt("4.1.2")),
	UserClaims: n(
		"email (string) and email_verified (boolean) are required; name is optional but a string when present.",
	),
	Roles: n("roles is required: an array, possibly empty, of strings."),
	Jti: n("jti is optional; when present a non-empty string.", RFC.jwt("4.1.7")),
	ExtraClaims: n("Unknown claims are allowed and returned unchanged."),
	Unicode: n("Non-ASCII text and escapes in claims are returned exactly."),
	PrototypePollution: n(
		"Member names such as __proto__ and constructor are ordinary claims: returned as own properties, never altering any object's prototype.",
	),
	VerificationOrder: n(
		"Several checks fail; the first in the contract's order gives the code (e.g. the payload is parsed only after the signature checks out).",
	),
};
