// Tabs sharing one token through BroadcastChannel (Node has it too: instances with the same name
// in one process talk to each other, as tabs of one origin do). Sharing is only on where a
// `document` exists (or in a worker), so these tests give Node one.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { TokenManager } from "../../src/client/token-manager.js";
import { FakeTokenServer, fakeToken, TestClock } from "./helpers.js";

const settle = () => new Promise((r) => setTimeout(r, 30));
const open: TokenManager[] = [];
beforeEach(() => {
	vi.stubGlobal("window", globalThis);
	vi.stubGlobal("document", {});
});
afterEach(() => {
	for (const m of open.splice(0)) m.close();
	vi.unstubAllGlobals();
});

function tabs(count: number, channel: string) {
	const clock = new TestClock();
	const server = new FakeTokenServer({ clock });
	const managers = Array.from({ length: count }, () => {
		const m = new TokenManager({ fetchToken: server.fetchToken, clock, broadcastChannel: channel });
		open.push(m);
		return m;
	});
	return { clock, server, managers };
}

describe("broadcastChannel", () => {
	test("a token fetched in one tab is used by the others: five tabs, one request", async () => {
		const { server, managers } = tabs(5, "t-share");
		const [first, ...others] = managers as [TokenManager, ...TokenManager[]];
		const token = await first.get();
		await settle();
		for (const m of others) expect((await m.get()).token).toBe(token.token);
		expect(server.calls).toBe(1);
	});

	test("the shared token keeps its remaining lifetime: the receiving tab refreshes on time", async () => {
		const { clock, server, managers } = tabs(2, "t-lifetime");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		clock.advance(880_000); // 20 s left: both tabs must consider it due
		const fresh = await b.get();
		expect(fresh.token).not.toBe(server.issued[0]);
		expect(server.calls).toBe(2);
	});

	test("clear() in one tab (sign-out) drops the token in every tab", async () => {
		const { server, managers } = tabs(3, "t-clear");
		const [a, b, c] = managers as [TokenManager, TokenManager, TokenManager];
		await a.get();
		await settle();
		c.clear();
		await settle();
		server.mode = "signedOut";
		await expect(a.get()).rejects.toMatchObject({ code: "SESSION_MISSING" });
		await expect(b.get()).rejects.toMatchObject({ code: "SESSION_MISSING" });
	});

	test("sign-out race: a token whose request began before this tab's sign-out is not taken in", async () => {
		const { server, managers } = tabs(2, "t-signout-race");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		server.hold();
		const inFlight = a.get({ forceRefresh: true }); // tab a asks with A's cookie
		await Promise.resolve();
		b.clear(); // the user signs out in tab b ...
		server.release(); // ... while tab a's answer, A's token, is on its way to tab b
		await inFlight;
		await settle();
		server.mode = "signedOut";
		await expect(b.get()).rejects.toMatchObject({ code: "SESSION_MISSING" });
		await expect(a.get()).rejects.toMatchObject({ code: "SESSION_MISSING" });
	});

	test("user-switch race: a late token of user A never replaces user B's token", async () => {
		const { clock, server, managers } = tabs(1, "t-switch-race");
		const [b] = managers as [TokenManager];
		const peer = new BroadcastChannel("t-switch-race");
		const requestedAt = clock.wallNow();
		const lateA = server.mint(); // tab a's request, made while A was signed in
		clock.advance(1_000);
		server.userId = "user-b"; // tab b signs in as B
		b.clear();
		expect((await b.get()).userId).toBe("user-b");
		peer.postMessage({
			type: "token",
			token: lateA.token,
			expiresAtMs: Date.parse(String(lateA.expiresAt)),
			userId: "user-a",
			remainingMs: 899_000,
			sentAt: clock.wallNow(),
			requestedAt,
		});
		await settle();
		peer.close();
		expect((await b.get()).userId).toBe("user-b");
	});

	test("another user's token from another tab drops this tab's token but is not taken in", async () => {
		const { server, managers } = tabs(2, "t-other-user");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		expect((await b.get()).userId).toBe("user-a");
		server.userId = "user-b"; // signed in as B in tab a; the cookies are shared
		const tokenB = await a.get({ forceRefresh: true });
		await settle();
		const mine = await b.get();
		expect(mine.userId).toBe("user-b");
		expect(mine.token).not.toBe(tokenB.token); // fetched by tab b itself
		expect(server.calls).toBe(3);
	});

	/** Posts a token message as another tab would, with `patch` applied; returns the token. */
	async function postFromPeer(channel: string, clock: TestClock, patch: object = {}) {
		const peer = new BroadcastChannel(channel);
		const iat = Math.floor(clock.serverNow() / 1000);
		const token = fakeToken({ sub: "user-a", iat, exp: iat + 900 });
		const message: Record<string, unknown> = {
			type: "token",
			token,
			expiresAtMs: (iat + 900) * 1000,
			userId: "user-a",
			remainingMs: 899_000,
			sentAt: clock.wallNow(),
			requestedAt: clock.wallNow() - 1_000,
			...patch,
		};
		if (typeof message.token === "string") message.token = message.token.replace("TOKEN", token);
		peer.postMessage(message);
		await settle();
		peer.close();
		return message.token;
	}

	test.each([
		["a token with a line break", { token: "TOKEN\r\nx-evil: 1" }],
		["a token that is not a JWS", { token: "opaque" }],
		["a userId that is not the token's sub", { userId: "user-z" }],
		["remainingMs Infinity", { remainingMs: Number.POSITIVE_INFINITY }],
		["remainingMs NaN", { remainingMs: Number.NaN }],
		["remainingMs negative", { remainingMs: -1 }],
		["expiresAtMs NaN", { expiresAtMs: Number.NaN }],
		["sentAt missing", { sentAt: undefined }],
		["requestedAt a string", { requestedAt: "now" }],
	])("a message with %s is ignored", async (_name, patch) => {
		const { clock, server, managers } = tabs(1, "t-validate");
		const [b] = managers as [TokenManager];
		const posted = await postFromPeer("t-validate", clock, patch);
		expect((await b.get()).token).not.toBe(posted);
		expect(server.calls).toBe(1);
	});

	test("a well-formed message is taken in (the control for the test above)", async () => {
		const { clock, server, managers } = tabs(1, "t-valid");
		const [b] = managers as [TokenManager];
		const posted = await postFromPeer("t-valid", clock);
		expect((await b.get()).token).toBe(posted);
		expect(server.calls).toBe(0);
	});

	test("different channel names do not share", async () => {
		const clock = new TestClock();
		const server = new FakeTokenServer({ clock });
		const a = new TokenManager({ fetchToken: server.fetchToken, clock, broadcastChannel: "t-x" });
		const b = new TokenManager({ fetchToken: server.fetchToken, clock, broadcastChannel: "t-y" });
		open.push(a, b);
		await a.get();
		await settle();
		await b.get();
		expect(server.calls).toBe(2);
	});

	test.each([
		["a server runtime (no window)", () => {}],
		[
			"a window without a document (Deno 1 servers; Deno Deploy's channel spans isolates)",
			() => vi.stubGlobal("window", globalThis),
		],
	])("off in %s: a server must never share tokens between users", async (_name, stub) => {
		vi.unstubAllGlobals();
		stub();
		const { server, managers } = tabs(2, "t-server");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		await b.get();
		expect(server.calls).toBe(2);
	});
});
