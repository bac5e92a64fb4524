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
} as const;
