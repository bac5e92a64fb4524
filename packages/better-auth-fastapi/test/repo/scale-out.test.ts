// Scale-out, shown with real processes: two Better Auth instances (examples/auth-server) on one
// real PostgreSQL server (scripts/postgres.mjs) and two example API processes (uvicorn, two
// workers each). They share only the secret, the issuer/audience settings and, for the app's own
// data, its database: a token from either instance is accepted by every API process, a sign-out
// on one instance stops refreshes through the other, and requests alternate between API
// processes (and survive one being replaced) because none keeps state a later request needs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPostgres, type TestPostgres } from "../../../../scripts/postgres.mjs";
import { PASSWORD } from "../client/real-servers.js";
import { OLD_SECRET, type Service, startApi, startAuthServer } from "./stack.js";

// The public origin both Better Auth instances sit behind (the token issuer). Requests go to the
// instances directly here, with this Origin, as a load balancer would pass them on.
const ISSUER = "http://auth.localhost:4180";
const shared = { BETTER_AUTH_SECRET: OLD_SECRET, BETTER_AUTH_URL: ISSUER };

let pg: TestPostgres;
const auth: Service[] = [];
let apis: Service[] = [];
let dir: string;

beforeAll(async () => {
	pg = await startPostgres();
	const url = await pg.createDatabase("auth");
	const env = { ...shared, DATABASE_URL: url, API_TOKEN_LIFETIME_SECONDS: "300" };
	// The first instance creates the tables; the second finds them.
	auth.push(await startAuthServer(env));
	auth.push(await startAuthServer(env));
	dir = mkdtempSync(join(tmpdir(), "baf-scale-"));
	const apiEnv = { ...shared, TODO_DB: join(dir, "todos.sqlite") };
	apis = await Promise.all([startApi(apiEnv), startApi(apiEnv)]);
}, 120_000);

afterAll(async () => {
	for (const s of [...apis, ...auth]) await s.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser's cookie jar for the one site both instances serve. */
function browser() {
	let cookie = "";
	return async (url: string, init: RequestInit = {}) => {
		const headers = new Headers(init.headers);
		headers.set("origin", ISSUER);
		if (cookie) headers.set("cookie", cookie);
		const res = await fetch(url, { ...init, headers });
		const set = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
		if (set) cookie = set.split(";")[0] as string;
		return res;
	};
}

async function signUp(send: ReturnType<typeof browser>, via: Service, email: string) {
	const res = await send(`${via.url}/api/auth/sign-up/email`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ email, password: PASSWORD, name: "Scale" }),
	});
	expect(res.status).toBe(200);
	return ((await res.json()) as { user: { id: string } }).user.id;
}

async function tokenFrom(send: ReturnType<typeof browser>, via: Service) {
	const res = await send(`${via.url}/api/auth/api-token`);
	return res.status === 200 ? ((await res.json()) as { token: string }).token : res.status;
}

const call = (api: Service, path: string, token: string, init: RequestInit = {}) =>
	fetch(`${api.url}${path}`, {
		...init,
		headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
	});

describe("two Better Auth instances on one PostgreSQL, two API processes", () => {
	test("a token from either instance is accepted by every API process", async () => {
		const send = browser();
		const id = await signUp(send, auth[0] as Service, "either@example.com");
		for (const instance of auth) {
			const token = await tokenFrom(send, instance);
			expect(typeof token).toBe("string");
			for (const api of apis) {
				const res = await call(api, "/api/me", token as string);
				expect(res.status).toBe(200);
				expect(((await res.json()) as { id: string }).id).toBe(id);
			}
		}
		// The session lives in PostgreSQL, not in either instance.
		expect(await pg.query("auth", `select count(*) from session where "userId" = '${id}'`)).toBe(
			"1",
		);
	});

	test("a sign-out on one instance stops refreshes through the other", async () => {
		const send = browser();
		await signUp(send, auth[0] as Service, "signout@example.com");
		const token = await tokenFrom(send, auth[0] as Service);
		expect(typeof token).toBe("string");
		const out = await send(`${(auth[1] as Service).url}/api/auth/sign-out`, { method: "POST" });
		expect(out.status).toBe(200);
		expect(await tokenFrom(send, auth[0] as Service)).toBe(401);
		expect(await tokenFrom(send, auth[1] as Service)).toBe(401);
		// The token already issued stays valid until it expires (contract 5.8): the API is stateless.
		expect((await call(apis[0] as Service, "/api/me", token as string)).status).toBe(200);
	});

	test("requests alternate between API processes and survive one being replaced", async () => {
		const send = browser();
		await signUp(send, auth[1] as Service, "alternate@example.com");
		const token = (await tokenFrom(send, auth[1] as Service)) as string;
		const [p, q] = apis as [Service, Service];
		const created = await call(p, "/api/todos", token, {
			method: "POST",
			body: JSON.stringify({ title: "written by one process" }),
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: number };
		const patched = await call(q, `/api/todos/${id}`, token, {
			method: "PATCH",
			body: JSON.stringify({ done: true }),
		});
		expect(patched.status).toBe(200);
		// Replace the first process: the new one has never seen this token or this user.
		await p.stop();
		const fresh = await startApi({ ...shared, TODO_DB: join(dir, "todos.sqlite") });
		apis = [fresh, q];
		const listed = await call(fresh, "/api/todos", token);
		expect(listed.status).toBe(200);
		expect(await listed.json()).toMatchObject([
			{ id, title: "written by one process", done: true },
		]);
		for (let i = 0; i < 20; i++) {
			expect((await call(apis[i % 2] as Service, "/api/me", token)).status).toBe(200);
		}
		expect((await call(q, `/api/todos/${id}`, token, { method: "DELETE" })).status).toBe(204);
		expect(await (await call(fresh, "/api/todos", token)).json()).toEqual([]);
	});
});
