// docs/troubleshooting.md, the Better Auth side, checked on the real better-auth (SQLite): each
// misconfiguration gives the code and message the page quotes. (The API side's entries are
// checked by tests/test_troubleshooting.py in the Python package.)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { admin } from "better-auth/plugins";
import Database from "better-sqlite3";
import { afterEach, describe, expect, test, vi } from "vitest";
import { apiToken } from "../../src/server/index.js";
import { BASE_URL, configError, decodeSegment, SECRET } from "./helpers.js";

const PAGE = readFileSync(
	fileURLToPath(new URL("../../../../docs/troubleshooting.md", import.meta.url)),
	"utf8",
);
/** The page's entry whose heading starts with `title`, its whitespace folded. */
function entry(title: string): string {
	const start = PAGE.search(new RegExp(`^## \`?${title}`, "m"));
	expect(start, `docs/troubleshooting.md has no entry for ${title}`).toBeGreaterThanOrEqual(0);
	const end = PAGE.indexOf("\n## ", start + 1);
	return PAGE.slice(start, end < 0 ? undefined : end).replace(/\s+/g, " ");
}

const signUpBody = JSON.stringify({
	email: "ada@example.com",
	password: "correct horse battery staple",
	name: "Ada",
});

function instance(options: Partial<BetterAuthOptions> & { database: Database.Database }) {
	const auth = betterAuth({
		baseURL: BASE_URL,
		secret: SECRET,
		emailAndPassword: { enabled: true },
		logger: { disabled: true },
		// Better Auth skips its origin checks when NODE_ENV is "test", as under vitest; a user's
		// server does not.
		advanced: { disableOriginCheck: false },
		plugins: [admin(), apiToken({ secret: SECRET })],
		...options,
	});
	const call = (path: string, init: RequestInit = {}, origin = BASE_URL) =>
		auth.handler(new Request(`${origin}/api/auth${path}`, init));
	const signUp = async (headers: Record<string, string> = {}) => {
		const r = await call("/sign-up/email", {
			method: "POST",
			headers: { "content-type": "application/json", ...headers },
			body: signUpBody,
		});
		const cookie = r.headers
			.getSetCookie()
			.map((c) => c.split(";")[0])
			.join("; ");
		return { r, cookie };
	};
	return { auth, call, signUp };
}

async function migrated(options: Partial<BetterAuthOptions> = {}) {
	const database = new Database(":memory:");
	const it = instance({ database, ...options });
	await (await getMigrations(it.auth.options)).runMigrations();
	return it;
}

afterEach(() => vi.unstubAllEnvs());

describe("docs/troubleshooting.md, Better Auth's side", () => {
	test("SCHEMA_MISMATCH: no migration, then admin() added after one", async () => {
		const page = entry("SCHEMA_MISMATCH");
		const database = new Database(":memory:");
		const bare = instance({ database, plugins: [apiToken({ secret: SECRET })] });
		const missing = await bare.signUp().then(
			() => null,
			(e: Error & { code?: string }) => e,
		);
		expect(missing?.code).toBe("SCHEMA_MISMATCH");
		expect(missing?.message).toContain("Database schema mismatch");
		expect(missing?.message.replace(/\s+/g, " ")).toContain(
			"Missing tables user, session, account, verification",
		);
		expect(page).toContain("Database schema mismatch");
		expect(page).toContain("Missing tables user, session, account, verification");

		await (await getMigrations(bare.auth.options)).runMigrations();
		const columns = await instance({ database })
			.signUp()
			.then(
				() => null,
				(e: Error) => e,
			);
		expect(columns?.message.replace(/\s+/g, " ")).toContain(
			"Missing columns user.role user.banned",
		);
		expect(page).toContain("Missing columns user.role, user.banned");
	});

	test("MISSING_OR_NULL_ORIGIN: a POST with the cookie and no Origin; with Origin it works; the token needs none", async () => {
		const page = entry("MISSING_OR_NULL_ORIGIN");
		const it = await migrated();
		const { r, cookie } = await it.signUp(); // no cookie yet: no Origin needed
		expect(r.status).toBe(200);
		const token = await it.call("/api-token", { headers: { cookie } });
		expect(token.status).toBe(200);
		const refused = await it.call("/sign-out", { method: "POST", headers: { cookie } });
		expect(refused.status).toBe(403);
		const body = (await refused.json()) as { code: string; message: string };
		expect(body).toMatchObject({
			code: "MISSING_OR_NULL_ORIGIN",
			message: "Missing or null Origin",
		});
		expect(page).toContain(
			'403 {"code": "MISSING_OR_NULL_ORIGIN", "message": "Missing or null Origin"}',
		);
		const allowed = await it.call("/sign-out", {
			method: "POST",
			headers: { cookie, origin: BASE_URL },
		});
		expect(allowed.status).toBe(200);
		// Node's fetch sends Sec-Fetch-Mode: then even a sign-up without a cookie needs an Origin.
		const fetchLike = await it.signUp({ "sec-fetch-mode": "cors" });
		expect(fetchLike.r.status).toBe(403);
		expect(((await fetchLike.r.json()) as { code: string }).code).toBe("MISSING_OR_NULL_ORIGIN");
		expect(page).toContain("Fetch Metadata headers (`Sec-Fetch-Mode`), as Node's own `fetch` does");
	});

	test("INVALID_ORIGIN: the page on 127.0.0.1 while BETTER_AUTH_URL is localhost", async () => {
		const it = await migrated();
		const { cookie } = await it.signUp();
		const r = await it.call("/sign-out", {
			method: "POST",
			headers: { cookie, origin: "http://127.0.0.1:3000" },
		});
		expect(r.status).toBe(403);
		expect(((await r.json()) as { code: string }).code).toBe("INVALID_ORIGIN");
		expect(entry("ISSUER_MISMATCH")).toContain("`INVALID_ORIGIN`");
	});

	test("ISSUER_MISMATCH: with BETTER_AUTH_URL unset, the issuer is the request's host", async () => {
		vi.stubEnv("BETTER_AUTH_URL", undefined);
		const database = new Database(":memory:");
		const it = instance({ database, baseURL: undefined });
		await (await getMigrations(it.auth.options)).runMigrations();
		const signUp = await it.call(
			"/sign-up/email",
			{ method: "POST", headers: { "content-type": "application/json" }, body: signUpBody },
			"http://127.0.0.1:3000",
		);
		expect(signUp.status).toBe(200);
		const cookie = signUp.headers
			.getSetCookie()
			.map((c) => c.split(";")[0])
			.join("; ");
		const r = await it.call("/api-token", { headers: { cookie } }, "http://127.0.0.1:3000");
		const { token } = (await r.json()) as { token: string };
		expect(decodeSegment(token.split(".")[1] as string).iss).toBe("http://127.0.0.1:3000");
		expect(entry("ISSUER_MISMATCH")).toContain("`BETTER_AUTH_URL` unset on the Better Auth side");
	});

	test("ROLE_MISSING for everyone: without admin() every token's roles is []", async () => {
		const database = new Database(":memory:");
		const it = instance({ database, plugins: [apiToken({ secret: SECRET })] });
		await (await getMigrations(it.auth.options)).runMigrations();
		const { cookie } = await it.signUp();
		const { token } = (await (await it.call("/api-token", { headers: { cookie } })).json()) as {
			token: string;
		};
		expect(decodeSegment(token.split(".")[1] as string).roles).toEqual([]);
		expect(entry("ROLE_MISSING")).toContain("`roles` claim is `[]`");
	});

	test("USER_BANNED: a banned user with a live session gets no token", async () => {
		const database = new Database(":memory:");
		const it = instance({ database });
		await (await getMigrations(it.auth.options)).runMigrations();
		const { cookie } = await it.signUp();
		database.prepare("update user set banned = 1").run();
		const r = await it.call("/api-token", { headers: { cookie } });
		expect(r.status).toBe(403);
		expect(((await r.json()) as { code: string }).code).toBe("USER_BANNED");
		expect(entry("USER_BANNED")).toContain("lift the ban (`unbanUser`)");
	});

	test("CROSS_SITE_REQUEST: an untrusted Origin gets no token; the trusted one does", async () => {
		const it = await migrated();
		const { cookie } = await it.signUp();
		const refused = await it.call("/api-token", {
			headers: { cookie, origin: "http://127.0.0.1:3000" },
		});
		expect(refused.status).toBe(403);
		expect(((await refused.json()) as { code: string }).code).toBe("CROSS_SITE_REQUEST");
		const allowed = await it.call("/api-token", { headers: { cookie, origin: BASE_URL } });
		expect(allowed.status).toBe(200);
		expect(entry("CROSS_SITE_REQUEST")).toContain("add its exact origin");
	});

	test.each([
		["missing", undefined],
		["short", "short"],
		["placeholder", "better-auth-secret-123456789012345678901234567890"],
		["low-entropy", "a".repeat(40)],
	])("weak secret (%s): apiToken() refuses with the page's message", (_, value) => {
		vi.stubEnv("BETTER_AUTH_SECRET", value);
		const error = configError(() => apiToken());
		expect(error.setting).toBe("BETTER_AUTH_SECRET");
		const first = error.message.split(";")[0] as string;
		expect(entry("Weak or missing secret").replaceAll("`", "")).toContain(first);
		if (value) expect(error.message).not.toContain(value);
	});
});
