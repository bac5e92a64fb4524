// Token lifetime in a real browser, on SQLite with the shortest lifetime the contract allows
// (30 s): two tabs used across three expiries share one token and refresh it about once per
// lifetime, with no 401 and no error on screen; a tampered token is answered 401 by the API and
// the page recovers with one fresh token.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "./browser.js";
import {
	addTodo,
	alerts,
	eventually,
	recordNetwork,
	screenshot,
	signUp,
	sleep,
	todoTitles,
} from "./helpers.js";
import { type Stack, startStack } from "./stack.js";

const LIFETIME = 30;
const EXPIRIES = 3;

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
	stack = await startStack({ lifetimeSeconds: LIFETIME });
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

test(`two tabs used across ${EXPIRIES} expiries of a ${LIFETIME} s token share it: about one token request per lifetime, no 401`, async () => {
	const context: BrowserContext = await browser.newContext({
		viewport: { width: 1100, height: 760 },
	});
	const network = recordNetwork(context, stack.web, stack.api);
	const first = await context.newPage();
	await signUp(first, stack.web, "Katherine Johnson", "katherine@example.com");
	await first.getByText("Nothing to do yet").waitFor();
	const second = await context.newPage();
	await second.goto(`${stack.web}/dashboard`);
	await second.getByText("Nothing to do yet").waitFor();
	const tabs: Page[] = [first, second];

	// Each tab fetched a token when it opened (a new tab has none to share yet); from now on the
	// two tabs share every refresh through BroadcastChannel.
	expect(network.tokenRequests().length).toBe(2);
	const start = Date.now();
	let step = 0;
	while (Date.now() - start < (EXPIRIES * LIFETIME + 5) * 1000) {
		const tab = tabs[step % 2] as Page;
		await addTodo(tab, `step ${step}`);
		expect(await alerts(tab)).toEqual([]);
		step++;
		await sleep(4_000);
	}
	for (const tab of tabs) {
		await tab.getByRole("button", { name: "Reload list" }).click();
		await tab.getByRole("checkbox", { name: `step ${step - 1}` }).waitFor();
		expect(await alerts(tab)).toEqual([]);
	}
	const elapsed = (Date.now() - start) / 1000;
	await screenshot(first, "refresh", "dashboard-after-expiries");

	const calls = network.apiCalls();
	await eventually("every API call is answered", () => calls.every((c) => c.status !== null));
	expect(calls.filter((c) => c.status === 401)).toEqual([]);
	expect(calls.filter((c) => (c.status ?? 0) >= 400)).toEqual([]);
	// The calls were made with at least one token per lifetime: three expiries crossed.
	const tokensUsed = new Set(calls.map((c) => c.authorization));
	expect(tokensUsed.size).toBeGreaterThanOrEqual(EXPIRIES + 1);

	// A refresh happens only in the last fifth of a token's life (6 s of 30), so two refreshes are
	// at least ~24 s apart, whichever tab makes them; two tabs refreshing on their own would
	// make twice as many, seconds apart.
	const refreshes = network.tokenRequests().slice(2);
	expect(refreshes.length).toBeGreaterThanOrEqual(EXPIRIES);
	expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(elapsed / (LIFETIME * 0.8)) + 1);
	for (let i = 1; i < refreshes.length; i++) {
		const gap = ((refreshes[i]?.at ?? 0) - (refreshes[i - 1]?.at ?? 0)) / 1000;
		expect(gap).toBeGreaterThan(LIFETIME / 2);
	}
	// The tabs share: each tab sent tokens that the other tab fetched.
	const fetchedBy = new Map(network.tokenRequests().map((r) => [`Bearer ${r.token}`, r.page]));
	for (const tab of tabs) {
		const shared = calls.filter(
			(c) => c.page === tab && fetchedBy.get(c.authorization ?? "") !== tab,
		);
		expect(shared.length).toBeGreaterThan(0);
		for (const call of shared) expect(fetchedBy.get(call.authorization ?? "")).toBeDefined();
	}
	expect(await todoTitles(first)).toHaveLength(step);
	await context.close();
}, 240_000);

test("a tampered token is answered 401 by the API, and the page recovers with one fresh token", async () => {
	const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
	const network = recordNetwork(context, stack.web, stack.api);
	const page = await context.newPage();
	await signUp(page, stack.web, "Dorothy Vaughan", "dorothy@example.com");
	await addTodo(page, "Check the token");
	await page.goto(`${stack.web}/server`);

	// The next token response is edited on its way to the page: one character of the signature.
	let tampered = "";
	await context.route(`${stack.web}/api/auth/api-token`, async (route) => {
		const response = await route.fetch();
		const body = (await response.json()) as { token: string };
		if (tampered === "") {
			const last = body.token.at(-2) === "A" ? "B" : "A";
			tampered = `${body.token.slice(0, -2)}${last}${body.token.at(-1)}`;
			body.token = tampered;
		}
		await route.fulfill({ response, json: body });
	});
	const since = Date.now();
	await page.goto(`${stack.web}/dashboard`);
	await page.getByRole("checkbox", { name: "Check the token" }).waitFor();
	expect(await alerts(page)).toEqual([]);

	const calls = network.apiCalls(since);
	await eventually("every API call is answered", () => calls.every((c) => c.status !== null));
	const rejected = calls.filter((c) => c.status === 401);
	expect(rejected).toHaveLength(1);
	expect(rejected[0]?.authorization).toBe(`Bearer ${tampered}`);
	expect(rejected[0]?.wwwAuthenticate).toContain('error="invalid_token"');
	// The retry went out once, with a new token, and succeeded.
	const after = calls.slice(calls.indexOf(rejected[0] as (typeof calls)[number]) + 1);
	expect(after[0]?.status).toBe(200);
	expect(after[0]?.authorization).not.toBe(`Bearer ${tampered}`);
	expect(network.tokenRequests(since)).toHaveLength(2);
	// The token panel shows the good token, not the edited one.
	await page.getByLabel("Time left").waitFor();
	await context.close();
});
