/**
 * Reading a token endpoint answer: the `expiresAt` in any of the forms a server or a JSON parser
 * may produce, the unverified `sub`/`iat`/`exp` claims (the client never verifies a token; it only
 * reads these to schedule refreshes and to notice a change of user), and the token's lifetime on
 * the server's clock.
 *
 * @module
 */
import { base64urlDecode } from "../core/base64url.js";

/** What a token source returns: the body of `GET /api/auth/api-token`, or the same shape. */
export interface TokenResponse {
	/** The compact JWS access token. */
	token: string;
	/**
	 * When the token expires, on the server's clock: epoch milliseconds (or seconds, if below
	 * 10^11), an ISO 8601 string, or a `Date`.
	 */
	expiresAt?: number | string | Date | null | undefined;
	/** Always `Bearer` when present. */
	tokenType?: string | undefined;
	/**
	 * The `Date` header of the response, used to measure the lifetime when the token's `iat` is
	 * unreadable.
	 */
	date?: string | null | undefined;
}

/** The claims the client reads, without verifying anything. */
export interface UnverifiedClaims {
	sub: string | undefined;
	iat: number | undefined;
	exp: number | undefined;
}

const decoder = new TextDecoder();

/** Whether `value` has the shape of a compact JWS: three base64url segments, nothing else. */
export function isCompactJws(value: unknown): value is string {
	return typeof value === "string" && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
}

/** Reads `sub`, `iat` and `exp` from a compact JWS payload; `null` if it is not readable. */
export function readClaims(token: string): UnverifiedClaims | null {
	const payload = token.split(".")[1];
	if (payload === undefined) return null;
	const bytes = base64urlDecode(payload);
	if (bytes === null) return null;
	try {
		const claims: unknown = JSON.parse(decoder.decode(bytes));
		if (typeof claims !== "object" || claims === null) return null;
		const c = claims as Record<string, unknown>;
		const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
		return {
			sub: typeof c.sub === "string" && c.sub !== "" ? c.sub : undefined,
			iat: num(c.iat),
			exp: num(c.exp),
		};
	} catch {
		return null;
	}
}

/** Epoch milliseconds of an `expiresAt`, or `null` when it is missing or not a time. */
export function parseExpiresAt(value: TokenResponse["expiresAt"]): number | null {
	if (value === null || value === undefined) return null;
	if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
	if (typeof value === "number") {
		if (!Number.isFinite(value) || value <= 0) return null;
		// 10^11 seconds is the year 5138; 10^11 milliseconds is 1973: below it, seconds were meant.
		return value < 1e11 ? value * 1000 : value;
	}
	if (typeof value === "string") {
		const trimmed = value.trim();
		if (/^\d+(\.\d+)?$/.test(trimmed)) return parseExpiresAt(Number(trimmed));
		const ms = Date.parse(trimmed);
		return Number.isFinite(ms) ? ms : null;
	}
	return null;
}

/** A token endpoint answer, checked and measured. */
export interface MeasuredToken {
	token: string;
	/** Expiry on the server's clock, epoch milliseconds. */
	expiresAtMs: number;
	/** Lifetime left when the token was requested, measured on the server's clock. */
	lifetimeMs: number;
	/** The `sub` claim (the Better Auth user id), if readable. */
	userId: string | null;
}

/**
 * Checks a token endpoint answer and measures its lifetime without trusting the local wall clock
 * when it can avoid it: `expiresAt - iat` (both server clock), else `expiresAt - Date header`
 * (both server clock), else `expiresAt - localWallNow` (the only case a skewed client clock can
 * affect; the API's 401 and one retry still recover from it). Returns an error message when the
 * answer is unusable.
 */
export function measureToken(
	response: TokenResponse,
	localWallNow: number,
): MeasuredToken | string {
	if (typeof response !== "object" || response === null) return "the answer is not an object";
	const { token } = response;
	if (!isCompactJws(token)) {
		return "the answer has no compact JWS token";
	}
	const { tokenType } = response as { tokenType?: unknown };
	if (
		tokenType !== undefined &&
		(typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")
	) {
		return `the token type is ${JSON.stringify(tokenType) ?? typeof tokenType}, not Bearer`;
	}
	const claims = readClaims(token);
	const fromBody = parseExpiresAt(response.expiresAt);
	const fromClaim = claims?.exp !== undefined ? claims.exp * 1000 : null;
	const expiresAtMs =
		fromBody !== null && fromClaim !== null
			? Math.min(fromBody, fromClaim)
			: (fromBody ?? fromClaim);
	if (expiresAtMs === null) return "the answer has no readable expiresAt";
	const dateHeader = response.date ? Date.parse(response.date) : Number.NaN;
	const issuedAtMs =
		claims?.iat !== undefined
			? claims.iat * 1000
			: Number.isFinite(dateHeader)
				? dateHeader
				: localWallNow;
	const lifetimeMs = expiresAtMs - issuedAtMs;
	if (!(lifetimeMs > 0)) return "the token is already expired";
	return { token, expiresAtMs, lifetimeMs, userId: claims?.sub ?? null };
}
