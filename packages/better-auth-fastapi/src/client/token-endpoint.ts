/**
 * `GET /api-token` through the auth client's own `$fetch` (its base URL, cookies, credentials and
 * fetch hooks), with the answer's `Date` header kept for the lifetime measurement.
 *
 * @module
 */
import type { BetterFetch } from "better-auth/client";
import { ApiAuthError, ApiTokenError } from "./errors.js";
import type { TokenResponse } from "./token-response.js";

/** The endpoint path, relative to Better Auth's base path. */
export const API_TOKEN_PATH = "/api-token";

/** Reads `{ data, error }` or a bare body (`fetchOptions.throw`) from `$fetch`. */
export async function fetchTokenWith(
	$fetch: BetterFetch,
	signal: AbortSignal,
): Promise<TokenResponse> {
	let date: string | null = null;
	let retryAfterSeconds: number | undefined;
	let result: unknown;
	const failed = (status: unknown, cause: unknown) =>
		status === 401
			? signedOut(cause)
			: status === 403 && refusalCode(cause) !== undefined
				? refused(refusalCode(cause) as TokenRefusalCode, cause)
				: new ApiTokenError("TOKEN_REQUEST_FAILED", `The token endpoint answered ${status}.`, {
						status: typeof status === "number" ? status : undefined,
						retryAfterSeconds: status === 429 ? retryAfterSeconds : undefined,
						cause,
					});
	try {
		result = await $fetch(API_TOKEN_PATH, {
			method: "GET",
			signal,
			onResponse(context) {
				const { headers } = context.response;
				date = headers.get("date");
				retryAfterSeconds = seconds(headers.get("retry-after") ?? headers.get("x-retry-after"));
			},
		});
	} catch (error) {
		const status = (error as { status?: unknown } | null)?.status;
		if (typeof status === "number") throw failed(status, error);
		throw error;
	}
	const r = result as { data?: unknown; error?: { status?: number } | null } | null;
	const isPair = typeof r === "object" && r !== null && "data" in r && "error" in r;
	if (isPair && r.error) throw failed(r.error.status, r.error);
	const data = (isPair ? r.data : result) as TokenResponse;
	return typeof data === "object" && data !== null ? { ...data, date } : data;
}

/** A `Retry-After` in delay-seconds (the form rate limiters send), else `undefined`. */
function seconds(value: string | null): number | undefined {
	return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** The token endpoint's 403 codes (`spec/codes.json`): the user may not have a token at all. */
export type TokenRefusalCode = "USER_BANNED" | "CROSS_SITE_REQUEST";

/**
 * The refusal code of a token-endpoint error: on the error itself, on the body a thrown `$fetch`
 * error carries (`error`), or on the body of an `auth.api` `APIError` (`body`).
 */
export function refusalCode(cause: unknown): TokenRefusalCode | undefined {
	const c = cause as {
		code?: unknown;
		error?: { code?: unknown } | null;
		body?: { code?: unknown } | null;
	} | null;
	const code = c?.code ?? c?.error?.code ?? c?.body?.code;
	return code === "USER_BANNED" || code === "CROSS_SITE_REQUEST" ? code : undefined;
}

/** The {@link ApiAuthError} (403, not retried) for a token endpoint's refusal. */
export function refused(code: TokenRefusalCode, cause: unknown): ApiAuthError {
	return new ApiAuthError({
		status: 403,
		code,
		message:
			code === "USER_BANNED"
				? "The token endpoint refused: this user is banned."
				: "The token endpoint refused a cross-site request (Origin not trusted by Better Auth).",
		cause,
	});
}

function signedOut(cause: unknown): ApiAuthError {
	return new ApiAuthError({
		status: 401,
		code: "SESSION_MISSING",
		message: "No one is signed in: the token endpoint found no Better Auth session.",
		cause,
	});
}
