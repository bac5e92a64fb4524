// The plugin's signing path against the shared deterministic signing vectors.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { importHmacKey, type KeyMode } from "../../src/core/key.js";
import {
	accessTokenClaims,
	accessTokenHeader,
	RESERVED_CLAIMS,
	signAccessToken,
} from "../../src/server/issue.js";
import { createSigner } from "../../src/server/signer.js";

interface SignTest {
	tcId: number;
	comment: string;
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
	token: string;
}
interface SignGroup {
	secret: string;
	keyMode: KeyMode;
	tests: SignTest[];
}
const file = JSON.parse(
	readFileSync(
		fileURLToPath(new URL("../../../../spec/vectors/issue_v1.json", import.meta.url)),
		"utf8",
	),
) as { testGroups: SignGroup[] };
const cases = file.testGroups.flatMap((g) =>
	g.tests.map((t) => [`issue_v1 #${t.tcId} ${t.comment}`, g, t] as const),
);

describe("issue_v1", () => {
	test.each(cases)("%s", async (_id, group, c) => {
		const { key, kid } = await importHmacKey(group.secret, group.keyMode);
		const native = await createSigner(group.secret, group.keyMode, true);
		const web = await createSigner(group.secret, group.keyMode, false);
		expect(native.kid).toBe(kid);
		expect(web.kid).toBe(kid);
		// The plugin's header for this key is the vector's header, member order included.
		expect(JSON.stringify(accessTokenHeader(kid))).toBe(JSON.stringify(c.header));
		// Every signing path produces exactly the vector's token.
		expect(await signAccessToken(c.header, c.payload, key)).toBe(c.token);
		expect(await signAccessToken(c.header, c.payload, native)).toBe(c.token);
		expect(await signAccessToken(c.header, c.payload, web)).toBe(c.token);
		// And the plugin builds the same payload, in the same order, from the user's fields.
		const p = c.payload;
		const extra = Object.fromEntries(Object.entries(p).filter(([k]) => !RESERVED_CLAIMS.has(k)));
		const built = accessTokenClaims({
			user: {
				id: p.sub as string,
				email: p.email as string,
				emailVerified: p.email_verified as boolean,
				name: (p.name as string | undefined) ?? null,
			},
			roles: p.roles as string[],
			iat: p.iat as number,
			lifetimeSeconds: (p.exp as number) - (p.iat as number),
			issuer: p.iss as string,
			audience: p.aud as string,
			jti: p.jti as string,
			extra,
		});
		expect(JSON.stringify(built)).toBe(JSON.stringify(p));
	});

	test("the vectors cover both key modes", () => {
		expect(new Set(file.testGroups.map((g) => g.keyMode))).toEqual(new Set(["derived", "raw"]));
	});
});
