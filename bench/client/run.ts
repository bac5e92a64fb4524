// Benchmark: the better-auth-fastapi client's token handling against two baselines, in one run,
// on one simulated workload: 30 simulated minutes, 1,000 API calls in bursts of up to 50
// concurrent calls, 900 s tokens. Time is virtual (a discrete-event clock), so the run takes a
// second or two and is exactly reproducible; latencies are fixed round-trip times.
//
//   npx tsx bench/client/run.ts [--json] [--check] [--seed 1] [--token-rtt 25] [--api-rtt 20]
//
// Strategies:
//   client         this package: createApiFetch over the TokenManager (cache, refresh ahead,
//                  one shared refresh, retry once on 401 invalid_token); also run with the
//                  client's wall clock 10 minutes fast and 10 minutes slow.
//   per-call       fetch a new token from GET /api/auth/api-token before every call.
//   jwt-token      call Better Auth's authClient.token() before every call: a real auth client
//                  with the jwt plugin's client, whose fetch is the simulated GET /api/auth/token.
//   (reference)    a naive cache that trusts `expiresAt` against a client clock 10 minutes slow,
//                  to show what the expiry-401 column catches.
// Printed per strategy: token requests; extra round trips (token requests + replayed API calls,
// i.e. every trip beyond one per call); calls that had to wait for a token request; 401s caused
// by expiry (the API here has no leeway, stricter than the contract's 30 s); retries; failed
// calls; and added latency per call (call latency minus the API's own round trip), mean and p99.
// Target (client): token requests <= ceil(30 min / 15 min) + 1 (+1 per 401), zero expiry 401s.
import { parseArgs } from "node:util";
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { createApiFetch } from "../../packages/better-auth-fastapi/src/client/fetch.js";
import {
	type Clock,
	TokenManager,
} from "../../packages/better-auth-fastapi/src/client/token-manager.js";
import type { TokenResponse } from "../../packages/better-auth-fastapi/src/client/token-response.js";

const { values } = parseArgs({
	options: {
		json: { type: "boolean", default: false },
		check: { type: "boolean", default: false },
		seed: { type: "string", default: "1" },
		"token-rtt": { type: "string", default: "25" },
		"api-rtt": { type: "string", default: "20" },
	},
});
const DURATION_MS = 30 * 60_000;
const CALLS = 1000;
const MAX_BURST = 50;
const LIFETIME_S = 900;
const TOKEN_RTT = Number(values["token-rtt"]);
const API_RTT = Number(values["api-rtt"]);
const EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

/** Discrete-event virtual time: `sleep` resolves when the driver reaches its instant. */
class VirtualTime {
	now = 0;
	#queue: { at: number; seq: number; resolve: () => void }[] = [];
	#seq = 0;
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			this.#queue.push({ at: this.now + ms, seq: this.#seq++, resolve });
		});
	}
	async run(): Promise<void> {
		for (;;) {
			await new Promise((r) => setImmediate(r)); // let every ready task schedule its sleeps
			if (this.#queue.length === 0) return;
			this.#queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.#queue.shift() as { at: number; resolve: () => void };
			this.now = next.at;
			next.resolve();
		}
	}
}

/** mulberry32: a small seeded PRNG, so every strategy gets the same workload. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Bursts of 1..50 calls at random instants over 30 minutes, 1,000 calls in all. */
function workload(seed: number): { at: number; size: number }[] {
	const random = prng(seed);
	const bursts: { at: number; size: number }[] = [];
	let left = CALLS;
	while (left > 0) {
		const size = Math.min(left, 1 + Math.floor(random() * MAX_BURST));
		bursts.push({ at: Math.floor(random() * DURATION_MS), size });
		left -= size;
	}
	return bursts.sort((a, b) => a.at - b.at);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

interface Stats {
	tokenRequests: number;
	/** Calls that waited for a token request. */
	delayedCalls: number;
	apiRequests: number;
	expiry401: number;
	added: number[];
	errors: number;
}

/** The token endpoint and the API, on the server's clock (`EPOCH + vt.now`). */
function world(vt: VirtualTime, stats: Stats) {
	let seq = 0;
	const serverNow = () => EPOCH + vt.now;
	const fetchToken = async (): Promise<TokenResponse> => {
		stats.tokenRequests++;
		await vt.sleep(TOKEN_RTT / 2);
		const iat = Math.floor(serverNow() / 1000);
		const exp = iat + LIFETIME_S;
		const token = `${b64({ alg: "HS256", typ: "at+jwt", kid: "k" })}.${b64({ sub: "u1", iat, exp, jti: `j${++seq}` })}.c2ln`;
		await vt.sleep(TOKEN_RTT / 2);
		return { token, tokenType: "Bearer", expiresAt: new Date(exp * 1000).toISOString() };
	};
	const apiFetch = async (_input: string | URL | Request, init?: RequestInit) => {
		stats.apiRequests++;
		await vt.sleep(API_RTT / 2);
		const token = new Headers(init?.headers).get("authorization")?.slice(7) ?? "";
		const { exp } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
			exp: number;
		};
		const expired = serverNow() >= exp * 1000;
		await vt.sleep(API_RTT / 2);
		if (!expired) return Response.json({ ok: true });
		stats.expiry401++;
		return Response.json(
			{ detail: "Expired.", code: "TOKEN_EXPIRED" },
			{ status: 401, headers: { "www-authenticate": 'Bearer realm="api", error="invalid_token"' } },
		);
	};
	return { fetchToken, apiFetch };
}

type Strategy = (vt: VirtualTime, stats: Stats) => (path: string) => Promise<Response>;

const clientStrategy =
	(skewMs: number): Strategy =>
	(vt, stats) => {
		const { fetchToken, apiFetch } = world(vt, stats);
		// Monotonic clock with an arbitrary origin; wall clock off by `skewMs`.
		const clock: Clock = { now: () => 5_000 + vt.now, wallNow: () => EPOCH + vt.now + skewMs };
		const manager = new TokenManager({ fetchToken, clock });
		const timed = {
			get: async (options?: Parameters<TokenManager["get"]>[0]) => {
				const t0 = vt.now;
				const token = await manager.get(options);
				if (vt.now > t0) stats.delayedCalls++;
				return token;
			},
			invalidate: (token: string) => manager.invalidate(token),
		};
		return createApiFetch({
			baseURL: "https://api.test",
			authClient: { apiToken: timed },
			fetch: apiFetch,
		});
	};

const perCallStrategy: Strategy = (vt, stats) => {
	const { fetchToken, apiFetch } = world(vt, stats);
	return async (path) => {
		const { token } = await fetchToken();
		stats.delayedCalls++;
		return apiFetch(path, { headers: { authorization: `Bearer ${token}` } });
	};
};

/** Better Auth's own way: `authClient.token()` (jwt plugin, `GET /api/auth/token`) before every call. */
const jwtTokenStrategy: Strategy = (vt, stats) => {
	const { fetchToken, apiFetch } = world(vt, stats);
	const authClient = createAuthClient({
		baseURL: "https://auth.test",
		plugins: [jwtClient()],
		fetchOptions: {
			customFetchImpl: async () => Response.json({ token: (await fetchToken()).token }),
		},
	});
	return async (path) => {
		const { data, error } = await (
			authClient as unknown as {
				token(): Promise<{ data: { token: string } | null; error: unknown }>;
			}
		).token();
		stats.delayedCalls++;
		if (error || !data) throw new Error("authClient.token() failed");
		return apiFetch(path, { headers: { authorization: `Bearer ${data.token}` } });
	};
};

/** Reference only: cache until `expiresAt` read against a local clock 10 minutes slow. */
const naiveCacheStrategy: Strategy = (vt, stats) => {
	const { fetchToken, apiFetch } = world(vt, stats);
	const localNow = () => EPOCH + vt.now - 600_000;
	let cached: Promise<TokenResponse> | null = null;
	let expiresAt = 0;
	return async (path) => {
		if (cached === null || localNow() >= expiresAt) {
			stats.delayedCalls++;
			cached = fetchToken();
			expiresAt = Date.parse(String((await cached).expiresAt));
		}
		const { token } = await cached;
		return apiFetch(path, { headers: { authorization: `Bearer ${token}` } });
	};
};

async function simulate(strategy: Strategy, seed: number) {
	const vt = new VirtualTime();
	const stats: Stats = {
		tokenRequests: 0,
		delayedCalls: 0,
		apiRequests: 0,
		expiry401: 0,
		added: [],
		errors: 0,
	};
	const call = strategy(vt, stats);
	const tasks = workload(seed).map(async ({ at, size }) => {
		await vt.sleep(at);
		await Promise.all(
			Array.from({ length: size }, async () => {
				const start = vt.now;
				try {
					const response = await call("/api/me");
					if (!response.ok) stats.errors++;
				} catch {
					stats.errors++;
				}
				stats.added.push(vt.now - start - API_RTT);
			}),
		);
	});
	await vt.run();
	await Promise.all(tasks);
	const sorted = [...stats.added].sort((a, b) => a - b);
	const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
	const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
	const retries = stats.apiRequests - sorted.length;
	return {
		calls: sorted.length,
		tokenRequests: stats.tokenRequests,
		extraRoundTrips: stats.tokenRequests + retries,
		callsWaitingForToken: stats.delayedCalls,
		expiry401s: stats.expiry401,
		retries,
		failedCalls: stats.errors,
		addedLatencyMeanMs: Number(mean.toFixed(2)),
		addedLatencyP99Ms: p99,
	};
}

const seed = Number(values.seed);
const strategies: [string, Strategy][] = [
	["client (this package)", clientStrategy(0)],
	["client, clock +10 min", clientStrategy(600_000)],
	["client, clock -10 min", clientStrategy(-600_000)],
	["new token before every call", perCallStrategy],
	["authClient.token() (jwt) every call", jwtTokenStrategy],
	["(reference) naive cache, clock -10 min", naiveCacheStrategy],
];
const results: Record<string, Awaited<ReturnType<typeof simulate>>> = {};
for (const [name, strategy] of strategies) results[name] = await simulate(strategy, seed);

const allowed = Math.ceil(DURATION_MS / (LIFETIME_S * 1000)) + 1;
const verdicts = Object.entries(results)
	.filter(([name]) => name.startsWith("client"))
	.map(([name, r]) => ({
		name,
		ok: r.expiry401s === 0 && r.failedCalls === 0 && r.tokenRequests <= allowed + r.retries,
	}));

if (values.json) {
	console.log(
		JSON.stringify({ settings: { seed, TOKEN_RTT, API_RTT, allowed }, results, verdicts }, null, 2),
	);
} else {
	console.log(
		`client token strategies: ${CALLS} calls over 30 simulated min, bursts <= ${MAX_BURST}, ` +
			`${LIFETIME_S} s tokens, token RTT ${TOKEN_RTT} ms, API RTT ${API_RTT} ms, seed ${seed}`,
	);
	const header = [
		"strategy",
		"token req",
		"extra RTs",
		"calls waited",
		"expiry 401",
		"retries",
		"failed",
		"added mean ms",
		"added p99 ms",
	];
	const rows = Object.entries(results).map(([name, r]) => [
		name,
		String(r.tokenRequests),
		String(r.extraRoundTrips),
		String(r.callsWaitingForToken),
		String(r.expiry401s),
		String(r.retries),
		String(r.failedCalls),
		r.addedLatencyMeanMs.toFixed(2),
		String(r.addedLatencyP99Ms),
	]);
	const widths = header.map((h, i) =>
		Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
			.join("  ");
	console.log(line(header));
	for (const row of rows) console.log(line(row));
	console.log(
		`target (client rows): token requests <= ${allowed} (+1 per 401), zero expiry 401s: ` +
			verdicts.map((v) => `${v.name}: ${v.ok ? "met" : "MISSED"}`).join("; "),
	);
}
if (values.check && verdicts.some((v) => !v.ok)) process.exit(1);
