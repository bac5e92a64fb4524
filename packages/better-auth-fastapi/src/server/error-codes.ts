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
} as const;
