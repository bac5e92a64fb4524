/**
 * The contract's machine codes (`spec/codes.json`), as data. A test checks this table against the
 * JSON file so the two cannot drift.
 *
 * @module
 */

/** The RFC 6750 §3.1 `error` attribute a code maps to; `null` when no credentials were sent. */
export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

/** Status and RFC 6750 error of each machine code of contract v1. */
export const CODES = {
	TOKEN_MISSING: { status: 401, error: null },
	AUTHORIZATION_MALFORMED: { status: 400, error: "invalid_request" },
	AUTHORIZATION_REPEATED: { status: 400, error: "invalid_request" },
	TOKEN_TOO_LARGE: { status: 401, error: "invalid_token" },
	TOKEN_MALFORMED: { status: 401, error: "invalid_token" },
	JSON_INVALID: { status: 401, error: "invalid_token" },
	ALG_NOT_ALLOWED: { status: 401, error: "invalid_token" },
	TYPE_INVALID: { status: 401, error: "invalid_token" },
	CRIT_UNSUPPORTED: { status: 401, error: "invalid_token" },
	HEADER_PARAM_FORBIDDEN: { status: 401, error: "invalid_token" },
	KID_MISSING: { status: 401, error: "invalid_token" },
	KID_UNKNOWN: { status: 401, error: "invalid_token" },
	SIGNATURE_INVALID: { status: 401, error: "invalid_token" },
	CLAIM_MISSING: { status: 401, error: "invalid_token" },
	CLAIM_INVALID: { status: 401, error: "invalid_token" },
	TOKEN_EXPIRED: { status: 401, error: "invalid_token" },
	TOKEN_NOT_YET_VALID: { status: 401, error: "invalid_token" },
	TOKEN_ISSUED_IN_FUTURE: { status: 401, error: "invalid_token" },
	LIFETIME_EXCEEDED: { status: 401, error: "invalid_token" },
	ISSUER_MISMATCH: { status: 401, error: "invalid_token" },
	AUDIENCE_MISMATCH: { status: 401, error: "invalid_token" },
	JWKS_UNAVAILABLE: { status: 401, error: "invalid_token" },
	ROLE_MISSING: { status: 403, error: "insufficient_scope" },
	// Token endpoint only (the server plugin's answers, in Better Auth's `{ code, message }` body).
	USER_BANNED: { status: 403, error: null },
	CROSS_SITE_REQUEST: { status: 403, error: null },
} as const satisfies Record<string, { status: 400 | 401 | 403; error: BearerError | null }>;

/** Every machine code of contract v1. */
export type AccessTokenErrorCode = keyof typeof CODES;
