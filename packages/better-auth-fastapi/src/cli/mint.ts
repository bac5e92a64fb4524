/**
 * Minting contract tokens for the CLI (`token`, and the valid tokens `conformance` needs), with
 * the plugin's own claim builder and the core signer: no second implementation of the shape.
 *
 * @module
 * @internal
 */
import type { KeyMode } from "../core/key.js";
import { createSigner } from "../core/sign.js";
import { accessTokenClaims, newJti } from "../server/issue.js";

/** What a minted token says. */
export interface MintInput {
	secret: string;
	keyMode: KeyMode;
	issuer: string;
	audience: string;
	sub: string;
	email: string;
	emailVerified?: boolean | undefined;
	name?: string | undefined;
	roles: readonly string[];
	lifetimeSeconds: number;
	/** Issue time in seconds. @default now */
	iat?: number | undefined;
}

/** A minted token and what went into it. */
export interface Minted {
	token: string;
	kid: string;
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
}

/** Signs a contract v1 token exactly as the plugin would for this user. */
export async function mintToken(input: MintInput): Promise<Minted> {
	const signer = await createSigner(input.secret, input.keyMode);
	const claims = accessTokenClaims({
		user: {
			id: input.sub,
			email: input.email,
			emailVerified: input.emailVerified ?? true,
			name: input.name,
		},
		roles: input.roles,
		iat: input.iat ?? Math.floor(Date.now() / 1000),
		lifetimeSeconds: input.lifetimeSeconds,
		issuer: input.issuer,
		audience: input.audience,
		jti: newJti(),
	});
	return {
		token: await signer.sign(claims),
		kid: signer.kid,
		header: { alg: "HS256", typ: "at+jwt", kid: signer.kid },
		claims,
	};
}
