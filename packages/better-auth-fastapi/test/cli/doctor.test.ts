// `doctor` against a real stack: the standalone example auth server (Better Auth + the plugin on
// SQLite) and the example API under uvicorn, started on free ports. One good API and broken ones:
// a different secret (doctor names the side to fix), another issuer, and CORS for another origin.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Check, DoctorResult } from "../../src/cli/commands/doctor.js";
import { runCli, runJson } from "./run-cli.js";
import { OTHER_SECRET, type Running, SECRET, startAuthServer, startExampleApi } from "./servers.js";

const WEB = "http://localhost:3001";
const EMAIL = "doctor@example.com";
const PASSWORD = "correct horse battery staple";
let auth: Running;
let good: Running;
let otherSecret: Running;
let otherIssuer: Running;

beforeAll(async () => {
	auth = await startAuthServer({ BETTER_AUTH_SECRET: SECRET });
	[good, otherSecret, otherIssuer] = await Promise.all([
		startExampleApi({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: auth.url, WEB_ORIGIN: WEB }),
		startExampleApi({
			BETTER_AUTH_SECRET: OTHER_SECRET,
			BETTER_AUTH_URL: auth.url,
			WEB_ORIGIN: WEB,
		}),
		startExampleApi({
			BETTER_AUTH_SECRET: SECRET,
			BETTER_AUTH_URL: "http://auth.example.com",
			WEB_ORIGIN: WEB,
		}),
	]);
	const res = await fetch(`${auth.url}/api/auth/sign-up/email`, {
		method: "POST",
		headers: { "content-type": "application/json", origin: auth.url },
		body: JSON.stringify({ email: EMAIL, password: PASSWORD, name: "Doctor" }),
	});
	expect(res.status).toBe(200);
}, 180_000);

afterAll(async () => {
	await Promise.all([auth, good, otherSecret, otherIssuer].map((s) => s?.stop()));
});

const doctor = (api: Running, env: Record<string, string>, ...more: string[]) =>
	runJson<DoctorResult>(
		[
			"doctor",
			"--auth-url",
			auth.url,
			"--api-url",
			`${api.url}/api/me`,
			"--email",
			EMAIL,
			"--password-env",
			"DOCTOR_PASSWORD",
			"--web-origin",
			WEB,
			...more,
		],
		{ DOCTOR_PASSWORD: PASSWORD, ...env },
	);
const check = (r: DoctorResult, id: string): Check => {
	const found = r.checks.find((c) => c.id === id);
	if (found === undefined) throw new Error(`no check ${id}: ${JSON.stringify(r.checks)}`);
	return found;
};

describe("doctor", () => {
	test("a good set-up: every check passes and the run exits 0", async () => {
		const { code, json } = await doctor(good, { BETTER_AUTH_SECRET: SECRET });
		expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
		expect(json.checks.map((c) => c.id)).toEqual([
			"authReachable",
			"apiReachable",
			"tokenEndpoint",
			"session",
			"apiAccepts",
			"sameKey",
			"issuerAudience",
			"clockSkew",
			"cors",
			"https",
			"secretStrength",
		]);
		expect(code).toBe(0);
		expect(JSON.stringify(json)).not.toContain(SECRET);
		expect(JSON.stringify(json)).not.toContain(PASSWORD);
	});

	test("different secrets, local secret = Better Auth's: the API is named as the side to fix", async () => {
		const { code, json } = await doctor(otherSecret, { BETTER_AUTH_SECRET: SECRET });
		expect(code).toBe(1);
		expect(check(json, "apiAccepts").detail).toContain("401 KID_UNKNOWN");
		const key = check(json, "sameKey");
		expect(key.status).toBe("fail");
		expect(key.fix).toMatch(/^fix the API:/);
	});

	test("different secrets, local secret = the API's: Better Auth is named as the side to fix", async () => {
		const { json } = await doctor(otherSecret, { BETTER_AUTH_SECRET: OTHER_SECRET });
		const key = check(json, "sameKey");
		expect(key.status).toBe("fail");
		expect(key.fix).toMatch(/^fix Better Auth:/);
	});

	test("different secrets, no local secret: KID_UNKNOWN is reported and a local secret asked for", async () => {
		const { json } = await doctor(otherSecret, {});
		expect(check(json, "sameKey").detail).toContain("KID_UNKNOWN");
		expect(check(json, "sameKey").fix).toContain("set BETTER_AUTH_SECRET here");
		expect(check(json, "secretStrength").status).toBe("skip");
	});

	test("issuer mismatch: the API's ISSUER_MISMATCH is reported with the issuer Better Auth uses", async () => {
		const { code, json } = await doctor(otherIssuer, { BETTER_AUTH_SECRET: SECRET });
		expect(code).toBe(1);
		expect(check(json, "sameKey").status).toBe("pass");
		const iss = check(json, "issuerAudience");
		expect(iss.status).toBe("fail");
		expect(iss.detail).toContain("ISSUER_MISMATCH");
		expect(iss.fix).toContain(
			`BETTER_AUTH_URL on both sides (Better Auth issues iss "${auth.url}")`,
		);
	});

	test("CORS missing for the web origin: the fix names the origin", async () => {
		const { code, json } = await doctor(
			good,
			{ BETTER_AUTH_SECRET: SECRET },
			"--web-origin",
			"https://app.example.net",
		);
		expect(code).toBe(1);
		const cors = check(json, "cors");
		expect(cors.status).toBe("fail");
		expect(cors.detail).toContain("the preflight allows origin (none)");
		expect(cors.fix).toContain('allow_origins=["https://app.example.net"]');
	});

	test("wrong password: the sign-in check fails; an unreachable API exits 2; a weak local secret is flagged", async () => {
		const wrong = await runJson<DoctorResult>(
			[
				"doctor",
				"--auth-url",
				auth.url,
				"--api-url",
				`${good.url}/api/me`,
				"--email",
				EMAIL,
				"--password-env",
				"PW",
			],
			{ PW: "not the password", BETTER_AUTH_SECRET: "a".repeat(40) },
		);
		expect(wrong.code).toBe(1);
		expect(check(wrong.json, "session").status).toBe("fail");
		expect(check(wrong.json, "secretStrength").detail).toBe(
			"BETTER_AUTH_SECRET is refused: lowEntropy",
		);
		const down = await runCli([
			"doctor",
			"--auth-url",
			auth.url,
			"--api-url",
			"http://127.0.0.1:9/api/me",
		]);
		expect(down.code).toBe(2);
		expect(down.stdout).toContain("FAIL API reachable and protected");
	});

	test("the text report: one line per check and a fix under each failure", async () => {
		const r = await runCli(
			[
				"doctor",
				"--auth-url",
				auth.url,
				"--api-url",
				`${otherSecret.url}/api/me`,
				"--email",
				EMAIL,
				"--password-env",
				"PW",
			],
			{ PW: PASSWORD, BETTER_AUTH_SECRET: SECRET },
		);
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(
			/^FAIL both sides hold the same key: Better Auth signs with your BETTER_AUTH_SECRET/m,
		);
		expect(r.stdout).toMatch(/^ {5}fix: fix the API:/m);
		expect(r.stdout).not.toContain("\u001b[");
	});
});
