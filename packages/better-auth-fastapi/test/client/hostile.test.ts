// Hostile or broken servers: every answer ends in a typed error (ApiTokenError / ApiAuthError),
// never a raw TypeError, and never more than the one token request it took.
import { createAuthClient } from "better-auth/client";
import { describe, expect, test } from "vitest";
import { ApiAuthError, ApiTokenError } from "../../src/client/errors.js";
import { createApiFetch } from "../../src/client/fetch.js";
import { apiTokenClient } from "../../src/client/index.js";
import { getServerApiToken } from "../../src/client/next.js";
import { TokenManager } from "../../src/client/token-manager.js";
import type { TokenResponse } from "../../src/client/token-response.js";
import { FakeTokenServer, fakeToken, TestClock } from "./helpers.js";

const iat = Math.floor(Date.now() / 1000);
const good = fakeToken({ sub: "u", iat, exp: iat + 900 });

const answers: [string, unknown][] = [
	["an HTML page", "<!doctype html><html><body>Sign in</body></html>"],
	["null", null],
	["a number", 42],
	["an array", [good]],
	["200 with no token", { tokenType: "Bearer", expiresAt: new Date().toISOString() }],
	["a token that is a number", { token: 12345, expiresAt: Date.now() + 900_000 }],
	["a token with a line break", { token: `${good}\r\nX-Evil: 1`, expiresAt: Date.now() + 900_000 }],
	["tokenType a number", { token: good, tokenType: 1 }],
	["tokenType null", { token: good, tokenType: null }],
	["expiresAt in the past", { token: fakeToken({ sub: "u", iat }), expiresAt: (iat - 60) * 1000 }],
	["expiresAt an object", { token: fakeToken({ sub: "u", iat }), expiresAt: { at: 1 } }],
	["exp before iat", { token: fakeToken({ sub: "u", iat, exp: iat - 1 }) }],
];

describe("hostile token endpoint answers", () => {
	test.each(answers)(
		"%s: TokenManager rejects with TOKEN_RESPONSE_INVALID, one request",
		async (_n, answer) => {
			let calls = 0;
			const manager = new TokenManager({
				fetchToken: async () => {
					calls++;
					return answer as TokenResponse;
				},
			});
			const error = await manager.get().catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ApiTokenError);
			expect((error as ApiTokenError).code).toBe("TOKEN_RESPONSE_INVALID");
			expect(calls).toBe(1);
		},
	);

	test.each(answers)(
		"%s: getServerApiToken rejects with TOKEN_RESPONSE_INVALID",
		async (_n, answer) => {
			const auth = { api: { getApiToken: async () => answer as never } };
			const error = await getServerApiToken({ auth, headers: {} }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ApiTokenError);
			expect((error as ApiTokenError).code).toBe("TOKEN_RESPONSE_INVALID");
		},
	);
});

/** An apiFetch whose API gives `answer()` to every request. */
function setup(answer: () => Response) {
	const clock = new TestClock();
	const server = new FakeTokenServer({ clock });
	const apiFetch = createApiFetch({
		baseURL: "https://api.example.test",
		getToken: server.fetchToken,
		fetch: async () => answer(),
	});
	return { server, apiFetch };
}

describe("hostile API answers", () => {
	test.each([
		[
			"an HTML 401",
			() =>
				new Response("<html>nope</html>", {
					status: 401,
					headers: { "content-type": "text/html" },
				}),
		],
		[
			"a 401 claiming JSON that is not",
			() =>
				new Response("{not json", { status: 401, headers: { "content-type": "application/json" } }),
		],
		[
			"a 401 with a garbled challenge",
			() =>
				new Response(null, {
					status: 401,
					headers: { "www-authenticate": 'Bearer ,,="=,error="' },
				}),
		],
		[
			"a 401 whose code is not a string",
			() => Response.json({ code: 7, detail: ["x"] }, { status: 401 }),
		],
	])("%s is an ApiAuthError 401, not retried", async (_n, answer) => {
		const { server, apiFetch } = setup(answer);
		const error = await apiFetch("/api/me").catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect((error as ApiAuthError).status).toBe(401);
		expect((error as ApiAuthError).code).toBe("UNKNOWN");
		expect(server.calls).toBe(1);
	});
});

describe("hostile token endpoint answers through the auth client's own $fetch", () => {
	test.each([
		[
			"200 HTML",
			() => new Response("<html/>", { headers: { "content-type": "text/html" } }),
			"TOKEN_RESPONSE_INVALID",
		],
		[
			"200 broken JSON",
			() => new Response("{oops", { headers: { "content-type": "application/json" } }),
			"TOKEN_RESPONSE_INVALID",
		],
		["200 empty", () => new Response(""), "TOKEN_RESPONSE_INVALID"],
		["200 {}", () => Response.json({}), "TOKEN_RESPONSE_INVALID"],
		[
			"500 HTML",
			() => new Response("<html/>", { status: 500, headers: { "content-type": "text/html" } }),
			"TOKEN_REQUEST_FAILED",
		],
		[
			"401 HTML",
			() => new Response("<html/>", { status: 401, headers: { "content-type": "text/html" } }),
			"SESSION_MISSING",
		],
	])("%s is a typed error %s", async (_n, make, code) => {
		const authClient = createAuthClient({
			baseURL: "http://localhost:3000",
			plugins: [apiTokenClient()],
			fetchOptions: { customFetchImpl: async () => make() },
		});
		const error = await authClient.apiToken.get().catch((e: unknown) => e);
		expect(error instanceof ApiTokenError || error instanceof ApiAuthError).toBe(true);
		expect((error as ApiTokenError).code).toBe(code);
	});
});

test("a 429 through $fetch carries Better Auth's X-Retry-After, and the next call does not ask again", async () => {
	let requests = 0;
	const authClient = createAuthClient({
		baseURL: "http://localhost:3000",
		plugins: [apiTokenClient()],
		fetchOptions: {
			customFetchImpl: async () => {
				requests++;
				return Response.json(
					{ message: "Too many requests. Please try again later." },
					{ status: 429, headers: { "x-retry-after": "42" } },
				);
			},
		},
	});
	await expect(authClient.apiToken.get()).rejects.toMatchObject({
		code: "TOKEN_REQUEST_FAILED",
		status: 429,
		retryAfterSeconds: 42,
	});
	await expect(authClient.apiToken.get()).rejects.toMatchObject({ status: 429 });
	expect(requests).toBe(1);
});

describe("error bodies that never end", () => {
	const challenge = { "www-authenticate": 'Bearer realm="api", error="insufficient_scope"' };
	const endless = () =>
		new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
			},
		});
	const stalled = () =>
		new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new TextEncoder().encode('{"code":'));
			},
		});

	test.each([
		["an endless 403 body", () => new Response(endless(), { status: 403, headers: challenge })],
		["a stalled 403 body", () => new Response(stalled(), { status: 403, headers: challenge })],
		[
			"a stalled JSON 401 body without a readable challenge",
			() =>
				new Response(stalled(), {
					status: 401,
					headers: { "content-type": "application/json" },
				}),
		],
	])(
		"%s still ends in an ApiAuthError, within seconds",
		async (_n, answer) => {
			const { apiFetch } = setup(answer);
			const error = await apiFetch("/api/me").catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ApiAuthError);
			expect((error as ApiAuthError).code).toBe("UNKNOWN");
		},
		15_000,
	);
});

test("the token request keeps the app's own fetchOptions.onResponse hook", async () => {
	const seen: string[] = [];
	const iat = Math.floor(Date.now() / 1000);
	const authClient = createAuthClient({
		baseURL: "http://localhost:3000",
		plugins: [apiTokenClient()],
		fetchOptions: {
			customFetchImpl: async () =>
				Response.json({ token: fakeToken({ sub: "u", iat, exp: iat + 900 }), tokenType: "Bearer" }),
			onResponse: (context) => {
				seen.push(new URL(String(context.request.url)).pathname);
			},
		},
	});
	await authClient.apiToken.get();
	expect(seen).toEqual(["/api/auth/api-token"]);
});
