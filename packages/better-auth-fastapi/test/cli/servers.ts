/**
 * Real servers for the CLI tests: a child process on a free loopback port, ready once its health
 * URL answers 200; `stop()` ends it (SIGTERM, then SIGKILL).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
/** The bin as npm links it (it imports the built dist/cli/index.js). */
export const CLI = join(REPO, "packages", "better-auth-fastapi", "bin", "better-auth-fastapi.js");
/** What the build makes of src/cli/index.ts. */
export const DIST = join(REPO, "packages", "better-auth-fastapi", "dist", "cli", "index.js");
export const PYTHON = join(REPO, ".venv", "bin", "python");
/** A test-only secret that passes both sides' hygiene rules. */
export const SECRET = "Zq8vLw3Rt6Yp1Nx4Kc7Hb2Jm9Gf5Ds0A-Ue_Io3PsQyT";
/** Another one, for "the sides hold different secrets". */
export const OTHER_SECRET = "u7Hc2Lq9Wd4Rk1Tz6Xp3Vn8Bm5Gj0Fs_Ya-Ei2OrKwN";

/** A free loopback port (bound, read, released). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

/** The environment without any BETTER_AUTH_* of the caller's. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	return {
		...Object.fromEntries(
			Object.entries(process.env).filter(([k]) => !k.startsWith("BETTER_AUTH_")),
		),
		...extra,
	};
}

/** A running server. */
export interface Running {
	url: string;
	port: number;
	dir: string;
	stop(): Promise<void>;
	log(): string;
}

/** Starts `cmd args` with `env` (PORT-style placeholders already filled) and waits for `health`. */
export async function startServer(
	make: (
		port: number,
		dir: string,
	) => { cmd: string; args: string[]; env: NodeJS.ProcessEnv; health: string },
): Promise<Running> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), "baf-cli-"));
	const { cmd, args, env, health } = make(port, dir);
	const child: ChildProcess = spawn(cmd, args, {
		cwd: REPO,
		env,
		stdio: ["ignore", "pipe", "pipe"],
	});
	let log = "";
	child.stdout?.on("data", (d: Buffer) => {
		log += d.toString();
	});
	child.stderr?.on("data", (d: Buffer) => {
		log += d.toString();
	});
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
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`${cmd} exited with ${child.exitCode}:\n${log}`);
		}
		try {
			if ((await fetch(health)).status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${cmd} did not answer within 60 s:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	return { url: `http://127.0.0.1:${port}`, port, dir, stop, log: () => log };
}

/** uvicorn serving `module:app` from `appDir`. */
export function startUvicorn(
	module: string,
	appDir: string,
	env: Record<string, string>,
): Promise<Running> {
	return startServer((port, dir) => ({
		cmd: PYTHON,
		args: [
			"-m",
			"uvicorn",
			`${module}:app`,
			"--app-dir",
			appDir,
			"--host",
			"127.0.0.1",
			"--port",
			String(port),
			"--log-level",
			"warning",
		],
		env: cleanEnv({ TODO_DB: join(dir, "todos.sqlite"), ...env }),
		health: `http://127.0.0.1:${port}/api/health`,
	}));
}

/** The example API (examples/api). */
export function startExampleApi(env: Record<string, string>): Promise<Running> {
	return startUvicorn("main", join(REPO, "examples", "api"), env);
}

/** The naive FastAPI verifier fixture. */
export function startNaiveApi(secret: string): Promise<Running> {
	return startUvicorn(
		"naive_api",
		join(REPO, "packages", "better-auth-fastapi", "test", "cli", "fixtures"),
		{
			BETTER_AUTH_SECRET: secret,
		},
	);
}

/** The standalone example auth server (examples/auth-server: Better Auth + the plugin on SQLite). */
export function startAuthServer(
	env: Record<string, string>,
	issuerHost = "127.0.0.1",
): Promise<Running> {
	return startServer((port, dir) => ({
		cmd: join(REPO, "node_modules", ".bin", "tsx"),
		args: ["--tsconfig", "examples/auth-server/tsconfig.json", "examples/auth-server/server.ts"],
		env: cleanEnv({
			PORT: String(port),
			BETTER_AUTH_URL: `http://${issuerHost}:${port}`,
			AUTH_DB_PATH: join(dir, "auth.sqlite"),
			...env,
		}),
		health: `http://127.0.0.1:${port}/api/auth/ok`,
	}));
}
