import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
	BASE_URL,
	createTestAuth,
	decodeSegment,
	derivedKey,
	SECRET,
	type TestAuth,
} from "./helpers.js";

let t: TestAuth;
beforeAll(async () => {
	t = await createTestAuth();
});
afterAll(() => t.close());

async function getToken(headers: Record<string, string>) {
	const res = await t.fetch("/api-token", { headers });
	return { res, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api-token", () => {
	test("issues a token for a cookie session with the contract's response shape", async () => {
		const { cookie } = await t.signUp("shape@example.com");
		const before = Math.floor(Date.now() / 1000);
		const { res, body } = await getToken({ cookie });
		expect(res.status).toBe(200);
		expect(res.headers.get("cache-control")).toBe("no-store");
		expect(Object.keys(body)).toEqual(["token", "tokenType", "expiresAt"]);
		expect(body.tokenType).toBe("Bearer");
		const payload = decodeSegment((body.token as string).split(".")[1] as string);
		expect(body.expiresAt).toBe(new Date((payload.exp as number) * 1000).toISOString());
		expect(payload.iat).toBeGreaterThanOrEqual(before);
	});

	test("the header is exactly alg, typ, kid and the token verifies with the HKDF key", async () => {
		const { cookie, userId } = await t.signUp("claims@example.com", "Grace Hopper");
		const { body } = await getToken({ cookie });
		const token = body.token as string;
		const header = decodeSegment(token.split(".")[0] as string);
		expect(Object.keys(header)).toEqual(["alg", "typ", "kid"]);
		expect(header.alg).toBe("HS256");
		expect(header.typ).toBe("at+jwt");
		const key = derivedKey(SECRET);
		const { createHash } = await import("node:crypto");
		const kid = createHash("sha256").update(key).digest("base64url").slice(0, 16);
		expect(header.kid).toBe(kid);

		const { payload, protectedHeader } = await jwtVerify(token, key, {
			algorithms: ["HS256"],
			typ: "at+jwt",
			issuer: BASE_URL,
			audience: BASE_URL,
		});
		expect(protectedHeader.kid).toBe(kid);
		expect(Object.keys(payload)).toEqual([
			"sub",
			"email",
			"email_verified",
			"name",
			"roles",
			"iat",
			"exp",
			"iss",
			"aud",
			"jti",
		]);
		expect(payload.sub).toBe(userId);
		expect(payload.email).toBe("claims@example.com");
		expect(payload.email_verified).toBe(false);
		expect(payload.name).toBe("Grace Hopper");
		expect(payload.roles).toEqual(["user"]);
		expect(payload.exp).toBe((payload.iat as number) + 900);
		expect(payload.iss).toBe(BASE_URL);
		expect(payload.aud).toBe(BASE_URL);
		expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	test("every token gets a fresh jti", async () => {
		const { cookie } = await t.signUp("jti@example.com");
		const a = decodeSegment(
			((await getToken({ cookie })).body.token as string).split(".")[1] as string,
		);
		const b = decodeSegment(
			((await getToken({ cookie })).body.token as string).split(".")[1] as string,
		);
		expect(a.jti).not.toBe(b.jti);
	});

	test("401 with Better Auth's error body without a session", async () => {
		const { res, body } = await getToken({});
		expect(res.status).toBe(401);
		expect(body).toEqual({ message: "Unauthorized", code: "UNAUTHORIZED" });
		expect(JSON.stringify(body)).not.toContain('token":');
	});

	test("401 with a forged session cookie", async () => {
		const { res } = await getToken({ cookie: "better-auth.session_token=forged.value" });
		expect(res.status).toBe(401);
	});

	test("a bearer-plugin session works like a cookie", async () => {
		const { bearer, userId } = await t.signUp("bearer@example.com");
		expect(bearer).not.toBe("");
		const { res, body } = await getToken({ authorization: `Bearer ${bearer}` });
		expect(res.status).toBe(200);
		expect(decodeSegment((body.token as string).split(".")[1] as string).sub).toBe(userId);
	});

	test("switching users gives a different sub", async () => {
		const a = await t.signUp("alice@example.com");
		const b = await t.signUp("bob@example.com");
		const ta = decodeSegment(
			((await getToken({ cookie: a.cookie })).body.token as string).split(".")[1] as string,
		);
		const tb = decodeSegment(
			((await getToken({ cookie: b.cookie })).body.token as string).split(".")[1] as string,
		);
		expect(ta.sub).toBe(a.userId);
		expect(tb.sub).toBe(b.userId);
		expect(ta.sub).not.toBe(tb.sub);
		expect(tb.email).toBe("bob@example.com");
	});

	test("roles come from the admin plugin's role field, comma separated", async () => {
		const { cookie, userId } = await t.signUp("roles@example.com");
		t.db.prepare("UPDATE user SET role = ? WHERE id = ?").run(" admin, editor ,,viewer ", userId);
		const { body } = await getToken({ cookie });
		expect(decodeSegment((body.token as string).split(".")[1] as string).roles).toEqual([
			"admin",
			"editor",
			"viewer",
		]);
	});

	test("a user without a role gets an empty roles array", async () => {
		const { cookie, userId } = await t.signUp("norole@example.com");
		t.db.prepare("UPDATE user SET role = NULL WHERE id = ?").run(userId);
		const { body } = await getToken({ cookie });
		expect(decodeSegment((body.token as string).split(".")[1] as string).roles).toEqual([]);
	});

	test("an empty name is left out", async () => {
		const { cookie } = await t.signUp("noname@example.com", "");
		const { body } = await getToken({ cookie });
		expect(decodeSegment((body.token as string).split(".")[1] as string)).not.toHaveProperty(
			"name",
		);
	});

	test("the server API needs request headers and answers with the same shape", async () => {
		const { cookie } = await t.signUp("api@example.com");
		const api = t.auth.api as unknown as {
			getApiToken(input: { headers: Headers }): Promise<Record<string, unknown>>;
		};
		const body = await api.getApiToken({ headers: new Headers({ cookie }) });
		expect(body.tokenType).toBe("Bearer");
	});

	test("works with Better Auth's cookie cache on (the session is still read from the database)", async () => {
		const cached = await createTestAuth(
			{},
			{ session: { cookieCache: { enabled: true, maxAge: 300 } } },
		);
		try {
			const { cookies, userId } = await cached.signUp("cache@example.com");
			expect(cookies).toContain("better-auth.session_data=");
			const res = await cached.fetch("/api-token", { headers: { cookie: cookies } });
			expect(res.status).toBe(200);
			const { token } = (await res.json()) as { token: string };
			const payload = decodeSegment(token.split(".")[1] as string);
			expect(payload.sub).toBe(userId);
			expect(payload.roles).toEqual(["user"]);
		} finally {
			cached.close();
		}
	});
});
