// The whole flow in Chromium, once on SQLite and once on PostgreSQL: sign-up, to-do items through
// the API from the browser, a reload, the server-rendered page, the admin page before and after
// `make-admin`, and sign-out with two tabs open, then another user in the same browser.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestPostgres } from "../../../scripts/postgres.d.mts";
import { startPostgres } from "../../../scripts/postgres.mjs";
import { launchChromium } from "./browser.js";
import {
	addTodo,
	alerts,
	eventually,
	recordNetwork,
	screenshot,
	signUp,
	subjectOf,
	todoTitles,
} from "./helpers.js";
import { REPO, type Stack, startStack } from "./stack.js";

describe.each(["sqlite", "postgres"] as const)("the example app on %s", (database) => {
	let pg: TestPostgres | undefined;
	let stack: Stack;
	let browser: Browser;
	let context: BrowserContext;
	let network: ReturnType<typeof recordNetwork>;
	let page: Page;
	const ada = `ada.${database}@example.com`;
	const grace = `grace.${database}@example.com`;
	let adaId = "";

	beforeAll(async () => {
		let databaseUrl: string | undefined;
		if (database === "postgres") {
			pg = await startPostgres();
			databaseUrl = await pg.createDatabase("web_auth");
		}
		stack = await startStack({ databaseUrl });
		browser = await launchChromium();
		context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
		network = recordNetwork(context, stack.web, stack.api);
		page = await context.newPage();
	});

	afterAll(async () => {
		await browser?.close();
		await stack?.stop();
		await pg?.stop();
	});

	test("sign up, then add, tick, delete and list to-do items through the API; a reload keeps working", async () => {
		await page.goto(`${stack.web}/sign-up`);
		await page.locator("fieldset:enabled").waitFor(); // hydrated
		await screenshot(page, database, "sign-up");
		await signUp(page, stack.web, "Ada Lovelace", ada);
		await page.getByText("Nothing to do yet").waitFor();
		await addTodo(page, "Write the docs");
		await addTodo(page, "Ship the example");
		await addTodo(page, "Delete me");
		await page.getByRole("checkbox", { name: "Ship the example" }).click();
		await page.getByRole("button", { name: 'Delete "Delete me"' }).click();
		await eventually("the deleted item is gone", async () => (await todoTitles(page)).length === 2);

		await page.reload();
		await page.getByRole("checkbox", { name: "Write the docs" }).waitFor();
		expect(await todoTitles(page)).toEqual(["Write the docs", "Ship the example"]);
		expect(await page.getByRole("checkbox", { name: "Ship the example" }).isChecked()).toBe(true);
		expect(await page.getByRole("checkbox", { name: "Write the docs" }).isChecked()).toBe(false);
		expect(await alerts(page)).toEqual([]);
		await page.getByLabel("Time left").waitFor();
		await screenshot(page, database, "dashboard");

		// Every API call carried Ada's token; one token request per page load, none answered 401.
		const calls = network.apiCalls();
		expect(calls.length).toBeGreaterThanOrEqual(8);
		adaId = subjectOf(calls[0]?.authorization) ?? "";
		expect(adaId).not.toBe("");
		for (const call of calls) expect(subjectOf(call.authorization)).toBe(adaId);
		await eventually("every API call is answered", () => calls.every((c) => c.status !== null));
		expect(calls.map((c) => c.status).filter((s) => s !== null && s >= 400)).toEqual([]);
		expect(network.tokenRequests().length).toBe(2);
		// The token panel decodes the token in the browser.
		const claims = page.getByRole("definition");
		expect(await claims.allTextContents()).toContain(ada);
	});

	test("the server page calls the API from the server: the browser makes no API call", async () => {
		const since = Date.now();
		await page.getByRole("link", { name: "Server" }).click();
		await page.getByRole("heading", { level: 1, name: "Rendered on the server" }).waitFor();
		const list = page.getByRole("list", { name: "To-do items from the server" });
		expect(await list.getByRole("listitem").allTextContents()).toEqual([
			"Write the docs",
			"✓ Ship the example",
		]);
		expect(await page.getByText(ada).count()).toBeGreaterThan(0);
		expect(network.apiCalls(since)).toEqual([]);
		expect(network.tokenRequests(since)).toEqual([]);
		await screenshot(page, database, "server");
	});

	test("a non-admin is not allowed on /admin; after make-admin and a new token the admin data shows", async () => {
		const since = Date.now();
		await page.goto(`${stack.web}/admin`);
		await page.getByRole("heading", { level: 2, name: "Not allowed" }).waitFor();
		expect((await alerts(page)).join(" ")).toContain("ROLE_MISSING");
		const denied = network.apiCalls(since).filter((c) => c.url.endsWith("/api/admin"));
		await eventually("the admin call is answered", () => denied[0]?.status != null);
		expect(denied.map((c) => c.status)).toEqual([403]);
		await screenshot(page, database, "admin-not-allowed");

		const made = spawnSync(
			process.execPath,
			[join(REPO, "examples", "web", "scripts", "make-admin.mjs"), ada],
			{ env: stack.env, encoding: "utf8" },
		);
		expect(made.stderr).toBe("");
		expect(made.status).toBe(0);
		expect(made.stdout).toContain(`${ada} is now an admin`);

		// The token in memory still says "user" until it is replaced: a reload fetches a new one.
		await page.reload();
		await page.getByRole("heading", { level: 2, name: "Admin data" }).waitFor();
		await page.getByText(`Hello, administrator ${adaId}.`).waitFor();
		await screenshot(page, database, "admin");
	});

	test("signing out drops the token in both tabs, and the next user never sees the first one's items", async () => {
		await page.goto(`${stack.web}/dashboard`);
		await page.getByRole("checkbox", { name: "Write the docs" }).waitFor();
		const other = await context.newPage();
		await other.goto(`${stack.web}/dashboard`);
		await other.getByRole("checkbox", { name: "Write the docs" }).waitFor();

		await page.getByRole("button", { name: "Sign out" }).click();
		await page.waitForURL(`${stack.web}/sign-in`);
		const signedOut = Date.now();
		await page.locator("fieldset:enabled").waitFor();
		await screenshot(page, database, "sign-in");

		// The other tab hears of it: Ada's items leave the screen, and its next API call finds no
		// token to send (the token endpoint answers 401).
		await other.getByText("You are signed out").first().waitFor();
		expect(await todoTitles(other)).toEqual([]);
		const before = network.tokenRequests(signedOut).length;
		await other.getByRole("button", { name: "Reload list" }).click();
		await eventually(
			"the other tab asks for a token",
			() => network.tokenRequests(signedOut).length > before,
		);
		await eventually("the token request is answered", () =>
			network.tokenRequests(signedOut).every((r) => r.status !== null),
		);
		expect(network.tokenRequests(signedOut).map((r) => r.status)).toContain(401);
		await other.getByText("You are signed out").first().waitFor();
		expect(await todoTitles(other)).toEqual([]);
		expect(network.apiCalls(signedOut)).toEqual([]);

		// Grace signs up in the first tab of the same browser: she sees only her own items.
		await signUp(page, stack.web, "Grace Hopper", grace);
		await addTodo(page, "Grace's item");
		expect(await todoTitles(page)).toEqual(["Grace's item"]);

		// The other tab still shows the page rendered for Ada: it shows neither user's items.
		await other.getByRole("button", { name: "Reload list" }).click();
		await other.getByText("Another account signed in").first().waitFor();
		expect(await todoTitles(other)).toEqual([]);
		await other.reload();
		await other.getByRole("checkbox", { name: "Grace's item" }).waitFor();
		expect(await todoTitles(other)).toEqual(["Grace's item"]);
		await screenshot(other, database, "second-user");

		// After the sign-out, no API call carried Ada's token, in either tab.
		const after = network.apiCalls(signedOut);
		expect(after.length).toBeGreaterThan(0);
		for (const call of after) expect(subjectOf(call.authorization)).not.toBe(adaId);
		await other.close();
	});
});
