/**
 * The HTTP layer of contract v1: reading the `Authorization` header values of a request, and the
 * RFC 6750 error response (status, `WWW-Authenticate`, JSON body). Vectors:
 * `spec/vectors/http_errors_v1.json`.
 *
 * @module
 */
import type { BearerError } from "./codes.js";
import { type AccessTokenError, accessTokenError, ConfigurationError } from "./errors.js";

/**
 * The default realm of every challenge.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export const DEFAULT_REALM = "api";

const isSpaceOrTab = (c: number): boolean => c === 0x20 || c === 0x09;

/** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 9110 §11.2). */
function isToken68(s: string): boolean {
	let i = 0;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		const ok =
			(c >= 0x61 && c <= 0x7a) ||
			(c >= 0x41 && c <= 0x5a) ||
			(c >= 0x30 && c <= 0x39) ||
			c === 0x2d ||
			c === 0x2e ||
			c === 0x5f ||
			c === 0x7e ||
			c === 0x2b ||
			c === 0x2f;
		if (!ok) break;
	}
	if (i === 0) return false;
	for (; i < s.length; i++) if (s.charCodeAt(i) !== 0x3d) return false;
	return true;
}

/** ASCII case-insensitive comparison with "bearer". */
function isBearer(scheme: string): boolean {
	if (scheme.length !== 6) return false;
	for (let i = 0; i < 6; i++)
		if ((scheme.charCodeAt(i) | 0x20) !== "bearer".charCodeAt(i)) return false;
	return true;
}

/**
 * Extracts the bearer token from the request's `Authorization` header values (one entry per
 * header line; a repeated header gives several). Throws an {@link AccessTokenError}:
 * `TOKEN_MISSING` (no header, or another scheme), `AUTHORIZATION_REPEATED`, or
 * `AUTHORIZATION_MALFORMED` (Bearer without exactly one token68). The token itself is not
 * checked here.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2
 */
export function parseAuthorization(values: readonly string[]): string {
	if (values.length === 0) {
		throw accessTokenError("TOKEN_MISSING", "The request has no Authorization header.");
	}
	if (values.length > 1) {
		throw accessTokenError(
			"AUTHORIZATION_REPEATED",
			"The request has more than one Authorization header.",
		);
	}
	const raw = values[0] as string;
	let start = 0;
	let end = raw.length;
	while (start < end && isSpaceOrTab(raw.charCodeAt(start))) start++;
	while (end > start && isSpaceOrTab(raw.charCodeAt(end - 1))) end--;
	const value = raw.slice(start, end);
	const sp = value.indexOf(" ");
	const scheme = sp < 0 ? value : value.slice(0, sp);
	if (!isBearer(scheme)) {
		throw accessTokenError(
			"TOKEN_MISSING",
			"The Authorization header does not use the Bearer scheme.",
		);
	}
	let i = sp < 0 ? value.length : sp;
	while (value.charCodeAt(i) === 0x20) i++;
	const token = value.slice(i);
	if (!isToken68(token)) {
		throw accessTokenError(
			"AUTHORIZATION_MALFORMED",
			'The Authorization header must be "Bearer" followed by exactly one token.',
		);
	}
	return token;
}

/**
 * Throws a {@link ConfigurationError} when a realm cannot be written as a quoted string as is
 * (it contains '"', '\' or a control character) or is empty.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
 */
export function assertRealm(realm: string, setting = "options.realm"): void {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
	if (typeof realm !== "string" || realm.length === 0 || /["\\\u0000-\u001f\u007f]/.test(realm)) {
		throw new ConfigurationError(
			setting,
			`${setting} must be a non-empty string without quotes, backslashes or control characters`,
		);
	}
}

/**
 * The `WWW-Authenticate` value: `Bearer realm="api"` when no credentials were sent, else with
 * the RFC 6750 `error` attribute.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function bearerChallenge(error: BearerError | null, realm = DEFAULT_REALM): string {
	return error === null ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="${error}"`;
}

/**
 * The parts of an HTTP error response for an {@link AccessTokenError}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export interface BearerErrorResponse {
	status: 400 | 401 | 403;
	headers: { "WWW-Authenticate": string };
	body: { detail: string; code: string };
}

/**
 * Status, `WWW-Authenticate` and the JSON body `{"detail", "code"}` for an error. The detail is
 * the error's message, which never contains the token or a secret.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function errorResponse(error: AccessTokenError, realm = DEFAULT_REALM): BearerErrorResponse {
	return {
		status: error.status,
		headers: { "WWW-Authenticate": bearerChallenge(error.error, realm) },
		body: { detail: error.message, code: error.code },
	};
}
