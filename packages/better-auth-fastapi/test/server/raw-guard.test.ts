// Better Auth 1.7's /verify-email verifies any HS256 token with the raw secret and marks the
// `email` claim's address verified. Our access tokens must never do that, in either key mode.
import { SignJWT } from "jose";
import { afterEach, describe, expect, test } from "vitest";
import type { KeyMode } from "../../src/core/key.js";
import { looksLikeAccessToken } from "../../src/server/guard.js";
import { accessTokenHeader, signAccessToken } from "../../src/server/issue.js";
import { createSigner } from "../../src/server/signer.js";
import { createTestAuth, decodeSegment, OTHER_SECRET, SECRET, type TestAuth } from "./helpers.js";

let t: TestAuth | undefined;
afterEach(() => {
	t?.close();
	t = undefined;
});

async function setUp(keyMode: KeyMode) {
	t = await createTestAuth(
		{ keyMode },
		{
			emailAndPassword: { enabled: true, requireEmailVerification: false },
			emailVerification: { sendVerificationEmail: async () => {} },
		},
	);
	const user = await t.signUp("victim@example.com");
	const res = await t.fetch("/api-token", { headers: { cookie: user.cookie } });
	const { token } = (await res.json()) as { token: string };
	return { ...user, token };
}

function emailVerified(userId: string): boolean {
	const row = (t as TestAuth).db
		.prepare("SELECT emailVerified FROM user WHERE id = ?")
		.get(userId) as { emailVerified: number };
	return row.emailVerified === 1;
}

describe.each(["derived", "raw"] as const)("keyMode %s", (keyMode) => {
	test("an access token sent to /verify-email leaves the email unverified", async () => {
		const { token, userId, cookie } = await setUp(keyMode);
		expect(emailVerified(userId)).toBe(false);
		const res = await (t as TestAuth).fetch(`/verify-email?token=${encodeURIComponent(token)}`);
		expect(res.status).toBe(401);
		const body = (await res.json()) as { code: string };
		expect(body.code).toBe(keyMode === "raw" ? "API_TOKEN_NOT_ACCEPTED" : "INVALID_TOKEN");
		expect(emailVerified(userId)).toBe(false);
		const session = (await (
			await (t as TestAuth).fetch("/get-session", { headers: { cookie } })
		).json()) as { user: { emailVerified: boolean } };
		expect(session.user.emailVerified).toBe(false);
	});

	test("the same replay through a callbackURL does not verify either", async () => {
		const { token, userId } = await setUp(keyMode);
		await (t as TestAuth).fetch(
			`/verify-email?token=${encodeURIComponent(token)}&callbackURL=${encodeURIComponent("/")}`,
		);
		expect(emailVerified(userId)).toBe(false);
	});

	test("Better Auth's own verification tokens still work", async () => {
		const { userId } = await setUp(keyMode);
		// What Better Auth's createEmailVerificationToken produces: header {"alg":"HS256"} only.
		const own = await new SignJWT({ email: "victim@example.com", userId })
			.setProtectedHeader({ alg: "HS256" })
			.setIssuedAt()
			.setExpirationTime("1h")
			.sign(new TextEncoder().encode(SECRET));
		const res = await (t as TestAuth).fetch(`/verify-email?token=${own}`);
		expect(res.status).toBe(200);
		expect(emailVerified(userId)).toBe(true);
	});
});

// The same replay with Better Auth's versioned secrets (contract 2.7): Better Auth verifies its
// email tokens with its current entry; our tokens, signed with any entry (the current one by the
// plugin, older ones before the rotation), must never pass there.
const THIRD_SECRET = "Pw4Xn8Qc2Lv6Zr0Tb5Hm9Jk3Gd7Fs1Ae-Uy_Io4KqWx";
const VERSIONED = [
	{ version: 3, value: THIRD_SECRET },
	{ version: 2, value: OTHER_SECRET },
	{ version: 1, value: SECRET },
];
describe.each(["derived", "raw"] as const)("keyMode %s with versioned secrets", (keyMode) => {
	test("no entry's access token verifies an email at /verify-email", async () => {
		t = await createTestAuth(
			{ keyMode, secret: undefined, secrets: VERSIONED },
			{
				secret: undefined,
				secrets: VERSIONED,
				emailAndPassword: { enabled: true, requireEmailVerification: false },
				emailVerification: { sendVerificationEmail: async () => {} },
			},
		);
		expect((await t.auth.$context).secret).toBe(THIRD_SECRET);
		const { cookie, userId } = await t.signUp("victim@example.com");
		const res = await t.fetch("/api-token", { headers: { cookie } });
		const issued = ((await res.json()) as { token: string }).token;
		const payload = decodeSegment(issued.split(".")[1] as string);
		// The token each entry signs (what the plugin issued while that entry was current).
		const tokens = await Promise.all(
			VERSIONED.map(async ({ value }) => {
				const signer = await createSigner(value, keyMode);
				return signAccessToken(accessTokenHeader(signer.kid), payload, signer);
			}),
		);
		expect(tokens[0]).toBe(issued); // the plugin signed with the current entry
		for (const token of tokens) {
			const replay = await t.fetch(`/verify-email?token=${encodeURIComponent(token)}`);
			expect(replay.status).toBe(401);
			const body = (await replay.json()) as { code: string };
			expect(body.code).toBe(keyMode === "raw" ? "API_TOKEN_NOT_ACCEPTED" : "INVALID_TOKEN");
			expect(emailVerified(userId)).toBe(false);
		}
	});
});

describe("looksLikeAccessToken", () => {
	const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
	test.each([
		[{ alg: "HS256", typ: "at+jwt", kid: "k" }, true],
		[{ alg: "HS256", typ: "AT+JWT" }, true],
		[{ alg: "HS256", typ: "application/at+jwt" }, true],
		[{ alg: "HS256", kid: "anything" }, true],
		[{ alg: "HS256" }, false],
		[{ alg: "HS256", typ: "JWT" }, false],
	])("%j -> %s", (header, expected) => {
		expect(looksLikeAccessToken(`${seg(header)}.${seg({})}.sig`)).toBe(expected);
	});
	test.each(["", "abc", ".x.y", "%%%.x.y", `${Buffer.from("[1]").toString("base64url")}.x.y`])(
		"undecodable %j is not ours",
		(token) => {
			expect(looksLikeAccessToken(token)).toBe(false);
		},
	);
});
