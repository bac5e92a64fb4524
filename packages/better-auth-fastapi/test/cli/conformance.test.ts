// `conformance` against two real back ends under uvicorn: the example API (examples/api), which
// must pass every case, and a deliberately naive FastAPI verifier (fixtures/naive_api.py), which
// must fail the cases the naive pattern is known to get wrong.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ConformanceResult } from "../../src/cli/conformance/run.js";
import { runCli, runJson } from "./run-cli.js";
import { type Running, SECRET, startExampleApi, startNaiveApi } from "./servers.js";

const ISSUER = "http://localhost:3000";
const AUDIENCE = "example-api";
let api: Running;
let naive: Running;

beforeAll(async () => {
	[api, naive] = await Promise.all([
		startExampleApi({
			BETTER_AUTH_SECRET: SECRET,
			BETTER_AUTH_URL: ISSUER,
			BETTER_AUTH_AUDIENCE: AUDIENCE,
		}),
		startNaiveApi(SECRET),
	]);
}, 120_000);

afterAll(async () => {
	await Promise.all([api?.stop(), naive?.stop()]);
});

const env = { BETTER_AUTH_SECRET: SECRET };
const target = (s: Running, ...more: string[]) => [
	"conformance",
	"--url",
	`${s.url}/api/me`,
	"--admin-url",
	`${s.url}/api/admin`,
	"--issuer",
	ISSUER,
	"--audience",
	AUDIENCE,
	...more,
];
const byComment = (r: ConformanceResult, comment: string) => {
	const found = r.outcomes.find((o) => o.comment === comment);
	if (found === undefined) throw new Error(`no case ${comment} in the run`);
	return found;
};

describe("against the example API", () => {
	let result: ConformanceResult;
	let code: number;
	let junit: string;

	beforeAll(async () => {
		const file = join(mkdtempSync(join(tmpdir(), "baf-junit-")), "conformance.xml");
		({ code, json: result } = await runJson<ConformanceResult>(
			target(api, "--strict", "--junit", file),
			env,
		));
		junit = readFileSync(file, "utf8");
	}, 300_000);

	test("every case passes, SHOULD cases included (--strict), and the run exits 0", () => {
		const failed = result.outcomes
			.filter((o) => !o.passed)
			.map((o) => `${o.id} ${o.comment}: ${o.problems.join("; ")}`);
		expect(failed).toEqual([]);
		expect(code).toBe(0);
	});

	test("the catalogue has at least 80 cases from all three sources, each with a level and a reason", () => {
		expect(result.summary.cases).toBeGreaterThanOrEqual(80);
		const sources = new Set(result.outcomes.map((o) => o.id.split("#")[0]));
		expect([...sources].sort()).toEqual(["cli", "http_errors_v1", "verify_v1"]);
		expect(new Set(result.outcomes.map((o) => o.level))).toEqual(new Set(["MUST", "SHOULD"]));
		for (const o of result.outcomes) expect(o.why.length, o.id).toBeGreaterThan(0);
		// Vector cases keep their tcIds and comments.
		expect(byComment(result, "rejectsAlgNone").id).toBe("verify_v1#89");
		expect(byComment(result, "rejectsRepeatedHeader").id).toBe("http_errors_v1#3");
	});

	test("each case says what was sent, what was expected and what came back", () => {
		const c = byComment(result, "rejectsTypMissing");
		expect(c.sent).toContain('"alg":"HS256"');
		expect(c.sent).not.toContain("typ");
		expect(c.expected).toBe('401 error="invalid_token" code=TYPE_INVALID');
		expect(c.got).toBe(c.expected);
		expect(c.why.flatMap((w) => w.links)).toContain(
			"https://www.rfc-editor.org/rfc/rfc9068#section-2.1",
		);
	});

	test("the role, burst, key-URL and still-answers cases ran", () => {
		for (const comment of [
			"rejectsRolesStringContainingRole",
			"acceptsAdminRoleAtAdminRoute",
			"burstAnswersEachRequestWithItsOwnUser",
			"neverFetchesKeyUrls",
			"stillAnswersAfterTheRun",
			"rejectsJku",
		]) {
			expect(byComment(result, comment).passed, comment).toBe(true);
		}
		expect(byComment(result, "burstAnswersEachRequestWithItsOwnUser").got).toBe(
			"32/32 answered 2xx, 32/32 named their own user",
		);
	});

	test("--junit writes one testcase per case, sent and skipped, with no failures", () => {
		const testcases = junit.match(/<testcase /g)?.length ?? 0;
		expect(testcases).toBe(result.outcomes.length + result.notApplicable.length);
		expect(junit).toContain('failures="0"');
		expect(junit).not.toContain("<failure");
		expect(junit).toContain("<skipped ");
	});

	test("the secret appears nowhere in the output", () => {
		expect(JSON.stringify(result)).not.toContain(SECRET);
		expect(junit).not.toContain(SECRET);
	});
});

describe("against the naive FastAPI verifier", () => {
	let derived: ConformanceResult;
	let raw: ConformanceResult;
	let derivedCode: number;
	let rawCode: number;

	beforeAll(async () => {
		[{ code: derivedCode, json: derived }, { code: rawCode, json: raw }] = await Promise.all([
			runJson<ConformanceResult>(target(naive, "--key-mode", "derived"), env),
			runJson<ConformanceResult>(target(naive, "--key-mode", "raw"), env),
		]);
	}, 300_000);

	test("both runs exit 1 (MUST cases failed)", () => {
		expect(derivedCode).toBe(1);
		expect(rawCode).toBe(1);
		expect(derived.summary.failedMust).toBeGreaterThan(0);
	});

	test("derived mode: tokens signed with the raw secret are accepted, the contract's own token is refused", () => {
		for (const comment of [
			"rejectsRawKeySignatureWithDerivedKid",
			"rejectsRawKeyTokenInDerivedMode",
			"rejectsPlainJwtLibraryToken",
		]) {
			const o = byComment(derived, comment);
			expect(o.passed, comment).toBe(false);
			expect(o.level).toBe("MUST");
			expect(o.got, comment).toMatch(/^200 /);
		}
		// Better Auth's email-verification token is taken too (and then crashes on the missing sub).
		const email = byComment(derived, "rejectsBetterAuthEmailVerificationToken");
		expect(email.passed).toBe(false);
		expect(email.got).toMatch(/^500 /);
		expect(byComment(derived, "acceptsValidToken").problems[0]).toMatch(
			/^refused a valid request with 401/,
		);
	});

	test("raw mode: a valid token passes, but missing typ and kid are ignored and there is no lifetime cap", () => {
		expect(byComment(raw, "acceptsValidToken").passed).toBe(true);
		expect(byComment(raw, "stillAnswersAfterTheRun").passed).toBe(true);
		for (const comment of [
			"rejectsTypMissing",
			"rejectsKidMissing",
			"rejectsLifetimeOneOverMax",
			"rejectsTokenLivingADay",
			"rejectsIssDifferent",
		]) {
			const o = byComment(raw, comment);
			expect(o.passed, comment).toBe(false);
			expect(o.problems[0], comment).toMatch(/^accepted \(200\)/);
		}
	});

	test("raw mode: a missing sub is a 500, and roles are tested with `in`", () => {
		const sub = byComment(raw, "rejectsSubMissing");
		expect(sub.got).toMatch(/^500 /);
		expect(sub.problems[0]).toMatch(/answered 500/);
		// "admin" in "not-an-admin" is true in Python.
		expect(byComment(raw, "rejectsRolesStringContainingRole").got).toMatch(/^200 /);
		expect(byComment(raw, "acceptsAdminRoleAtAdminRoute").passed).toBe(true);
	});

	test("raw mode: the 403 for a missing role carries no challenge and no code", () => {
		const o = byComment(raw, "rejectsUserRoleAtAdminRoute");
		expect(o.passed).toBe(false);
		expect(o.got).toMatch(/^403 no WWW-Authenticate/);
		expect(o.problems).toContain("no Bearer challenge in WWW-Authenticate (RFC 6750 §3)");
	});
});

describe("flags", () => {
	test("--only runs just the named cases, by id or comment", async () => {
		const { code, json } = await runJson<ConformanceResult>(
			target(api, "--only", "verify_v1#89,rejectsTokenInCookie"),
			env,
		);
		expect(code).toBe(0);
		expect(json.outcomes.map((o) => o.id)).toEqual(["verify_v1#89", "cli#3"]);
	});

	test("an unknown --only id, a missing --url or a missing secret is a usage error (exit 2)", async () => {
		const unknown = await runCli(target(api, "--only", "verify_v1#99999"), env);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('no case "verify_v1#99999"');
		const noUrl = await runCli(["conformance", "--issuer", ISSUER], env);
		expect(noUrl.code).toBe(2);
		expect(noUrl.stderr).toContain("--url is required");
		const noSecret = await runCli(target(api), {});
		expect(noSecret.code).toBe(2);
		expect(noSecret.stderr).toContain("BETTER_AUTH_SECRET is not set");
	});

	test("a target that does not answer exits 2", async () => {
		const r = await runCli(
			["conformance", "--url", "http://127.0.0.1:9/api/me", "--issuer", ISSUER],
			env,
		);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain("http://127.0.0.1:9 did not answer (ECONNREFUSED)");
	});
});
