// The servers a browser suite needs, on free loopback ports: the example FastAPI API (uvicorn) and
// the built web app (`next start`), with Better Auth on a fresh SQLite file or on PostgreSQL.
// Everything is reached as http://localhost:<port>: one host name, so the origin Better Auth
// trusts, the token issuer and the API's CORS origin all agree.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const WEB_DIR = join(REPO, "examples", "web");
/** A test-only secret that passes the hygiene checks on both sides. */
export const SECRET = "Zq8vLw3Rt6Yp1Nx4Kc7Hb2Jm9Gf5Ds0A-Ue_Io3PsQyT";
export const PASSWORD = "correct horse battery staple";

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const address = server.address();
	await new Promise<void>((r) => server.close(() => r()));
	return typeof address === "object" && address !== null ? address.port : 0;
}

interface Child {
	process: ChildProcess;
	log: () => string;
	stop: () => Promise<void>;
}

function launch(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
	const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
	let log = "";
	child.stdout?.on("data", (d: Buffer) => {
		log += d.toString();
	});
	child.stderr?.on("data", (d: Buffer) => {
		log += d.toString();
	});
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((r) => child.once("exit", () => r()));
		child.kill("SIGTERM");
		const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
		await exited;
		clearTimeout(timer);
	};
	return { process: child, log: () => log, stop };
}

async function waitFor(url: string, child: Child, name: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.process.exitCode !== null) {
			throw new Error(`${name} exited with ${child.process.exitCode}:\n${child.log()}`);
		}
		try {
			if ((await fetch(url)).status < 500) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline)
			throw new Error(`${name} did not answer within 60 s:\n${child.log()}`);
		await new Promise((r) => setTimeout(r, 150));
	}
}

export interface StackOptions {
	/** Better Auth on PostgreSQL at this URL; default a fresh SQLite file. */
	databaseUrl?: string | undefined;
	/** The access tokens' lifetime (the contract allows 30 to 3600). Default 900. */
	lifetimeSeconds?: number | undefined;
}

export interface Stack {
	web: string;
	api: string;
	/** The environment the servers run with (make-admin needs the same database settings). */
	env: NodeJS.ProcessEnv;
	logs(): string;
	stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const dir = mkdtempSync(join(tmpdir(), "baf-web-"));
	const [webPort, apiPort] = [await freePort(), await freePort()];
	const web = `http://localhost:${webPort}`;
	const api = `http://localhost:${apiPort}`;
	const base = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !k.startsWith("BETTER_AUTH_") && k !== "DATABASE_URL" && k !== "NODE_ENV",
		),
	);
	const env = {
		...base,
		BETTER_AUTH_SECRET: SECRET,
		BETTER_AUTH_URL: web,
		NEXT_TELEMETRY_DISABLED: "1",
		// vitest sets "test"; `next start` serves production builds.
		NODE_ENV: "production" as const,
		...(options.databaseUrl
			? { DATABASE_URL: options.databaseUrl }
			: { AUTH_DB_PATH: join(dir, "auth.sqlite") }),
		...(options.lifetimeSeconds
			? { API_TOKEN_LIFETIME_SECONDS: String(options.lifetimeSeconds) }
			: {}),
	};
	const apiServer = launch(
		join(REPO, ".venv", "bin", "python"),
		[
			"-m",
			"uvicorn",
			"main:app",
			"--app-dir",
			join(REPO, "examples", "api"),
			"--host",
			"127.0.0.1",
			"--port",
			String(apiPort),
			"--log-level",
			"warning",
		],
		REPO,
		{ ...env, WEB_ORIGIN: web, TODO_DB: join(dir, "todos.sqlite") },
	);
	const webServer = launch(
		process.execPath,
		[join(REPO, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1"],
		WEB_DIR,
		{ ...env, PORT: String(webPort), API_URL: api },
	);
	const stop = async () => {
		await Promise.all([webServer.stop(), apiServer.stop()]);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await Promise.all([
			waitFor(`${api}/api/health`, apiServer, "the example API"),
			waitFor(`${web}/sign-in`, webServer, "the web app"),
		]);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		web,
		api,
		env,
		logs: () => `--- web\n${webServer.log()}\n--- api\n${apiServer.log()}`,
		stop,
	};
}
