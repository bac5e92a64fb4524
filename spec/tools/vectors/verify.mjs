// verify_v1.json: access tokens, valid and hostile, each with the expected outcome.
import { b64u, bytes, deriveKey, hmac, jws, kidOf, segments, VectorFile } from "./common.mjs";
import * as FIXED from "./secrets.mjs";
import { ATTACKER_SECRET, JTI, SECRET_B, SECRET_C, SUB } from "./secrets.mjs";
import { VERIFY_NOTES } from "./verify-notes.mjs";

// The target the cases are built for. By default the vectors' fixed secret, clock and identities;
// the CLI's `conformance` command calls buildVerify({ secret, keyMode, now, issuer, audience,
// attackerOrigin }) to rebuild the same cases (same tcIds and comments) for a live back end.
// `keyMode` is the mode of the verifier's key K; K_OTHER is the other mode's key of the same
// secret (the raw key in the vectors). K_RAW is always the raw secret (Better Auth's own tokens).
let NOW;
let ISSUER;
let AUDIENCE;
let SECRET_A;
let ATTACKER_ORIGIN;
let SETTINGS;
let K;
let KID;
let K_RAW;
let KID_RAW;
let K_OTHER;
let KID_OTHER;

function setTarget(target = {}) {
	NOW = target.now ?? FIXED.NOW;
	ISSUER = target.issuer ?? FIXED.ISSUER;
	AUDIENCE = target.audience ?? FIXED.AUDIENCE;
	SECRET_A = target.secret ?? FIXED.SECRET_A;
	ATTACKER_ORIGIN = target.attackerOrigin ?? "https://attacker.example";
	const mode = target.keyMode ?? "derived";
	SETTINGS = {
		issuer: ISSUER,
		audience: AUDIENCE,
		leewaySeconds: 30,
		maxLifetimeSeconds: 3600,
		maxTokenBytes: 8192,
	};
	K = deriveKey(SECRET_A, mode);
	KID = kidOf(K);
	K_RAW = deriveKey(SECRET_A, "raw");
	KID_RAW = kidOf(K_RAW);
	K_OTHER = deriveKey(SECRET_A, mode === "raw" ? "derived" : "raw");
	KID_OTHER = kidOf(K_OTHER);
}

/** The issuer with its first host label upper-cased: "https://AUTH.example.com". */
const otherCaseHost = (url) =>
	url.replace(/^([a-z]+:\/\/)([^.:/]+)/, (_, s, h) => s + h.toUpperCase());

const K_B = deriveKey(SECRET_B);
const KID_B = kidOf(K_B);
const K_C = deriveKey(SECRET_C);
const KID_C = kidOf(K_C);
const K_ATTACKER = deriveKey(ATTACKER_SECRET);

/** An object with `base`'s members in order, `over` replacing values in place (new ones appended). */
function merge(base, over = {}, omit = []) {
	const out = {};
	for (const [k, v] of Object.entries(base))
		if (!omit.includes(k)) out[k] = k in over ? over[k] : v;
	for (const [k, v] of Object.entries(over)) if (!(k in base)) out[k] = v;
	return out;
}

/** The claims the plugin issues, at the frozen clock: issued 60 s ago, 900 s lifetime. */
const claims = (over, omit) =>
	merge(
		{
			sub: SUB,
			email: "ada@example.com",
			email_verified: true,
			name: "Ada Lovelace",
			roles: ["user"],
			iat: NOW - 60,
			exp: NOW + 840,
			iss: ISSUER,
			aud: AUDIENCE,
			jti: JTI,
		},
		over,
		omit,
	);

/** The header the plugin issues. */
const hdr = (over, omit, kid = KID) => merge({ alg: "HS256", typ: "at+jwt", kid }, over, omit);

/** JSON text of `obj` where each member of `raw` gets the given raw JSON text as its value. */
function withRaw(obj, raw) {
	const mark = (k) => `\u0000${k}\u0000`;
	const marked = merge(obj, Object.fromEntries(Object.keys(raw).map((k) => [k, mark(k)])));
	let text = JSON.stringify(marked);
	for (const [k, r] of Object.entries(raw)) text = text.replace(JSON.stringify(mark(k)), r);
	return text;
}

/** UTF-8 bytes of `obj` where member `key` is a string holding the given raw bytes. */
function inject(obj, key, raw) {
	const [before, after] = withRaw(obj, { [key]: '"@@"' }).split("@@");
	return Buffer.concat([bytes(before), Buffer.from(raw), bytes(after)]);
}

/** JSON text of `obj` with `extra` (raw text, starting with a comma) inserted before the final brace. */
const append = (obj, extra) => `${JSON.stringify(obj).slice(0, -1)}${extra}}`;

/** Changes character `i` of a string. */
const setChar = (s, i, c) => s.slice(0, i) + c + s.slice(i + 1);

/** Sets a non-zero unused trailing bit in the last character of a base64url segment. */
function nonCanonical(seg) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	if (seg.length % 4 === 0) throw new Error("segment has no unused bits");
	const v = alphabet.indexOf(seg.at(-1));
	return setChar(seg, seg.length - 1, alphabet[v | 1]);
}

/** Replaces the signature bytes of a token. */
const resign = (token, sig) => {
	const [h, p] = segments(token);
	return `${h}.${p}.${b64u(sig)}`;
};

const nested = (depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** A valid token of exactly `length` characters, padded through an extra claim. */
function tokenOfLength(length, key = K) {
	for (const h of [JSON.stringify(hdr()), JSON.stringify(hdr()).replace(",", ", ")]) {
		for (let n = 0; n < length; n++) {
			const t = jws(h, claims({ pad: "x".repeat(n) }), key);
			if (t.length === length) return t;
			if (t.length > length) break;
		}
	}
	throw new Error(`no token of length ${length}`);
}

export function buildVerify(target) {
	setTarget(target);
	const file = new VectorFile({
		schema: "verify_schema_v1.json",
		header: [
			"Access-token verification of better-auth-fastapi contract v1 (HS256, compact JWS).",
			"Each group fixes the secrets, key mode, settings and the clock (`now`, integer seconds); a",
			"verifier configured with them must accept every `valid` token and return exactly `claims`, and",
			"must reject every `invalid` token with `code` (and `claim`, for CLAIM_MISSING / CLAIM_INVALID).",
			"The checks run in the order of the contract; the first failing check gives the code.",
		],
		notes: VERIFY_NOTES,
	});
	const base = {
		secret: SECRET_A,
		previousSecrets: [],
		keyMode: "derived",
		now: NOW,
		settings: SETTINGS,
	};

	// ---- Group 1: derived key, default settings: the bulk of the cases.
	let add = file.group({
		type: "AccessTokenVerify",
		comment: "derivedKeyDefaultSettings",
		...base,
	});
	const valid = (comment, flags, token) => {
		const payload = JSON.parse(Buffer.from(segments(token)[1], "base64url").toString("utf8"));
		add({ comment, token, result: "valid", claims: payload, flags });
	};
	const invalid = (comment, flags, token, code, claim) =>
		add({ comment, token, result: "invalid", code, ...(claim ? { claim } : {}), flags });
	const sign = (h = hdr(), p = claims(), key = K, sig) => jws(h, p, key, sig);
	const good = sign();

	// Accepted forms.
	valid("acceptsValidToken", ["Valid"], good);
	valid(
		"acceptsTypApplicationAtJwt",
		["Valid", "TypHeader"],
		sign(hdr({ typ: "application/at+jwt" })),
	);
	valid("acceptsTypMixedCase", ["Valid", "TypHeader"], sign(hdr({ typ: "at+JWT" })));
	valid(
		"acceptsTypUpperCaseMediaType",
		["Valid", "TypHeader"],
		sign(hdr({ typ: "APPLICATION/AT+JWT" })),
	);
	valid(
		"acceptsHeaderMembersInAnyOrder",
		["Valid"],
		sign({ kid: KID, typ: "at+jwt", alg: "HS256" }),
	);
	valid(
		"acceptsHeaderWithJsonWhitespace",
		["Valid", "JsonSyntax"],
		sign(`{"alg": "HS256", "typ": "at+jwt", "kid": "${KID}"}`),
	);
	valid("acceptsUnknownHeaderParameter", ["Valid"], sign(hdr({ "x-trace": "abc123" })));
	valid("acceptsTokenWithoutName", ["Valid", "UserClaims"], sign(hdr(), claims({}, ["name"])));
	valid("acceptsEmptyName", ["Valid", "UserClaims"], sign(hdr(), claims({ name: "" })));
	valid("acceptsTokenWithoutJti", ["Valid", "Jti"], sign(hdr(), claims({}, ["jti"])));
	valid("acceptsEmptyRoles", ["Valid", "Roles"], sign(hdr(), claims({ roles: [] })));
	valid(
		"acceptsSeveralRoles",
		["Valid", "Roles"],
		sign(hdr(), claims({ roles: ["admin", "user"] })),
	);
	valid(
		"acceptsEmailVerifiedFalse",
		["Valid", "UserClaims"],
		sign(hdr(), claims({ email_verified: false })),
	);
	valid(
		"acceptsAudienceArrayContainingAudience",
		["Valid", "Audience"],
		sign(hdr(), claims({ aud: ["https://other.example.com", AUDIENCE] })),
	);
	valid(
		"acceptsAudienceArrayOfOne",
		["Valid", "Audience"],
		sign(hdr(), claims({ aud: [AUDIENCE] })),
	);
	valid(
		"acceptsUnknownExtraClaims",
		["Valid", "ExtraClaims"],
		sign(hdr(), claims({ org: "acme", tier: 2, meta: { tags: ["a", "b"], n: null, ok: true } })),
	);
	valid(
		"acceptsNonAsciiClaims",
		["Valid", "Unicode"],
		sign(hdr(), claims({ name: "Zoë 山田 🎉", email: "zoë@bücher.example" })),
	);
	valid(
		"acceptsEscapedSurrogatePair",
		["Valid", "Unicode"],
		sign(hdr(), withRaw(claims(), { name: '"\\ud83d\\ude00 Ada"' })),
	);
	valid(
		"acceptsEscapedControlCharacters",
		["Valid", "Unicode"],
		sign(hdr(), claims({ name: 'Ada\n"Countess"\t\\ Lovelace\u0001' })),
	);
	valid("acceptsNbfInThePast", ["Valid", "NotBefore"], sign(hdr(), claims({ nbf: NOW - 60 })));
	valid(
		"acceptsExpWrittenWithFraction",
		["Valid", "IntegerForm"],
		sign(hdr(), withRaw(claims(), { exp: `${NOW + 840}.0` })),
	);
	valid(
		"acceptsExpWrittenWithExponent",
		["Valid", "IntegerForm"],
		sign(hdr(), withRaw(claims(), { exp: "1.76722644e9" })),
	);
	valid(
		"acceptsIatWrittenWithUpperCaseExponent",
		["Valid", "IntegerForm"],
		sign(hdr(), withRaw(claims(), { iat: "176722554E1" })),
	);
	valid(
		"acceptsPrototypeNamesAsPlainClaims",
		["Valid", "PrototypePollution", "ExtraClaims"],
		sign(
			hdr(),
			append(claims(), ',"__proto__":{"roles":["admin"]},"constructor":{"prototype":{"x":1}}'),
		),
	);
	valid(
		"acceptsNestingDepth64",
		["Valid", "NestingDepth"],
		sign(hdr(), withRaw(claims(), { deep: nested(63) })),
	);
	valid(
		"acceptsLifetimeExactlyMax",
		["Valid", "Lifetime"],
		sign(hdr(), claims({ exp: NOW + 3540 })),
	);
	valid("acceptsTokenOfExactlyMaxTokenBytes", ["Valid", "TokenSize"], tokenOfLength(8192));

	// Time, at the leeway boundaries.
	valid(
		"acceptsOneSecondBeforeLeewayRunsOut",
		["Expiry", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW - 929, exp: NOW - 29 })),
	);
	invalid(
		"rejectsExpiredAtLeewayBoundary",
		["Expiry", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW - 930, exp: NOW - 30 })),
		"TOKEN_EXPIRED",
	);
	invalid(
		"rejectsLongExpired",
		["Expiry"],
		sign(hdr(), claims({ iat: NOW - 4500, exp: NOW - 3600 })),
		"TOKEN_EXPIRED",
	);
	valid(
		"acceptsNbfAtLeewayBoundary",
		["NotBefore", "LeewayBoundary"],
		sign(hdr(), claims({ nbf: NOW + 30 })),
	);
	invalid(
		"rejectsNbfPastLeeway",
		["NotBefore", "LeewayBoundary"],
		sign(hdr(), claims({ nbf: NOW + 31 })),
		"TOKEN_NOT_YET_VALID",
	);
	valid(
		"acceptsIatAtLeewayBoundary",
		["IssuedAt", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW + 30, exp: NOW + 930 })),
	);
	invalid(
		"rejectsIatPastLeeway",
		["IssuedAt", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW + 31, exp: NOW + 931 })),
		"TOKEN_ISSUED_IN_FUTURE",
	);
	invalid(
		"rejectsLifetimeOneOverMax",
		["Lifetime"],
		sign(hdr(), claims({ exp: NOW + 3541 })),
		"LIFETIME_EXCEEDED",
	);
	invalid(
		"rejectsExpEqualToIat",
		["Lifetime"],
		sign(hdr(), claims({ iat: NOW, exp: NOW })),
		"CLAIM_INVALID",
		"exp",
	);
	invalid(
		"rejectsExpBeforeIat",
		["Lifetime"],
		sign(hdr(), claims({ iat: NOW, exp: NOW - 1 })),
		"CLAIM_INVALID",
		"exp",
	);
	invalid(
		"rejectsExpAtMaxSafeIntegerAsTooLong",
		["Lifetime", "IntegerForm"],
		sign(hdr(), claims({ exp: 9007199254740991 })),
		"LIFETIME_EXCEEDED",
	);
	invalid(
		"rejectsExpAboveMaxSafeInteger",
		["IntegerForm", "ClaimType"],
		sign(hdr(), withRaw(claims(), { exp: "9007199254740992" })),
		"CLAIM_INVALID",
		"exp",
	);

	// Structure.
	const [h0, p0, s0] = segments(good);
	invalid("rejectsTwoSegments", ["Structure"], `${h0}.${p0}`, "TOKEN_MALFORMED");
	invalid("rejectsFourSegments", ["Structure"], `${good}.${s0}`, "TOKEN_MALFORMED");
	invalid("rejectsEmptyHeaderSegment", ["Structure"], `.${p0}.${s0}`, "TOKEN_MALFORMED");
	invalid("rejectsEmptyPayloadSegment", ["Structure"], `${h0}..${s0}`, "TOKEN_MALFORMED");
	invalid(
		"rejectsStrippedSignature",
		["Structure", "ModifiedSignature"],
		`${h0}.${p0}.`,
		"TOKEN_MALFORMED",
	);
	invalid("rejectsEmptyToken", ["Structure"], "", "TOKEN_MALFORMED");
	invalid("rejectsOnlyDots", ["Structure"], "..", "TOKEN_MALFORMED");
	invalid("rejectsLeadingSpace", ["Structure", "Whitespace"], ` ${good}`, "TOKEN_MALFORMED");
	invalid("rejectsTrailingNewline", ["Structure", "Whitespace"], `${good}\n`, "TOKEN_MALFORMED");
	invalid(
		"rejectsSpaceAfterDot",
		["Structure", "Whitespace"],
		`${h0}. ${p0}.${s0}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsJwsJsonSerialization",
		["Structure"],
		JSON.stringify({ protected: h0, payload: p0, signature: s0 }),
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsNonAsciiCharacterInPayloadSegment",
		["Structure", "Base64url"],
		`${h0}.${setChar(p0, 4, "é")}.${s0}`,
		"TOKEN_MALFORMED",
	);

	// base64url strictness.
	invalid("rejectsPaddedSignature", ["Base64url"], `${good}=`, "TOKEN_MALFORMED");
	invalid(
		"rejectsPaddedHeader",
		["Base64url"],
		`${h0}${"=".repeat((4 - (h0.length % 4)) % 4 || 4)}.${p0}.${s0}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsPlusInSignature",
		["Base64url"],
		`${h0}.${p0}.${setChar(s0, 0, "+")}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsSlashInPayload",
		["Base64url"],
		`${h0}.${setChar(p0, 5, "/")}.${s0}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsNonCanonicalTrailingBitsInSignature",
		["Base64url"],
		`${h0}.${p0}.${nonCanonical(s0)}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsNonCanonicalTrailingBitsInHeader",
		["Base64url"],
		`${nonCanonical(h0)}.${p0}.${s0}`,
		"TOKEN_MALFORMED",
	);
	let longP = p0;
	while (longP.length % 4 !== 1) longP += "A";
	invalid(
		"rejectsPayloadLengthOneModFour",
		["Base64url"],
		`${h0}.${longP}.${s0}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsSignatureLengthOneModFour",
		["Base64url"],
		`${h0}.${p0}.${s0}AA`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsAsteriskInSignature",
		["Base64url"],
		`${h0}.${p0}.${setChar(s0, 10, "*")}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsBadPayloadBase64BeforeHeaderJson",
		["Base64url", "VerificationOrder"],
		`${b64u("{not json")}.${setChar(p0, 3, "+")}.${s0}`,
		"TOKEN_MALFORMED",
	);

	// Size.
	invalid(
		"rejectsTokenOverMaxTokenBytes",
		["TokenSize"],
		(() => {
			try {
				return tokenOfLength(8193);
			} catch {
				return tokenOfLength(8194);
			}
		})(),
		"TOKEN_TOO_LARGE",
	);
	invalid(
		"rejectsOversizedGarbageBeforeParsing",
		["TokenSize", "VerificationOrder"],
		`${"*".repeat(8193)}`,
		"TOKEN_TOO_LARGE",
	);

	// Header JSON.
	const hText = JSON.stringify(hdr());
	invalid(
		"rejectsDuplicateAlgInHeader",
		["DuplicateName"],
		sign(append(hdr(), ',"alg":"HS256"')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsDuplicateNameWrittenWithEscapeInHeader",
		["DuplicateName"],
		sign(append(hdr(), ',"\\u0061lg":"none"')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsDuplicateNestedNameInHeader",
		["DuplicateName"],
		sign(append(hdr(), ',"x":{"a":1,"a":2}')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsUtf8BomInHeader",
		["Bom", "Utf8"],
		sign(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(hText)])),
		"JSON_INVALID",
	);
	invalid("rejectsInvalidUtf8InHeader", ["Utf8"], sign(inject(hdr(), "x", [0xff])), "JSON_INVALID");
	invalid(
		"rejectsOverlongUtf8InHeader",
		["Utf8"],
		sign(inject(hdr(), "x", [0xc0, 0xaf])),
		"JSON_INVALID",
	);
	invalid(
		"rejectsUtf8EncodedSurrogateInHeader",
		["Utf8", "LoneSurrogate"],
		sign(inject(hdr(), "x", [0xed, 0xa0, 0x80])),
		"JSON_INVALID",
	);
	invalid("rejectsUtf16Header", ["Utf16"], sign(Buffer.from(hText, "utf16le")), "JSON_INVALID");
	invalid(
		"rejectsUtf16HeaderWithBom",
		["Utf16", "Bom"],
		sign(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(hText, "utf16le")])),
		"JSON_INVALID",
	);
	invalid("rejectsHeaderArray", ["NonObject"], sign(`[${hText}]`), "JSON_INVALID");
	invalid("rejectsHeaderString", ["NonObject"], sign('"HS256"'), "JSON_INVALID");
	invalid("rejectsHeaderNull", ["NonObject"], sign("null"), "JSON_INVALID");
	invalid("rejectsHeaderNumber", ["NonObject"], sign("256"), "JSON_INVALID");
	invalid(
		"rejectsLoneSurrogateInHeaderValue",
		["LoneSurrogate"],
		sign(append(hdr(), ',"x":"\\ud800"')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsLoneSurrogateInHeaderName",
		["LoneSurrogate"],
		sign(append(hdr(), ',"\\udc00":1')),
		"JSON_INVALID",
	);
	invalid("rejectsTrailingCommaInHeader", ["JsonSyntax"], sign(append(hdr(), ",")), "JSON_INVALID");
	invalid("rejectsDataAfterHeaderObject", ["JsonSyntax"], sign(`${hText}{}`), "JSON_INVALID");
	invalid(
		"rejectsSingleQuotesInHeader",
		["JsonSyntax"],
		sign(hText.replaceAll('"', "'")),
		"JSON_INVALID",
	);
	invalid(
		"rejectsRawControlCharacterInHeaderString",
		["JsonSyntax"],
		sign(append(hdr(), ',"x":"a\u0001b"')),
		"JSON_INVALID",
	);
	invalid("rejectsNaNInHeader", ["JsonSyntax"], sign(append(hdr(), ',"x":NaN')), "JSON_INVALID");
	invalid(
		"rejectsLeadingZeroNumberInHeader",
		["JsonSyntax"],
		sign(append(hdr(), ',"x":01')),
		"JSON_INVALID",
	);
	invalid("rejectsCommentInHeader", ["JsonSyntax"], sign(`/**/${hText}`), "JSON_INVALID");
	invalid(
		"rejectsDeepNestingInHeader",
		["NestingDepth"],
		sign(withRaw(hdr(), { x: nested(2000) })),
		"JSON_INVALID",
	);
	invalid("rejectsEmptyHeaderObject", ["AlgMissing"], sign("{}"), "ALG_NOT_ALLOWED");

	// alg.
	const { alg: _alg, ...noAlg } = hdr();
	invalid(
		"rejectsUnsignedAlgNone",
		["AlgNone", "Structure"],
		`${b64u(bytes(hdr({ alg: "none" })))}.${p0}.`,
		"TOKEN_MALFORMED",
	);
	invalid("rejectsAlgNone", ["AlgNone"], sign(hdr({ alg: "none" })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgNoneCapitalized", ["AlgNone"], sign(hdr({ alg: "None" })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgNoneUpperCase", ["AlgNone"], sign(hdr({ alg: "NONE" })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgLowerCase", ["AlgCase"], sign(hdr({ alg: "hs256" })), "ALG_NOT_ALLOWED");
	invalid(
		"rejectsAlgHs512",
		["AlgConfusion"],
		sign(hdr({ alg: "HS512" }), claims(), K, (input) => b64u(hmac(K, input, "sha512"))),
		"ALG_NOT_ALLOWED",
	);
	invalid(
		"rejectsAlgHs384",
		["AlgConfusion"],
		sign(hdr({ alg: "HS384" }), claims(), K, (input) => b64u(hmac(K, input, "sha384"))),
		"ALG_NOT_ALLOWED",
	);
	invalid("rejectsAlgRs256", ["AlgConfusion"], sign(hdr({ alg: "RS256" })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgEdDsa", ["AlgConfusion"], sign(hdr({ alg: "EdDSA" })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgMissing", ["AlgMissing"], sign(noAlg), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgArray", ["AlgType"], sign(hdr({ alg: ["HS256"] })), "ALG_NOT_ALLOWED");
	invalid("rejectsAlgNull", ["AlgType"], sign(hdr({ alg: null })), "ALG_NOT_ALLOWED");
	invalid(
		"rejectsAlgWithTrailingSpace",
		["AlgCase"],
		sign(hdr({ alg: "HS256 " })),
		"ALG_NOT_ALLOWED",
	);
	invalid(
		"rejectsAlgWithNulCharacter",
		["AlgCase"],
		sign(hdr({ alg: "HS256\u0000" })),
		"ALG_NOT_ALLOWED",
	);
	invalid(
		"rejectsAlgNoneBeforeTyp",
		["AlgNone", "VerificationOrder"],
		sign(hdr({ alg: "none", typ: "JWT" })),
		"ALG_NOT_ALLOWED",
	);

	// typ.
	invalid("rejectsTypMissing", ["TypHeader"], sign(hdr({}, ["typ"])), "TYPE_INVALID");
	invalid("rejectsTypJwt", ["TypHeader"], sign(hdr({ typ: "JWT" })), "TYPE_INVALID");
	invalid(
		"rejectsTypWithTrailingSpace",
		["TypHeader"],
		sign(hdr({ typ: "at+jwt " })),
		"TYPE_INVALID",
	);
	invalid("rejectsTypNumber", ["TypHeader"], sign(hdr({ typ: 1 })), "TYPE_INVALID");
	invalid("rejectsTypEmpty", ["TypHeader"], sign(hdr({ typ: "" })), "TYPE_INVALID");
	invalid("rejectsTypNull", ["TypHeader"], sign(hdr({ typ: null })), "TYPE_INVALID");
	invalid("rejectsTypArray", ["TypHeader"], sign(hdr({ typ: ["at+jwt"] })), "TYPE_INVALID");
	invalid(
		"rejectsTypApplicationJwt",
		["TypHeader"],
		sign(hdr({ typ: "application/jwt" })),
		"TYPE_INVALID",
	);
	invalid(
		"rejectsTypWithMediaTypeParameter",
		["TypHeader"],
		sign(hdr({ typ: "application/at+jwt; charset=utf-8" })),
		"TYPE_INVALID",
	);
	invalid(
		"rejectsTypWithDotlessI",
		["TypHeader", "Unicode"],
		sign(hdr({ typ: "applıcation/at+jwt" })),
		"TYPE_INVALID",
	);
	invalid(
		"rejectsTypMissingBeforeCrit",
		["TypHeader", "VerificationOrder"],
		sign(hdr({ crit: ["exp"] }, ["typ"])),
		"TYPE_INVALID",
	);

	// crit.
	invalid(
		"rejectsCrit",
		["Crit"],
		sign(hdr({ crit: ["exp"], exp: NOW + 840 })),
		"CRIT_UNSUPPORTED",
	);
	invalid("rejectsCritEmptyArray", ["Crit"], sign(hdr({ crit: [] })), "CRIT_UNSUPPORTED");
	invalid("rejectsCritNull", ["Crit"], sign(hdr({ crit: null })), "CRIT_UNSUPPORTED");
	invalid(
		"rejectsCritBeforeJku",
		["Crit", "VerificationOrder"],
		sign(hdr({ crit: ["b64"], b64: false, jku: `${ATTACKER_ORIGIN}/jwks.json` })),
		"CRIT_UNSUPPORTED",
	);

	// Keys named by the token.
	invalid(
		"rejectsJku",
		["KeyFromHeader"],
		sign(hdr({ jku: `${ATTACKER_ORIGIN}/jwks.json` })),
		"HEADER_PARAM_FORBIDDEN",
	);
	invalid(
		"rejectsX5u",
		["KeyFromHeader"],
		sign(hdr({ x5u: `${ATTACKER_ORIGIN}/cert.pem` })),
		"HEADER_PARAM_FORBIDDEN",
	);
	invalid(
		"rejectsEmbeddedJwkSignedWithIt",
		["KeyFromHeader"],
		sign(hdr({ jwk: { kty: "oct", k: b64u(K_ATTACKER) } }), claims(), K_ATTACKER),
		"HEADER_PARAM_FORBIDDEN",
	);
	invalid(
		"rejectsX5c",
		["KeyFromHeader"],
		sign(hdr({ x5c: ["MIIBszCCAVmgAwIBAgIUQ2F0YWxvZw=="] })),
		"HEADER_PARAM_FORBIDDEN",
	);
	invalid("rejectsJkuNull", ["KeyFromHeader"], sign(hdr({ jku: null })), "HEADER_PARAM_FORBIDDEN");
	invalid(
		"rejectsJwkBeforeMissingKid",
		["KeyFromHeader", "VerificationOrder"],
		sign(hdr({ jwk: { kty: "oct", k: b64u(K_ATTACKER) } }, ["kid"]), claims(), K_ATTACKER),
		"HEADER_PARAM_FORBIDDEN",
	);

	// kid.
	invalid("rejectsKidMissing", ["Kid"], sign(hdr({}, ["kid"])), "KID_MISSING");
	invalid("rejectsKidEmpty", ["Kid"], sign(hdr({ kid: "" })), "KID_MISSING");
	invalid("rejectsKidNumber", ["Kid"], sign(hdr({ kid: 123 })), "KID_MISSING");
	invalid("rejectsKidNull", ["Kid"], sign(hdr({ kid: null })), "KID_MISSING");
	invalid("rejectsKidArray", ["Kid"], sign(hdr({ kid: [KID] })), "KID_MISSING");
	invalid("rejectsKidUnknown", ["Kid"], sign(hdr({ kid: "AAAAAAAAAAAAAAAA" })), "KID_UNKNOWN");
	const swapped = [...KID]
		.map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
		.join("");
	invalid("rejectsKidInOtherCase", ["Kid"], sign(hdr({ kid: swapped })), "KID_UNKNOWN");
	invalid(
		"rejectsKidWithPathTraversal",
		["Kid"],
		sign(hdr({ kid: "../../../../dev/null" })),
		"KID_UNKNOWN",
	);
	invalid(
		"rejectsPreviousSecretWhenNotConfigured",
		["Kid", "Rotation"],
		sign(hdr({}, [], KID_B), claims(), K_B),
		"KID_UNKNOWN",
	);

	// Signature.
	const sigBytes = Buffer.from(s0, "base64url");
	const flip = (i) => {
		const b = Buffer.from(sigBytes);
		b[i] ^= 1;
		return b;
	};
	invalid(
		"rejectsFlippedBitInFirstSignatureByte",
		["ModifiedSignature"],
		resign(good, flip(0)),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsFlippedBitInLastSignatureByte",
		["ModifiedSignature"],
		resign(good, flip(31)),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsTruncatedSignature",
		["ModifiedSignature"],
		resign(good, sigBytes.subarray(0, 31)),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsExtendedSignature",
		["ModifiedSignature"],
		resign(good, Buffer.concat([sigBytes, Buffer.from([0])])),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsAllZeroSignature",
		["ModifiedSignature"],
		resign(good, Buffer.alloc(32)),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsOneByteSignature",
		["ModifiedSignature"],
		resign(good, Buffer.from([0x41])),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsHs512SignatureUnderHs256",
		["ModifiedSignature", "AlgConfusion"],
		sign(hdr(), claims(), K, (input) => b64u(hmac(K, input, "sha512"))),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsAttackerKeyWithOurKid",
		["WrongKey"],
		sign(hdr(), claims(), K_ATTACKER),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsModifiedPayload",
		["ModifiedSignature"],
		`${h0}.${b64u(bytes(claims({ roles: ["admin"] })))}.${s0}`,
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsModifiedHeader",
		["ModifiedSignature"],
		`${b64u(bytes(hdr({ typ: "application/at+jwt" })))}.${p0}.${s0}`,
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsSignatureOverDecodedJson",
		["ModifiedSignature"],
		sign(hdr(), claims(), K, () =>
			b64u(hmac(K, `${JSON.stringify(hdr())}.${JSON.stringify(claims())}`)),
		),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsBadSignatureBeforePayloadJson",
		["ModifiedSignature", "VerificationOrder"],
		sign(hdr(), "{not json", K_ATTACKER),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsRawKeyTokenInDerivedMode",
		["RawKeyConfusion"],
		sign(hdr({}, [], KID_OTHER), claims(), K_OTHER),
		"KID_UNKNOWN",
	);
	invalid(
		"rejectsRawKeySignatureWithDerivedKid",
		["RawKeyConfusion"],
		sign(hdr(), claims(), K_OTHER),
		"SIGNATURE_INVALID",
	);
	const emailToken = (key) =>
		jws({ alg: "HS256" }, { email: "ada@example.com", iat: NOW - 60, exp: NOW + 3540 }, key);
	invalid(
		"rejectsBetterAuthEmailVerificationToken",
		["BetterAuthTokenReplay", "RawKeyConfusion"],
		emailToken(K_RAW),
		"TYPE_INVALID",
	);
	invalid(
		"rejectsPlainJwtLibraryToken",
		["TypHeader", "RawKeyConfusion"],
		jws({ alg: "HS256", typ: "JWT" }, claims(), K_RAW),
		"TYPE_INVALID",
	);

	// Payload JSON (correctly signed: the payload is parsed only after the MAC checks out).
	const p = (text) => sign(hdr(), text);
	invalid(
		"rejectsDuplicateClaim",
		["DuplicateName"],
		p(append(claims(), ',"sub":"admin"')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsDuplicateClaimWrittenWithEscape",
		["DuplicateName"],
		p(append(claims(), ',"s\\u0075b":"admin"')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsDuplicateNestedName",
		["DuplicateName"],
		p(withRaw(claims(), { ext: '{"a":1,"a":2}' })),
		"JSON_INVALID",
	);
	invalid(
		"rejectsDuplicateNameInObjectInArray",
		["DuplicateName"],
		p(withRaw(claims(), { ext: '[1,{"a":1,"b":{},"a":1}]' })),
		"JSON_INVALID",
	);
	const cText = JSON.stringify(claims());
	invalid(
		"rejectsUtf8BomInPayload",
		["Bom", "Utf8"],
		p(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(cText)])),
		"JSON_INVALID",
	);
	invalid(
		"rejectsInvalidUtf8InPayload",
		["Utf8"],
		p(inject(claims(), "name", [0x41, 0xfe, 0x61])),
		"JSON_INVALID",
	);
	invalid(
		"rejectsTruncatedUtf8SequenceInPayload",
		["Utf8"],
		p(inject(claims(), "name", [0xe6, 0x97])),
		"JSON_INVALID",
	);
	invalid("rejectsUtf16Payload", ["Utf16"], p(Buffer.from(cText, "utf16le")), "JSON_INVALID");
	invalid(
		"rejectsNaNInPayload",
		["JsonSyntax"],
		p(withRaw(claims(), { exp: "NaN" })),
		"JSON_INVALID",
	);
	invalid(
		"rejectsInfinityInPayload",
		["JsonSyntax"],
		p(withRaw(claims(), { exp: "Infinity" })),
		"JSON_INVALID",
	);
	invalid(
		"rejectsLoneSurrogateInClaim",
		["LoneSurrogate"],
		p(withRaw(claims(), { name: '"Ada \\ud800"' })),
		"JSON_INVALID",
	);
	invalid(
		"rejectsLoneSurrogateInClaimName",
		["LoneSurrogate"],
		p(append(claims(), ',"\\udfff":1')),
		"JSON_INVALID",
	);
	invalid(
		"rejectsReversedSurrogatePair",
		["LoneSurrogate"],
		p(withRaw(claims(), { name: '"\\ude00\\ud83d"' })),
		"JSON_INVALID",
	);
	invalid("rejectsPayloadArray", ["NonObject"], p(`[${cText}]`), "JSON_INVALID");
	invalid("rejectsPayloadString", ["NonObject"], p('"ada@example.com"'), "JSON_INVALID");
	invalid("rejectsPayloadNull", ["NonObject"], p("null"), "JSON_INVALID");
	invalid("rejectsPayloadNumber", ["NonObject"], p("42"), "JSON_INVALID");
	invalid(
		"rejectsDeepNestingInPayload",
		["NestingDepth"],
		p(withRaw(claims(), { deep: nested(2000) })),
		"JSON_INVALID",
	);
	invalid("rejectsDataAfterPayloadObject", ["JsonSyntax"], p(`${cText}]`), "JSON_INVALID");
	invalid(
		"rejectsRawNewlineInClaimString",
		["JsonSyntax"],
		p(withRaw(claims(), { name: '"Ada\nLovelace"' })),
		"JSON_INVALID",
	);

	// Claims: presence and type, in the contract's order.
	const claim = (comment, flags, over, omit, code, name) =>
		invalid(comment, flags, sign(hdr(), claims(over, omit)), code, name);
	const rawClaim = (comment, flags, raw, code, name) =>
		invalid(comment, flags, sign(hdr(), withRaw(claims(), raw)), code, name);
	claim("rejectsExpMissing", ["ClaimMissing"], {}, ["exp"], "CLAIM_MISSING", "exp");
	claim("rejectsExpString", ["ClaimType"], { exp: String(NOW + 840) }, [], "CLAIM_INVALID", "exp");
	rawClaim(
		"rejectsExpFraction",
		["ClaimType", "IntegerForm"],
		{ exp: `${NOW + 840}.5` },
		"CLAIM_INVALID",
		"exp",
	);
	claim("rejectsExpBoolean", ["ClaimType"], { exp: true }, [], "CLAIM_INVALID", "exp");
	rawClaim(
		"rejectsExpHuge",
		["ClaimType", "IntegerForm"],
		{ exp: "1e300" },
		"CLAIM_INVALID",
		"exp",
	);
	rawClaim(
		"rejectsExpOverflowingToInfinity",
		["ClaimType", "IntegerForm"],
		{ exp: "1e400" },
		"CLAIM_INVALID",
		"exp",
	);
	claim(
		"rejectsExpNegative",
		["ClaimType", "IntegerForm"],
		{ exp: -1 },
		[],
		"CLAIM_INVALID",
		"exp",
	);
	claim("rejectsExpNull", ["ClaimType"], { exp: null }, [], "CLAIM_INVALID", "exp");
	claim("rejectsExpArray", ["ClaimType"], { exp: [NOW + 840] }, [], "CLAIM_INVALID", "exp");
	claim("rejectsIatMissing", ["ClaimMissing"], {}, ["iat"], "CLAIM_MISSING", "iat");
	claim("rejectsIatString", ["ClaimType"], { iat: "yesterday" }, [], "CLAIM_INVALID", "iat");
	rawClaim(
		"rejectsIatFraction",
		["ClaimType", "IntegerForm"],
		{ iat: `${NOW - 60}.25` },
		"CLAIM_INVALID",
		"iat",
	);
	claim(
		"rejectsNbfString",
		["ClaimType", "NotBefore"],
		{ nbf: String(NOW) },
		[],
		"CLAIM_INVALID",
		"nbf",
	);
	claim("rejectsNbfNull", ["ClaimType", "NotBefore"], { nbf: null }, [], "CLAIM_INVALID", "nbf");
	claim(
		"rejectsExpMissingBeforeIatInvalid",
		["ClaimMissing", "VerificationOrder"],
		{ iat: "x" },
		["exp"],
		"CLAIM_MISSING",
		"exp",
	);
	claim(
		"rejectsIatTypeBeforeExpiry",
		["ClaimType", "VerificationOrder"],
		{ exp: NOW - 3600, iat: "x" },
		[],
		"CLAIM_INVALID",
		"iat",
	);
	claim(
		"rejectsExpiredBeforeIssuerMismatch",
		["Expiry", "VerificationOrder"],
		{ iat: NOW - 4500, exp: NOW - 3600, iss: "https://evil.example.com" },
		[],
		"TOKEN_EXPIRED",
	);
	claim(
		"rejectsExpiredBeforeNotYetValid",
		["Expiry", "VerificationOrder"],
		{ iat: NOW - 4500, exp: NOW - 3600, nbf: NOW + 3600 },
		[],
		"TOKEN_EXPIRED",
	);
	claim("rejectsIssMissing", ["ClaimMissing", "Issuer"], {}, ["iss"], "CLAIM_MISSING", "iss");
	claim("rejectsIssNumber", ["ClaimType", "Issuer"], { iss: 1 }, [], "CLAIM_INVALID", "iss");
	claim("rejectsIssArray", ["ClaimType", "Issuer"], { iss: [ISSUER] }, [], "CLAIM_INVALID", "iss");
	claim(
		"rejectsIssDifferent",
		["Issuer"],
		{ iss: "https://evil.example.com" },
		[],
		"ISSUER_MISMATCH",
	);
	claim("rejectsIssTrailingSlash", ["Issuer"], { iss: `${ISSUER}/` }, [], "ISSUER_MISMATCH");
	claim("rejectsIssOtherCase", ["Issuer"], { iss: otherCaseHost(ISSUER) }, [], "ISSUER_MISMATCH");
	claim("rejectsAudMissing", ["ClaimMissing", "Audience"], {}, ["aud"], "CLAIM_MISSING", "aud");
	claim(
		"rejectsAudArrayNotContaining",
		["Audience"],
		{ aud: ["https://other.example.com"] },
		[],
		"AUDIENCE_MISMATCH",
	);
	claim("rejectsAudEqualToIssuer", ["Audience"], { aud: ISSUER }, [], "AUDIENCE_MISMATCH");
	claim("rejectsAudTrailingSlash", ["Audience"], { aud: `${AUDIENCE}/` }, [], "AUDIENCE_MISMATCH");
	claim("rejectsAudEmptyArray", ["ClaimType", "Audience"], { aud: [] }, [], "CLAIM_INVALID", "aud");
	claim("rejectsAudNumber", ["ClaimType", "Audience"], { aud: 1 }, [], "CLAIM_INVALID", "aud");
	claim("rejectsAudNull", ["ClaimType", "Audience"], { aud: null }, [], "CLAIM_INVALID", "aud");
	claim(
		"rejectsAudArrayWithNumber",
		["ClaimType", "Audience"],
		{ aud: [AUDIENCE, 1] },
		[],
		"CLAIM_INVALID",
		"aud",
	);
	claim("rejectsSubMissing", ["ClaimMissing", "Subject"], {}, ["sub"], "CLAIM_MISSING", "sub");
	claim("rejectsSubEmpty", ["ClaimType", "Subject"], { sub: "" }, [], "CLAIM_INVALID", "sub");
	claim("rejectsSubNumber", ["ClaimType", "Subject"], { sub: 42 }, [], "CLAIM_INVALID", "sub");
	claim("rejectsSubNull", ["ClaimType", "Subject"], { sub: null }, [], "CLAIM_INVALID", "sub");
	claim(
		"rejectsAudienceMismatchBeforeSubMissing",
		["Audience", "VerificationOrder"],
		{ aud: "https://other.example.com" },
		["sub"],
		"AUDIENCE_MISMATCH",
	);
	claim(
		"rejectsEmailMissing",
		["ClaimMissing", "UserClaims"],
		{},
		["email"],
		"CLAIM_MISSING",
		"email",
	);
	claim(
		"rejectsEmailNumber",
		["ClaimType", "UserClaims"],
		{ email: 7 },
		[],
		"CLAIM_INVALID",
		"email",
	);
	claim(
		"rejectsEmailNull",
		["ClaimType", "UserClaims"],
		{ email: null },
		[],
		"CLAIM_INVALID",
		"email",
	);
	claim(
		"rejectsEmailVerifiedMissing",
		["ClaimMissing", "UserClaims"],
		{},
		["email_verified"],
		"CLAIM_MISSING",
		"email_verified",
	);
	claim(
		"rejectsEmailVerifiedString",
		["ClaimType", "UserClaims"],
		{ email_verified: "true" },
		[],
		"CLAIM_INVALID",
		"email_verified",
	);
	claim(
		"rejectsEmailVerifiedNumber",
		["ClaimType", "UserClaims"],
		{ email_verified: 1 },
		[],
		"CLAIM_INVALID",
		"email_verified",
	);
	claim(
		"rejectsNameNull",
		["ClaimType", "UserClaims"],
		{ name: null },
		[],
		"CLAIM_INVALID",
		"name",
	);
	claim("rejectsNameNumber", ["ClaimType", "UserClaims"], { name: 3 }, [], "CLAIM_INVALID", "name");
	claim("rejectsRolesMissing", ["ClaimMissing", "Roles"], {}, ["roles"], "CLAIM_MISSING", "roles");
	claim(
		"rejectsRolesString",
		["ClaimType", "Roles"],
		{ roles: "admin" },
		[],
		"CLAIM_INVALID",
		"roles",
	);
	claim(
		"rejectsRolesWithNumber",
		["ClaimType", "Roles"],
		{ roles: [1] },
		[],
		"CLAIM_INVALID",
		"roles",
	);
	claim("rejectsRolesNull", ["ClaimType", "Roles"], { roles: null }, [], "CLAIM_INVALID", "roles");
	claim(
		"rejectsRolesObject",
		["ClaimType", "Roles"],
		{ roles: { admin: true } },
		[],
		"CLAIM_INVALID",
		"roles",
	);
	claim(
		"rejectsRolesWithNullItem",
		["ClaimType", "Roles"],
		{ roles: ["user", null] },
		[],
		"CLAIM_INVALID",
		"roles",
	);
	claim(
		"rejectsSubMissingBeforeRolesInvalid",
		["ClaimMissing", "VerificationOrder"],
		{ roles: "admin" },
		["sub"],
		"CLAIM_MISSING",
		"sub",
	);
	claim("rejectsJtiEmpty", ["ClaimType", "Jti"], { jti: "" }, [], "CLAIM_INVALID", "jti");
	claim("rejectsJtiNumber", ["ClaimType", "Jti"], { jti: 5 }, [], "CLAIM_INVALID", "jti");
	claim("rejectsJtiNull", ["ClaimType", "Jti"], { jti: null }, [], "CLAIM_INVALID", "jti");

	// ---- Group 2: rotation. Current secret A, previous secrets B and C.
	add = file.group({
		type: "AccessTokenVerify",
		comment: "rotationWithPreviousSecrets",
		...base,
		previousSecrets: [SECRET_B, SECRET_C],
	});
	valid("acceptsTokenOfCurrentSecret", ["Valid", "Rotation"], sign());
	valid(
		"acceptsTokenOfPreviousSecret",
		["Valid", "Rotation"],
		sign(hdr({}, [], KID_B), claims(), K_B),
	);
	valid(
		"acceptsTokenOfOlderPreviousSecret",
		["Valid", "Rotation"],
		sign(hdr({}, [], KID_C), claims(), K_C),
	);
	invalid(
		"rejectsPreviousKidWithCurrentKeySignature",
		["Rotation", "WrongKey"],
		sign(hdr({}, [], KID_B), claims(), K),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsCurrentKidWithPreviousKeySignature",
		["Rotation", "WrongKey"],
		sign(hdr(), claims(), K_B),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsAttackerKeyWithPreviousKid",
		["Rotation", "WrongKey"],
		sign(hdr({}, [], KID_B), claims(), K_ATTACKER),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsUnknownKidDuringRotation",
		["Rotation", "Kid"],
		sign(hdr({}, [], kidOf(K_ATTACKER)), claims(), K_ATTACKER),
		"KID_UNKNOWN",
	);
	invalid(
		"rejectsExpiredTokenOfPreviousSecret",
		["Rotation", "Expiry"],
		sign(hdr({}, [], KID_B), claims({ iat: NOW - 4500, exp: NOW - 3600 }), K_B),
		"TOKEN_EXPIRED",
	);

	// ---- Group 3: raw key mode (key = UTF-8 of the secret).
	add = file.group({
		type: "AccessTokenVerify",
		comment: "rawKeyMode",
		...base,
		keyMode: "raw",
	});
	valid("acceptsRawModeToken", ["Valid", "RawMode"], sign(hdr({}, [], KID_RAW), claims(), K_RAW));
	valid(
		"acceptsRawModeTokenWithoutName",
		["Valid", "RawMode"],
		sign(hdr({}, [], KID_RAW), claims({}, ["name"]), K_RAW),
	);
	invalid("rejectsDerivedKeyTokenInRawMode", ["RawMode", "RawKeyConfusion"], sign(), "KID_UNKNOWN");
	invalid(
		"rejectsDerivedKeySignatureWithRawKid",
		["RawMode", "RawKeyConfusion"],
		sign(hdr({}, [], KID_RAW), claims(), K),
		"SIGNATURE_INVALID",
	);
	invalid(
		"rejectsBetterAuthEmailVerificationTokenInRawMode",
		["RawMode", "BetterAuthTokenReplay"],
		emailToken(K_RAW),
		"TYPE_INVALID",
	);
	invalid(
		"rejectsRawModeTokenWithoutKid",
		["RawMode", "Kid"],
		sign(hdr({}, ["kid"]), claims(), K_RAW),
		"KID_MISSING",
	);
	invalid(
		"rejectsExpiredRawModeToken",
		["RawMode", "Expiry"],
		sign(hdr({}, [], KID_RAW), claims({ iat: NOW - 4500, exp: NOW - 3600 }), K_RAW),
		"TOKEN_EXPIRED",
	);

	// ---- Group 4: zero leeway.
	add = file.group({
		type: "AccessTokenVerify",
		comment: "zeroLeeway",
		...base,
		settings: { ...SETTINGS, leewaySeconds: 0 },
	});
	invalid(
		"rejectsExpEqualToNow",
		["Expiry", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW - 900, exp: NOW })),
		"TOKEN_EXPIRED",
	);
	valid(
		"acceptsExpOneSecondAfterNow",
		["Expiry", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW - 899, exp: NOW + 1 })),
	);
	valid("acceptsNbfEqualToNow", ["NotBefore", "LeewayBoundary"], sign(hdr(), claims({ nbf: NOW })));
	invalid(
		"rejectsNbfOneSecondAhead",
		["NotBefore", "LeewayBoundary"],
		sign(hdr(), claims({ nbf: NOW + 1 })),
		"TOKEN_NOT_YET_VALID",
	);
	valid(
		"acceptsIatEqualToNow",
		["IssuedAt", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW, exp: NOW + 900 })),
	);
	invalid(
		"rejectsIatOneSecondAhead",
		["IssuedAt", "LeewayBoundary"],
		sign(hdr(), claims({ iat: NOW + 1, exp: NOW + 901 })),
		"TOKEN_ISSUED_IN_FUTURE",
	);

	// ---- Group 5: audience = issuer (the default) and a 900 s lifetime cap.
	add = file.group({
		type: "AccessTokenVerify",
		comment: "audienceDefaultsToIssuer",
		...base,
		settings: { ...SETTINGS, audience: ISSUER, maxLifetimeSeconds: 900 },
	});
	valid(
		"acceptsAudienceEqualToIssuer",
		["Valid", "Audience"],
		sign(hdr(), claims({ aud: ISSUER })),
	);
	invalid(
		"rejectsApiAudienceWhenAudienceIsIssuer",
		["Audience"],
		sign(hdr(), claims()),
		"AUDIENCE_MISMATCH",
	);
	valid(
		"acceptsLifetimeExactlyConfiguredMax",
		["Valid", "Lifetime"],
		sign(hdr(), claims({ aud: ISSUER, iat: NOW - 100, exp: NOW + 800 })),
	);
	invalid(
		"rejectsLifetimeOneOverConfiguredMax",
		["Lifetime"],
		sign(hdr(), claims({ aud: ISSUER, exp: NOW + 841 })),
		"LIFETIME_EXCEEDED",
	);

	// ---- Group 6 (added after the first release of v1; tcIds continue): derived key, default
	// settings. Escapes that unescape to the expected values, and more claim forms.
	add = file.group({ type: "AccessTokenVerify", comment: "derivedKeyAddendum", ...base });
	valid(
		"acceptsEscapedSolidusInIssuer",
		["Valid", "Issuer", "Unicode"],
		sign(hdr(), withRaw(claims(), { iss: '"https:\\/\\/auth.example.com"' })),
	);
	valid(
		"acceptsClaimNameWrittenWithEscape",
		["Valid", "Unicode"],
		sign(hdr(), JSON.stringify(claims()).replace('"sub":', '"\\u0073ub":')),
	);
	valid(
		"acceptsHeaderValuesWrittenWithEscapes",
		["Valid", "Unicode", "TypHeader"],
		sign(`{"alg":"HS\\u0032\\u0035\\u0036","typ":"at\\u002bjwt","kid":"${KID}"}`),
	);
	valid(
		"acceptsPrettyPrintedPayload",
		["Valid", "JsonSyntax"],
		sign(hdr(), ` \n${JSON.stringify(claims(), null, "\t")}\n\t`),
	);
	valid(
		"acceptsRepeatedRoleValues",
		["Valid", "Roles"],
		sign(hdr(), claims({ roles: ["user", "user"] })),
	);
	valid(
		"acceptsLineSeparatorsInName",
		["Valid", "Unicode"],
		sign(hdr(), claims({ name: "Ada\u2028Lovelace\u2029" })),
	);
	invalid("rejectsEmptyClaimsObject", ["ClaimMissing"], sign(hdr(), "{}"), "CLAIM_MISSING", "exp");
	invalid("rejectsWhitespaceOnlyPayload", ["JsonSyntax"], sign(hdr(), "   "), "JSON_INVALID");
	invalid(
		"rejectsIatNegative",
		["ClaimType", "IntegerForm"],
		sign(hdr(), claims({ iat: -1 })),
		"CLAIM_INVALID",
		"iat",
	);
	invalid(
		"rejectsNbfFraction",
		["ClaimType", "IntegerForm", "NotBefore"],
		sign(hdr(), withRaw(claims(), { nbf: `${NOW}.5` })),
		"CLAIM_INVALID",
		"nbf",
	);
	invalid(
		"rejectsExpInExponentFormWhenExpired",
		["Expiry", "IntegerForm"],
		sign(hdr(), withRaw(claims({ iat: 0 }), { exp: "1e3" })),
		"TOKEN_EXPIRED",
	);
	invalid("rejectsKidWithTrailingSpace", ["Kid"], sign(hdr({ kid: `${KID} ` })), "KID_UNKNOWN");
	invalid(
		"rejectsEmailVerifiedNull",
		["ClaimType", "UserClaims"],
		sign(hdr(), claims({ email_verified: null })),
		"CLAIM_INVALID",
		"email_verified",
	);
	invalid(
		"rejectsNestedRolesArray",
		["ClaimType", "Roles"],
		sign(hdr(), claims({ roles: [["admin"]] })),
		"CLAIM_INVALID",
		"roles",
	);
	invalid(
		"rejectsAudArrayOfArrays",
		["ClaimType", "Audience"],
		sign(hdr(), claims({ aud: [[AUDIENCE]] })),
		"CLAIM_INVALID",
		"aud",
	);
	invalid("rejectsTrailingNulCharacter", ["Structure"], `${good}\u0000`, "TOKEN_MALFORMED");

	// ---- Group 7 (second addendum; tcIds continue): the exact nesting limit, and number literals
	// of any length. A deep payload is checked through an expired token: TOKEN_EXPIRED proves it
	// was parsed, and no deep `claims` has to be echoed into this file (which would itself be
	// nested beyond what some JSON loaders take).
	add = file.group({ type: "AccessTokenVerify", comment: "nestingLimitAndLongNumbers", ...base });
	const expired = (over = {}) => claims({ iat: NOW - 4500, exp: NOW - 3600, ...over });
	const deepObject = (depth) => `${'{"":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
	valid(
		"acceptsHeaderNestedExactly1000Deep",
		["Valid", "NestingDepth"],
		sign(withRaw(hdr(), { x: nested(999) })),
	);
	invalid(
		"rejectsHeaderNested1001Deep",
		["NestingDepth"],
		sign(withRaw(hdr(), { x: nested(1000) })),
		"JSON_INVALID",
	);
	invalid(
		"parsesPayloadNestedExactly1000Deep",
		["NestingDepth", "Expiry"],
		p(withRaw(expired(), { deep: nested(999) })),
		"TOKEN_EXPIRED",
	);
	invalid(
		"rejectsPayloadNested1001Deep",
		["NestingDepth"],
		p(withRaw(expired(), { deep: nested(1000) })),
		"JSON_INVALID",
	);
	invalid(
		"parsesPayloadObjectsNestedExactly1000Deep",
		["NestingDepth", "Expiry"],
		p(withRaw(expired(), { deep: deepObject(999) })),
		"TOKEN_EXPIRED",
	);
	invalid(
		"rejectsPayloadObjectsNested1001Deep",
		["NestingDepth"],
		p(withRaw(expired(), { deep: deepObject(1000) })),
		"JSON_INVALID",
	);
	const longInteger = `1${"0".repeat(4400)}`;
	valid(
		"acceptsHeaderWithLongIntegerLiteral",
		["Valid", "LongNumber"],
		sign(withRaw(hdr(), { x: longInteger })),
	);
	invalid(
		"parsesPayloadWithLongIntegerLiteral",
		["LongNumber", "Expiry"],
		p(withRaw(expired(), { big: longInteger })),
		"TOKEN_EXPIRED",
	);
	invalid(
		"rejectsExpAsLongIntegerLiteral",
		["LongNumber", "ClaimType"],
		p(withRaw(claims(), { exp: longInteger })),
		"CLAIM_INVALID",
		"exp",
	);
	// The size limit counts characters as Unicode code points (Python's len()); a character
	// outside the BMP is one character although a JavaScript string holds it as two code units.
	invalid(
		"rejectsMaxLengthInCodePointsWithAstralCharacterAsMalformed",
		["TokenSize", "Structure"],
		`${tokenOfLength(8191)}\u{1f600}`,
		"TOKEN_MALFORMED",
	);
	invalid(
		"rejectsOneCodePointOverMaxWithAstralCharacterAsTooLarge",
		["TokenSize"],
		`${tokenOfLength(8192)}\u{1f600}`,
		"TOKEN_TOO_LARGE",
	);

	return file.toJSON();
}
