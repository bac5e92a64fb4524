// `npm start`: the example stack. Installs what it needs, makes sure a development secret exists,
// builds and starts the Next.js web app (examples/web, Better Auth inside it, port 3000) and the
// FastAPI API (examples/api, port 8000), prints their URLs and stops both on Ctrl-C.
//
//   npm start                  the web app and the API
//   npm start -- --only web    only the web app
//   npm start -- --only api    only the FastAPI API
//   npm start -- --only auth   only the standalone Better Auth server (examples/auth-server), for a
//                              front end that is not Next.js (npm run auth does the same)
//
// Environment: BETTER_AUTH_SECRET (default: a generated development secret kept in .dev/secret),
// BETTER_AUTH_URL (default http://localhost:$PORT), BETTER_AUTH_AUDIENCE (optional),
// DATABASE_URL (Better Auth on PostgreSQL; default SQLite in examples/web/.dev/auth.sqlite),
// PORT (web app or auth server, default 3000), API_PORT (default 8000).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureBuilt, ensureNode, ensurePython, root, venvPython } from "./setup.mjs";
import { ensureWebBuilt, nextBin, webDir } from "./web.mjs";

const { values } = parseArgs({ options: { only: { type: "string" } } });
if (values.only !== undefined && !["web", "api", "auth"].includes(values.only)) {
	console.error('start: --only takes "web", "api" or "auth"');
	process.exit(2);
}
const wantWeb = values.only === undefined || values.only === "web";
const wantApi = values.only === undefined || values.only === "api";
const wantAuth = values.only === "auth";

ensureNode();
if (wantApi) ensurePython();
if (wantWeb || wantAuth) ensurePackageBuilt();
if (wantWeb) ensureWebBuilt();

/** Builds the npm package (the web app and the auth server import its dist/) when it is stale. */
function ensurePackageBuilt() {
	const pkg = join(root, "packages", "better-auth-fastapi");
	const built = join(pkg, "dist", "client", "index.js");
	const newest = (dir) =>
		readdirSync(dir, { withFileTypes: true, recursive: true })
			.filter((e) => e.isFile())
			.reduce((max, e) => Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
	if (!existsSync(built) || newest(join(pkg, "src")) > statSync(built).mtimeMs) ensureBuilt();
}

/** BETTER_AUTH_SECRET from the environment, else the development secret in .dev/secret. */
function developmentSecret() {
	if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
	const dir = join(root, ".dev");
	const file = join(dir, "secret");
	if (existsSync(file)) {
		console.error(
			"start: BETTER_AUTH_SECRET is unset; using the development secret in .dev/secret",
		);
		return readFileSync(file, "utf8").trim();
	}
	mkdirSync(dir, { recursive: true });
	const secret = randomBytes(32).toString("base64url");
	writeFileSync(file, `${secret}\n`, { mode: 0o600 });
	console.error(
		"start: BETTER_AUTH_SECRET is unset; generated a development secret into .dev/secret (never use it in production)",
	);
	return secret;
}

const port = process.env.PORT ?? "3000";
const apiPort = process.env.API_PORT ?? "8000";
const webOrigin = `http://localhost:${port}`;
const apiOrigin = `http://localhost:${apiPort}`;
const env = {
	...process.env,
	BETTER_AUTH_SECRET: developmentSecret(),
	BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? webOrigin,
	PORT: port,
	NEXT_TELEMETRY_DISABLED: "1",
};

const children = [];
let stopping = false;

function start(name, cmd, args, options = {}) {
	// Each child in its own process group: Ctrl-C reaches only this script, which stops each
	// child once, with SIGTERM. uvicorn shuts down cleanly on SIGTERM at any moment, while a
	// SIGINT that lands during its start-up was seen to be ignored (the server kept running), and
	// a terminal's SIGINT plus a forwarded one would reach it twice.
	const child = spawn(cmd, args, {
		cwd: options.cwd ?? root,
		env: { ...env, ...options.env },
		stdio: "inherit",
		detached: true,
	});
	child.on("exit", (code, signal) => {
		children.splice(children.indexOf(child), 1);
		if (!stopping) {
			console.error(`start: ${name} exited (${signal ?? code}); stopping the rest`);
			process.exitCode = code || 1;
			stop();
		}
		if (children.length === 0) process.exit();
	});
	children.push(child);
	return child;
}

function stop() {
	stopping = true;
	for (const child of children) child.kill("SIGTERM");
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("exit", () => {
	for (const child of children) child.kill("SIGKILL");
});

async function waitFor(url, name) {
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline && !stopping) {
		try {
			const res = await fetch(url);
			if (res.status < 500) return true;
		} catch {}
		await new Promise((r) => setTimeout(r, 250));
	}
	if (!stopping) console.error(`start: ${name} did not answer at ${url} within 90 s`);
	return false;
}

/** Where Better Auth keeps its tables, without the password of a DATABASE_URL. */
function database() {
	if (process.env.DATABASE_URL) {
		try {
			const { hostname, port, pathname } = new URL(process.env.DATABASE_URL);
			return `PostgreSQL ${hostname}:${port || "5432"}${pathname} (DATABASE_URL)`;
		} catch {
			return "PostgreSQL (DATABASE_URL)"; // the web app refuses a bad URL at start-up
		}
	}
	const path = resolve(webDir, process.env.AUTH_DB_PATH ?? ".dev/auth.sqlite");
	const shown = relative(root, path);
	return `SQLite ${shown.startsWith("..") || isAbsolute(shown) ? path : shown}`;
}

const ready = [];
if (wantWeb) {
	start("web app", process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", port], {
		cwd: webDir,
		env: { API_URL: process.env.API_URL ?? apiOrigin, NODE_ENV: "production" },
	});
	ready.push(
		waitFor(`http://127.0.0.1:${port}/sign-in`, "web app").then((ok) =>
			ok
				? [
						`Web app:      ${webOrigin}  (sign up at ${webOrigin}/sign-up; Better Auth on ${database()})`,
						`              open it as ${webOrigin}, not 127.0.0.1: cookies, CORS and the token issuer use that host`,
						"Make admin:   npm run make-admin -- ada@example.com",
					].join("\n")
				: null,
		),
	);
}
if (wantAuth) {
	start("auth server", process.execPath, ["--import", "tsx", "examples/auth-server/server.ts"], {
		env: { TSX_TSCONFIG_PATH: join(root, "examples", "auth-server", "tsconfig.json") },
	});
	ready.push(
		waitFor(`http://127.0.0.1:${port}/api/auth/ok`, "auth server").then((ok) =>
			ok ? `Better Auth:  ${env.BETTER_AUTH_URL}/api/auth  (token: GET /api/auth/api-token)` : null,
		),
	);
}
if (wantApi) {
	start(
		"example API",
		venvPython,
		[
			"-m",
			"uvicorn",
			"main:app",
			"--app-dir",
			"examples/api",
			"--host",
			"127.0.0.1",
			"--port",
			apiPort,
		],
		{ env: { WEB_ORIGIN: process.env.WEB_ORIGIN ?? webOrigin } },
	);
	ready.push(
		waitFor(`http://127.0.0.1:${apiPort}/openapi.json`, "example API").then((ok) =>
			ok ? `FastAPI API:  ${apiOrigin}  (docs: ${apiOrigin}/docs)` : null,
		),
	);
}
const lines = (await Promise.all(ready)).filter(Boolean);
if (lines.length > 0 && !stopping) {
	console.log(`\n${lines.join("\n")}\nPress Ctrl-C to stop.\n`);
}
