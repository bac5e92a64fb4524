/**
 * Server-side access tokens for Next.js server components, route handlers and server actions
 * (and any other server code that holds the incoming request's headers). The token comes from
 * `auth.api.getApiToken({ headers })`, a function call into Better Auth in the same process: no
 * HTTP round trip to yourself, no cookie forwarding.
 *
 * Imported as `better-auth-fastapi/next`. It imports no server code and nothing of Next.js
 * itself: it only calls the `auth` you pass in.
 *
 * @example
 * ```ts
 * // app/api/me/route.ts
 * import { createServerApiFetch } from "better-auth-fastapi/next";
 * import { auth } from "@/lib/auth";
 *
 * export async function GET(request: Request) {
 * 	const apiFetch = createServerApiFetch({ auth, headers: request.headers, baseURL: process.env.API_URL! });
 * 	return Response.json(await (await apiFetch("/api/me")).json());
 * }
 * ```
 *
 * @module
 */
import type { ApiTokenResponse } from "../server/index.js";
import { ApiAuthError, ApiTokenError } from "./errors.js";
import { type ApiFetch, createApiFetch } from "./fetch.js";
import { refusalCode, refused } from "./token-endpoint.js";
import type { ApiToken } from "./token-manager.js";
import { measureToken } from "./token-response.js";

export { ApiAuthError, ApiTokenError } from "./errors.js";
export type { ApiFetch } from "./fetch.js";
export type { ApiToken } from "./token-manager.js";

/** The part of a Better Auth instance this module uses: the `apiToken()` plugin's endpoint. */
export interface ApiTokenAuth {
	api: {
		getApiToken(context: { headers: Headers }): Promise<ApiTokenResponse>;
	};
}

/** Where the incoming request's headers come from: `request.headers`, `await headers()`, etc. */
export type HeadersSource = Headers | HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

/** Options of {@link getServerApiToken}. */
export interface ServerApiTokenOptions {
	/** The Better Auth instance, with the `apiToken()` plugin. */
	auth: ApiTokenAuth;
	/** The incoming request's headers (the session cookie or bearer token is read from them). */
	headers: HeadersSource;
}

/** Options of {@link createServerApiFetch}. */
export interface ServerApiFetchOptions extends ServerApiTokenOptions {
	/** The API's base URL, e.g. `process.env.API_URL`. */
	baseURL: string;
	/** The `fetch` to send requests with. @default globalThis.fetch */
	fetch?: typeof fetch | undefined;
	/** See `TokenManagerOptions.timeoutSeconds`. @default 10 */
	timeoutSeconds?: number | undefined;
}

async function resolveHeaders(source: HeadersSource): Promise<Headers> {
	const init = typeof source === "function" ? await source() : source;
	return new Headers(init);
}

function isUnauthorized(error: unknown): boolean {
	const e = error as { statusCode?: unknown; status?: unknown } | null;
	return e?.statusCode === 401 || e?.status === 401 || e?.status === "UNAUTHORIZED";
}

function isForbidden(error: unknown): boolean {
	const e = error as { statusCode?: unknown; status?: unknown } | null;
	return e?.statusCode === 403 || e?.status === 403 || e?.status === "FORBIDDEN";
}

async function fetchServerToken(options: ServerApiTokenOptions): Promise<ApiTokenResponse> {
	if (typeof options?.auth?.api?.getApiToken !== "function") {
		throw new TypeError("options.auth has no api.getApiToken: add apiToken() to its plugins");
	}
	const headers = await resolveHeaders(options.headers);
	try {
		return await options.auth.api.getApiToken({ headers });
	} catch (error) {
		if (isUnauthorized(error)) {
			throw new ApiAuthError({
				status: 401,
				code: "SESSION_MISSING",
				message: "No one is signed in: the request carries no Better Auth session.",
				cause: error,
			});
		}
		// A banned user (USER_BANNED): the same typed 403 as the browser client's, never a failure to retry.
		const refusal = isForbidden(error) ? refusalCode(error) : undefined;
		if (refusal !== undefined) throw refused(refusal, error);
		throw new ApiTokenError("TOKEN_REQUEST_FAILED", "auth.api.getApiToken failed.", {
			cause: error,
		});
	}
}

/**
 * The access token for the user of the incoming request. Throws {@link ApiAuthError} 401
 * `SESSION_MISSING` when the request has no session, 403 `USER_BANNED` when its user is banned.
 *
 * @example
 * ```ts
 * const { token } = await getServerApiToken({ auth, headers: await headers() });
 * ```
 */
export async function getServerApiToken(options: ServerApiTokenOptions): Promise<ApiToken> {
	const response = await fetchServerToken(options);
	const measured = measureToken(response, Date.now());
	if (typeof measured === "string") {
		throw new ApiTokenError("TOKEN_RESPONSE_INVALID", `Unusable token response: ${measured}.`);
	}
	return {
		token: measured.token,
		expiresAt: new Date(measured.expiresAtMs),
		userId: measured.userId,
	};
}

/**
 * An `apiFetch` for one incoming request: the same behaviour as `createApiFetch` (header, retry
 * once on `401 invalid_token`, typed errors), with tokens from `auth.api`. The token is fetched on
 * first use and shared by every call made with this `apiFetch`; create one per request, never
 * share one between requests (they may be different users).
 *
 * @example
 * ```ts
 * const apiFetch = createServerApiFetch({ auth, headers: await headers(), baseURL: process.env.API_URL! });
 * const todos = await (await apiFetch("/api/todos")).json();
 * ```
 */
export function createServerApiFetch(options: ServerApiFetchOptions): ApiFetch {
	const { auth, headers, baseURL } = options;
	return createApiFetch({
		baseURL,
		fetch: options.fetch,
		timeoutSeconds: options.timeoutSeconds,
		getToken: () => fetchServerToken({ auth, headers }),
	});
}
