/**
 * Building and signing an access token (contract v1 "Header" and "Claims"). Pure functions of
 * their inputs, so the shared signing vectors (`spec/vectors/issue_v1.json`) can drive them.
 *
 * @module
 */
import { base64urlEncode } from "../core/base64url.js";
import { defineMember } from "../core/json.js";
import {
	type AccessTokenHeader,
	accessTokenHeader,
	signCompact,
	signingInput,
} from "../core/sign.js";
import type { ApiTokenUser } from "./options.js";
import type { Signer } from "./signer.js";

export { type AccessTokenHeader, accessTokenHeader, signingInput };

/** Claims the plugin owns; `options.claims` cannot set them. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
	"sub",
	"email",
	"email_verified",
	"name",
	"roles",
	"iat",
	"exp",
	"nbf",
	"iss",
	"aud",
	"jti",
]);

/**
 * Signs a header and payload as a JWS compact serialization (RFC 7515 §7.1): the
 * {@link signingInput}, ".", base64url(HMAC-SHA256(key, signing input)). Members keep the order
 * they have in the objects, so the output is deterministic (`spec/vectors/issue_v1.json`).
 *
 * @param key - An HMAC SHA-256 `CryptoKey` with the `sign` usage (see `importHmacKey`), or a
 *   {@link Signer}.
 */
export async function signAccessToken(
	header: AccessTokenHeader | Readonly<Record<string, unknown>>,
	payload: Readonly<Record<string, unknown>>,
	key: CryptoKey | Signer,
): Promise<string> {
	if (!("sign" in key)) return signCompact(key, header, payload);
	const input = signingInput(header, payload);
	return `${input}.${await key.sign(input)}`;
}

/** The default `roles`: the user's `role` split on commas, trimmed, empty entries dropped. */
export function rolesFromUser(user: Pick<ApiTokenUser, "role">): string[] {
	if (typeof user.role !== "string") return [];
	return user.role
		.split(",")
		.map((r) => r.trim())
		.filter((r) => r !== "");
}

/** A fresh random `jti`: 16 random bytes, base64url (22 characters). */
export function newJti(): string {
	return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** Inputs of {@link accessTokenClaims}. */
export interface ClaimsInput {
	user: Pick<ApiTokenUser, "id" | "email" | "emailVerified" | "name">;
	roles: readonly string[];
	/** Issue time, integer seconds since the epoch. */
	iat: number;
	lifetimeSeconds: number;
	issuer: string;
	audience: string;
	jti: string;
	/** Custom claims; reserved names are skipped and reported through `onReserved`. */
	extra?: Readonly<Record<string, unknown>> | undefined;
	onReserved?: ((claim: string) => void) | undefined;
}

/**
 * The payload, in contract order: sub, email, email_verified, name (when the user has a non-empty
 * one), roles, iat, exp, iss, aud, jti, then custom claims.
 */
export function accessTokenClaims(input: ClaimsInput): Record<string, unknown> {
	const { user } = input;
	const payload: Record<string, unknown> = {
		sub: user.id,
		email: user.email,
		email_verified: user.emailVerified === true,
	};
	if (typeof user.name === "string" && user.name !== "") payload.name = user.name;
	payload.roles = [...input.roles];
	payload.iat = input.iat;
	payload.exp = input.iat + input.lifetimeSeconds;
	payload.iss = input.issuer;
	payload.aud = input.audience;
	payload.jti = input.jti;
	if (input.extra) {
		for (const [name, value] of Object.entries(input.extra)) {
			if (RESERVED_CLAIMS.has(name)) input.onReserved?.(name);
			// A "__proto__" claim stays a claim instead of replacing the prototype.
			else if (value !== undefined) defineMember(payload, name, value);
		}
	}
	return payload;
}
