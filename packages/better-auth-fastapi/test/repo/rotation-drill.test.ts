// The rotation drill of docs/deployment.md, with real processes: Better Auth (examples/auth-server,
// SQLite) and two replicas of the example API, each `uvicorn --workers 2`, behind load balancers;
// a client (the project's token manager and apiFetch) calls the API throughout. The secret is
// rotated exactly as the runbook says; no client request may fail (the client's single retry on
// 401 invalid_token is allowed and counted), and a token signed before the rotation keeps working
// until it expires. Lifetimes are short (30 s tokens, no leeway) to keep the wall time low.
import { createHash, hkdfSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { createAuthClient } from "better-auth/client";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { jwt } from "better-auth/plugins";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { apiTokenClient, createApiFetch } from "../../src/client/index.js";
import { cookieJarFetch, PASSWORD } from "../client/real-servers.js";
import {
	freePort,
	LoadBalancer,
	NEW_SECRET,
	OLD_SECRET,
	type Service,
	startApi,
	startAuthServer,
} from "./stack.js";

const kidOf = (secret: string) =>
	createHash("sha256")
		.update(
			Buffer.from(
				hkdfSync(
					"sha256",
					Buffer.from(secret),
					Buffer.alloc(0),
					Buffer.from("better-auth-fastapi access token v1"),
					32,
				),
			),
		)
		.digest("base64url")
		.slice(0, 16);
const kidOfToken = (token: string) =>
	(
		JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()) as {
			kid: string;
		}
	).kid;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The runbook's values of BETTER_AUTH_SECRETS, in order (docs/deployment.md). */
function runbook(): string[] {
	const docs = readFileSync(new URL("../../../../docs/deployment.md", import.meta.url), "utf8");
	const block = /```sh\n(# before:[\s\S]*?)```/.exec(docs)?.[1] ?? "";
	expect(block).toContain("# step 3: wait the token lifetime plus the leeway");
	return [...block.matchAll(/^BETTER_AUTH_SECRETS="([^"]*)"$/gm)].map((m) =>
		(m[1] as string).replaceAll("<old>", OLD_SECRET).replaceAll("<new>", NEW_SECRET),
	);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

/** What the client saw: every API answer, the kids it sent, its retries and its failures. */
class Client {
	ok = 0;
	retries = 0;
	failures: string[] = [];
	kids = new Set<string>();
	private running = true;
	private loops: Promise<void>[] = [];
	readonly authClient;
	readonly apiFetch;
	readonly jarFetch: typeof fetch;

	constructor(authUrl: string, apiUrl: string) {
		const { fetch: jarFetch } = cookieJarFetch(authUrl);
		this.jarFetch = jarFetch;
		this.authClient = createAuthClient({
			baseURL: authUrl,
			plugins: [apiTokenClient()],
			fetchOptions: { customFetchImpl: jarFetch },
		});
		const counting: typeof fetch = async (input, init) => {
			const headers = input instanceof Request ? input.headers : new Headers(init?.headers);
			const auth = headers.get("authorization") ?? "";
			if (auth.startsWith("Bearer ")) this.kids.add(kidOfToken(auth.slice(7)));
			const response = await fetch(input, init);
			if (response.status === 401) this.retries++; // apiFetch's one forced refresh and retry
			return response;
		};
		this.apiFetch = createApiFetch({
			baseURL: apiUrl,
			authClient: this.authClient,
			fetch: counting,
		});
	}

	/** Two loops calling `/api/me` back to back until {@link stop}. */
	start(): void {
		const loop = async () => {
			while (this.running) {
				try {
					const response = await this.apiFetch("/api/me");
					if (response.status === 200) this.ok++;
					else this.failures.push(`status ${response.status}`);
				} catch (error) {
					this.failures.push(String(error));
				}
				await sleep(20);
			}
		};
		this.loops = [loop(), loop()];
	}

	async stop(): Promise<void> {
		this.running = false;
		await Promise.all(this.loops);
	}

	/** Resolves once the loops have made `n` more successful calls. */
	async calls(n: number): Promise<void> {
		const target = this.ok + n;
		while (this.ok < target && this.failures.length === 0) await sleep(20);
	}
}

describe("rotation drill, HS256 with BETTER_AUTH_SECRETS", () => {
	test("rotating the secret as the runbook says fails no client request", async () => {
		const dir = mkdtempSync(join(tmpdir(), "baf-drill-"));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const authLb = await LoadBalancer.start();
		const apiLb = await LoadBalancer.start();
		cleanups.push(
			() => authLb.close(),
			() => apiLb.close(),
		);
		const running = new Set<Service>();
		cleanups.push(async () => {
			for (const s of running) await s.stop();
		});

		const authEnv = (secrets: string) => ({
			BETTER_AUTH_SECRETS: secrets,
			BETTER_AUTH_URL: authLb.url,
			AUTH_DB_PATH: join(dir, "auth.sqlite"),
			API_TOKEN_LIFETIME_SECONDS: "30",
		});
		const apiEnv = (secrets: string) => ({
			BETTER_AUTH_SECRETS: secrets,
			BETTER_AUTH_URL: authLb.url,
			BETTER_AUTH_LEEWAY_SECONDS: "0",
		});
		const up = async (lb: LoadBalancer, service: Promise<Service>) => {
			const s = await service;
			running.add(s);
			lb.add(s.url);
			return s;
		};
		const down = async (lb: LoadBalancer, s: Service) => {
			await lb.drain(s.url);
			await s.stop();
			running.delete(s);
		};
		/** Runbook step: restart the API replicas one at a time with `secrets`. */
		const restartApis = async (replicas: Service[], secrets: string) => {
			const next: Service[] = [];
			for (const replica of replicas) {
				await down(apiLb, replica);
				next.push(await up(apiLb, startApi(apiEnv(secrets))));
			}
			return next;
		};
		/** Runbook step: replace the Better Auth instance (a new one first, then drain the old). */
		const restartAuth = async (old: Service, secrets: string) => {
			const fresh = await up(authLb, startAuthServer(authEnv(secrets)));
			await down(authLb, old);
			return fresh;
		};
		const apiToken = async (client: Client) => {
			const res = await client.jarFetch(`${authLb.url}/api/auth/api-token`);
			expect(res.status).toBe(200);
			return ((await res.json()) as { token: string }).token;
		};
		const apiAnswer = async (token: string) => {
			const res = await fetch(`${apiLb.url}/api/me`, {
				headers: { authorization: `Bearer ${token}` },
			});
			return res.status === 200 ? 200 : ((await res.json()) as { code: string }).code;
		};

		// The values docs/deployment.md tells an operator to set; before: everything on the old one.
		const steps = runbook();
		expect(steps).toHaveLength(4);
		const [v1, v2, v2auth, v3] = steps as [string, string, string, string];
		expect(v1).toBe(`1:${OLD_SECRET}`);
		expect(v2).toBe(`1:${OLD_SECRET},2:${NEW_SECRET}`);
		expect(v2auth).toBe(`2:${NEW_SECRET},1:${OLD_SECRET}`);
		let auth = await up(authLb, startAuthServer(authEnv(v1)));
		let apis = [await up(apiLb, startApi(apiEnv(v1))), await up(apiLb, startApi(apiEnv(v1)))];
		const client = new Client(authLb.url, apiLb.url);
		const { error } = await client.authClient.signUp.email({
			email: "drill@example.com",
			password: PASSWORD,
			name: "Drill",
		});
		expect(error).toBeNull();
		client.start();
		await client.calls(10);

		// 1. The API replicas, then Better Auth, learn the new secret; the old one still signs.
		apis = await restartApis(apis, v2);
		auth = await restartAuth(auth, v2);
		await client.calls(10);
		const beforeRotation = await apiToken(client);
		expect(kidOfToken(beforeRotation)).toBe(kidOf(OLD_SECRET));

		// 2. Better Auth moves to the new secret: new tokens carry the new kid.
		auth = await restartAuth(auth, v2auth);
		const afterRotation = await apiToken(client);
		expect(kidOfToken(afterRotation)).toBe(kidOf(NEW_SECRET));
		expect(await apiAnswer(beforeRotation)).toBe(200);
		expect(await apiAnswer(afterRotation)).toBe(200);

		// 3. After the token lifetime (+ the leeway, 0 here), every old-secret token has expired.
		const { exp } = JSON.parse(
			Buffer.from(beforeRotation.split(".")[1] as string, "base64url").toString(),
		) as { exp: number };
		await sleep(Math.max(0, exp * 1000 - Date.now() - 10_000));
		expect(await apiAnswer(beforeRotation)).toBe(200); // still valid until it expires
		await sleep(Math.max(0, exp * 1000 - Date.now() + 1100));
		expect(await apiAnswer(beforeRotation)).toBe("TOKEN_EXPIRED");

		// 4. Drop the old secret everywhere, APIs first, then Better Auth.
		apis = await restartApis(apis, v3);
		auth = await restartAuth(auth, v3);
		await client.calls(10);
		expect(await apiAnswer(beforeRotation)).toBe("KID_UNKNOWN");
		expect(kidOfToken(await apiToken(client))).toBe(kidOf(NEW_SECRET));
		await client.stop();

		console.log(
			`rotation drill: ${client.ok} API calls, ${client.failures.length} failed, ${client.retries} retried after 401 invalid_token`,
		);
		expect(client.failures).toEqual([]);
		expect(authLb.failures + apiLb.failures).toBe(0);
		expect([...client.kids]).toEqual([kidOf(OLD_SECRET), kidOf(NEW_SECRET)]);
		expect(client.ok).toBeGreaterThan(40);
	}, 240_000);
});

// JWKS mode: Better Auth's official `jwt` plugin rotates its signing key by itself
// (`jwks.rotationInterval`); the API (`BETTER_AUTH_JWKS_URL`) holds no secret and refetches the
// key set on an unknown kid. Old and new tokens verify during the grace period.
describe("rotation drill, JWKS mode with the jwt plugin's key rotation", () => {
	test("old and new tokens verify across a key rotation; no client request fails", async () => {
		const dir = mkdtempSync(join(tmpdir(), "baf-jwks-drill-"));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const port = await freePort();
		const baseURL = `http://127.0.0.1:${port}`;
		const db = new Database(join(dir, "auth.sqlite"));
		cleanups.push(() => {
			db.close();
		});
		const ROTATION_SECONDS = 15; // longer than the API's 10 s refetch throttle
		const options = {
			database: db,
			baseURL,
			secret: OLD_SECRET,
			emailAndPassword: { enabled: true },
			logger: { level: "error" },
			rateLimit: { enabled: false },
			plugins: [jwt({ jwks: { rotationInterval: ROTATION_SECONDS, gracePeriod: 120 } })],
		} satisfies BetterAuthOptions;
		await (await getMigrations(options)).runMigrations();
		const handler = toNodeHandler(betterAuth(options));
		const server = createServer((req, res) => void handler(req, res));
		await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
		cleanups.push(
			() =>
				new Promise<void>((r) => {
					server.closeAllConnections();
					server.close(() => r());
				}),
		);
		const api = await startApi({
			BETTER_AUTH_URL: baseURL,
			BETTER_AUTH_JWKS_URL: `${baseURL}/api/auth/jwks`,
		});
		cleanups.push(() => api.stop());

		const { fetch: jarFetch } = cookieJarFetch(baseURL);
		const signUp = await jarFetch(`${baseURL}/api/auth/sign-up/email`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ email: "jwks@example.com", password: PASSWORD, name: "Jwks" }),
		});
		expect(signUp.status).toBe(200);
		const newToken = async () => {
			const res = await jarFetch(`${baseURL}/api/auth/token`);
			expect(res.status).toBe(200);
			return ((await res.json()) as { token: string }).token;
		};
		const call = (token: string) =>
			fetch(`${api.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

		// The client: a fresh token every second (many users signing in), the token manager's rule
		// on 401 invalid_token (one new token, one retry), every answer checked.
		let ok = 0;
		let retries = 0;
		const failures: string[] = [];
		let token = await newToken();
		const first = token;
		let running = true;
		let fetchedAt = Date.now();
		const loop = (async () => {
			while (running) {
				if (Date.now() - fetchedAt > 1000) {
					token = await newToken();
					fetchedAt = Date.now();
				}
				let res = await call(token);
				if (res.status === 401 && /invalid_token/.test(res.headers.get("www-authenticate") ?? "")) {
					retries++;
					token = await newToken();
					res = await call(token);
				}
				if (res.status === 200) ok++;
				else failures.push(`${res.status} ${await res.text()}`);
				await sleep(20);
			}
		})();

		const kidOfJwt = kidOfToken; // the jwt plugin's kid is its key id, read from the header the same way
		const deadline = Date.now() + (ROTATION_SECONDS + 20) * 1000;
		while (kidOfJwt(token) === kidOfJwt(first) && Date.now() < deadline) await sleep(200);
		expect(kidOfJwt(token)).not.toBe(kidOfJwt(first));
		const rotated = token;
		await sleep(2000);
		running = false;
		await loop;

		// Both keys are published during the grace period, and both tokens verify at the API.
		const jwks = (await (await fetch(`${baseURL}/api/auth/jwks`)).json()) as {
			keys: { kid: string }[];
		};
		expect(jwks.keys.map((k) => k.kid)).toEqual(
			expect.arrayContaining([kidOfJwt(first), kidOfJwt(rotated)]),
		);
		expect((await call(first)).status).toBe(200);
		expect((await call(rotated)).status).toBe(200);
		console.log(
			`JWKS drill: ${ok} API calls, ${failures.length} failed, ${retries} retried after 401 invalid_token`,
		);
		expect(failures).toEqual([]);
		expect(ok).toBeGreaterThan(20);
	}, 120_000);
});
