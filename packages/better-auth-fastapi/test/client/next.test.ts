// The Next.js server helper against a real Better Auth (SQLite) in-process: tokens come from
// auth.api.getApiToken with the request's headers, never over HTTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { admin } from "better-auth/plugins";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { ApiAuthError, ApiTokenError } from "../../src/client/errors.js";
import {
	type ApiTokenAuth,
	createServerApiFetch,
	getServerApiToken,
} from "../../src/client/next.js";
import { apiToken } from "../../src/server/index.js";
import { FakeApi, TestClock } from "./helpers.js";
import { PASSWORD, SECRET } from "./real-servers.js";

const BASE = "http://localhost:3000";
const API = "https://api.example.test";
const dir = mkdtempSync(join(tmpdir(), "baf-next-"));
const db = new Database(join(dir, "auth.sqlite"));
const options = {
	database: db,
	baseURL: BASE,
	secret: SECRET,
	emailAndPassword: { enabled: true },
	logger: { level: "error" as const },
	plugins: [admin(), apiToken({ secret: SECRET })],
};
const auth = betterAuth(options);
// The real, fully typed instance satisfies the helper's structural type.
const typed: ApiTokenAuth = auth;

let cookie = "";
let userId = "";
beforeAll(async () => {
	await (await getMigrations(options)).runMigrations();
	const response = await auth.api.signUpEmail({
		body: { email: "server@example.com", password: PASSWORD, name: "Server Side" },
		asResponse: true,
	});
	cookie = (/better-auth\.session_token=[^;]+/.exec(response.headers.get("set-cookie") ?? "") ?? [
		"",
	])[0];
	userId = ((await response.json()) as { user: { id: string } }).user.id;
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("better-auth-fastapi/next", () => {
	test("getServerApiToken reads the session from the request headers, in-process", async () => {
		const spy = vi.spyOn(globalThis, "fetch");
		const token = await getServerApiToken({ auth: typed, headers: { cookie } });
		expect(token.userId).toBe(userId);
		expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now());
		expect(spy).not.toHaveBeenCalled();
		spy.mockRestore();
	});

	test("headers may be a Headers, a plain object or an (async) function like next/headers", async () => {
		for (const headers of [
			new Headers({ cookie }),
			[["cookie", cookie]] as [string, string][],
			async () => new Headers({ cookie }),
		]) {
			expect((await getServerApiToken({ auth, headers })).userId).toBe(userId);
		}
	});

	test("no session: ApiAuthError 401 SESSION_MISSING", async () => {
		const error = await getServerApiToken({ auth, headers: {} }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({ status: 401, code: "SESSION_MISSING" });
	});

	test("createServerApiFetch sends the user's token to the API, one token per apiFetch", async () => {
		const clock = new TestClock();
		clock.t = Date.now();
		const realApi = new FakeApi(clock);
		const getApiToken = vi.spyOn(auth.api, "getApiToken");
		const apiFetch = createServerApiFetch({
			auth,
			headers: new Headers({ cookie }),
			baseURL: API,
			fetch: realApi.fetch,
		});
		const [a, b] = await Promise.all([apiFetch("/api/me"), apiFetch("/api/me")]);
		expect(await a.json()).toMatchObject({ sub: userId });
		expect(b.status).toBe(200);
		expect(getApiToken).toHaveBeenCalledTimes(1);
		getApiToken.mockRestore();
	});

	test("createServerApiFetch without a session rejects before calling the API", async () => {
		const clock = new TestClock();
		const api = new FakeApi(clock);
		const apiFetch = createServerApiFetch({ auth, headers: {}, baseURL: API, fetch: api.fetch });
		await expect(apiFetch("/api/me")).rejects.toMatchObject({ code: "SESSION_MISSING" });
		expect(api.requests).toHaveLength(0);
	});

	test("a banned user: ApiAuthError 403 USER_BANNED (not a failure to retry), the API never called", async () => {
		const response = await auth.api.signUpEmail({
			body: { email: "banned-server@example.com", password: PASSWORD, name: "Banned" },
			asResponse: true,
		});
		const banned = (/better-auth\.session_token=[^;]+/.exec(
			response.headers.get("set-cookie") ?? "",
		) ?? [""])[0];
		const id = ((await response.json()) as { user: { id: string } }).user.id;
		db.prepare("UPDATE user SET banned = 1 WHERE id = ?").run(id);
		const error = await getServerApiToken({ auth, headers: { cookie: banned } }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(ApiAuthError);
		expect(error).toMatchObject({ status: 403, code: "USER_BANNED", error: null });
		const api = new FakeApi(new TestClock());
		const apiFetch = createServerApiFetch({
			auth,
			headers: { cookie: banned },
			baseURL: API,
			fetch: api.fetch,
		});
		await expect(apiFetch("/api/me")).rejects.toMatchObject({ status: 403, code: "USER_BANNED" });
		expect(api.requests).toHaveLength(0);
	});

	test("an auth without the plugin is a TypeError; a failing one is ApiTokenError", async () => {
		await expect(
			getServerApiToken({ auth: { api: {} } as never, headers: {} }),
		).rejects.toBeInstanceOf(TypeError);
		const broken: ApiTokenAuth = {
			api: {
				getApiToken: async () => {
					throw new Error("database is locked");
				},
			},
		};
		await expect(getServerApiToken({ auth: broken, headers: {} })).rejects.toBeInstanceOf(
			ApiTokenError,
		);
	});
});
