// The client plugin against a real Better Auth (SQLite) with the server plugin, in-process: the
// client's fetch goes straight to auth.handler, through a cookie jar.
import { createAuthClient } from "better-auth/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiAuthError, apiTokenClient } from "../../src/client/index.js";
import { readClaims } from "../../src/client/token-response.js";
import { cookieJarFetch, createAuth, PASSWORD } from "./real-servers.js";

const BASE = "http://localhost:3000";
let t: Awaited<ReturnType<typeof createAuth>>;
beforeAll(async () => {
	t = await createAuth(BASE);
});
afterAll(() => t.close());

function newClient() {
	const counter = { tokenRequests: 0 };
	const handler = async (input: string | URL | Request, init?: RequestInit) => {
		const request = new Request(input, init);
		if (new URL(request.url).pathname.endsWith("/api-token")) counter.tokenRequests++;
		return t.auth.handler(request);
	};
	const jar = cookieJarFetch(BASE, handler as typeof fetch);
	const authClient = createAuthClient({
		baseURL: BASE,
		plugins: [apiTokenClient()],
		fetchOptions: { customFetchImpl: jar.fetch },
	});
	return { authClient, counter, jar };
}

async function signUp(authClient: ReturnType<typeof newClient>["authClient"], email: string) {
	const result = await authClient.signUp.email({ email, password: PASSWORD, name: email });
	if (result.error) throw new Error(`sign-up failed: ${JSON.stringify(result.error)}`);
	return result.data.user.id;
}

describe("apiTokenClient()", () => {
	test("authClient.apiToken.get() returns the signed-in user's token, cached", async () => {
		const { authClient, counter } = newClient();
		const userId = await signUp(authClient, "get@example.com");
		const first = await authClient.apiToken.get();
		expect(first.userId).toBe(userId);
		expect(readClaims(first.token)?.sub).toBe(userId);
		expect(first.expiresAt).toBeInstanceOf(Date);
		expect(first.expiresAt.getTime()).toBe((readClaims(first.token)?.exp ?? 0) * 1000);
		const second = await authClient.apiToken.get();
		expect(second.token).toBe(first.token);
		expect(counter.tokenRequests).toBe(1);
		const forced = await authClient.apiToken.get({ forceRefresh: true });
		expect(forced.token).not.toBe(first.token);
		expect(counter.tokenRequests).toBe(2);
	});

	test("100 concurrent get() calls make one token request", async () => {
		const { authClient, counter } = newClient();
		await signUp(authClient, "concurrent@example.com");
		const tokens = await Promise.all(Array.from({ length: 100 }, () => authClient.apiToken.get()));
		expect(new Set(tokens.map((x) => x.token)).size).toBe(1);
		expect(counter.tokenRequests).toBe(1);
	});

	test("the inferred endpoint is callable too: authClient.apiToken() hits GET /api-token", async () => {
		const { authClient } = newClient();
		await signUp(authClient, "raw@example.com");
		const { data, error } = await authClient.apiToken();
		expect(error).toBeNull();
		expect(data?.tokenType).toBe("Bearer");
		expect(typeof data?.token).toBe("string");
	});

	test("without a session, get() rejects with ApiAuthError 401 SESSION_MISSING", async () => {
		const { authClient } = newClient();
		const error = await authClient.apiToken.get().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({ status: 401, code: "SESSION_MISSING" });
	});

	test("sign-out drops the token at once: the next get() finds no session", async () => {
		const { authClient } = newClient();
		await signUp(authClient, "signout@example.com");
		await authClient.apiToken.get();
		await authClient.signOut();
		await expect(authClient.apiToken.get()).rejects.toMatchObject({ code: "SESSION_MISSING" });
	});

	test("user switch: after signing in as B, no token of A is ever returned", async () => {
		const { authClient } = newClient();
		const a = await signUp(authClient, "switch-a@example.com");
		await authClient.signOut();
		const b = await signUp(authClient, "switch-b@example.com");
		await authClient.signOut();
		await authClient.signIn.email({ email: "switch-a@example.com", password: PASSWORD });
		expect((await authClient.apiToken.get()).userId).toBe(a);
		// Straight from A to B, without signing out in between.
		await authClient.signIn.email({ email: "switch-b@example.com", password: PASSWORD });
		expect((await authClient.apiToken.get()).userId).toBe(b);
	});

	test("a token request in flight during a sign-in is discarded", async () => {
		const { authClient } = newClient();
		const a = await signUp(authClient, "race-a@example.com");
		await authClient.signOut();
		const b = await signUp(authClient, "race-b@example.com");
		await authClient.signOut();
		await authClient.signIn.email({ email: "race-a@example.com", password: PASSWORD });
		const pending = authClient.apiToken.get({ forceRefresh: true });
		const signIn = authClient.signIn.email({ email: "race-b@example.com", password: PASSWORD });
		const [token] = await Promise.all([pending, signIn]);
		// Either A's token before the switch finished, or B's: but the cache now holds B's.
		expect([a, b]).toContain(token.userId);
		expect((await authClient.apiToken.get()).userId).toBe(b);
	});

	test("apiToken.clear() drops the token", async () => {
		const { authClient, counter } = newClient();
		await signUp(authClient, "clear@example.com");
		await authClient.apiToken.get();
		authClient.apiToken.clear();
		await authClient.apiToken.get();
		expect(counter.tokenRequests).toBe(2);
	});

	test("a $sessionSignal from another plugin's session change drops the token", async () => {
		const { authClient, counter } = newClient();
		await signUp(authClient, "signal@example.com");
		await new Promise((r) => setTimeout(r, 300));
		await authClient.apiToken.get();
		authClient.$store.notify("$sessionSignal");
		await authClient.apiToken.get();
		expect(counter.tokenRequests).toBe(2);
	});

	test("watchSession: a sign-in as B in another tab (same cookies) drops A's token here", async () => {
		const other = newClient();
		const b = await signUp(other.authClient, "tab-b@example.com");
		const handler = (input: string | URL | Request, init?: RequestInit) =>
			t.auth.handler(new Request(input, init));
		const jar = cookieJarFetch(BASE, handler as typeof fetch);
		const tab = (watchSession: boolean) =>
			createAuthClient({
				baseURL: BASE,
				plugins: [apiTokenClient({ watchSession })],
				fetchOptions: { customFetchImpl: jar.fetch },
			});
		const tab1 = tab(true);
		const tab2 = tab(false);
		const a = await signUp(tab1, "tab-a@example.com");
		const refetch = () => tab1.$store.atoms.session?.get().refetch();
		await refetch();
		expect((await tab1.apiToken.get()).userId).toBe(a);
		await tab2.signIn.email({ email: "tab-b@example.com", password: PASSWORD });
		await refetch(); // what a focus or broadcast event does in a browser
		expect((await tab1.apiToken.get()).userId).toBe(b);
	});
	test("a banned user: get() rejects with ApiAuthError 403 USER_BANNED, asked once", async () => {
		const { authClient, counter } = newClient();
		const userId = await signUp(authClient, "banned-client@example.com");
		t.db.prepare("UPDATE user SET banned = 1 WHERE id = ?").run(userId);
		const error = await authClient.apiToken.get().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({ status: 403, code: "USER_BANNED", error: null });
		expect(counter.tokenRequests).toBe(1);
	});
});
