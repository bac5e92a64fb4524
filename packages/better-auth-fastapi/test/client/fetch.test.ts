import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiAuthError, ApiTokenError } from "../../src/client/errors.js";
import { createApiFetch } from "../../src/client/fetch.js";
import { TokenManager } from "../../src/client/token-manager.js";
import { FakeApi, FakeTokenServer, fakeToken, TestClock } from "./helpers.js";

const BASE = "https://api.example.test";

function setup(skewMs = 0) {
	const clock = new TestClock(skewMs);
	const server = new FakeTokenServer({ clock });
	const api = new FakeApi(clock);
	const manager = new TokenManager({ fetchToken: server.fetchToken, clock });
	const authClient = { apiToken: manager };
	const apiFetch = createApiFetch({ baseURL: BASE, authClient, fetch: api.fetch });
	return { clock, server, api, manager, apiFetch };
}

describe("createApiFetch", () => {
	test("attaches Authorization: Bearer and resolves paths against baseURL", async () => {
		const { api, server, apiFetch } = setup();
		const response = await apiFetch("/api/me");
		expect(await response.json()).toMatchObject({ sub: "user-a" });
		expect(api.requests[0]?.url).toBe(`${BASE}/api/me`);
		expect(api.requests[0]?.authorization).toBe(`Bearer ${server.issued[0]}`);
	});

	test("100 concurrent calls cause one token request", async () => {
		const { api, server, apiFetch } = setup();
		server.hold();
		const calls = Array.from({ length: 100 }, (_, i) => apiFetch(`/api/me?i=${i}`));
		await Promise.resolve();
		server.release();
		const responses = await Promise.all(calls);
		expect(responses.every((r) => r.status === 200)).toBe(true);
		expect(server.calls).toBe(1);
		expect(api.requests).toHaveLength(100);
	});

	test("replaces a caller's Authorization and keeps its other headers, method and body", async () => {
		const { api, apiFetch } = setup();
		await apiFetch("api/me", {
			method: "POST",
			headers: { authorization: "Basic eDp5", "x-trace": "1", "content-type": "text/plain" },
			body: "hello",
		});
		const [sent] = api.requests;
		expect(sent?.authorization).toMatch(/^Bearer /);
		expect(sent?.method).toBe("POST");
		expect(sent?.body).toBe("hello");
		expect(sent?.url).toBe(`${BASE}/api/me`);
	});

	test("accepts a Request object and keeps its headers", async () => {
		const { api, apiFetch } = setup();
		await apiFetch(new Request(`${BASE}/api/me`, { headers: { "x-trace": "2" } }));
		expect(api.requests[0]?.authorization).toMatch(/^Bearer /);
	});

	test("never sends the token to another origin", async () => {
		const { api, apiFetch } = setup();
		await expect(apiFetch("https://evil.example/api/me")).rejects.toThrow(TypeError);
		await expect(apiFetch("//evil.example/api/me")).rejects.toThrow(TypeError);
		await expect(apiFetch(new Request("https://evil.example/x"))).rejects.toThrow(TypeError);
		expect(api.requests).toHaveLength(0);
		await apiFetch(`${BASE}/api/me`);
		expect(api.requests).toHaveLength(1);
	});

	test("401 invalid_token: one forced refresh and one retry, with the new token", async () => {
		const { api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		api.revoked.add(server.issued[0] as string);
		const response = await apiFetch("/api/me", { method: "PUT", body: "again" });
		expect(response.status).toBe(200);
		expect(server.calls).toBe(2);
		expect(api.requests.map((r) => r.authorization)).toEqual([
			`Bearer ${server.issued[0]}`,
			`Bearer ${server.issued[0]}`,
			`Bearer ${server.issued[1]}`,
		]);
		expect(api.requests[2]?.body).toBe("again");
	});

	test("a second 401 is surfaced as ApiAuthError, never a loop", async () => {
		const { api, server, apiFetch } = setup();
		api.alwaysReject = true;
		const error = await apiFetch("/api/me").catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({ status: 401, code: "SIGNATURE_INVALID", error: "invalid_token" });
		expect((error as ApiAuthError).challenge?.realm).toBe("api");
		expect(api.requests).toHaveLength(2);
		expect(server.calls).toBe(2);
	});

	test("50 concurrent 401s share one refresh", async () => {
		const { api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		api.revoked.add(server.issued[0] as string);
		const responses = await Promise.all(Array.from({ length: 50 }, () => apiFetch("/api/me")));
		expect(responses.every((r) => r.status === 200)).toBe(true);
		expect(server.calls).toBe(2);
	});

	test("a forced refresh after a 401 joins a scheduled refresh already in flight: one token request", async () => {
		const { clock, api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		clock.advance(845_000); // 55 s left: the next call sends the token and refreshes behind it
		api.revoked.add(server.issued[0] as string);
		server.hold();
		const calls = Array.from({ length: 20 }, () => apiFetch("/api/me"));
		await new Promise((r) => setTimeout(r, 10));
		server.release();
		const responses = await Promise.all(calls);
		expect(responses.every((r) => r.status === 200)).toBe(true);
		expect(server.calls).toBe(2);
		expect(new Set(api.requests.slice(1).map((r) => r.authorization)).size).toBe(2);
	});

	test("an aborted caller rejects at once with its own reason; the others still get the shared token", async () => {
		const { api, server, apiFetch } = setup();
		server.hold();
		const controller = new AbortController();
		const reason = new Error("navigated away");
		const aborted = apiFetch("/api/me", { signal: controller.signal });
		const others = Array.from({ length: 5 }, () => apiFetch("/api/me"));
		controller.abort(reason);
		await expect(aborted).rejects.toBe(reason);
		server.release();
		expect((await Promise.all(others)).every((r) => r.status === 200)).toBe(true);
		expect(server.calls).toBe(1);
		expect(api.requests).toHaveLength(5);
	});

	test("401 without an error (no credentials reached the API): not retried, and the token is dropped (contract 3.4)", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const api = new FakeApi(clock);
		const manager = new TokenManager({ fetchToken: server.fetchToken, clock });
		let strip = true; // a proxy that drops the Authorization header
		const apiFetch = createApiFetch({
			baseURL: BASE,
			authClient: { apiToken: manager },
			fetch: (input, init) => {
				const headers = new Headers(init?.headers);
				if (strip) headers.delete("authorization");
				return api.fetch(input, { ...init, headers });
			},
		});
		await expect(apiFetch("/api/me")).rejects.toMatchObject({
			status: 401,
			code: "TOKEN_MISSING",
			error: null,
		});
		expect(api.requests).toHaveLength(1);
		strip = false;
		await apiFetch("/api/me");
		expect(server.calls).toBe(2);
	});

	test("403 insufficient_scope: no retry, typed ROLE_MISSING", async () => {
		const { api, server, apiFetch } = setup();
		const error = await apiFetch("/api/admin").catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({
			status: 403,
			code: "ROLE_MISSING",
			error: "insufficient_scope",
			detail: "Needs role admin.",
		});
		expect(api.requests).toHaveLength(1);
		expect(server.calls).toBe(1);
	});

	test("400 invalid_request: no retry, typed", async () => {
		const { api, apiFetch } = setup();
		await expect(apiFetch("/api/bad")).rejects.toMatchObject({
			status: 400,
			code: "AUTHORIZATION_MALFORMED",
			error: "invalid_request",
		});
		expect(api.requests).toHaveLength(1);
	});

	test("a 403 without a Bearer challenge is the application's answer, returned as is", async () => {
		const { apiFetch } = setup();
		const response = await apiFetch("/api/forbidden-by-app");
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ detail: "Not yours." });
	});

	test("a streaming request body is sent once and a 401 is surfaced, not retried", async () => {
		const { api, server, apiFetch } = setup();
		api.alwaysReject = true;
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(new TextEncoder().encode("streamed"));
				c.close();
			},
		});
		await expect(
			apiFetch("/api/upload", { method: "POST", body, duplex: "half" } as RequestInit),
		).rejects.toMatchObject({ status: 401 });
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]?.body).toBe("streamed");
		expect(server.calls).toBe(1);
	});

	test("a Request with a body (a stream once consumed) is sent once and its 401 surfaced", async () => {
		const { api, server, apiFetch } = setup();
		api.alwaysReject = true;
		const request = new Request(`${BASE}/api/echo`, { method: "POST", body: "once" });
		await expect(apiFetch(request)).rejects.toMatchObject({ status: 401 });
		expect(api.requests.map((r) => r.body)).toEqual(["once"]);
		expect(server.calls).toBe(1);
	});

	test.each([
		["URLSearchParams", () => new URLSearchParams({ a: "1" }), "a=1"],
		["Blob", () => new Blob(["blob"]), "blob"],
		["ArrayBuffer", () => new TextEncoder().encode("buf").buffer, "buf"],
		["Uint8Array", () => new TextEncoder().encode("view"), "view"],
	])("a %s body is replayed on retry", async (_name, make, text) => {
		const { api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		api.revoked.add(server.issued[0] as string);
		const response = await apiFetch("/api/echo", { method: "POST", body: make() });
		expect(response.status).toBe(200);
		expect(api.requests.slice(1).map((r) => r.body)).toEqual([text, text]);
	});

	test("a FormData body is replayed on retry", async () => {
		const { api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		api.revoked.add(server.issued[0] as string);
		const form = new FormData();
		form.set("field", "value");
		expect((await apiFetch("/api/echo", { method: "POST", body: form })).status).toBe(200);
		expect(api.requests[2]?.body).toContain("value");
	});

	test("the AbortSignal is passed through untouched", async () => {
		const { api, apiFetch } = setup();
		const controller = new AbortController();
		await apiFetch("/api/me", { signal: controller.signal });
		expect(api.requests[0]?.signal).toBe(controller.signal);
	});

	test("aborting while waiting for a token rejects at once and sends nothing", async () => {
		const { api, server, apiFetch } = setup();
		server.hold();
		const controller = new AbortController();
		const pending = apiFetch("/api/me", { signal: controller.signal });
		controller.abort();
		await expect(pending).rejects.toMatchObject({ name: "AbortError" });
		server.release();
		await new Promise((r) => setTimeout(r, 0));
		expect(api.requests).toHaveLength(0);
	});

	test("an already aborted signal rejects without a request", async () => {
		const { api, apiFetch } = setup();
		await expect(apiFetch("/api/me", { signal: AbortSignal.abort() })).rejects.toMatchObject({
			name: "AbortError",
		});
		expect(api.requests).toHaveLength(0);
	});

	test("a request aborted after a 401 is not retried", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const api = new FakeApi(clock);
		api.alwaysReject = true;
		const controller = new AbortController();
		const apiFetch = createApiFetch({
			baseURL: BASE,
			getToken: server.fetchToken,
			fetch: async (input, init) => {
				const response = await api.fetch(input, init);
				controller.abort();
				return response;
			},
		});
		await expect(apiFetch("/api/me", { signal: controller.signal })).rejects.toMatchObject({
			status: 401,
		});
		expect(api.requests).toHaveLength(1);
		expect(server.calls).toBe(1);
	});

	test("a streaming response is returned untouched", async () => {
		const { apiFetch } = setup();
		const response = await apiFetch("/api/stream");
		const reader = response.body?.getReader();
		const chunks: string[] = [];
		for (;;) {
			const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
			if (done) break;
			chunks.push(new TextDecoder().decode(value));
		}
		expect(chunks).toEqual(["chunk1,", "chunk2"]);
	});

	test("never retries as another user: a 401 whose refresh brings someone else's token is surfaced", async () => {
		const { api, server, apiFetch } = setup();
		await apiFetch("/api/me");
		api.revoked.add(server.issued[0] as string);
		server.userId = "user-b"; // signed in as B in another tab; this tab did not notice yet
		await expect(apiFetch("/api/me")).rejects.toMatchObject({ status: 401 });
		expect(api.requests.map((r) => r.authorization)).toEqual([
			`Bearer ${server.issued[0]}`,
			`Bearer ${server.issued[0]}`,
		]);
		// The next call is B's own and uses B's token.
		expect(await (await apiFetch("/api/me")).json()).toMatchObject({ sub: "user-b" });
	});

	test("never retries when the user cannot be told: tokens without a readable sub are not replayed", async () => {
		const clock = new TestClock();
		const api = new FakeApi(clock);
		api.alwaysReject = true;
		let calls = 0;
		const apiFetch = createApiFetch({
			baseURL: BASE,
			fetch: api.fetch,
			getToken: async () => {
				const iat = Math.floor(clock.serverNow() / 1000);
				return { token: fakeToken({ iat, exp: iat + 900, jti: `j${++calls}` }) };
			},
		});
		await expect(apiFetch("/api/me")).rejects.toMatchObject({ status: 401 });
		expect(api.requests).toHaveLength(1);
	});

	test("sign-out: after clear() the old token is never sent", async () => {
		const { api, server, manager, apiFetch } = setup();
		await apiFetch("/api/me");
		manager.clear();
		server.mode = "signedOut";
		await expect(apiFetch("/api/me")).rejects.toMatchObject({
			status: 401,
			code: "SESSION_MISSING",
		});
		expect(api.requests).toHaveLength(1);
	});

	test("user switch: after clear() the new user's token is used", async () => {
		const { api, server, manager, apiFetch } = setup();
		await apiFetch("/api/me");
		manager.clear();
		server.userId = "user-b";
		expect(await (await apiFetch("/api/me")).json()).toMatchObject({ sub: "user-b" });
		expect(api.requests[1]?.authorization).toBe(`Bearer ${server.issued[1]}`);
	});

	test.each([
		["fast", 600_000],
		["slow", -600_000],
	])("a client clock ten minutes %s causes no expiry 401s over an hour", async (_n, skew) => {
		const { clock, api, server, apiFetch } = setup(skew);
		for (let i = 0; i < 120; i++) {
			expect((await apiFetch("/api/me")).status).toBe(200);
			clock.advance(30_000);
		}
		expect(api.expiredRejections).toBe(0);
		expect(server.calls).toBeLessThanOrEqual(5);
	});

	test("getToken form: tokens from a function are cached and refreshed", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const api = new FakeApi(clock);
		const apiFetch = createApiFetch({
			baseURL: BASE,
			getToken: server.fetchToken,
			fetch: api.fetch,
		});
		await apiFetch("/api/me");
		await apiFetch("/api/me");
		expect(server.calls).toBe(1);
	});

	test("a token endpoint failure reaches the caller as ApiTokenError", async () => {
		const { server, apiFetch } = setup();
		server.mode = "fail";
		await expect(apiFetch("/api/me")).rejects.toBeInstanceOf(ApiTokenError);
	});

	test("a fetch that needs globalThis as this (like window.fetch) works unbound", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const api = new FakeApi(clock);
		const strict = function (this: unknown, input: string | URL | Request, init?: RequestInit) {
			if (this !== globalThis) throw new TypeError("Illegal invocation");
			return api.fetch(input, init);
		};
		const apiFetch = createApiFetch({ baseURL: BASE, getToken: server.fetchToken, fetch: strict });
		expect((await apiFetch("/api/me")).status).toBe(200);
	});

	test("bad options are TypeErrors", () => {
		expect(() => createApiFetch({ baseURL: "", getToken: async () => ({ token: "" }) })).toThrow(
			TypeError,
		);
		expect(() => createApiFetch({ baseURL: BASE, authClient: {} as never })).toThrow(
			/apiTokenClient/,
		);
	});

	describe("cross-origin without Access-Control-Expose-Headers (no readable challenge)", () => {
		test("a 401 whose body code is invalid_token is still retried once", async () => {
			const { api, server, apiFetch } = setup();
			api.hideChallenge = true;
			await apiFetch("/api/me");
			api.revoked.add(server.issued[0] as string);
			expect((await apiFetch("/api/me")).status).toBe(200);
			expect(server.calls).toBe(2);
		});

		test("403 ROLE_MISSING is still a typed ApiAuthError with error insufficient_scope", async () => {
			const { api, apiFetch } = setup();
			api.hideChallenge = true;
			await expect(apiFetch("/api/admin")).rejects.toMatchObject({
				name: "ApiAuthError",
				status: 403,
				code: "ROLE_MISSING",
				error: "insufficient_scope",
				challenge: null,
			});
		});

		test("an application 403 without a contract code is returned as is", async () => {
			const { api, apiFetch } = setup();
			api.hideChallenge = true;
			expect((await apiFetch("/api/forbidden-by-app")).status).toBe(403);
		});
	});
});

describe("the token goes only to baseURL's origin, whatever the path looks like", () => {
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	function recorder(baseURL: string) {
		vi.stubGlobal("location", new URL("https://app.example.test/page"));
		const sent: string[] = [];
		const apiFetch = createApiFetch({
			baseURL,
			getToken: new FakeTokenServer({ clock: new TestClock() }).fetchToken,
			fetch: async (input) => {
				// Resolved as a browser resolves a relative URL against the page.
				sent.push(new URL(String(input), "https://app.example.test/page").href);
				return new Response("ok");
			},
		});
		return { sent, apiFetch };
	}

	test.each([
		["/", "/\\evil.example/x"],
		["/", "\\\\evil.example/x"],
		["/", "/\t/evil.example/x"],
		["/", "/\n/evil.example/x"],
		["https://api.example.test", "https:\\\\evil.example/x"],
	])("baseURL %j with input %j is refused before anything is sent", async (baseURL, input) => {
		const { sent, apiFetch } = recorder(baseURL);
		await expect(apiFetch(input)).rejects.toThrow(TypeError);
		expect(sent).toEqual([]);
	});

	test.each([
		["/", "/api/me", "https://app.example.test/api/me"],
		["/backend", "api/me", "https://app.example.test/backend/api/me"],
		["https://api.example.test/v1", "/api/me", "https://api.example.test/v1/api/me"],
	])("baseURL %j with input %j goes to %s", async (baseURL, input, url) => {
		const { sent, apiFetch } = recorder(baseURL);
		await apiFetch(input);
		expect(sent).toEqual([url]);
	});
});
