// `npm start`: the example stack. Installs what it needs, makes sure a development secret exists,
// starts the example Better Auth server (examples/auth-server, port 3000) and, when present, the
// example FastAPI API (examples/api, port 8000), prints their URLs and stops both on Ctrl-C.
//
//   npm start                  both
//   npm start -- --only auth   only the Better Auth server
//   npm start -- --only api    only the FastAPI API
//
// Environment: BETTER_AUTH_SECRET (default: a generated development secret kept in .dev/secret),
// BETTER_AUTH_URL (default http://localhost:$PORT), BETTER_AUTH_AUDIENCE (optional),
// PORT (auth server, default 3000), API_PORT (default 8000).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureNode, ensurePython, root, venvPython } from "./setup.mjs";

const { values } = parseArgs({ options: { only: { type: "string" } } });
if (values.only !== undefined && values.only !== "auth" && values.only !== "api") {
	console.error('start: --only takes "auth" or "api"');
	process.exit(2);
}
const apiMain = join(root, "examples", "api", "main.py");
const wantAuth = values.only !== "api";
const wantApi = values.only !== "auth" && existsSync(apiMain);
if (values.only === "api" && !wantApi) {
	console.error("start: examples/api/main.py does not exist yet");
	process.exit(2);
}

ensureNode();
if (wantApi) ensurePython();

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
const env = {
	...process.env,
	BETTER_AUTH_SECRET: developmentSecret(),
	BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`,
	PORT: port,
};

const children = [];
let stopping = false;

function start(name, cmd, args, extraEnv = {}) {
	const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
	child.on("exit", (code, signal) => {
		children.splice(children.indexOf(child), 1);
		if (!stopping) {
			console.error(`start: ${name} exited (${signal ?? code}); stopping the rest`);
			process.exitCode = code || 1;
			stop("SIGTERM");
		}
		if (children.length === 0) process.exit();
	});
	children.push(child);
	return child;
}

function stop(signal) {
	stopping = true;
	for (const child of children) child.kill(signal);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

async function waitFor(url, name) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline && !stopping) {
		try {
			const res = await fetch(url);
			if (res.status < 500) return true;
		} catch {}
		await new Promise((r) => setTimeout(r, 250));
	}
	if (!stopping) console.error(`start: ${name} did not answer at ${url} within 60 s`);
	return false;
}

const ready = [];
if (wantAuth) {
	start("auth server", process.execPath, ["--import", "tsx", "examples/auth-server/server.ts"], {
		TSX_TSCONFIG_PATH: join(root, "examples", "auth-server", "tsconfig.json"),
	});
	ready.push(
		waitFor(`http://127.0.0.1:${port}/api/auth/ok`, "auth server").then((ok) =>
			ok ? `Better Auth:  ${env.BETTER_AUTH_URL}/api/auth  (token: GET /api/auth/api-token)` : null,
		),
	);
}
if (wantApi) {
	start("example API", venvPython, [
		"-m",
		"uvicorn",
		"main:app",
		"--app-dir",
		"examples/api",
		"--host",
		"127.0.0.1",
		"--port",
		apiPort,
	]);
	ready.push(
		waitFor(`http://127.0.0.1:${apiPort}/openapi.json`, "example API").then((ok) =>
			ok ? `FastAPI API:  http://localhost:${apiPort}  (docs: /docs)` : null,
		),
	);
}
const lines = (await Promise.all(ready)).filter(Boolean);
if (lines.length > 0 && !stopping) {
	console.log(`\n${lines.join("\n")}\nPress Ctrl-C to stop.\n`);
}
