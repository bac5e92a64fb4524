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
	let result: unknown;
	try {
		result = await $fetch(API_TOKEN_PATH, {
			method: "GET",
			signal,
			onResponse(context) {
				date = context.response.headers.get("date");
			},
		});
	} catch (error) {
		const status = (error as { status?: unknown } | null)?.status;
		if (status === 401) throw signedOut(error);
		if (typeof status === "number") {
			throw new ApiTokenError("TOKEN_REQUEST_FAILED", `The token endpoint answered ${status}.`, {
				status,
				cause: error,
			});
		}
		throw error;
	}
	const r = result as { data?: unknown; error?: { status?: number } | null } | null;
	const isPair = typeof r === "object" && r !== null && "data" in r && "error" in r;
	if (isPair && r.error) {
		const status = r.error.status;
		if (status === 401) throw signedOut(r.error);
		throw new ApiTokenError("TOKEN_REQUEST_FAILED", `The token endpoint answered ${status}.`, {
			status,
		});
	}
	const data = (isPair ? r.data : result) as TokenResponse;
	return typeof data === "object" && data !== null ? { ...data, date } : data;
}

function signedOut(cause: unknown): ApiAuthError {
	return new ApiAuthError({
		status: 401,
		code: "SESSION_MISSING",
		message: "No one is signed in: the token endpoint found no Better Auth session.",
		cause,
	});
}
