// Better Auth's origin check skips GET, so `trustedOrigins` alone does not protect
// `GET /api-token` (issue 7, item 3). With Better Auth's origin check enabled, the endpoint refuses
// a browser request made for another site and keeps serving everything else.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BASE_URL, createTestAuth, type TestAuth } from "./helpers.js";

/** A trusted front end on another site than the auth server. */
const TRUSTED = "https://app.example.net";

let t: TestAuth;
let user: { cookie: string; bearer: string };
beforeAll(async () => {
	t = await createTestAuth(
		{},
		{ trustedOrigins: [TRUSTED], advanced: { disableOriginCheck: false } },
	);
	user = await t.signUp("cross-site@example.com");
});
afterAll(() => t.close());

async function tokenWith(headers: Record<string, string>) {
	const res = await t.fetch("/api-token", { headers: { cookie: user.cookie, ...headers } });
	return { status: res.status, body: (await res.json()) as { code?: string; token?: string } };
}

describe("refused: 403 CROSS_SITE_REQUEST", () => {
	test.each([
		["an untrusted Origin", { origin: "https://evil.example" }],
		[
			"an untrusted Origin, even marked same-site",
			{ origin: "https://evil.example", "sec-fetch-site": "same-site" },
		],
		["an untrusted subdomain of the trusted site", { origin: "https://evil.app.example.net" }],
		["the trusted host on another scheme", { origin: "http://app.example.net" }],
		["Origin: null (sandboxed frame, privacy redirect)", { origin: "null" }],
		["no Origin and Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
		["no Origin and Sec-Fetch-Site: Cross-Site (any case)", { "sec-fetch-site": "Cross-Site" }],
	])("%s", async (_, headers) => {
		const { status, body } = await tokenWith(headers);
		expect(status).toBe(403);
		expect(body.code).toBe("CROSS_SITE_REQUEST");
		expect(body.token).toBeUndefined();
	});

	test("a bearer-plugin session from an untrusted Origin is refused too", async () => {
		const res = await t.fetch("/api-token", {
			headers: { authorization: `Bearer ${user.bearer}`, origin: "https://evil.example" },
		});
		expect(res.status).toBe(403);
	});
});

describe("allowed", () => {
	test.each([
		["no Origin and no Sec-Fetch-Site (server-side caller, curl)", {}],
		["the auth server's own origin", { origin: BASE_URL, "sec-fetch-site": "same-origin" }],
		["a trusted origin on another site", { origin: TRUSTED, "sec-fetch-site": "cross-site" }],
		["no Origin and Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }],
		["no Origin and Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
		["no Origin and Sec-Fetch-Site: none (typed in the address bar)", { "sec-fetch-site": "none" }],
	])("%s", async (_, headers) => {
		const { status, body } = await tokenWith(headers);
		expect(status).toBe(200);
		expect(typeof body.token).toBe("string");
	});

	test("a native app with the bearer plugin (no Origin, no cookie)", async () => {
		const res = await t.fetch("/api-token", {
			headers: { authorization: `Bearer ${user.bearer}` },
		});
		expect(res.status).toBe(200);
	});

	test("auth.api.getApiToken (server code, no HTTP request) is not checked", async () => {
		const api = t.auth.api as unknown as {
			getApiToken(input: { headers: Headers }): Promise<{ token: string }>;
		};
		const body = await api.getApiToken({
			headers: new Headers({ cookie: user.cookie, "sec-fetch-site": "cross-site" }),
		});
		expect(typeof body.token).toBe("string");
	});

	test("a dynamic trustedOrigins function is honoured", async () => {
		const dynamic = await createTestAuth(
			{},
			{
				trustedOrigins: async () => ["https://dynamic.example.org"],
				advanced: { disableOriginCheck: false },
			},
		);
		try {
			const { cookie } = await dynamic.signUp("dynamic@example.com");
			const ok = await dynamic.fetch("/api-token", {
				headers: { cookie, origin: "https://dynamic.example.org" },
			});
			expect(ok.status).toBe(200);
			const refused = await dynamic.fetch("/api-token", {
				headers: { cookie, origin: "https://evil.example" },
			});
			expect(refused.status).toBe(403);
		} finally {
			dynamic.close();
		}
	});

	test("with Better Auth's origin check disabled, the endpoint does not check either", async () => {
		const open = await createTestAuth({}, { advanced: { disableOriginCheck: true } });
		try {
			const { cookie } = await open.signUp("open@example.com");
			const res = await open.fetch("/api-token", {
				headers: { cookie, origin: "https://evil.example" },
			});
			expect(res.status).toBe(200);
		} finally {
			open.close();
		}
	});
});
