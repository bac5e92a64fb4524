/**
 * Key derivation (contract v1 "Key") and the `kid` of a key. Web Crypto only, so it runs in
 * browsers, Node and edge runtimes.
 *
 * @module
 */
import { base64urlEncode } from "./base64url.js";

/** HKDF `info` of contract v1; changing it is a new contract version. */
export const KEY_INFO = "better-auth-fastapi access token v1";

/** How the HS256 key is obtained from `BETTER_AUTH_SECRET`. */
export type KeyMode = "derived" | "raw";

const encoder = new TextEncoder();

/**
 * The 32-byte HS256 key bytes for a secret.
 *
 * `derived` (default): HKDF-SHA256(IKM = UTF-8(secret), salt = empty, info = {@link KEY_INFO},
 * L = 32). `raw`: the UTF-8 bytes of the secret, as a plain `jwt.decode(token, secret)` expects.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5869
 */
export async function deriveKeyBytes(
	secret: string,
	mode: KeyMode = "derived",
): Promise<Uint8Array> {
	const ikm = encoder.encode(secret);
	if (mode === "raw") return ikm;
	const base = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
	const bits = await crypto.subtle.deriveBits(
		{ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(KEY_INFO) },
		base,
		256,
	);
	return new Uint8Array(bits);
}

/** `kid` = the first 16 characters of base64url(SHA-256(key bytes)), no padding. */
export async function keyId(keyBytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", keyBytes as Uint8Array<ArrayBuffer>);
	return base64urlEncode(new Uint8Array(digest)).slice(0, 16);
}

/** A ready HS256 key: the non-extractable `CryptoKey` and its `kid`. */
export interface HmacKey {
	readonly kid: string;
	readonly key: CryptoKey;
}

/** Imports key bytes as a non-extractable HMAC-SHA256 `CryptoKey`. */
export function importHmacKeyBytes(
	bytes: Uint8Array,
	usages: KeyUsage[] = ["sign", "verify"],
): Promise<CryptoKey> {
	return crypto.subtle.importKey(
		"raw",
		bytes as Uint8Array<ArrayBuffer>,
		{ name: "HMAC", hash: "SHA-256" },
		false,
		usages,
	);
}

/** Derives, imports (once) and identifies the HS256 key of a secret. */
export async function importHmacKey(secret: string, mode: KeyMode = "derived"): Promise<HmacKey> {
	const bytes = await deriveKeyBytes(secret, mode);
	return { kid: await keyId(bytes), key: await importHmacKeyBytes(bytes) };
}
