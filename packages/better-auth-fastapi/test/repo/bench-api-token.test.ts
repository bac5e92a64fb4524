// Keeps bench/api-token/run.mjs from rotting: a one-second run must load both endpoints with only
// 200 answers and report its ratios. No timing is asserted here (the bench itself prints them).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

test("the api-token benchmark runs both endpoints side by side and reports ratios", async () => {
	const { stdout } = await promisify(execFile)(
		process.execPath,
		["bench/api-token/run.mjs", "--seconds", "1", "--rounds", "1", "--json"],
		{ cwd: root, timeout: 90_000 },
	);
	const report = JSON.parse(stdout) as {
		getSession: { requests: number; p50: number };
		apiToken: { requests: number; p50: number };
		ratio: { p50: number; p99: number; rps: number };
		target: { p50: number; met: boolean };
	};
	expect(report.getSession.requests).toBeGreaterThan(0);
	expect(report.apiToken.requests).toBeGreaterThan(0);
	expect(report.ratio.p50).toBeCloseTo(report.apiToken.p50 / report.getSession.p50, 6);
	expect(report.target.p50).toBe(1.15);
	expect(typeof report.target.met).toBe("boolean");
}, 120_000);
