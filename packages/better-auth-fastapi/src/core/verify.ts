/**
 * Verification of contract v1 access tokens (compact JWS, HS256), every check of the contract in
 * its order; the first failure throws an {@link InvalidTokenError} with its machine code.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 * 	secret: process.env.BETTER_AUTH_SECRET!,
 * 	issuer: "https://auth.example.com",
 * 	audience: "https://api.example.com",
 * });
 * const claims = await verifier.verify(token); // throws AccessTokenError subclasses
 * ```
 *
 * @module
 */
import { base64urlDecode } from "./base64url.js";
import { type AccessTokenClaims, validateClaims } from "./claims.js";
import { accessTokenError, ConfigurationError } from "./errors.js";
import { checkHeader } from "./header.js";
import { parseJsonObject } from "./json.js";
import { importHmacKey } from "./key.js";
import { resolveVerifierOptions, type VerifierOptions, type VerifierSettings } from "./options.js";

/**
 * Per-call options of {@link AccessTokenVerifier.verify}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 */
export interface VerifyOptions {
	/**
	 * The current time in seconds since the epoch (tests freeze it here). Anything but a finite
	 * number (`NaN` would pass every time check) rejects with a `ConfigurationError`.
	 * @default Math.floor(Date.now() / 1000)
	 */
	now?: number | undefined;
}

/**
 * A verifier whose keys are derived and imported once, at construction.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */
export interface AccessTokenVerifier {
	/** The resolved settings (no secrets). */
	readonly settings: VerifierSettings;
	/** Resolves to the `kid`s of the configured keys, current first, once they are imported. */
	kids(): Promise<string[]>;
	/**
	 * Verifies a token and returns its claims, or throws an {@link AccessTokenError} subclass whose
	 * `code` tells what failed first.
	 */
	verify(token: string, options?: VerifyOptions): Promise<AccessTokenClaims>;
}

const encoder = new TextEncoder();

const fail = (code: Parameters<typeof accessTokenError>[0], message: string): never => {
	throw accessTokenError(code, message);
};

/**
 * Whether `s` has more than `max` characters counted as Unicode code points (as Python's `len`),
 * not UTF-16 code units. Bounded work: past `2 * max` units it is too long whatever it holds.
 */
function codePointsExceed(s: string, max: number): boolean {
	if (s.length > 2 * max) return true;
	let n = 0;
	for (let i = 0; i < s.length; i++, n++) {
		const c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) i++;
		}
	}
	return n > max;
}

/** Strictly decodes the three segments of a compact JWS (steps 1 and 2). */
function split(token: string, maxTokenBytes: number) {
	if (typeof token !== "string") fail("TOKEN_MALFORMED", "The access token is not a string.");
	if (token.length > maxTokenBytes && codePointsExceed(token, maxTokenBytes)) {
		fail("TOKEN_TOO_LARGE", `The access token is longer than ${maxTokenBytes} characters.`);
	}
	const d1 = token.indexOf(".");
	const d2 = d1 < 0 ? -1 : token.indexOf(".", d1 + 1);
	const malformed = "The access token is not three base64url segments.";
	if (d2 < 0 || token.indexOf(".", d2 + 1) >= 0) fail("TOKEN_MALFORMED", malformed);
	const seg = [token.slice(0, d1), token.slice(d1 + 1, d2), token.slice(d2 + 1)];
	const [header, payload, signature] = seg.map((s) => (s.length > 0 ? base64urlDecode(s) : null));
	if (!header || !payload || !signature) return fail("TOKEN_MALFORMED", malformed);
	return { header, payload, signature, input: encoder.encode(token.slice(0, d2)) };
}

/**
 * Creates a verifier: checks the options (throwing `ConfigurationError`), then derives and
 * imports every key once. Keys are selected by `kid`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8725
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function createVerifier(options: VerifierOptions): AccessTokenVerifier {
	const { settings, secrets } = resolveVerifierOptions(options);
	const imported = Promise.all(secrets.map((s) => importHmacKey(s, settings.keyMode)));
	// One map, built once the keys are imported; every call (concurrent first calls included)
	// awaits the same promise. First key wins on a kid collision, so the current secret shadows
	// an equal previous one.
	const keyMap = imported.then((list) => {
		const map = new Map<string, CryptoKey>();
		for (const k of list.slice().reverse()) map.set(k.kid, k.key);
		return map;
	});
	keyMap.catch(() => undefined); // surfaced by verify() and kids()
	let keys: Map<string, CryptoKey> | undefined;

	async function verify(token: string, opts?: VerifyOptions): Promise<AccessTokenClaims> {
		const now = opts?.now ?? Math.floor(Date.now() / 1000);
		// NaN would pass every time check (all comparisons false): refuse it instead of failing open.
		if (typeof now !== "number" || !Number.isFinite(now)) {
			throw new ConfigurationError("options.now", "options.now must be a finite number of seconds");
		}
		const parts = split(token, settings.maxTokenBytes);
		const header = parseJsonObject(parts.header);
		if (header === undefined) {
			return fail("JSON_INVALID", "The access token's header is not a valid JSON object.");
		}
		const kid = checkHeader(header);
		keys ??= await keyMap;
		const key = keys.get(kid);
		if (key === undefined) return fail("KID_UNKNOWN", "The access token's kid matches no key.");
		const ok =
			parts.signature.length === 32 &&
			(await crypto.subtle.verify(
				"HMAC",
				key,
				parts.signature as Uint8Array<ArrayBuffer>,
				parts.input as Uint8Array<ArrayBuffer>,
			));
		if (!ok) return fail("SIGNATURE_INVALID", "The access token's signature is invalid.");
		const payload = parseJsonObject(parts.payload);
		if (payload === undefined) {
			return fail("JSON_INVALID", "The access token's claims are not a valid JSON object.");
		}
		return validateClaims(payload, settings, now);
	}

	return {
		settings,
		kids: async () => (await imported).map((k) => k.kid),
		verify,
	};
}

/**
 * Decodes a token's header and claims WITHOUT verifying anything but its shape (steps 1 to 3 and
 * the payload's JSON): for inspection tools only, never to trust a token. Throws
 * `TOKEN_TOO_LARGE`, `TOKEN_MALFORMED` or `JSON_INVALID`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function decodeUnverified(
	token: string,
	maxTokenBytes = 8192,
): { header: Record<string, unknown>; payload: Record<string, unknown> } {
	const parts = split(token, maxTokenBytes);
	const header = parseJsonObject(parts.header);
	const payload = parseJsonObject(parts.payload);
	if (header === undefined || payload === undefined) {
		return fail("JSON_INVALID", "The access token's header or claims are not a valid JSON object.");
	}
	return { header, payload };
}

/**
 * One-shot verification. Derives and imports the keys on every call: prefer
 * {@link createVerifier} on any request path.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8725
 */
export function verifyAccessToken(
	token: string,
	options: VerifierOptions & VerifyOptions,
): Promise<AccessTokenClaims> {
	return createVerifier(options).verify(token, { now: options.now });
}
