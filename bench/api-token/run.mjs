// Benchmark: GET /api/auth/api-token against GET /api/auth/get-session (the baseline), on the same
// example Better Auth server (examples/auth-server, real SQLite file), in the same run, loopback
// only. Both endpoints load the session the same way; the difference is the token's claims and
// HMAC signature. Target: api-token p50 <= 1.15 x get-session p50.
//
//   node bench/api-token/run.mjs [--seconds 4] [--rounds 3] [--concurrency 4] [--json] [--check]
//
// The two endpoints run in alternating rounds (A B A B ...) so drift (JIT warm-up, SQLite page
// cache, CPU frequency) hits both alike. Total run time is bounded: about
// 5 s start-up + 2 x warm-up + 2 x rounds x seconds (default ~35 s).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
	options: {
		seconds: { type: "string", default: "4" },
		rounds: { type: "string", default: "3" },
		concurrency: { type: "string", default: "4" },
		warmup: { type: "string", default: "2" },
		json: { type: "boolean", default: false },
		check: { type: "boolean", default: false },
	},
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);
const TARGET = 1.15;
if (2 * warmup + 2 * rounds * seconds > 50) {
	console.error("bench: keep 2 x warmup + 2 x rounds x seconds <= 50 s");
	process.exit(2);
}

const freePort = () =>
	new Promise((resolve, reject) => {
		const s = createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), "bench-api-token-"));
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["--import", "tsx", "examples/auth-server/server.ts"], {
	cwd: root,
	stdio: ["ignore", "ignore", "inherit"],
	env: {
		...process.env,
		NODE_ENV: "development", // Better Auth's rate limiter stays off, as in development.
		TSX_TSCONFIG_PATH: join(root, "examples", "auth-server", "tsconfig.json"),
		BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
		BETTER_AUTH_URL: `http://localhost:${port}`,
		PORT: String(port),
		HOST: "127.0.0.1",
		AUTH_DB_PATH: join(dir, "auth.sqlite"),
	},
});
const cleanup = () => {
	server.kill("SIGTERM");
	rmSync(dir, { recursive: true, force: true });
};
process.on("SIGINT", () => {
	cleanup();
	process.exit(130);
});

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

/** One request; resolves with [status, body, headers]. */
function send(path, { method = "GET", headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = request(
			`${origin}/api/auth${path}`,
			{ method, agent, headers: { origin: `http://localhost:${port}`, ...headers } },
			(res) => {
				const chunks = [];
				res.on("data", (c) => chunks.push(c));
				res.on("end", () => resolve([res.statusCode, Buffer.concat(chunks), res.headers]));
			},
		);
		req.on("error", reject);
		req.end(body);
	});
}

async function waitReady() {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		try {
			const [status] = await send("/ok");
			if (status === 200) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error("the example auth server did not start within 30 s");
}

/** Runs `path` with `concurrency` workers for `secs` seconds; returns latencies in ms. */
async function load(path, headers, secs) {
	const latencies = [];
	const until = performance.now() + secs * 1000;
	let failures = 0;
	const worker = async () => {
		while (performance.now() < until) {
			const t0 = performance.now();
			const [status] = await send(path, { headers });
			const t1 = performance.now();
			if (status !== 200) failures++;
			latencies.push(t1 - t0);
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	if (failures > 0) throw new Error(`${path}: ${failures} non-200 answers`);
	return { latencies, elapsed: (performance.now() - started) / 1000 };
}

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(runs) {
	const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const elapsed = runs.reduce((s, r) => s + r.elapsed, 0);
	return {
		requests: latencies.length,
		rps: latencies.length / elapsed,
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
	};
}

try {
	await waitReady();
	const [status, , headers] = await send("/sign-up/email", {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({
			email: "bench@example.com",
			password: "correct horse battery staple",
			name: "Bench",
		}),
	});
	if (status !== 200) throw new Error(`sign-up failed with ${status}`);
	const cookie = String(headers["set-cookie"]).split(";")[0];
	const auth = { cookie };
	const [tokenStatus] = await send("/api-token", { headers: auth });
	if (tokenStatus !== 200) throw new Error(`GET /api-token answered ${tokenStatus}`);

	await load("/get-session", auth, warmup);
	await load("/api-token", auth, warmup);
	const session = [];
	const token = [];
	for (let r = 0; r < rounds; r++) {
		session.push(await load("/get-session", auth, seconds));
		token.push(await load("/api-token", auth, seconds));
	}
	const s = summarize(session);
	const t = summarize(token);
	const result = {
		concurrency,
		seconds: seconds * rounds,
		getSession: s,
		apiToken: t,
		ratio: { p50: t.p50 / s.p50, p99: t.p99 / s.p99, rps: t.rps / s.rps },
		target: { p50: TARGET, met: t.p50 / s.p50 <= TARGET },
	};
	if (values.json) {
		console.log(JSON.stringify(result, null, 2));
	} else {
		const row = (name, x) =>
			`${name.padEnd(26)}${x.rps.toFixed(0).padStart(9)}${x.p50.toFixed(2).padStart(10)}${x.p99.toFixed(2).padStart(10)}`;
		console.log(
			`loopback, ${concurrency} connections, ${rounds} x ${seconds} s per endpoint, alternating`,
		);
		console.log(
			`${"endpoint".padEnd(26)}${"req/s".padStart(9)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}`,
		);
		console.log(row("GET /get-session (base)", s));
		console.log(row("GET /api-token", t));
		console.log(
			`ratio api-token/get-session: p50 ${result.ratio.p50.toFixed(3)}, p99 ${result.ratio.p99.toFixed(3)}, req/s ${result.ratio.rps.toFixed(3)}`,
		);
		console.log(`target p50 <= ${TARGET} x get-session: ${result.target.met ? "met" : "NOT met"}`);
	}
	if (values.check && !result.target.met) process.exitCode = 1;
} catch (e) {
	console.error(`bench: ${e.message}`);
	process.exitCode = 1;
} finally {
	agent.destroy();
	cleanup();
}
