/**
 * The client's typed errors. {@link ApiAuthError}: the API (or the token endpoint) said the user
 * is not signed in (401), not allowed (403) or sent a malformed request (400); `code` is the
 * contract's machine code from the `{"detail", "code"}` body. {@link ApiTokenError}: no token
 * could be obtained for another reason (the endpoint failed, timed out or answered nonsense).
 *
 * The server-side classes (`AccessTokenError` and its subclasses in `better-auth-fastapi`) are
 * what a verifier throws; these are what a client sees over HTTP.
 *
 * @module
 */
import { type AccessTokenErrorCode, type BearerError, CODES } from "../core/codes.js";
import { readSmallJson } from "./read-body.js";
import { type BearerChallenge, bearerChallenge } from "./www-authenticate.js";

/**
 * The `code` of an {@link ApiAuthError}: a contract code (`spec/codes.json`, the token
 * endpoint's `USER_BANNED` and `CROSS_SITE_REQUEST` among them), `SESSION_MISSING` when the token
 * endpoint found no Better Auth session, `UNKNOWN` when the response carried no code, or whatever
 * string another back end sent.
 */
export type ApiAuthErrorCode = AccessTokenErrorCode | "SESSION_MISSING" | "UNKNOWN" | (string & {});

/**
 * Thrown by `apiFetch` for a 401 (after the one retry, if any), and for a 400 or 403 that carries
 * a `Bearer` challenge; thrown by the token manager when the token endpoint answers 401
 * (`SESSION_MISSING`), or 403 with `USER_BANNED` (the user is banned) or `CROSS_SITE_REQUEST`
 * (the page's origin is not one of Better Auth's trusted origins). Neither 403 is retried.
 *
 * `status` tells a UI what to do: 401 means "signed out" (send the user to sign in), 403 means
 * "signed in but not allowed" (show a message), 400 is a bug in the request.
 *
 * @example
 * ```ts
 * try {
 * 	await apiFetch("/api/admin");
 * } catch (err) {
 * 	if (err instanceof ApiAuthError && err.status === 403) showNotAllowed(err.code);
 * 	else if (err instanceof ApiAuthError && err.status === 401) redirectToSignIn();
 * 	else throw err;
 * }
 * ```
 */
export class ApiAuthError extends Error {
	override name = "ApiAuthError";
	/** The HTTP status: 400, 401 or 403. */
	readonly status: number;
	/** The machine code from the response body, e.g. `TOKEN_EXPIRED` or `ROLE_MISSING`. */
	readonly code: ApiAuthErrorCode;
	/**
	 * The RFC 6750 `error`: the challenge's, else the one the contract gives `code`; `null` for
	 * none (e.g. `TOKEN_MISSING`, `SESSION_MISSING`).
	 */
	readonly error: BearerError | null;
	/** The parsed `Bearer` challenge of `WWW-Authenticate`, if the response had one. */
	readonly challenge: BearerChallenge | null;
	/** The `detail` sentence from the body, meant for people. */
	readonly detail: string | undefined;
	/** The request URL, for logs. */
	readonly url: string | undefined;

	constructor(init: {
		status: number;
		code: ApiAuthErrorCode;
		challenge?: BearerChallenge | null | undefined;
		detail?: string | undefined;
		url?: string | undefined;
		message?: string | undefined;
		cause?: unknown;
	}) {
		const message =
			init.message ?? `${init.status} ${init.code}${init.detail ? `: ${init.detail}` : ""}`;
		super(message, init.cause === undefined ? undefined : { cause: init.cause });
		this.status = init.status;
		this.code = init.code;
		this.challenge = init.challenge ?? null;
		// Cross-origin the challenge may be unreadable; the contract code then tells the error.
		this.error =
			this.challenge !== null
				? this.challenge.error
				: Object.hasOwn(CODES, init.code)
					? CODES[init.code as AccessTokenErrorCode].error
					: null;
		this.detail = init.detail;
		this.url = init.url;
	}

	/**
	 * Builds the error from an API response, reading (and so consuming) its JSON body for `code`
	 * and `detail`. A body that is not JSON, larger than 64 KiB or not complete within 3 s gives
	 * code `UNKNOWN`. `parsedBody`: the body, already read from a clone (the response's own body
	 * is then cancelled).
	 */
	static async fromResponse(response: Response, parsedBody?: unknown): Promise<ApiAuthError> {
		let code: ApiAuthErrorCode = "UNKNOWN";
		let detail: string | undefined;
		// Not JSON, too large, too slow or unreadable: keep UNKNOWN.
		const body = parsedBody !== undefined ? parsedBody : await readSmallJson(response);
		if (parsedBody !== undefined) await response.body?.cancel().catch(() => {});
		if (typeof body === "object" && body !== null) {
			const b = body as Record<string, unknown>;
			if (typeof b.code === "string" && b.code !== "") code = b.code;
			if (typeof b.detail === "string") detail = b.detail;
			else if (typeof b.message === "string") detail = b.message;
		}
		return new ApiAuthError({
			status: response.status,
			code,
			challenge: bearerChallenge(response.headers),
			detail,
			url: response.url || undefined,
		});
	}
}

/** Why no token could be obtained (other than "not signed in", which is an {@link ApiAuthError}). */
export type ApiTokenErrorCode =
	| "TOKEN_REQUEST_FAILED"
	| "TOKEN_REQUEST_TIMEOUT"
	| "TOKEN_RESPONSE_INVALID"
	| "SESSION_UNSTABLE";

/**
 * Thrown when the token endpoint fails (network error or a non-401 error status; after a `429`,
 * also for every call until its `Retry-After` has passed), does not answer within `timeoutSeconds`, or answers something that is not a usable token; also when the
 * signed-in user kept changing while a token was being fetched (`SESSION_UNSTABLE`). Never a
 * stuck promise: every wait ends in a token or one of these.
 */
export class ApiTokenError extends Error {
	override name = "ApiTokenError";
	/** What went wrong. */
	readonly code: ApiTokenErrorCode;
	/** The token endpoint's HTTP status, when it answered. */
	readonly status: number | undefined;
	/**
	 * After a `429`: how many seconds the endpoint asked to be left alone (`Retry-After`, or Better
	 * Auth's `X-Retry-After`). Until then the token manager fails at once instead of asking again.
	 */
	readonly retryAfterSeconds: number | undefined;

	constructor(
		code: ApiTokenErrorCode,
		message: string,
		options?: {
			status?: number | undefined;
			retryAfterSeconds?: number | undefined;
			cause?: unknown;
		},
	) {
		super(message, options?.cause === undefined ? undefined : { cause: options.cause });
		this.code = code;
		this.status = options?.status;
		this.retryAfterSeconds = options?.retryAfterSeconds;
	}
}
