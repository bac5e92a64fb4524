/**
 * The normative values of contract v1 that `spec` prints, as data: the header, the claims table
 * (spec/contract.md §2.3), the verification order (§4.1), the settings (§4.2) and the codes
 * (spec/codes.json, copied beside the catalogue at build time). A test checks each against
 * spec/contract.md and spec/codes.json.
 *
 * @module
 * @internal
 */
import { readFileSync } from "node:fs";
import { CODES } from "../core/codes.js";
import { KEY_INFO } from "../core/key.js";
import { VERIFIER_DEFAULTS } from "../core/options.js";
import {
	DEFAULT_LIFETIME_SECONDS,
	MAX_LIFETIME_SECONDS,
	MIN_LIFETIME_SECONDS,
} from "../server/config.js";

/** The issued header, members in order (`kid` filled in per configuration). */
export const HEADER = { alg: "HS256", typ: "at+jwt" } as const;
/** `typ` values verifiers accept (ASCII case-insensitive). */
export const ACCEPTED_TYP = ["at+jwt", "application/at+jwt"] as const;
/** The only algorithm. */
export const ALGORITHMS = ["HS256"] as const;
/** Header parameters that are refused. */
export const FORBIDDEN_HEADER_PARAMS = ["crit", "jku", "x5u", "jwk", "x5c"] as const;

/** One row of the claims table (§2.3). */
export interface ClaimRow {
	claim: string;
	type: string;
	required: string;
	meaning: string;
}

/** The claims table of §2.3, in issue order. */
export const CLAIMS: readonly ClaimRow[] = [
	{ claim: "sub", type: "non-empty string", required: "yes", meaning: "the Better Auth user id" },
	{
		claim: "email",
		type: "string",
		required: "yes",
		meaning: "the user's email address as stored by Better Auth",
	},
	{
		claim: "email_verified",
		type: "boolean",
		required: "yes",
		meaning: "Better Auth's `emailVerified` for the user",
	},
	{
		claim: "name",
		type: "string",
		required: "no",
		meaning: "display name; not issued when the user has none",
	},
	{
		claim: "roles",
		type: "array of strings, possibly empty",
		required: "yes, always issued",
		meaning: "the user's roles",
	},
	{
		claim: "iat",
		type: "integer (seconds since the epoch)",
		required: "yes",
		meaning: "when the token was issued",
	},
	{
		claim: "exp",
		type: "integer (seconds since the epoch)",
		required: "yes",
		meaning: "when it expires",
	},
	{ claim: "nbf", type: "integer", required: "no, never issued", meaning: "honoured when present" },
	{ claim: "iss", type: "string", required: "yes", meaning: "the issuer" },
	{
		claim: "aud",
		type: "string (issued); string or non-empty array of strings (accepted)",
		required: "yes",
		meaning: "the audience",
	},
	{
		claim: "jti",
		type: "non-empty string",
		required: "issued always; optional for verifiers",
		meaning: "random and unique per token",
	},
];

/** The 22 steps of §4.1 in order, each with the codes it can give. */
export const CHECKLIST: readonly [string, string[]][] = [
	["size cap (maxTokenBytes, counted in code points), before any parsing", ["TOKEN_TOO_LARGE"]],
	["three non-empty strict base64url segments, nothing trimmed", ["TOKEN_MALFORMED"]],
	["header: strict UTF-8 JSON object, no duplicate names, nesting up to 1000", ["JSON_INVALID"]],
	["alg exactly HS256", ["ALG_NOT_ALLOWED"]],
	["typ at+jwt or application/at+jwt (ASCII case-insensitive)", ["TYPE_INVALID"]],
	["no crit", ["CRIT_UNSUPPORTED"]],
	["no jku, x5u, jwk, x5c", ["HEADER_PARAM_FORBIDDEN"]],
	["kid present, and one of the configured keys", ["KID_MISSING", "KID_UNKNOWN"]],
	[
		"HMAC-SHA256 over the first two segments, 32 bytes, constant-time compare",
		["SIGNATURE_INVALID"],
	],
	["payload: the same JSON rules, parsed only after the MAC", ["JSON_INVALID"]],
	[
		"exp, then iat, required integers; nbf optional, an integer",
		["CLAIM_MISSING", "CLAIM_INVALID"],
	],
	["now < exp + leeway", ["TOKEN_EXPIRED"]],
	["nbf <= now + leeway", ["TOKEN_NOT_YET_VALID"]],
	["iat <= now + leeway", ["TOKEN_ISSUED_IN_FUTURE"]],
	["iat < exp, and exp - iat <= maxLifetimeSeconds", ["CLAIM_INVALID", "LIFETIME_EXCEEDED"]],
	["iss a string, exactly the issuer", ["CLAIM_MISSING", "CLAIM_INVALID", "ISSUER_MISMATCH"]],
	[
		"aud a string or non-empty array of strings, equal to or containing the audience",
		["CLAIM_MISSING", "CLAIM_INVALID", "AUDIENCE_MISMATCH"],
	],
	["sub a non-empty string", ["CLAIM_MISSING", "CLAIM_INVALID"]],
	["email a string, email_verified a boolean", ["CLAIM_MISSING", "CLAIM_INVALID"]],
	["name, when present, a string", ["CLAIM_INVALID"]],
	["roles an array of strings", ["CLAIM_MISSING", "CLAIM_INVALID"]],
	["jti, when present, a non-empty string", ["CLAIM_INVALID"]],
];

/** Contract defaults and bounds. */
export const DEFAULTS = {
	lifetimeSeconds: DEFAULT_LIFETIME_SECONDS,
	lifetimeBounds: [MIN_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS] as const,
	leewaySeconds: VERIFIER_DEFAULTS.leewaySeconds,
	maxLifetimeSeconds: VERIFIER_DEFAULTS.maxLifetimeSeconds,
	maxTokenBytes: VERIFIER_DEFAULTS.maxTokenBytes,
	realm: "api",
	keyInfo: KEY_INFO,
};

/** A code with its status, RFC 6750 error and description. */
export interface CodeRow {
	code: string;
	status: number;
	error: string | null;
	description: string;
}

/** The codes of spec/codes.json (descriptions), with status and error from the core table. */
export function codeRows(): CodeRow[] {
	const file = new URL("./catalogue/codes.json", import.meta.url);
	const data = JSON.parse(readFileSync(file, "utf8")) as {
		codes: { code: string; description: string }[];
	};
	return data.codes.map(({ code, description }) => {
		const c = CODES[code as keyof typeof CODES];
		if (c === undefined) throw new Error(`codes.json has ${code}, which the core does not know`);
		return { code, status: c.status, error: c.error, description };
	});
}
