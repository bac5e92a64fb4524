/**
 * Strict base64url (RFC 4648 §5) without padding, as JWS compact serialization requires.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url without padding. */
export function base64urlEncode(bytes: Uint8Array): string {
	let out = "";
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n =
			((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
		out +=
			ALPHABET.charAt(n >> 18) +
			ALPHABET.charAt((n >> 12) & 63) +
			ALPHABET.charAt((n >> 6) & 63) +
			ALPHABET.charAt(n & 63);
	}
	const rest = bytes.length - i;
	if (rest === 1) {
		const n = (bytes[i] as number) << 16;
		out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
	} else if (rest === 2) {
		const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
		out +=
			ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63);
	}
	return out;
}

/**
 * Decodes strict base64url: only the URL-safe alphabet, no padding, a length that is not 1 mod 4,
 * and zero unused trailing bits (so every byte string has exactly one encoding). Returns `null`
 * for anything else.
 */
export function base64urlDecode(text: string): Uint8Array | null {
	const len = text.length;
	if (len % 4 === 1) return null;
	const out = new Uint8Array(Math.floor((len * 3) / 4));
	let o = 0;
	let acc = 0;
	let bits = 0;
	for (let i = 0; i < len; i++) {
		const c = text.charCodeAt(i);
		const v = c < 128 ? (LOOKUP[c] as number) : -1;
		if (v < 0) return null;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
			acc &= (1 << bits) - 1;
		}
	}
	if (acc !== 0) return null;
	return out;
}
