/**
 * Request-time checks of what the `roles` and `claims` functions return, and of the finished
 * token. The functions are application code run per request, so their results cannot be checked
 * at start-up; a result no verifier would accept must fail loudly (a logged sentence naming the
 * option, and a typed 500) instead of issuing a token every API rejects. Messages describe types
 * and claim names only, never values (they may hold personal data) or the secret.
 *
 * @module
 * @internal
 */
import { validateClaims } from "../core/claims.js";
import { AccessTokenError } from "../core/errors.js";
import { isWellFormed, parseJsonObject } from "../core/json.js";
import type { KeyMode } from "../core/key.js";
import { VERIFIER_DEFAULTS } from "../core/options.js";
import { RESERVED_CLAIMS } from "./issue.js";

const encoder = new TextEncoder();

/**
 * Members Better Auth's cookie cache (`jwt` strategy) requires in an HS256 payload it verifies
 * with the raw secret; in `raw` mode an access token must never carry them.
 */
const COOKIE_CACHE_MEMBERS: ReadonlySet<string> = new Set(["session", "user"]);

/** "a number", "an array", "null"...: what a value is, without its contents. */
function kindOf(value: unknown): string {
	if (value === null) return "null";
	if (value === undefined) return "undefined";
	if (Array.isArray(value)) return "an array";
	const type = typeof value;
	return type === "object" ? "an object" : `a ${type}`;
}

/** Why a `roles` result is unusable, or `undefined` when it is an array of well-formed strings. */
export function rolesProblem(roles: unknown): string | undefined {
	if (!Array.isArray(roles)) {
		return `options.roles must return an array of strings; it returned ${kindOf(roles)}`;
	}
	for (let i = 0; i < roles.length; i++) {
		const role: unknown = roles[i];
		if (typeof role !== "string") {
			return `options.roles must return an array of strings; item ${i} is ${kindOf(role)}`;
		}
		if (!isWellFormed(role)) {
			return `options.roles returned item ${i}, a string that is not well-formed Unicode (a lone surrogate)`;
		}
	}
	return undefined;
}

/**
 * Deepest a custom claim's value may nest (arrays and objects; a scalar is 0, `[]` is 1). Verifiers
 * accept up to 1000 levels, but frameworks do not serialize that deep (pydantic stops near 250), so
 * the issuer keeps custom claims well inside what every back end can hand to its routes.
 */
export const MAX_CUSTOM_CLAIM_DEPTH = 32;

/** Whether a JSON-serializable (so acyclic) value nests deeper than `limit`. */
function deeperThan(value: unknown, limit: number): boolean {
	if (typeof value !== "object" || value === null) return false;
	if (limit === 0) return true;
	const children = Array.isArray(value) ? value : Object.values(value);
	return children.some((child) => deeperThan(child, limit - 1));
}

/**
 * Why a `claims` result is unusable, or `undefined`: it must be an object whose members (the
 * reserved ones, dropped anyway, and `undefined` ones aside) each serialize to JSON that a strict
 * verifier parses (no bigint, function, symbol or cycle; no lone surrogate; a value nested at most
 * {@link MAX_CUSTOM_CLAIM_DEPTH} levels).
 */
export function claimsProblem(claims: unknown, keyMode: KeyMode = "derived"): string | undefined {
	if (claims === undefined) return undefined;
	if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
		return `options.claims must return an object; it returned ${kindOf(claims)}`;
	}
	for (const [name, value] of Object.entries(claims)) {
		if (RESERVED_CLAIMS.has(name) || value === undefined) continue;
		if (keyMode === "raw" && COOKIE_CACHE_MEMBERS.has(name)) {
			return `options.claims returned "${name}", which Better Auth's jwt cookie cache reads from tokens signed with the raw secret; rename it, or use keyMode "derived"`;
		}
		let text: string | undefined;
		try {
			text = JSON.stringify({ [name]: value });
		} catch {
			return `options.claims returned "${name}", which JSON cannot serialize (a bigint or a cycle)`;
		}
		if (text === "{}") {
			return `options.claims returned "${name}" as ${kindOf(value)}, which JSON cannot represent`;
		}
		if (deeperThan(value, MAX_CUSTOM_CLAIM_DEPTH)) {
			return `options.claims returned "${name}", which nests deeper than ${MAX_CUSTOM_CLAIM_DEPTH} levels`;
		}
		if (parseJsonObject(encoder.encode(text)) === undefined) {
			return `options.claims returned "${name}", which holds a string that is not well-formed Unicode (a lone surrogate)`;
		}
	}
	return undefined;
}

/** Why a finished token is unusable: longer than verifiers accept by default. */
export function tokenProblem(token: string): string | undefined {
	const max = VERIFIER_DEFAULTS.maxTokenBytes;
	if (token.length <= max) return undefined;
	return `the token would be ${token.length} characters, more than the ${max} verifiers accept by default; return fewer or shorter claims from options.claims`;
}

/**
 * Why a finished payload would fail a verifier configured with the same issuer and audience (the
 * contract's claim checks at its own `iat`, default lifetime cap; then no lone surrogate in the
 * user's and the configuration's strings), or `undefined`. A last line of defence: a user
 * id that is not a non-empty string (a numeric id from a custom adapter, say) ends up here.
 */
export function payloadProblem(
	payload: Record<string, unknown>,
	rules: { issuer: string; audience: string },
): string | undefined {
	try {
		validateClaims(
			payload,
			{ ...rules, leewaySeconds: 0, maxLifetimeSeconds: VERIFIER_DEFAULTS.maxLifetimeSeconds },
			payload.iat as number,
		);
	} catch (e) {
		if (!(e instanceof AccessTokenError)) throw e;
		return `the token would not verify: ${e.code}${e.claim ? ` (claim "${e.claim}")` : ""}`;
	}
	// Custom claims and roles are checked above; these strings come from the user and the config.
	for (const claim of ["sub", "email", "name", "iss", "aud"]) {
		const value = payload[claim];
		if (typeof value === "string" && !isWellFormed(value)) {
			return `the token would not verify: JSON_INVALID ("${claim}" holds a lone surrogate)`;
		}
	}
	return undefined;
}
