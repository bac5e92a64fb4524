/**
 * The HS256 signer behind `GET /api-token`: the key is derived once, then every request only
 * computes one HMAC-SHA256.
 *
 * On Node (>= 20.16, where `process.getBuiltinModule` exists) the HMAC is Node's synchronous
 * `createHmac` (OpenSSL). Elsewhere (edge runtimes, Deno, Bun without it) it is Web Crypto. Why
 * not Web Crypto everywhere: Node runs `crypto.subtle.sign` on the libuv thread pool, and that
 * round trip cost about 80 µs of latency per token in `bench/api-token`, more than the rest of
 * the plugin's own work. Both paths give the same bytes (the signing vectors test both).
 *
 * @module
 */
import { deriveKeyBytes, importHmacKeyBytes, type KeyMode, keyId } from "../core/key.js";
import { hmacSign } from "../core/sign.js";

/** Signs a JWS signing input (ASCII) and returns the base64url signature. */
export interface Signer {
	readonly kid: string;
	sign(signingInput: string): string | Promise<string>;
}

type CreateHmac = (
	algorithm: "sha256",
	key: Uint8Array,
) => {
	update(data: string, encoding: "latin1"): { digest(encoding: "base64url"): string };
};

function nodeCreateHmac(): CreateHmac | undefined {
	const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
	const mod = proc?.getBuiltinModule?.("node:crypto") as { createHmac?: CreateHmac } | undefined;
	return typeof mod?.createHmac === "function" ? mod.createHmac : undefined;
}

/**
 * Derives the key of a secret once and returns its signer.
 *
 * @param native - Use Node's synchronous HMAC when available (default `true`); `false` forces
 *   Web Crypto.
 */
export async function createSigner(secret: string, mode: KeyMode, native = true): Promise<Signer> {
	const bytes = await deriveKeyBytes(secret, mode);
	const kid = await keyId(bytes);
	const createHmac = native ? nodeCreateHmac() : undefined;
	if (createHmac) {
		const key = bytes.slice();
		return {
			kid,
			sign: (signingInput) =>
				createHmac("sha256", key).update(signingInput, "latin1").digest("base64url"),
		};
	}
	const key = await importHmacKeyBytes(bytes, ["sign"]);
	return { kid, sign: (signingInput) => hmacSign(key, signingInput) };
}
