// Tabs sharing one token through BroadcastChannel (Node has it too: instances with the same name
// in one process talk to each other, as tabs of one origin do). Sharing is only on where a
// `window` exists, so these tests give Node one.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { TokenManager } from "../../src/client/token-manager.js";
import { FakeTokenServer, TestClock } from "./helpers.js";

const settle = () => new Promise((r) => setTimeout(r, 30));
const open: TokenManager[] = [];
beforeEach(() => {
	vi.stubGlobal("window", globalThis);
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

	test("a token of another user from another tab replaces this tab's token at once", async () => {
		const { server, managers } = tabs(2, "t-user");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		expect((await b.get()).userId).toBe("user-a");
		server.userId = "user-b"; // signed in as B in tab a
		await a.get({ forceRefresh: true });
		await settle();
		expect((await b.get()).userId).toBe("user-b");
		expect(server.calls).toBe(2);
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

	test("off in a server runtime (no window): a server must never share tokens between users", async () => {
		vi.unstubAllGlobals();
		const { server, managers } = tabs(2, "t-server");
		const [a, b] = managers as [TokenManager, TokenManager];
		await a.get();
		await settle();
		await b.get();
		expect(server.calls).toBe(2);
	});
});
