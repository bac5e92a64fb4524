/**
 * Error codes of the `apiToken` plugin, in Better Auth's `{ code, message }` shape (the body of an
 * `APIError`). Kept apart from the contract's verifier codes (`spec/codes.json`).
 *
 * @module
 */

/** Codes the plugin's endpoints and hooks can answer with. */
export const API_TOKEN_ERROR_CODES = {
	/** A Better Auth endpoint that verifies its own HS256 tokens received an access token. */
	API_TOKEN_NOT_ACCEPTED: {
		code: "API_TOKEN_NOT_ACCEPTED",
		message: "An API access token is not accepted by this endpoint",
	},
	/**
	 * The `roles` or `claims` option returned something no verifier would accept (wrong type, a
	 * value JSON cannot carry, a lone surrogate, nesting too deep, a token over 8192 characters),
	 * or the issuer is unknown. Answered with 500; the server log names the option and the problem.
	 */
	API_TOKEN_OPTIONS_INVALID: {
		code: "API_TOKEN_OPTIONS_INVALID",
		message: "The api-token plugin is misconfigured; the server log says how",
	},
	/**
	 * The user is banned (Better Auth's `admin` plugin: `banned` true, `banExpires` unset or in the
	 * future), even though a session still exists. 403; also in `spec/codes.json`.
	 */
	USER_BANNED: {
		code: "USER_BANNED",
		message: "This user is banned; no access token is issued",
	},
	/**
	 * A browser sent the request for another site: its `Origin` is not one of Better Auth's
	 * trusted origins, or it has no `Origin` and `Sec-Fetch-Site: cross-site`. 403; also in
	 * `spec/codes.json`.
	 */
	CROSS_SITE_REQUEST: {
		code: "CROSS_SITE_REQUEST",
		message: "Access tokens are not issued to cross-site requests",
	},
} as const;
