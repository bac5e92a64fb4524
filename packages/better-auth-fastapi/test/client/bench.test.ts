// Runs the client benchmark (bench/client/run.ts, virtual time, about a second) and holds it to its
// target: at most one token request per token lifetime (+1 per 401) and no expiry-caused 401s.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

interface Row {
	tokenRequests: number;
	expiry401s: number;
	retries: number;
	failedCalls: number;
	calls: number;
}

describe("bench/client", () => {
	test("this client meets the target; the per-call baselines make one token request per call", async () => {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			["--import", "tsx", "bench/client/run.ts", "--json", "--check"],
			{ cwd: root },
		);
		const { results, settings } = JSON.parse(stdout) as {
			results: Record<string, Row>;
			settings: { allowed: number };
		};
		for (const name of [
			"client (this package)",
			"client, clock +10 min",
			"client, clock -10 min",
		]) {
			const r = results[name] as Row;
			expect(r.calls).toBe(1000);
			expect(r.expiry401s).toBe(0);
			expect(r.failedCalls).toBe(0);
			expect(r.tokenRequests).toBeLessThanOrEqual(settings.allowed + r.retries);
		}
		expect(results["new token before every call"]?.tokenRequests).toBe(1000);
		expect(results["authClient.token() (jwt) every call"]?.tokenRequests).toBe(1000);
		expect(results["(reference) naive cache, clock -10 min"]?.expiry401s).toBeGreaterThan(0);
	});
});
