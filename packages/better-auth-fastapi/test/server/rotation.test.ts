import { createHash } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterEach, describe, expect, test } from "vitest";
import { createVerifier } from "../../src/core/verify.js";
import {
	BASE_URL,
	createTestAuth,
	decodeSegment,
	derivedKey,
	OTHER_SECRET,
	SECRET,
	type TestAuth,
} from "./helpers.js";

const opened: TestAuth[] = [];
afterEach(() => {
	for (const t of opened.splice(0)) t.close();
});

async function tokenFrom(pluginOptions: Parameters<typeof createTestAuth>[0]) {
	const t = await createTestAuth(pluginOptions);
	opened.push(t);
	const { cookie } = await t.signUp("rotate@example.com");
	const res = await t.fetch("/api-token", { headers: { cookie } });
	return ((await res.json()) as { token: string }).token;
}

const kidOf = (secret: string) =>
	createHash("sha256").update(derivedKey(secret)).digest("base64url").slice(0, 16);

/** A verifier configured like a rotating back end: keys selected by kid. */
async function verifyWith(token: string, secrets: string[]) {
	const keys = new Map(secrets.map((s) => [kidOf(s), derivedKey(s)]));
	const { kid } = decodeProtectedHeader(token);
	const key = keys.get(kid ?? "");
	if (!key) throw new Error("KID_UNKNOWN");
	return jwtVerify(token, key, { algorithms: ["HS256"], typ: "at+jwt" });
}

describe("secret rotation", () => {
	test("the new secret signs, the kid changes, previousSecrets never sign", async () => {
		const before = await tokenFrom({ secret: SECRET });
		const after = await tokenFrom({ secret: OTHER_SECRET, previousSecrets: [SECRET] });
		const kidBefore = decodeSegment(before.split(".")[0] as string).kid;
		const kidAfter = decodeSegment(after.split(".")[0] as string).kid;
		expect(kidBefore).toBe(kidOf(SECRET));
		expect(kidAfter).toBe(kidOf(OTHER_SECRET));
		expect(kidAfter).not.toBe(kidBefore);
		await expect(jwtVerify(after, derivedKey(OTHER_SECRET))).resolves.toBeDefined();
		await expect(jwtVerify(after, derivedKey(SECRET))).rejects.toThrow();
	});

	test("a verifier given previousSecrets accepts tokens of both; without them the old one fails", async () => {
		const before = await tokenFrom({ secret: SECRET });
		const after = await tokenFrom({ secret: OTHER_SECRET, previousSecrets: [SECRET] });
		// The package's own verifier (src/core/verify.ts) ...
		const rotating = createVerifier({
			secret: OTHER_SECRET,
			previousSecrets: [SECRET],
			issuer: BASE_URL,
		});
		expect((await rotating.verify(before)).email).toBe("rotate@example.com");
		expect((await rotating.verify(after)).email).toBe("rotate@example.com");
		const current = createVerifier({ secret: OTHER_SECRET, issuer: BASE_URL });
		await expect(current.verify(before)).rejects.toMatchObject({ code: "KID_UNKNOWN" });
		// ... and an independent one (jose with the node:crypto HKDF key, selected by kid).
		await expect(verifyWith(before, [OTHER_SECRET, SECRET])).resolves.toBeDefined();
		await expect(verifyWith(after, [OTHER_SECRET, SECRET])).resolves.toBeDefined();
		await expect(verifyWith(before, [OTHER_SECRET])).rejects.toThrow("KID_UNKNOWN");
	});

	test.each(["derived", "raw"] as const)(
		"tokens issued in %s mode pass the package's strict verifier",
		async (keyMode) => {
			const token = await tokenFrom({ keyMode });
			const claims = await createVerifier({ secret: SECRET, keyMode, issuer: BASE_URL }).verify(
				token,
			);
			expect(claims.roles).toEqual(["user"]);
		},
	);

	test("the plugin keeps previousSecrets in its options for verifiers and the CLI", async () => {
		const t = await createTestAuth({ secret: OTHER_SECRET, previousSecrets: [SECRET] });
		opened.push(t);
		const plugin = t.auth.options.plugins?.find((p) => p.id === "api-token");
		expect(plugin?.options?.previousSecrets).toEqual([SECRET]);
	});
});
