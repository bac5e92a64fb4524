/**
 * Compact HS256 JWS signing with Web Crypto (contract v1 "Header" and "Claims"): the token is
 * base64url(UTF-8(JSON.stringify(header))) "." base64url(UTF-8(JSON.stringify(payload))) "."
 * base64url(HMAC-SHA256), so members keep their order and output is deterministic
 * (`spec/vectors/issue_v1.json`).
 *
 * @module
 */
import { base64urlEncode } from "./base64url.js";
import { type HmacKey, importHmacKey, type KeyMode } from "./key.js";

const encoder = new TextEncoder();

/**
 * The header of every issued token, members in this order.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1
 */
export type AccessTokenHeader = {
	alg: "HS256";
	typ: "at+jwt";
	kid: string;
};

/**
 * `{"alg":"HS256","typ":"at+jwt","kid":kid}`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1
 */
export function accessTokenHeader(kid: string): AccessTokenHeader {
	return { alg: "HS256", typ: "at+jwt", kid };
}

/**
 * The JWS signing input: base64url(UTF-8(JSON(header))) "." base64url(UTF-8(JSON(payload))),
 * members in the objects' order.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 */
export function signingInput(
	header: Readonly<Record<string, unknown>>,
	payload: Readonly<Record<string, unknown>>,
): string {
	return `${base64urlEncode(encoder.encode(JSON.stringify(header)))}.${base64urlEncode(
		encoder.encode(JSON.stringify(payload)),
	)}`;
}

/**
 * base64url(HMAC-SHA256(key, ASCII(input))) with Web Crypto: the third segment of a token.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export async function hmacSign(key: CryptoKey, input: string): Promise<string> {
	const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(input));
	return base64urlEncode(new Uint8Array(mac));
}

/**
 * Signs any header and payload as a compact JWS with an HMAC-SHA256 `CryptoKey` (`sign` usage).
 * No check is made on the contents: tests use it to build tokens of every shape.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export async function signCompact(
	key: CryptoKey,
	header: Readonly<Record<string, unknown>>,
	payload: Readonly<Record<string, unknown>>,
): Promise<string> {
	const input = signingInput(header, payload);
	return `${input}.${await hmacSign(key, input)}`;
}

/**
 * Signs claims with one imported key under the standard header.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-3.1
 */
export interface AccessTokenSigner {
	/** The `kid` of the key. */
	readonly kid: string;
	/** Signs a payload under {@link accessTokenHeader}. */
	sign(payload: Readonly<Record<string, unknown>>): Promise<string>;
}

/**
 * Derives and imports the key of `secret` once and returns a signer. Secret hygiene is the
 * caller's job (see the server plugin's start-up checks).
 *
 * @example
 * ```ts
 * const signer = await createSigner(process.env.BETTER_AUTH_SECRET!);
 * const token = await signer.sign({ sub: "u1", email: "a@example.com", email_verified: true,
 * 	roles: [], iat, exp: iat + 900, iss, aud });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5869
 */
export async function createSigner(
	secret: string,
	keyMode: KeyMode = "derived",
): Promise<AccessTokenSigner> {
	const key: HmacKey = await importHmacKey(secret, keyMode);
	const header = accessTokenHeader(key.kid);
	return { kid: key.kid, sign: (payload) => signCompact(key.key, header, payload) };
}
