/**
 * Real processes for the rotation drill and the scale-out test: the example Better Auth server
 * (`examples/auth-server`, run with tsx) and the example API under `uvicorn --workers N`, each on
 * a free loopback port, plus a small round-robin HTTP load balancer that can drain an upstream
 * (what a rolling restart behind any load balancer does).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
/** Two hygienic test secrets (what `openssl rand -base64 32` prints). */
export const OLD_SECRET = "s1Hq9Vb3Kx7Lm2Np6Rt0Wz4Yc8Fd5Gj-Ua_Ie3Ok7Pw";
export const NEW_SECRET = "Zt5Qm1Xr8Vn3Bk6Hw0Lc9Pj2Gd4Fs7Ya-Ue_Io1Uq5T";

/** A free loopback port (bound, read, released). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

/** The parent's environment without anything that would configure the children. */
function baseEnv(): Record<string, string> {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			(e): e is [string, string] =>
				e[1] !== undefined && !e[0].startsWith("BETTER_AUTH_") && e[0] !== "DATABASE_URL",
		),
	);
}

/** A child process serving HTTP on `url`. */
export interface Service {
	url: string;
	pid: number | undefined;
	log(): string;
	/** SIGTERM (graceful), SIGKILL after 10 s. */
	stop(): Promise<void>;
}

async function serve(
	label: string,
	command: string,
	args: string[],
	env: Record<string, string>,
	port: number,
	readyPath: string,
	cleanup: () => void = () => {},
): Promise<Service> {
	const child: ChildProcess = spawn(command, args, {
		cwd: REPO,
		env: { ...baseEnv(), ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
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
			const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
			await exited;
			clearTimeout(timer);
		}
		cleanup();
	};
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`${label} exited with ${child.exitCode}:\n${log}`);
		}
		try {
			if ((await fetch(url + readyPath)).status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${label} did not answer within 60 s:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, pid: child.pid, log: () => log, stop };
}

/**
 * `examples/auth-server` on a free port. `env` sets its secrets, `BETTER_AUTH_URL` (the public
 * origin, e.g. a load balancer's), `AUTH_DB_PATH` or `DATABASE_URL`, `API_TOKEN_LIFETIME_SECONDS`.
 */
export async function startAuthServer(env: Record<string, string>): Promise<Service> {
	const port = await freePort();
	return serve(
		"the auth server",
		process.execPath,
		["--import", "tsx", join(REPO, "examples", "auth-server", "server.ts")],
		{ HOST: "127.0.0.1", PORT: String(port), ...env },
		port,
		"/api/auth/ok",
	);
}

/** `uvicorn main:app --workers N` for `examples/api` on a free port. */
export async function startApi(env: Record<string, string>, workers = 2): Promise<Service> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), "baf-api-"));
	return serve(
		`the example API (${workers} workers)`,
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
			String(port),
			"--workers",
			String(workers),
			"--log-level",
			"warning",
		],
		{ TODO_DB: join(dir, "todos.sqlite"), ...env },
		port,
		"/api/health",
		() => rmSync(dir, { recursive: true, force: true }),
	);
}

/**
 * A round-robin HTTP load balancer over a changing set of upstreams. `drain` takes one out of
 * the rotation and waits for its requests in flight, as a rolling restart does. Upstream
 * connections are not kept alive, so a stopped upstream never holds a client request.
 */
export class LoadBalancer {
	readonly url: string;
	private readonly server: Server;
	private readonly upstreams: string[] = [];
	private readonly inFlight = new Map<string, number>();
	private next = 0;
	/** Requests the balancer could not pass on (a client would see them fail). */
	failures = 0;

	private constructor(server: Server, url: string) {
		this.server = server;
		this.url = url;
	}

	static async start(): Promise<LoadBalancer> {
		let lb: LoadBalancer | undefined;
		const server = createServer((req, res) => lb?.proxy(req, res));
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		lb = new LoadBalancer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		return lb;
	}

	add(upstream: string): void {
		this.upstreams.push(upstream);
	}

	/** Stops sending new requests to `upstream` and resolves once none is in flight there. */
	async drain(upstream: string): Promise<void> {
		const i = this.upstreams.indexOf(upstream);
		if (i !== -1) this.upstreams.splice(i, 1);
		while ((this.inFlight.get(upstream) ?? 0) > 0) await new Promise((r) => setTimeout(r, 10));
	}

	private proxy(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
		const upstream = this.upstreams[this.next++ % Math.max(this.upstreams.length, 1)];
		if (upstream === undefined) {
			this.failures++;
			res.writeHead(503).end();
			return;
		}
		this.inFlight.set(upstream, (this.inFlight.get(upstream) ?? 0) + 1);
		const done = () => this.inFlight.set(upstream, (this.inFlight.get(upstream) ?? 1) - 1);
		const target = new URL(req.url ?? "/", upstream);
		const out = httpRequest(
			target,
			{ method: req.method, headers: req.headers, agent: false },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on("end", done);
				answer.on("error", done);
			},
		);
		out.on("error", () => {
			done();
			this.failures++;
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(out);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((r) => this.server.close(() => r()));
	}
}
