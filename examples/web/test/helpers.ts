// What the browser suites share: the pages' forms driven by label and role, a record of the
// network traffic (token requests, API calls and their answers), screenshots, and waiting.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { PASSWORD, WEB_DIR } from "./stack.js";

/** Screenshots of every run go here (git-ignored). */
export const SCREENSHOTS = join(WEB_DIR, "screenshots");

/**
 * Saves a screenshot of the page, after checking what every page of the app promises: exactly one
 * `<h1>`, and a label for every input.
 */
export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
	const headings = await page.getByRole("heading", { level: 1 }).count();
	if (headings !== 1) throw new Error(`${page.url()} has ${headings} h1 headings, not one`);
	const unlabelled = await page
		.locator("input")
		.evaluateAll(
			(inputs) => inputs.filter((i) => (i as HTMLInputElement).labels?.length === 0).length,
		);
	if (unlabelled !== 0) throw new Error(`${page.url()} has ${unlabelled} inputs without a label`);
	mkdirSync(join(SCREENSHOTS, folder), { recursive: true });
	await page.screenshot({ path: join(SCREENSHOTS, folder, `${name}.png`) });
}

/** Polls `check` until it returns true; fails after `timeoutMs` (a hang guard, not a timing test). */
export async function eventually(
	what: string,
	check: () => Promise<boolean> | boolean,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Exchange {
	at: number;
	page: Page;
	method: string;
	url: string;
	authorization: string | undefined;
	status: number | null;
	wwwAuthenticate: string | null;
	/** When the answer arrived (null while pending). */
	answeredAt: number | null;
	/** For a token request answered 200: the token it brought. */
	token: string | null;
}

/** Records the context's requests to the token endpoint and to the API, with their answers. */
export function recordNetwork(context: BrowserContext, web: string, api: string) {
	const log: Exchange[] = [];
	const watch = (page: Page) => {
		page.on("request", (request) => {
			const url = request.url();
			if (!url.startsWith(`${web}/api/auth/api-token`) && !url.startsWith(`${api}/`)) return;
			const entry: Exchange = {
				at: Date.now(),
				page,
				method: request.method(),
				url,
				authorization: request.headers().authorization,
				status: null,
				wwwAuthenticate: null,
				answeredAt: null,
				token: null,
			};
			log.push(entry);
			request.response().then(
				async (response) => {
					entry.status = response?.status() ?? null;
					entry.wwwAuthenticate = (await response?.headerValue("www-authenticate")) ?? null;
					if (url.includes("/api/auth/api-token") && response?.status() === 200) {
						entry.token = ((await response.json()) as { token: string }).token;
					}
					entry.answeredAt = Date.now();
				},
				() => {},
			);
		});
	};
	for (const page of context.pages()) watch(page);
	context.on("page", watch);
	return {
		log,
		/** GET /api/auth/api-token requests. */
		tokenRequests: (since = 0) =>
			log.filter((e) => e.at >= since && e.url.startsWith(`${web}/api/auth/api-token`)),
		/** Requests to the API other than CORS preflights. */
		apiCalls: (since = 0) =>
			log.filter((e) => e.at >= since && e.url.startsWith(`${api}/`) && e.method !== "OPTIONS"),
	};
}

/** The `sub` of the token in an `Authorization: Bearer` header, decoded without a key. */
export function subjectOf(authorization: string | undefined): string | null {
	const payload = authorization?.replace(/^Bearer /, "").split(".")[1];
	if (!payload) return null;
	const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: string };
	return claims.sub ?? null;
}

export async function signUp(page: Page, web: string, name: string, email: string): Promise<void> {
	await page.goto(`${web}/sign-up`);
	await page.getByLabel("Name").fill(name);
	await page.getByLabel("Email").fill(email);
	await page.getByLabel("Password").fill(PASSWORD);
	await page.getByRole("button", { name: "Sign up" }).click();
	await page.waitForURL(`${web}/dashboard`);
	await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
}

/** Adds a to-do item on the dashboard and waits until the API's list shows it. */
export async function addTodo(page: Page, title: string): Promise<void> {
	await page.getByLabel("New to-do").fill(title);
	await page.getByRole("button", { name: "Add" }).click();
	await page.getByRole("checkbox", { name: title }).waitFor();
}

/** The titles of the to-do items on the dashboard. */
export async function todoTitles(page: Page): Promise<string[]> {
	const list = page.getByRole("list", { name: "To-do items" });
	if ((await list.count()) === 0) return [];
	return list
		.getByRole("checkbox")
		.evaluateAll((boxes) =>
			boxes.map((box) => (box as HTMLInputElement).labels?.[0]?.textContent ?? ""),
		);
}

/** The app's error messages on the page (Next's own route announcer is also an alert). */
export async function alerts(page: Page): Promise<string[]> {
	const texts = await page.getByRole("alert").allTextContents();
	return texts.map((t) => t.trim()).filter((t) => t !== "");
}
