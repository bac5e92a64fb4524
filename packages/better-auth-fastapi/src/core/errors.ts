/**
 * Typed errors. `AccessTokenError` and its three subclasses (one per RFC 6750 error) carry the
 * contract's machine `code`; `ConfigurationError` stands outside that tree and is raised at
 * start-up for a bad option or environment variable.
 *
 * @module
 */
import { type AccessTokenErrorCode, type BearerError, CODES } from "./codes.js";

/** Base class of every request-time failure; `code` is one of `spec/codes.json`. */
export class AccessTokenError extends Error {
	override name = "AccessTokenError";
	/** The contract's machine code, e.g. `TOKEN_EXPIRED`. */
	readonly code: AccessTokenErrorCode;
	/** The HTTP status the code maps to. */
	readonly status: 400 | 401 | 403;
	/** The RFC 6750 `error` attribute, or `null` when no credentials were sent. */
	readonly error: BearerError | null;
	/** The claim at fault, for claim errors. */
	readonly claim: string | undefined;

	constructor(
		code: AccessTokenErrorCode,
		message: string,
		options?: { claim?: string | undefined; cause?: unknown },
	) {
		super(message, options?.cause === undefined ? undefined : { cause: options.cause });
		this.code = code;
		this.status = CODES[code].status;
		this.error = CODES[code].error;
		this.claim = options?.claim;
	}
}

/** Raised for a malformed request (400 `invalid_request`). */
export class InvalidRequestError extends AccessTokenError {
	override name = "InvalidRequestError";
}

/** Raised for a missing, malformed, forged, expired or otherwise unacceptable token (401). */
export class InvalidTokenError extends AccessTokenError {
	override name = "InvalidTokenError";
}

/** Raised when a valid token lacks a required role (403 `insufficient_scope`). */
export class InsufficientScopeError extends AccessTokenError {
	override name = "InsufficientScopeError";
}

/** Builds the right subclass for a code. */
export function accessTokenError(
	code: AccessTokenErrorCode,
	message: string,
	options?: { claim?: string | undefined; cause?: unknown },
): AccessTokenError {
	const error = CODES[code].error;
	if (error === "invalid_request") return new InvalidRequestError(code, message, options);
	if (error === "insufficient_scope") return new InsufficientScopeError(code, message, options);
	return new InvalidTokenError(code, message, options);
}

/**
 * Raised at start-up for a bad option or environment variable. The message names the setting
 * (e.g. `BETTER_AUTH_SECRET`) and never contains the secret.
 */
export class ConfigurationError extends Error {
	override name = "ConfigurationError";
	/** The option path or environment variable at fault. */
	readonly setting: string;
	/**
	 * Why the setting was refused, when a rule names it: for secrets one of `"missing"`,
	 * `"invalidUtf8"`, `"tooShort"`, `"publishedDefault"`, `"lowEntropy"` (contract v1 "Secret
	 * hygiene").
	 */
	readonly reason: string | undefined;
	constructor(
		setting: string,
		message: string,
		options?: { reason?: string | undefined; cause?: unknown },
	) {
		super(message, options?.cause === undefined ? undefined : { cause: options.cause });
		this.setting = setting;
		this.reason = options?.reason;
	}
}
