// Better Auth 1.7.25 signs its session cookie with the current versioned secret only; the plugin
// carries a cookie signed with a configured older entry over a rotation (src/server/carry-over.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { apiToken } from "../../src/server/index.js";
import { BASE_URL, OTHER_SECRET, SECRET } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "baf-carry-"));
const file = join(dir, "auth.sqlite");
const opened: Database.Database[] = [];
afterAll(() => {
	for (const db of opened) db.close();
	rmSync(dir, { recursive: true, force: true });
});

type Secrets = { version: number; value: string }[];
/** A Better Auth instance on the shared SQLite file, as after a restart with other secrets. */
async function instance(secrets: Secrets, withPlugin = true) {
	const db = new Database(file);
	opened.push(db);
	const options: BetterAuthOptions = {
		database: db,
		baseURL: BASE_URL,
		secrets,
		emailAndPassword: { enabled: true },
		logger: { level: "error" },
		plugins: withPlugin ? [apiToken({ secrets })] : [],
	};
	await (await getMigrations(options)).runMigrations();
	const auth = betterAuth(options);
	return (path: string, init: RequestInit = {}) =>
		auth.handler(new Request(`${BASE_URL}/api/auth${path}`, init));
}

const OLD: Secrets = [{ version: 1, value: SECRET }];
const ROTATED: Secrets = [{ version: 2, value: OTHER_SECRET }, ...OLD];
const DROPPED: Secrets = [{ version: 2, value: OTHER_SECRET }];
const sessionCookie = (res: Response) =>
	(/better-auth\.session_token=[^;]+/.exec(res.headers.get("set-cookie") ?? "") ?? [""])[0];

async function signUp(email: string) {
	const res = await (await instance(OLD))("/sign-up/email", {
		method: "POST",
		headers: { "content-type": "application/json", origin: BASE_URL },
		body: JSON.stringify({ email, password: "correct horse battery staple", name: "Ada" }),
	});
	expect(res.status).toBe(200);
	return sessionCookie(res);
}

describe("a session cookie signed before a rotation", () => {
	test("Better Auth alone signs the user out when a new secret becomes current", async () => {
		const cookie = await signUp("alone@example.com");
		const fetchRotated = await instance(ROTATED, false);
		const res = await fetchRotated("/get-session", { headers: { cookie } });
		expect(await res.json()).toBeNull();
	});

	test("with the plugin it still gets a session and a token, and comes back re-signed", async () => {
		const cookie = await signUp("carried@example.com");
		const fetchRotated = await instance(ROTATED);
		const session = await fetchRotated("/get-session", { headers: { cookie } });
		expect(((await session.json()) as { user: { email: string } }).user.email).toBe(
			"carried@example.com",
		);
		const resigned = sessionCookie(session);
		expect(resigned).not.toBe("");
		expect(resigned).not.toBe(cookie);
		const token = await fetchRotated("/api-token", { headers: { cookie } });
		expect(token.status).toBe(200);
		// The re-signed cookie is valid under the current secret alone, after the old one is dropped.
		const fetchDropped = await instance(DROPPED);
		const later = await fetchDropped("/get-session", { headers: { cookie: resigned } });
		expect(((await later.json()) as { user: { email: string } }).user.email).toBe(
			"carried@example.com",
		);
		expect(await (await fetchDropped("/get-session", { headers: { cookie } })).json()).toBeNull();
	});

	test("a cookie signed with a secret nobody configured is not carried over", async () => {
		const cookie = await signUp("forged@example.com");
		const [name, signed] = cookie.split("=") as [string, string];
		const value = decodeURIComponent(signed).split(".")[0] as string;
		const { createHmac } = await import("node:crypto");
		const forged = `${name}=${encodeURIComponent(
			`${value}.${createHmac("sha256", "an attacker's secret, not configured anywhere").update(value).digest("base64")}`,
		)}`;
		const fetchRotated = await instance(ROTATED);
		const res = await fetchRotated("/get-session", { headers: { cookie: forged } });
		expect(await res.json()).toBeNull();
		expect(sessionCookie(res)).toBe("");
		expect((await fetchRotated("/api-token", { headers: { cookie: forged } })).status).toBe(401);
	});
});

test("a session without 'remember me' stays a browser-session cookie when carried over", async () => {
	await signUp("forgetful@example.com");
	const signIn = await (await instance(OLD))("/sign-in/email", {
		method: "POST",
		headers: { "content-type": "application/json", origin: BASE_URL },
		body: JSON.stringify({
			email: "forgetful@example.com",
			password: "correct horse battery staple",
			rememberMe: false,
		}),
	});
	const cookie = signIn.headers
		.getSetCookie()
		.map((c) => c.split(";")[0])
		.join("; ");
	expect(cookie).toContain("better-auth.dont_remember=");
	const res = await (await instance(ROTATED))("/get-session", { headers: { cookie } });
	expect(((await res.json()) as { user: { email: string } }).user.email).toBe(
		"forgetful@example.com",
	);
	const set = res.headers.getSetCookie();
	const session = set.filter((c) => c.startsWith("better-auth.session_token="));
	expect(session.length).toBeGreaterThan(0);
	for (const c of session) expect(c).not.toMatch(/max-age/i);
	expect(set.some((c) => c.startsWith("better-auth.dont_remember=true."))).toBe(true);
});
