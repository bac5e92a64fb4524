/**
 * What each header parameter and claim of a contract token means, and how long ago or how soon
 * a time claim falls: the words `inspect` prints.
 *
 * @module
 * @internal
 */

/** Meanings of the header parameters of contract v1. */
export const HEADER_MEANINGS: Record<string, string> = {
	alg: "signature algorithm; contract tokens are HS256 only (the verifier never takes it from the token)",
	typ: "explicit type (RFC 9068): at+jwt or application/at+jwt; anything else is refused",
	kid: "key id: first 16 characters of base64url(SHA-256(key)); tells which secret signed, without revealing it",
	crit: "critical extensions: contract verifiers refuse any",
	jku: "a URL naming a key set: never followed, always refused",
	x5u: "a URL naming a certificate: never followed, always refused",
	jwk: "an embedded key: never used, always refused",
	x5c: "an embedded certificate chain: never used, always refused",
};

/** Meanings of the claims of contract v1. */
export const CLAIM_MEANINGS: Record<string, string> = {
	sub: "the Better Auth user id",
	email: "the user's email",
	email_verified: "whether Better Auth verified the email",
	name: "display name (optional)",
	roles:
		"roles, from the user's role field (admin plugin, comma separated) or a configured function",
	iat: "issued at (seconds since the epoch)",
	exp: "expires at (seconds since the epoch); must be in the future within the leeway",
	nbf: "not before (optional)",
	iss: "issuer: Better Auth's URL (BETTER_AUTH_URL); compared exactly",
	aud: "audience: BETTER_AUTH_AUDIENCE, default the issuer; must contain the API's",
	jti: "unique token id",
};

/** "14 min 3 s" */
export function duration(seconds: number): string {
	let s = Math.abs(Math.round(seconds));
	const parts: string[] = [];
	for (const [unit, size] of [
		["d", 86400],
		["h", 3600],
		["min", 60],
	] as const) {
		if (s >= size) {
			parts.push(`${Math.floor(s / size)} ${unit}`);
			s %= size;
		}
	}
	if (s > 0 || parts.length === 0) parts.push(`${s} s`);
	return parts.slice(0, 2).join(" ");
}

/** "in 14 min 3 s" or "2 h ago". */
export function relative(at: number, now: number): string {
	if (at === now) return "now";
	return at > now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`;
}

/** Which kind of token this is, and what verifies it. */
export interface TokenKind {
	kind: "contract" | "betterAuthJwtPlugin" | "betterAuthEmailVerification" | "otherJwt";
	summary: string;
	verifiedBy: string;
}

/** Tells a contract token from an official jwt-plugin token and Better Auth's own email-verification token. */
export function kindOf(
	header: Record<string, unknown>,
	claims: Record<string, unknown>,
): TokenKind {
	const alg = header.alg;
	const typ = typeof header.typ === "string" ? header.typ.toLowerCase() : undefined;
	if (alg === "HS256" && (typ === "at+jwt" || typ === "application/at+jwt")) {
		return {
			kind: "contract",
			summary: "a better-auth-fastapi access token (contract v1, from GET /api/auth/api-token)",
			verifiedBy:
				"fastapi_better_auth's CurrentUser (or any verifier that passes `better-auth-fastapi conformance`) with the same BETTER_AUTH_SECRET",
		};
	}
	if (typeof alg === "string" && /^(EdDSA|ES\d+|RS\d+|PS\d+)$/.test(alg)) {
		return {
			kind: "betterAuthJwtPlugin",
			summary: `an asymmetric (${alg}) JWT, the shape of Better Auth's official jwt plugin (GET /api/auth/token); not a contract token`,
			verifiedBy:
				"the JWKS at {BETTER_AUTH_URL}/api/auth/jwks: fastapi_better_auth's JWKS mode, never the shared secret",
		};
	}
	if (
		alg === "HS256" &&
		header.typ === undefined &&
		typeof claims.email === "string" &&
		claims.sub === undefined
	) {
		return {
			kind: "betterAuthEmailVerification",
			summary:
				"the shape of Better Auth's own email-verification token (HS256 with the raw secret, no typ, an email and no sub)",
			verifiedBy:
				"Better Auth's /verify-email only; an API must refuse it (contract verifiers do: TYPE_INVALID)",
		};
	}
	return {
		kind: "otherJwt",
		summary: `a JWT that is not a contract token (alg ${JSON.stringify(alg)}, typ ${JSON.stringify(header.typ)})`,
		verifiedBy: "whatever issued it; contract verifiers refuse it",
	};
}
