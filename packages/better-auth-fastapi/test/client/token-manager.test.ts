import { describe, expect, test } from "vitest";
import { ApiAuthError, ApiTokenError } from "../../src/client/errors.js";
import { TokenManager } from "../../src/client/token-manager.js";
import { measureToken, parseExpiresAt, readClaims } from "../../src/client/token-response.js";
import { FakeTokenServer, fakeToken, TestClock } from "./helpers.js";

function setup(skewMs = 0, lifetimeSeconds = 900) {
	const clock = new TestClock(skewMs);
	const server = new FakeTokenServer({ clock, lifetimeSeconds });
	const manager = new TokenManager({ fetchToken: server.fetchToken, clock });
	return { clock, server, manager };
}

describe("TokenManager", () => {
	test("100 concurrent calls cause exactly one token request", async () => {
		const { server, manager } = setup();
		server.hold();
		const calls = Array.from({ length: 100 }, () => manager.get());
		await Promise.resolve();
		server.release();
		const tokens = await Promise.all(calls);
		expect(server.calls).toBe(1);
		expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
		expect(tokens[0]?.userId).toBe("user-a");
	});

	test("the cached token is reused until the refresh margin", async () => {
		const { clock, server, manager } = setup();
		const first = await manager.get();
		clock.advance(839_000); // 900 s token, margin min(60, 180) = 60 s
		expect((await manager.get()).token).toBe(first.token);
		expect(server.calls).toBe(1);
	});

	test("refreshes before expiry: in the margin in the background, past half of it in the foreground", async () => {
		const { clock, server, manager } = setup();
		const first = await manager.get();
		clock.advance(845_000); // 55 s left: due, still good -> same token, refresh behind
		expect((await manager.get()).token).toBe(first.token);
		await new Promise((r) => setTimeout(r, 0));
		expect(server.calls).toBe(2);
		const second = await manager.get();
		expect(second.token).not.toBe(first.token);
		clock.advance(900_000 - 25_000); // 25 s left of the second: less than half the margin
		const third = await manager.get();
		expect(third.token).not.toBe(second.token);
		expect(server.calls).toBe(3);
	});

	test("a failing background refresh is not retried on every call while the token is still good", async () => {
		const { clock, server, manager } = setup();
		const first = await manager.get();
		clock.advance(845_000); // 55 s left: inside the margin, more than half of it left
		server.mode = "fail";
		for (let i = 0; i < 20; i++) {
			expect((await manager.get()).token).toBe(first.token);
			await new Promise((r) => setTimeout(r, 0));
			clock.advance(200);
		}
		expect(server.calls).toBeLessThanOrEqual(2); // the first one, and at most one retry
		server.mode = "ok";
		clock.advance(10_000);
		await manager.get();
		await new Promise((r) => setTimeout(r, 0));
		expect((await manager.get()).token).not.toBe(first.token);
	});

	test("the margin is a fifth of a short lifetime", async () => {
		const { clock, server, manager } = setup(0, 30);
		await manager.get();
		clock.advance(23_000); // 7 s left > 6 s margin
		await manager.get();
		expect(server.calls).toBe(1);
		clock.advance(4_000); // 3 s left <= 3 s (half the margin): foreground refresh
		await manager.get();
		expect(server.calls).toBe(2);
	});

	test("refreshMarginSeconds overrides the default", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const manager = new TokenManager({
			fetchToken: server.fetchToken,
			clock,
			refreshMarginSeconds: 300,
		});
		await manager.get();
		clock.advance(700_000); // 200 s left < 300 s margin but > 150: background refresh
		await manager.get();
		await new Promise((r) => setTimeout(r, 0));
		expect(server.calls).toBe(2);
	});

	test("a margin longer than the token lives is capped at half the lifetime", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock, lifetimeSeconds: 30 });
		const manager = new TokenManager({
			fetchToken: server.fetchToken,
			clock,
			refreshMarginSeconds: 300,
		});
		for (let i = 0; i < 10; i++) {
			await manager.get();
			clock.advance(1_000);
		}
		expect(server.calls).toBe(1);
	});

	test.each([
		["ten minutes fast", 600_000],
		["ten minutes slow", -600_000],
	])(
		"a client clock %s neither sends expired tokens nor refreshes every call",
		async (_name, skew) => {
			const { clock, server, manager } = setup(skew);
			const seen = new Set<string>();
			// One call every 10 s for an hour; check each token against the server's clock.
			for (let i = 0; i < 360; i++) {
				const { token } = await manager.get();
				seen.add(token);
				const claims = readClaims(token);
				expect(clock.serverNow()).toBeLessThan((claims?.exp ?? 0) * 1000);
				clock.advance(10_000);
			}
			await new Promise((r) => setTimeout(r, 0));
			// 3600 s of 900 s tokens refreshed 60 s early: 5 tokens (not 360, not stale ones).
			expect(server.calls).toBeLessThanOrEqual(5);
			expect(seen.size).toBe(server.calls);
		},
	);

	test("a laptop that slept (monotonic clock stopped) still refreshes", async () => {
		const clock = new TestClock();
		let frozenMono: number | null = null;
		const sleepy = {
			now: () => frozenMono ?? clock.now(),
			wallNow: () => clock.wallNow(),
		};
		const server = new FakeTokenServer({ clock });
		const manager = new TokenManager({ fetchToken: server.fetchToken, clock: sleepy });
		const first = await manager.get();
		frozenMono = clock.now();
		clock.advance(3_600_000);
		expect((await manager.get()).token).not.toBe(first.token);
	});

	test("a token endpoint that fails gives TOKEN_REQUEST_FAILED, and the next call tries again", async () => {
		const { server, manager } = setup();
		server.mode = "fail";
		const error = await manager.get().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiTokenError);
		expect((error as ApiTokenError).code).toBe("TOKEN_REQUEST_FAILED");
		expect((error as ApiTokenError).cause).toBeInstanceOf(TypeError);
		server.mode = "ok";
		await expect(manager.get()).resolves.toMatchObject({ userId: "user-a" });
	});

	test("a token endpoint that hangs gives TOKEN_REQUEST_TIMEOUT to every waiter and aborts the request", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		server.mode = "hang";
		const manager = new TokenManager({
			fetchToken: server.fetchToken,
			clock,
			timeoutSeconds: 0.05,
		});
		const results = await Promise.allSettled([manager.get(), manager.get(), manager.get()]);
		for (const r of results) {
			expect(r.status).toBe("rejected");
			const reason = (r as PromiseRejectedResult).reason as ApiTokenError;
			expect(reason).toBeInstanceOf(ApiTokenError);
			expect(reason.code).toBe("TOKEN_REQUEST_TIMEOUT");
		}
		expect(server.calls).toBe(1);
		expect(server.signals[0]?.aborted).toBe(true);
		server.mode = "ok";
		await expect(manager.get()).resolves.toMatchObject({ userId: "user-a" });
	});

	test("a 429 from the token endpoint is not hammered: calls fail at once until Retry-After has passed", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		let limited = true;
		const manager = new TokenManager({
			clock,
			fetchToken: async (signal) => {
				if (!limited) return server.fetchToken(signal);
				server.calls++;
				throw new ApiTokenError("TOKEN_REQUEST_FAILED", "The token endpoint answered 429.", {
					status: 429,
					retryAfterSeconds: 30,
				});
			},
		});
		await expect(manager.get()).rejects.toMatchObject({ status: 429 });
		for (let i = 0; i < 10; i++) {
			clock.advance(2_000);
			await expect(manager.get()).rejects.toMatchObject({
				code: "TOKEN_REQUEST_FAILED",
				status: 429,
			});
		}
		expect(server.calls).toBe(1);
		limited = false;
		clock.advance(10_001);
		await expect(manager.get()).resolves.toMatchObject({ userId: "user-a" });
		expect(server.calls).toBe(2);
	});

	test("no session at the token endpoint is an ApiAuthError 401 SESSION_MISSING", async () => {
		const { server, manager } = setup();
		server.mode = "signedOut";
		await expect(manager.get()).rejects.toMatchObject({
			name: "ApiAuthError",
			status: 401,
			code: "SESSION_MISSING",
		});
		await expect(manager.get()).rejects.toBeInstanceOf(ApiAuthError);
	});

	test("an unusable answer is TOKEN_RESPONSE_INVALID", async () => {
		const clock = new TestClock();
		for (const answer of [
			{ token: "not-a-jwt", expiresAt: new Date().toISOString() },
			{ token: fakeToken({ sub: "a" }) },
			{ token: fakeToken({ sub: "a", iat: 100, exp: 200 }), tokenType: "DPoP" },
		]) {
			const manager = new TokenManager({ fetchToken: async () => answer, clock });
			await expect(manager.get()).rejects.toMatchObject({ code: "TOKEN_RESPONSE_INVALID" });
		}
	});

	test("an aborted caller stops waiting; the shared refresh still serves the others", async () => {
		const { server, manager } = setup();
		server.hold();
		const controller = new AbortController();
		const aborted = manager.get({ signal: controller.signal });
		const other = manager.get();
		controller.abort();
		await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
		server.release();
		await expect(other).resolves.toMatchObject({ userId: "user-a" });
		expect(server.calls).toBe(1);
		await expect(manager.get({ signal: AbortSignal.abort() })).rejects.toMatchObject({
			name: "AbortError",
		});
	});

	test("clear() during a refresh discards its token: callers get a token fetched after the clear", async () => {
		const { server, manager } = setup();
		server.hold();
		const waiting = manager.get(); // user A's cookie was read here
		await Promise.resolve();
		server.userId = "user-b"; // sign-out A, sign-in B
		manager.clear();
		server.release();
		const token = await waiting;
		expect(token.userId).toBe("user-b");
		expect(server.calls).toBe(2);
		expect((await manager.get()).userId).toBe("user-b");
	});

	test("clear() during a refresh that then fails: callers get a token fetched after the clear, not the discarded error", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		let release = () => {};
		let calls = 0;
		const manager = new TokenManager({
			clock,
			fetchToken: async (signal) => {
				if (++calls > 1) return server.fetchToken(signal);
				// The request made before the sign-in: no session yet.
				await new Promise<void>((r) => {
					release = r;
				});
				throw new ApiAuthError({ status: 401, code: "SESSION_MISSING" });
			},
		});
		const waiting = manager.get();
		await Promise.resolve();
		manager.clear(); // signed in meanwhile
		release();
		await expect(waiting).resolves.toMatchObject({ userId: "user-a" });
		expect(calls).toBe(2);
	});

	test("clear() during a hanging refresh: callers move on at once, not after the timeout", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		server.mode = "hang";
		const manager = new TokenManager({ fetchToken: server.fetchToken, clock, timeoutSeconds: 60 });
		const waiting = manager.get();
		await Promise.resolve();
		server.mode = "ok";
		manager.clear();
		const settled = await Promise.race([
			waiting,
			new Promise((r) => setTimeout(() => r("still waiting"), 200)),
		]);
		expect(settled).toMatchObject({ userId: "user-a" });
		expect(server.calls).toBe(2);
	});

	test("clear() forgets the token; forceRefresh fetches a new one; invalidate only drops a matching token", async () => {
		const { server, manager } = setup();
		const a = await manager.get();
		manager.invalidate("some-other-token");
		expect((await manager.get()).token).toBe(a.token);
		const b = await manager.get({ forceRefresh: true });
		expect(b.token).not.toBe(a.token);
		manager.invalidate(b.token);
		const c = await manager.get();
		expect(c.token).not.toBe(b.token);
		manager.clear();
		await manager.get();
		expect(server.calls).toBe(4);
	});

	test("bad options are TypeErrors", () => {
		const fetchToken = async () => ({ token: "x" });
		expect(() => new TokenManager({ fetchToken, timeoutSeconds: 0 })).toThrow(TypeError);
		expect(() => new TokenManager({ fetchToken, refreshMarginSeconds: -1 })).toThrow(TypeError);
		expect(() => new TokenManager({} as never)).toThrow(TypeError);
	});
});

describe("token response", () => {
	test("expiresAt is read from ISO strings, epoch ms, epoch seconds and Dates", () => {
		const ms = Date.UTC(2026, 0, 1);
		expect(parseExpiresAt(new Date(ms).toISOString())).toBe(ms);
		expect(parseExpiresAt(ms)).toBe(ms);
		expect(parseExpiresAt(ms / 1000)).toBe(ms);
		expect(parseExpiresAt(String(ms))).toBe(ms);
		expect(parseExpiresAt(new Date(ms))).toBe(ms);
		expect(parseExpiresAt("soon")).toBeNull();
		expect(parseExpiresAt(undefined)).toBeNull();
	});

	test("the lifetime is measured on the server's clock: iat, then the Date header, then the local clock", () => {
		const iat = 1_000_000;
		const exp = iat + 900;
		const withIat = measureToken({ token: fakeToken({ sub: "u", iat, exp }) }, 0);
		expect(withIat).toMatchObject({ lifetimeMs: 900_000, userId: "u" });
		const noIat = fakeToken({ sub: "u" });
		const date = new Date((exp - 600) * 1000).toUTCString();
		const expiresAt = new Date(exp * 1000).toISOString();
		expect(measureToken({ token: noIat, expiresAt, date }, 0)).toMatchObject({
			lifetimeMs: 600_000,
		});
		expect(measureToken({ token: noIat, expiresAt }, (exp - 100) * 1000)).toMatchObject({
			lifetimeMs: 100_000,
		});
	});
});
