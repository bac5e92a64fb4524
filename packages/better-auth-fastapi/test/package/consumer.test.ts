// The README's "Use it in your app", done as a user does it, in an empty folder outside the
// repository with no workspace link: its `run=` command blocks run as shown (the clone's in the
// repository, the app's in the folder) and its `file=` blocks are written there as shown; then a
// user signs up, gets a token, and the FastAPI app answers 200, 403 for the admin route, 200
// once make-admin.ts made them an admin, and 401 for a tampered token. A block that needs an
// edit to work fails here.
//
// What the test sets around the blocks, as a user's shell would have it: what a block exports
// (CLONE, BETTER_AUTH_SECRET) for the blocks after it; free ports instead of 3000 and 8000 (PORT
// for server.ts, uvicorn's own UVICORN_PORT, and BETTER_AUTH_URL with that port); and npm's
// --prefer-offline (the cache, not a new download).
import { type ChildProcess, spawn } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
	type CodeBlock,
	codeBlocks,
	freePort,
	plainEnv,
	REPO,
	runOk,
	section,
} from "./artifacts.js";

const PASSWORD = "correct horse battery staple";
const readme = readFileSync(join(REPO, "README.md"), "utf8");
const blocks = codeBlocks(section(readme, "Use it in your app"));
const runBlock = (name: string): CodeBlock => {
	const block = blocks.find((b) => b.attrs.run === name);
	if (!block) throw new Error(`the README's "Use it in your app" has no \`run=${name}\` block`);
	return block;
};
const root = mkdtempSync(join(tmpdir(), "baf-consumer-"));
const app = join(root, "app");
const servers: ChildProcess[] = [];
const logs = new Map<ChildProcess, string>();
let env: NodeJS.ProcessEnv = {};
let authURL = "";
let apiURL = "";

/** The environment a user's shell has: no BETTER_AUTH_* of the developer's, colour off. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const base = plainEnv({ npm_config_prefer_offline: "true", ...extra });
	for (const name of Object.keys(base))
		if (name.startsWith("BETTER_AUTH_") && !(name in extra)) delete base[name];
	// vitest's own: Better Auth reads NODE_ENV=test or TEST=true as "skip the origin checks".
	for (const name of [
		"NODE_ENV",
		"TEST",
		"VITEST",
		"VITEST_MODE",
		"VITEST_POOL_ID",
		"VITEST_WORKER_ID",
	])
		delete base[name];
	return base;
}

/**
 * Runs a README command block with bash, stopping at the first failing command, and prints how
 * long each of its commands took (bash's trace, stamped by PS4), so npm test's log shows the cost.
 */
function shell(block: CodeBlock, cwd: string) {
	const started = Date.now() / 1000;
	// bash takes no PS4 from the environment when run as root, so the trace is set up in the
	// script; after the block, what it exported is written to a file, for the next blocks.
	const exports = join(root, "exports.env");
	const after = `{ set +x; } 2>/dev/null; env -0 > '${exports}'`;
	const script = `PS4='+[$EPOCHREALTIME] '\nset -x\n${block.code}${after}\n`;
	const r = runOk("bash", ["-euo", "pipefail", "-c", script], { cwd, env, timeoutMs: 900_000 });
	const exported = new Map(
		readFileSync(exports, "utf8")
			.split("\0")
			.filter((line) => line.includes("="))
			.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
	);
	const marks = [...r.output.matchAll(/^\+\[(\d+\.\d+)\] (.*)$/gm)].map(
		(m) => [Number(m[1]), m[2] as string] as const,
	);
	marks.forEach(([at, command], i) => {
		// Assignments and exports cost nothing, and one of them holds the secret: not logged.
		if (/^(export )?\w+=/.test(command)) return;
		const next = marks[i + 1]?.[0] ?? Date.now() / 1000;
		console.log(`consumer: ${(next - at).toFixed(1).padStart(6)}s  ${command}`);
	});
	console.log(
		`consumer: ${(Date.now() / 1000 - started).toFixed(1).padStart(6)}s  in all (run=${block.attrs.run})`,
	);
	return { ...r, exported };
}

/** Starts a README command block that runs a server, in its own process group. */
function startServer(block: CodeBlock): ChildProcess {
	const child = spawn("bash", ["-euo", "pipefail", "-c", block.code], {
		cwd: app,
		env,
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
	});
	logs.set(child, "");
	const keep = (chunk: Buffer) => logs.set(child, (logs.get(child) ?? "") + chunk.toString());
	child.stdout?.on("data", keep);
	child.stderr?.on("data", keep);
	servers.push(child);
	return child;
}

/** Polls a URL until it answers at all, or fails after a generous hang guard. */
async function waitFor(url: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited:\n${logs.get(child)}`);
		try {
			await fetch(url);
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 250));
		}
	}
	throw new Error(`${url} did not answer in 120 s:\n${logs.get(child)}`);
}

async function token(cookie: string): Promise<string> {
	const r = await get(`${authURL}/api/auth/api-token`, { headers: { cookie } });
	expect(r.status).toBe(200);
	expect(r.headers.get("cache-control")).toBe("no-store");
	const body = (await r.json()) as { token: string; tokenType: string };
	expect(body.tokenType).toBe("Bearer");
	return body.token;
}

/**
 * `fetch` for idempotent requests, tried a second time when the server closed a kept-alive
 * connection just as it was reused (undici's "other side closed" after an idle pause).
 */
async function get(url: string, init: RequestInit = {}): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch (error) {
		const code = ((error as Error).cause as { code?: string } | undefined)?.code;
		if (code !== "UND_ERR_SOCKET") throw error;
		return await fetch(url, init);
	}
}

const api = (path: string, bearer?: string) =>
	get(`${apiURL}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

/** Runs one set-up step and prints how long it took, so npm test's log shows the cost. */
function timed<T>(name: string, fn: () => T): T {
	const started = Date.now();
	const result = fn();
	console.log(`consumer: ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
	return result;
}

const roles = (jwt: string) =>
	(
		JSON.parse(Buffer.from(jwt.split(".")[1] as string, "base64url").toString()) as {
			roles: string[];
		}
	).roles;

beforeAll(async () => {
	expect(root.startsWith(REPO)).toBe(false);
	mkdirSync(app);
	env = userEnv({});

	// 1. Install: build both packages in the clone, install the files in the app.
	// The clone's block ends by exporting CLONE, the path the app's block installs from.
	const clone = shell(runBlock("clone"), REPO).exported.get("CLONE") ?? "";
	expect(clone.replace(/\/$/, "")).toBe(REPO.replace(/\/$/, ""));
	env = userEnv({ CLONE: clone });
	shell(runBlock("app"), app);

	// The README's files, exactly as shown (blocks naming the same file follow each other).
	const files = new Map<string, string>();
	for (const b of blocks.filter((b) => b.attrs.file)) {
		const path = b.attrs.file as string;
		files.set(path, files.has(path) ? `${files.get(path)}\n\n${b.code}` : b.code);
	}
	for (const [path, text] of files) {
		mkdirSync(dirname(join(app, path)), { recursive: true });
		writeFileSync(join(app, path), text);
	}

	// 2. The secret and the URL as the README's block exports them; the URL then on a free port.
	const exported = shell(runBlock("env"), app).exported;
	const secret = exported.get("BETTER_AUTH_SECRET") ?? "";
	expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/); // openssl rand -base64 32
	expect(exported.get("BETTER_AUTH_URL")).toBe("http://localhost:3000");
	const [authPort, apiPort] = [await freePort(), await freePort()];
	authURL = `http://localhost:${authPort}`;
	apiURL = `http://127.0.0.1:${apiPort}`;
	env = userEnv({
		CLONE: clone,
		BETTER_AUTH_SECRET: secret,
		BETTER_AUTH_URL: authURL,
		PORT: String(authPort),
		UVICORN_PORT: String(apiPort),
	});

	// 4. Migrate; 5. serve auth; 7. serve the API.
	shell(runBlock("migrate"), app);
	const auth = startServer(runBlock("auth"));
	const uvicorn = startServer(runBlock("api"));
	await waitFor(`${authURL}/api/auth/ok`, auth);
	await waitFor(`${apiURL}/api/me`, uvicorn);
}, 900_000);

afterAll(async () => {
	await Promise.all(
		servers.map(
			(child) =>
				new Promise<void>((resolve) => {
					const group = child.pid;
					if (child.exitCode !== null || group === undefined) return resolve();
					const kill = (signal: NodeJS.Signals) => {
						try {
							process.kill(-group, signal); // bash, npx, tsx and node, or uvicorn
						} catch {} // the group is gone already
					};
					const hard = setTimeout(() => kill("SIGKILL"), 15_000);
					child.once("exit", () => {
						clearTimeout(hard);
						resolve();
					});
					kill("SIGTERM");
				}),
		),
	);
	rmSync(root, { recursive: true, force: true });
	rmSync(join(REPO, "packages-dist"), { recursive: true, force: true });
});

describe("the README's path, in an app outside the repository", () => {
	test("the app has the packed tarball and the built wheel, installed as files, not links", () => {
		const installed = join(app, "node_modules", "better-auth-fastapi");
		expect(lstatSync(installed).isSymbolicLink()).toBe(false);
		expect(lstatSync(join(installed, "dist", "server", "index.js")).isFile()).toBe(true);
		const lock = readFileSync(join(app, "package-lock.json"), "utf8");
		expect(lock).toMatch(/"resolved": "file:.*better-auth-fastapi-0\.1\.0\.tgz"/);
		const where = runOk(
			join(app, ".venv", "bin", "python"),
			[
				"-c",
				"import fastapi_better_auth, pathlib; print(pathlib.Path(fastapi_better_auth.__file__).parent)",
			],
			{ cwd: app, env },
		).stdout.trim();
		expect(where.startsWith(join(app, ".venv"))).toBe(true);
		expect(lstatSync(join(where, "py.typed")).isFile()).toBe(true);
	});

	test("servers print where they listen", () => {
		const [auth] = servers;
		expect(logs.get(auth as ChildProcess)).toContain(`Better Auth on ${authURL}/api/auth`);
	});

	let cookie = "";
	let userId = "";
	let userToken = "";
	const email = /make-admin\.ts (\S+@\S+)/.exec(runBlock("make-admin").code)?.[1] as string;

	test("sign up, get a token, and the API knows the user (200)", async () => {
		const r = await fetch(`${authURL}/api/auth/sign-up/email`, {
			method: "POST",
			// As the app's sign-up form in a browser sends it: Node's fetch, like a browser, sends
			// Sec-Fetch-Mode, and then Better Auth wants an Origin (see docs/troubleshooting.md).
			headers: { "content-type": "application/json", origin: authURL },
			body: JSON.stringify({ email, password: PASSWORD, name: "Ada" }),
		});
		expect(r.status, await r.clone().text()).toBe(200);
		userId = ((await r.json()) as { user: { id: string } }).user.id;
		cookie = r.headers
			.getSetCookie()
			.map((c) => c.split(";")[0])
			.join("; ");
		userToken = await token(cookie);
		expect(roles(userToken)).toEqual(["user"]);
		const me = await api("/api/me", userToken);
		expect(me.status).toBe(200);
		expect(await me.json()).toEqual({ id: userId, email });
	});

	test("without a token 401 TOKEN_MISSING; a tampered token 401 SIGNATURE_INVALID", async () => {
		const none = await api("/api/me");
		expect(none.status).toBe(401);
		expect(((await none.json()) as { code: string }).code).toBe("TOKEN_MISSING");
		const [head, body, sig] = userToken.split(".") as [string, string, string];
		const flipped = `${sig.slice(0, 5)}${sig[5] === "A" ? "B" : "A"}${sig.slice(6)}`;
		const tampered = await api("/api/me", `${head}.${body}.${flipped}`);
		expect(tampered.status).toBe(401);
		expect(tampered.headers.get("www-authenticate")).toContain('error="invalid_token"');
		expect(((await tampered.json()) as { code: string }).code).toBe("SIGNATURE_INVALID");
	});

	test("Better Auth runs as in production: a cookie POST without Origin is 403 MISSING_OR_NULL_ORIGIN", async () => {
		const r = await fetch(`${authURL}/api/auth/update-user`, {
			method: "POST",
			headers: { cookie, "content-type": "application/json" },
			body: JSON.stringify({ name: "Ada L." }),
		});
		expect(r.status).toBe(403);
		expect(((await r.json()) as { code: string }).code).toBe("MISSING_OR_NULL_ORIGIN");
	});

	test("the admin route: 403 ROLE_MISSING as a user", async () => {
		const r = await api("/api/admin", userToken);
		expect(r.status).toBe(403);
		expect(r.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
		expect(((await r.json()) as { code: string }).code).toBe("ROLE_MISSING");
	});

	test("make-admin.ts; then the next token carries the role and the admin route answers 200", async () => {
		expect(shell(runBlock("make-admin"), app).stdout).toContain(`${email} is an admin`);
		const adminToken = await token(cookie);
		expect(roles(adminToken)).toEqual(["admin"]);
		const r = await api("/api/admin", adminToken);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ admin: userId });
		// The earlier token keeps the roles it was issued with, until it expires.
		expect((await api("/api/admin", userToken)).status).toBe(403);
	});

	test("the Next.js route handler serves the same Better Auth, the token endpoint included", async () => {
		const check = [
			'import { GET } from "./app/api/auth/[...all]/route";',
			"const base = process.env.BETTER_AUTH_URL;",
			'const ok = await GET(new Request(base + "/api/auth/ok"));',
			'const headers = { cookie: process.env.COOKIE ?? "" };',
			'const token = await GET(new Request(base + "/api/auth/api-token", { headers }));',
			"console.log(JSON.stringify({ ok: ok.status, status: token.status, ...(await token.json()) }));",
		].join("\n");
		writeFileSync(join(app, "route-check.ts"), `${check}\n`);
		const out = runOk("npx", ["tsx", "route-check.ts"], {
			cwd: app,
			env: { ...env, COOKIE: cookie },
		}).stdout;
		const result = JSON.parse(out.trim().split("\n").at(-1) as string) as {
			ok: number;
			status: number;
			token: string;
		};
		expect(result).toMatchObject({ ok: 200, status: 200 });
		expect((await api("/api/me", result.token)).status).toBe(200);
	});
	test("better-auth-fastapi/react works with React 18, which the peer range allows", () => {
		timed("npm install react@18 react-dom@18", () =>
			runOk("npm", ["install", "react@18", "react-dom@18"], { cwd: app, env }),
		);
		const check = [
			'import { createElement, version } from "react";',
			'import { renderToString } from "react-dom/server";',
			'import { createAuthClient } from "better-auth/client";',
			'import { apiTokenClient } from "better-auth-fastapi/client";',
			'import { useApiFetch } from "better-auth-fastapi/react";',
			"const authClient = createAuthClient({ baseURL: process.env.BETTER_AUTH_URL, plugins: [apiTokenClient()] });",
			"function Probe() {",
			'	const apiFetch = useApiFetch({ baseURL: "http://127.0.0.1:8000", authClient });',
			'	return createElement("p", null, typeof apiFetch);',
			"}",
			"console.log(JSON.stringify({ react: version, html: renderToString(createElement(Probe)) }));",
		].join("\n");
		writeFileSync(join(app, "react-check.ts"), `${check}\n`);
		const out = runOk("npx", ["tsx", "react-check.ts"], { cwd: app, env }).stdout;
		const result = JSON.parse(out.trim().split("\n").at(-1) as string) as {
			react: string;
			html: string;
		};
		expect(result.react).toMatch(/^18\./);
		expect(result.html).toBe("<p>function</p>");
	});
});
