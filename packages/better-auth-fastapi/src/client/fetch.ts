/**
 * `createApiFetch`: a `fetch` with the signature of `fetch` that talks to the API with the
 * access token. It attaches `Authorization: Bearer <token>`, retries exactly once after a
 * `401 invalid_token` with a freshly fetched token (only if the request body can be sent again),
 * and turns auth failures into {@link ApiAuthError}s. Everything else (signals, bodies, streaming
 * responses, other statuses) passes through untouched.
 *
 * @module
 */
import { type AccessTokenErrorCode, type BearerError, CODES } from "../core/codes.js";
import { ApiAuthError } from "./errors.js";
import { readSmallJson } from "./read-body.js";
import { type GetTokenOptions, TokenManager, type TokenProvider } from "./token-manager.js";
import type { TokenResponse } from "./token-response.js";
import { bearerChallenge } from "./www-authenticate.js";

/** The `fetch` signature, which `apiFetch` keeps. */
export type ApiFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** An auth client with the `apiTokenClient()` plugin (only `apiToken` is used). */
export interface ApiTokenClientLike {
	apiToken: TokenProvider;
}

/** Options shared by both forms of {@link createApiFetch}. */
export interface ApiFetchBaseOptions {
	/**
	 * The API's base URL, e.g. `https://api.example.com` or `/backend` (same origin). Relative
	 * inputs are appended to it; an absolute input must have the same origin, so the token is
	 * never sent anywhere else.
	 */
	baseURL: string;
	/** The `fetch` to send requests with. @default globalThis.fetch */
	fetch?: typeof fetch | undefined;
}

/** Take tokens from an auth client that has the `apiTokenClient()` plugin. */
export interface ApiFetchClientOptions extends ApiFetchBaseOptions {
	/** `createAuthClient({ plugins: [apiTokenClient()] })`. */
	authClient: ApiTokenClientLike;
}

/** Take tokens from a function (e.g. server code calling `auth.api`); they are cached here. */
export interface ApiFetchGetTokenOptions extends ApiFetchBaseOptions {
	/**
	 * Returns a token endpoint answer (`{ token, expiresAt }`), freshly issued: the lifetime is
	 * measured from the token's `iat`, so a token cached elsewhere would look younger than it is.
	 * Honour `signal` (aborted on timeout).
	 */
	getToken: (signal: AbortSignal) => Promise<TokenResponse>;
	/** Passed to the {@link TokenManager} that caches the tokens `getToken` returns. */
	refreshMarginSeconds?: number | undefined;
	/** Passed to the {@link TokenManager}. @default 10 */
	timeoutSeconds?: number | undefined;
}

/** Options of {@link createApiFetch}. */
export type ApiFetchOptions = ApiFetchClientOptions | ApiFetchGetTokenOptions;

/** Whether a request body can be sent a second time (a stream cannot). */
function isReplayable(body: BodyInit | null | undefined): boolean {
	return (
		body === null ||
		body === undefined ||
		typeof body === "string" ||
		body instanceof ArrayBuffer ||
		ArrayBuffer.isView(body) ||
		(typeof Blob !== "undefined" && body instanceof Blob) ||
		body instanceof URLSearchParams ||
		(typeof FormData !== "undefined" && body instanceof FormData)
	);
}

/**
 * What a 400, 401 or 403 says about auth: the RFC 6750 error from the `Bearer` challenge, or, when
 * the header is not readable (cross-origin without `Access-Control-Expose-Headers:
 * WWW-Authenticate`), from the contract code in the JSON body, read once from a clone and kept
 * for the error. `error: null`: not the contract's auth failure. `null` for other statuses.
 */
async function authFailureOf(
	response: Response,
): Promise<{ error: BearerError | null; body: unknown } | null> {
	if (response.status !== 400 && response.status !== 401 && response.status !== 403) return null;
	const challenge = bearerChallenge(response.headers);
	if (challenge !== null) return { error: challenge.error, body: undefined };
	if (!/json/i.test(response.headers.get("content-type") ?? "")) {
		return { error: null, body: undefined };
	}
	const body = await readSmallJson(response.clone());
	const code = (body as { code?: unknown } | null)?.code;
	const error =
		typeof code === "string" && Object.hasOwn(CODES, code)
			? CODES[code as AccessTokenErrorCode].error
			: null;
	return { error, body };
}

/** Stands in for the page's URL where there is none, so that relative URLs can be compared. */
const NO_PAGE = "http://no-page.invalid/";

/**
 * The URL to send to, or a TypeError when it is not on baseURL's origin. The check is made on the
 * URL as `fetch` will parse it (backslashes, tabs and newlines included), not on the text: with
 * `baseURL: "/"`, `"/\\evil.example/x"` would otherwise become the protocol-relative
 * `//evil.example/x`.
 */
function resolveUrl(input: string | URL, baseURL: string): string {
	const text = input instanceof URL ? input.href : input;
	const absolute = /^[a-z][a-z0-9+.-]*:/i.test(text);
	if (!absolute && text.startsWith("//")) throw new TypeError(`apiFetch refuses the URL ${text}`);
	const target = absolute
		? text
		: baseURL.replace(/\/+$/, "") + (text.startsWith("/") ? text : `/${text}`);
	const page = globalThis.location?.href;
	const base = new URL(baseURL, page ?? NO_PAGE);
	const resolved = new URL(target, page ?? NO_PAGE);
	if (resolved.origin !== base.origin) {
		throw new TypeError(`apiFetch sends the access token only to ${baseURL}, not to ${text}`);
	}
	// Without a page, a relative baseURL stays relative for a custom fetch to resolve.
	return page === undefined && resolved.origin === new URL(NO_PAGE).origin ? target : resolved.href;
}

/**
 * Creates `apiFetch(input, init)`: `fetch` for the API, with the access token attached.
 *
 * - 401 with `error="invalid_token"`: the token is dropped, a new one fetched (one request shared
 *   by every concurrent caller) and the request sent once more, if its body can be replayed and
 *   the new token is the same user's; a second 401 is thrown. Never a loop.
 * - Any other 401, and a 400 or 403 with a `Bearer` challenge: thrown as {@link ApiAuthError}
 *   (no retry); a 401 without an `error` (no credentials reached the API) also drops the
 *   token. Other responses, including other 400/403s, are returned as they are.
 * - Any `Authorization` header passed in is replaced.
 *
 * @example
 * ```ts
 * const apiFetch = createApiFetch({ baseURL: "https://api.example.com", authClient });
 * const me = await (await apiFetch("/api/me")).json();
 * ```
 */
export function createApiFetch(options: ApiFetchOptions): ApiFetch {
	if (typeof options?.baseURL !== "string" || options.baseURL === "") {
		throw new TypeError("options.baseURL must be the API's base URL");
	}
	const { baseURL } = options;
	const provider: TokenProvider =
		"authClient" in options
			? options.authClient.apiToken
			: new TokenManager({
					fetchToken: options.getToken,
					refreshMarginSeconds: options.refreshMarginSeconds,
					timeoutSeconds: options.timeoutSeconds,
				});
	if (typeof provider?.get !== "function") {
		throw new TypeError("options.authClient has no apiToken: add apiTokenClient() to its plugins");
	}
	const custom = options.fetch;
	// Called with globalThis as `this`: a bare `window.fetch` passed in would otherwise throw
	// "Illegal invocation". Without one, the global fetch is looked up on every call.
	const fetchImpl: typeof fetch = custom
		? (input, init) => custom.call(globalThis, input, init)
		: (input, init) => fetch(input, init);

	return async function apiFetch(input, init) {
		const request = typeof Request !== "undefined" && input instanceof Request ? input : null;
		const target = resolveUrl(request !== null ? request.url : (input as string | URL), baseURL);
		const signal = init?.signal ?? request?.signal;
		const body = init?.body !== undefined ? init.body : request?.body;
		const replayable = isReplayable(body);
		const tokenOptions: GetTokenOptions = { signal: signal ?? undefined };

		const send = (token: string) => {
			const headers = new Headers(request?.headers);
			for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
			headers.set("authorization", `Bearer ${token}`);
			return fetchImpl(request ?? target, { ...init, headers });
		};

		const first = await provider.get(tokenOptions);
		let sent = first.token;
		let response = await send(sent);
		let failure = await authFailureOf(response);
		if (
			response.status === 401 &&
			failure?.error === "invalid_token" &&
			replayable &&
			!signal?.aborted
		) {
			provider.invalidate(first.token);
			const second = await provider.get(tokenOptions).catch(async (error: unknown) => {
				await response.body?.cancel().catch(() => {});
				throw error;
			});
			// A different user now (signed out and in elsewhere), or no way to tell (no readable
			// `sub`): this request was made for the first one, so report the 401 rather than
			// risk sending it as someone else.
			const sameUser = first.userId !== null && second.userId === first.userId;
			if (sameUser && second.token !== first.token) {
				await response.body?.cancel().catch(() => {});
				sent = second.token;
				response = await send(sent);
				failure = await authFailureOf(response);
			}
		}
		// A 401 with no error: no credentials reached the API (contract 3.4: clear the token).
		if (response.status === 401 && failure?.error === null) provider.invalidate(sent);
		if (response.status === 401 || (failure !== null && failure.error !== null)) {
			throw await ApiAuthError.fromResponse(response, failure?.body);
		}
		return response;
	};
}
