// End to end over real sockets: Better Auth with the apiToken plugin (SQLite) served by node:http
// on a loopback port, the FastAPI example API (examples/api) as a uvicorn child process, and the
// real client: createAuthClient + apiTokenClient() + createApiFetch. Both servers are started
// here and stopped in afterAll.
import { createAuthClient } from "better-auth/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiAuthError, apiTokenClient, createApiFetch } from "../../src/client/index.js";
import { cookieJarFetch, PASSWORD, startAuthServer, startExampleApi } from "./real-servers.js";

let authServer: Awaited<ReturnType<typeof startAuthServer>>;
let api: Awaited<ReturnType<typeof startExampleApi>>;

beforeAll(async () => {
	authServer = await startAuthServer();
	api = await startExampleApi(authServer.url);
}, 60_000);

afterAll(async () => {
	await api?.stop();
	await authServer?.close();
});

function browser() {
	const { fetch: jarFetch } = cookieJarFetch(authServer.url);
	let tokenRequests = 0;
	const counting: typeof fetch = (input, init) => {
		if (String(input instanceof Request ? input.url : input).endsWith("/api-token"))
			tokenRequests++;
		return jarFetch(input, init);
	};
	const authClient = createAuthClient({
		baseURL: authServer.url,
		plugins: [apiTokenClient()],
		fetchOptions: { customFetchImpl: counting },
	});
	const apiFetch = createApiFetch({ baseURL: api.url, authClient });
	return { authClient, apiFetch, tokenRequests: () => tokenRequests };
}

describe("client against the real Better Auth and the real FastAPI example API", () => {
	test("sign up, then apiFetch('/api/me') returns the user", async () => {
		const { authClient, apiFetch } = browser();
		const { data, error } = await authClient.signUp.email({
			email: "ada@example.com",
			password: PASSWORD,
			name: "Ada Lovelace",
		});
		expect(error).toBeNull();
		const response = await apiFetch("/api/me");
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			id: data?.user.id,
			email: "ada@example.com",
			email_verified: false,
			name: "Ada Lovelace",
			roles: ["user"],
		});
	});

	test("/api/admin for a non-admin is a typed 403 ApiAuthError ROLE_MISSING, not retried", async () => {
		const { authClient, apiFetch, tokenRequests } = browser();
		await authClient.signUp.email({ email: "bob@example.com", password: PASSWORD, name: "Bob" });
		const error = await apiFetch("/api/admin").catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({
			status: 403,
			code: "ROLE_MISSING",
			error: "insufficient_scope",
		});
		expect((error as ApiAuthError).challenge?.realm).toBe("api");
		expect(tokenRequests()).toBe(1);
	});

	test("an admin gets through /api/admin once a new token carries the role", async () => {
		const { authClient, apiFetch } = browser();
		const { data } = await authClient.signUp.email({
			email: "root@example.com",
			password: PASSWORD,
			name: "Root",
		});
		await expect(apiFetch("/api/admin")).rejects.toMatchObject({ status: 403 });
		authServer.setRole(data?.user.id as string, "admin");
		await authClient.apiToken.get({ forceRefresh: true });
		const response = await apiFetch("/api/admin");
		expect(response.status).toBe(200);
	});

	test("one token serves many concurrent calls, and POST bodies reach the API", async () => {
		const { authClient, apiFetch, tokenRequests } = browser();
		await authClient.signUp.email({ email: "many@example.com", password: PASSWORD, name: "M" });
		const responses = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				apiFetch("/api/todos", {
					method: "POST",
					headers: { "content-type": "application/json" },
					body: JSON.stringify({ title: `todo ${i}` }),
				}),
			),
		);
		expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
		const list = (await (await apiFetch("/api/todos")).json()) as unknown[];
		expect(list).toHaveLength(20);
		expect(tokenRequests()).toBe(1);
	});

	test("a token the API rejects (401 invalid_token) is replaced once and the call succeeds", async () => {
		const { authClient } = browser();
		await authClient.signUp.email({ email: "retry@example.com", password: PASSWORD, name: "R" });
		let calls = 0;
		const apiFetch = createApiFetch({
			baseURL: api.url,
			getToken: async (signal) => {
				calls++;
				const fresh = await authClient.apiToken.get({ forceRefresh: true, signal });
				// First answer: a token with a broken signature, as a rotated secret would give.
				const token = calls === 1 ? `${fresh.token.slice(0, -4)}AAAA` : fresh.token;
				return { token, expiresAt: fresh.expiresAt };
			},
		});
		const response = await apiFetch("/api/me");
		expect(response.status).toBe(200);
		expect(calls).toBe(2);
	});

	test("after sign-out the API is not called with the old token (401 SESSION_MISSING); sign-in again works", async () => {
		const { authClient, apiFetch } = browser();
		await authClient.signUp.email({ email: "gone@example.com", password: PASSWORD, name: "G" });
		expect((await apiFetch("/api/me")).status).toBe(200);
		await authClient.signOut();
		await expect(apiFetch("/api/me")).rejects.toMatchObject({
			status: 401,
			code: "SESSION_MISSING",
		});
		const { error } = await authClient.signIn.email({
			email: "gone@example.com",
			password: PASSWORD,
		});
		expect(error).toBeNull();
		expect(await (await apiFetch("/api/me")).json()).toMatchObject({ email: "gone@example.com" });
	});

	test("user switch: after signing in as someone else, /api/me is the new user", async () => {
		const { authClient, apiFetch } = browser();
		await authClient.signUp.email({ email: "first@example.com", password: PASSWORD, name: "F" });
		expect(await (await apiFetch("/api/me")).json()).toMatchObject({ email: "first@example.com" });
		await authClient.signUp.email({ email: "second@example.com", password: PASSWORD, name: "S" });
		expect(await (await apiFetch("/api/me")).json()).toMatchObject({
			email: "second@example.com",
		});
	});

	test("a request without a token reaches the real API as 401 TOKEN_MISSING (the contract's answer)", async () => {
		const response = await fetch(`${api.url}/api/me`);
		expect(response.status).toBe(401);
		expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
		const error = await ApiAuthError.fromResponse(response);
		expect(error).toMatchObject({ code: "TOKEN_MISSING", error: null });
	});
});
