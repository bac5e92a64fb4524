/**
 * Real servers for the client's plugin and integration tests: Better Auth 1.7 with the `apiToken`
 * plugin on a temporary SQLite file (better-sqlite3), in-process or on a loopback port through
 * node:http + toNodeHandler; the FastAPI example API as a uvicorn child process; and a cookie jar
 * `fetch`, since Node's fetch keeps no cookies.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { admin } from "better-auth/plugins";
import Database from "better-sqlite3";
import { apiToken } from "../../src/server/index.js";

/** A test-only secret that passes the hygiene checks on both sides. */
export const SECRET = "Zq8vLw3Rt6Yp1Nx4Kc7Hb2Jm9Gf5Ds0A-Ue_Io3PsQyT";
export const AUDIENCE = "example-api";
export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
export const PASSWORD = "correct horse battery staple";

/** A Better Auth instance for tests. */
export interface TestAuth {
	auth: ReturnType<typeof betterAuth>;
	db: Database.Database;
	setRole(userId: string, role: string): void;
	close(): void;
}

/** Better Auth with the apiToken plugin on a fresh SQLite file. */
export async function createAuth(baseURL: string): Promise<TestAuth> {
	const dir = mkdtempSync(join(tmpdir(), "baf-client-"));
	const db = new Database(join(dir, "auth.sqlite"));
	const options = {
		database: db,
		baseURL,
		secret: SECRET,
		emailAndPassword: { enabled: true },
		logger: { level: "error" },
		rateLimit: { enabled: false },
		plugins: [admin(), apiToken({ secret: SECRET, audience: AUDIENCE })],
	} satisfies BetterAuthOptions;
	const { runMigrations } = await getMigrations(options);
	await runMigrations();
	const auth = betterAuth(options) as unknown as ReturnType<typeof betterAuth>;
	return {
		auth,
		db,
		setRole(userId: string, role: string) {
			db.prepare("UPDATE user SET role = ? WHERE id = ?").run(role, userId);
		},
		close() {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Better Auth served on 127.0.0.1 at a free port; `url` is its origin (the token issuer). */
export async function startAuthServer(): Promise<
	TestAuth & { url: string; close(): Promise<void> }
> {
	let handler: ReturnType<typeof toNodeHandler> | undefined;
	const server: Server = createServer((req, res) => {
		if (handler) void handler(req, res);
		else res.writeHead(503).end();
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const instance = await createAuth(url);
	handler = toNodeHandler(instance.auth);
	return {
		...instance,
		url,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
			instance.close();
		},
	};
}

/** A free loopback port (bound, read, released). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

/** The path of the example API's entry point; the integration test needs it. */
export const EXAMPLE_API_MAIN = join(REPO, "examples", "api", "main.py");

/**
 * Starts `examples/api` with uvicorn on a free loopback port and waits for /api/health.
 * `audience: null` leaves BETTER_AUTH_AUDIENCE unset (the API then expects the issuer).
 */
export async function startExampleApi(issuer: string, audience: string | null = AUDIENCE) {
	if (!existsSync(EXAMPLE_API_MAIN)) throw new Error(`${EXAMPLE_API_MAIN} does not exist`);
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), "baf-api-"));
	const python = join(REPO, ".venv", "bin", "python");
	const child: ChildProcess = spawn(
		python,
		[
			"-m",
			"uvicorn",
			"main:app",
			"--app-dir",
			join(REPO, "examples", "api"),
			"--host",
			"127.0.0.1",
			"--port",
			String(port),
			"--log-level",
			"warning",
		],
		{
			cwd: REPO,
			env: {
				...Object.fromEntries(
					Object.entries(process.env).filter(([k]) => !k.startsWith("BETTER_AUTH_")),
				),
				BETTER_AUTH_SECRET: SECRET,
				BETTER_AUTH_URL: issuer,
				...(audience === null ? {} : { BETTER_AUTH_AUDIENCE: audience }),
				TODO_DB: join(dir, "todos.sqlite"),
			},
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
	let log = "";
	child.stdout?.on("data", (d: Buffer) => {
		log += d.toString();
	});
	child.stderr?.on("data", (d: Buffer) => {
		log += d.toString();
	});
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((r) => child.once("exit", () => r()));
			child.kill("SIGTERM");
			const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`the example API exited with ${child.exitCode}:\n${log}`);
		}
		try {
			if ((await fetch(`${url}/api/health`)).status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`the example API did not answer within 30 s:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, stop, log: () => log };
}

/**
 * A `fetch` with a cookie jar, standing in for the browser: stores `Set-Cookie`, sends `Cookie`,
 * and adds the `Origin` header Better Auth's CSRF check expects from a browser.
 */
export function cookieJarFetch(origin: string, send: typeof fetch = fetch) {
	const jar = new Map<string, string>();
	const jarFetch = async (input: string | URL | Request, init?: RequestInit) => {
		const url = input instanceof Request ? input.url : String(input);
		// Cookies and Origin only for the auth server, as a browser's same-site cookies would be.
		if (new URL(url).origin !== origin) return send(input, init);
		const headers = new Headers(init?.headers);
		if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
		if (!headers.has("origin")) headers.set("origin", origin);
		const response = await send(input, { ...init, headers });
		for (const line of response.headers.getSetCookie()) {
			const [pair = "", ...attributes] = line.split(";");
			const eq = pair.indexOf("=");
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
			if (expired) jar.delete(name);
			else jar.set(name, value);
		}
		return response;
	};
	return { fetch: jarFetch as typeof fetch, jar };
}
