/**
 * The claims set of an access token (contract v1) and its validation, steps 11 to 22 of the
 * contract's verification order.
 *
 * @module
 */
import { accessTokenError } from "./errors.js";

/**
 * The claims of a verified access token. Unknown extra claims are passed through unchanged.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export interface AccessTokenClaims {
	/** Better Auth user id; a non-empty string. */
	sub: string;
	/** The user's email. */
	email: string;
	/** Whether Better Auth has verified the email. */
	email_verified: boolean;
	/** Display name, when the user has one. */
	name?: string;
	/** Roles of the user; possibly empty. */
	roles: string[];
	/** Issued at, integer seconds since the epoch. */
	iat: number;
	/** Expiry, integer seconds since the epoch. */
	exp: number;
	/** Not before, integer seconds since the epoch (optional). */
	nbf?: number;
	/** Issuer: the Better Auth URL. */
	iss: string;
	/** Audience: a string or a non-empty array of strings. */
	aud: string | string[];
	/** Unique token id (optional). */
	jti?: string;
	/** Custom claims. */
	[claim: string]: unknown;
}

/**
 * What claim validation needs from the verifier settings.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export interface ClaimRules {
	readonly issuer: string;
	readonly audience: string;
	readonly leewaySeconds: number;
	readonly maxLifetimeSeconds: number;
}

const MAX_NUMERIC_DATE = 2 ** 53 - 1;

/** A JSON number with an integral value in 0..2^53-1 (1.0 and 1e3 count). */
const isNumericDate = (v: unknown): v is number =>
	typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_NUMERIC_DATE;

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

function missing(claim: string): never {
	throw accessTokenError("CLAIM_MISSING", `The access token has no "${claim}" claim.`, { claim });
}

function invalid(claim: string, why: string): never {
	throw accessTokenError("CLAIM_INVALID", `The access token's "${claim}" claim ${why}.`, {
		claim,
	});
}

function fail(code: Parameters<typeof accessTokenError>[0], message: string): never {
	throw accessTokenError(code, message);
}

function numericDate(
	p: Record<string, unknown>,
	claim: string,
	required: boolean,
): number | undefined {
	if (!has(p, claim)) return required ? missing(claim) : undefined;
	const v = p[claim];
	return isNumericDate(v) ? v : invalid(claim, "is not an integer number of seconds");
}

function requiredString(p: Record<string, unknown>, claim: string, nonEmpty = false): string {
	if (!has(p, claim)) missing(claim);
	const v = p[claim];
	if (typeof v !== "string" || (nonEmpty && v.length === 0)) {
		invalid(claim, nonEmpty ? "is not a non-empty string" : "is not a string");
	}
	return v;
}

/**
 * Validates a parsed claims set at time `now` (integer seconds), in the contract's order; the
 * first failure throws an {@link AccessTokenError} with its code (and `claim` for claim errors).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.10
 */
export function validateClaims(
	p: Record<string, unknown>,
	rules: ClaimRules,
	now: number,
): AccessTokenClaims {
	const exp = numericDate(p, "exp", true) as number;
	const iat = numericDate(p, "iat", true) as number;
	const nbf = numericDate(p, "nbf", false);
	const leeway = rules.leewaySeconds;
	if (now >= exp + leeway) fail("TOKEN_EXPIRED", "The access token has expired.");
	if (nbf !== undefined && nbf > now + leeway) {
		fail("TOKEN_NOT_YET_VALID", "The access token is not valid yet.");
	}
	if (iat > now + leeway)
		fail("TOKEN_ISSUED_IN_FUTURE", "The access token is issued in the future.");
	if (exp <= iat) invalid("exp", "is not after iat");
	if (exp - iat > rules.maxLifetimeSeconds) {
		fail("LIFETIME_EXCEEDED", "The access token's lifetime exceeds the maximum.");
	}
	if (requiredString(p, "iss") !== rules.issuer) {
		fail("ISSUER_MISMATCH", "The access token was issued by another issuer.");
	}
	checkAudience(p, rules.audience);
	requiredString(p, "sub", true);
	requiredString(p, "email");
	if (!has(p, "email_verified")) missing("email_verified");
	if (typeof p.email_verified !== "boolean") invalid("email_verified", "is not a boolean");
	if (has(p, "name") && typeof p.name !== "string") invalid("name", "is not a string");
	if (!has(p, "roles")) missing("roles");
	const roles = p.roles;
	if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) {
		invalid("roles", "is not an array of strings");
	}
	if (has(p, "jti") && (typeof p.jti !== "string" || p.jti.length === 0)) {
		invalid("jti", "is not a non-empty string");
	}
	return p as AccessTokenClaims;
}

function checkAudience(p: Record<string, unknown>, audience: string): void {
	if (!has(p, "aud")) missing("aud");
	const aud = p.aud;
	if (typeof aud === "string") {
		if (aud !== audience)
			fail("AUDIENCE_MISMATCH", "The access token is meant for another audience.");
		return;
	}
	if (!Array.isArray(aud) || aud.length === 0 || !aud.every((a) => typeof a === "string")) {
		invalid("aud", "is not a string or a non-empty array of strings");
	}
	if (!aud.includes(audience)) {
		fail("AUDIENCE_MISMATCH", "The access token is meant for another audience.");
	}
}
