/**
 * Checks of the JOSE header of an access token, steps 4 to 8 of the contract's verification order.
 *
 * @module
 * @internal
 */
import { accessTokenError } from "./errors.js";

/** Header parameters that would name a key; never followed, always refused. */
const KEY_PARAMS = ["jku", "x5u", "jwk", "x5c"] as const;

/** ASCII-only lower-casing: other characters stay as they are (so "ı" never matches "i"). */
function asciiLower(s: string): string {
	let out = "";
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : s.charAt(i);
	}
	return out;
}

/**
 * Validates `alg`, `typ`, `crit`, the key-naming parameters and `kid`, in that order.
 *
 * @returns The `kid`.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11
 */
export function checkHeader(header: Record<string, unknown>): string {
	// Own members only: a polluted Object.prototype.alg must not stand in for a missing "alg".
	const own = (name: string): unknown => (Object.hasOwn(header, name) ? header[name] : undefined);
	if (own("alg") !== "HS256") {
		throw accessTokenError("ALG_NOT_ALLOWED", "The access token's algorithm is not HS256.");
	}
	const typ = own("typ");
	const lower = typeof typ === "string" && typ.length <= 18 ? asciiLower(typ) : "";
	if (lower !== "at+jwt" && lower !== "application/at+jwt") {
		throw accessTokenError("TYPE_INVALID", 'The access token\'s "typ" header is not at+jwt.');
	}
	if (Object.hasOwn(header, "crit")) {
		throw accessTokenError("CRIT_UNSUPPORTED", 'The access token has a "crit" header.');
	}
	for (const name of KEY_PARAMS) {
		if (Object.hasOwn(header, name)) {
			throw accessTokenError(
				"HEADER_PARAM_FORBIDDEN",
				`The access token names a key in its "${name}" header; keys are never taken from tokens.`,
			);
		}
	}
	const kid = own("kid");
	if (typeof kid !== "string" || kid.length === 0) {
		throw accessTokenError("KID_MISSING", 'The access token has no "kid" header.');
	}
	return kid;
}
