// secret, token, inspect and spec, and what every command shares (help, exit codes, --json,
// no colour off a TTY, secrets never printed), through the built bin.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { betterAuth } from "better-auth";
import { createEmailVerificationToken } from "better-auth/api";
import { getMigrations } from "better-auth/db/migration";
import { jwt } from "better-auth/plugins";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import type { InspectResult } from "../../src/cli/commands/inspect.js";
import type { SecretResult } from "../../src/cli/commands/secret.js";
import type { SpecResult } from "../../src/cli/commands/spec.js";
import type { TokenResult } from "../../src/cli/commands/token.js";
import { createVerifier } from "../../src/core/verify.js";
import { secretProblem } from "../../src/server/secret.js";
import { runCli, runJson } from "./run-cli.js";
import { PYTHON, REPO, SECRET } from "./servers.js";

const env = { BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://localhost:3000" };

describe("every command", () => {
	test.each(["spec", "inspect", "doctor", "conformance", "secret", "token"])(
		"%s --help exits 0 and documents --json",
		async (name) => {
			const r = await runCli([name, "--help"]);
			expect(r.code).toBe(0);
			expect(r.stdout).toContain(`Usage: better-auth-fastapi ${name}`);
			expect(r.stdout).toContain("--json");
		},
	);

	test("the top-level help lists the six commands", async () => {
		const r = await runCli(["--help"]);
		expect(r.code).toBe(0);
		for (const name of ["spec", "inspect", "doctor", "conformance", "secret", "token"])
			expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
	});

	test("an unknown option or command is a usage error (exit 2)", async () => {
		expect((await runCli(["token", "--secret", SECRET])).code).toBe(2);
		expect((await runCli(["frobnicate"])).code).toBe(2);
	});

	test("no flag takes a secret; --secret-env refuses a value that is not a variable name, without echoing it", async () => {
		const r = await runCli(["token", "--secret-env", SECRET], env);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain("--secret-env takes the NAME of an environment variable");
		expect(r.stderr + r.stdout).not.toContain(SECRET);
	});

	test("usage errors with --json print a JSON error on stdout", async () => {
		const r = await runJson<{ error: { kind: string; message: string } }>(["token"], {});
		expect(r.code).toBe(2);
		expect(r.json.error).toEqual({
			kind: "usage",
			message: expect.stringContaining("BETTER_AUTH_SECRET is not set"),
		});
	});

	test("no colour when stdout is not a TTY", async () => {
		const r = await runCli(["inspect", "abc"], env);
		expect(r.stdout).not.toContain("\u001b[");
	});
});

describe("secret", () => {
	test("prints NAME=value with a secret both sides' hygiene rules accept", async () => {
		const r = await runCli(["secret"]);
		expect(r.code).toBe(0);
		const [, value] = /^BETTER_AUTH_SECRET=(\S+)\n$/.exec(r.stdout) ?? [];
		expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(secretProblem(value)).toBeNull();
		const py = execFileSync(
			PYTHON,
			[
				"-c",
				"import sys; from fastapi_better_auth.secret import secret_problem; print(secret_problem(sys.argv[1]))",
				value as string,
			],
			{ encoding: "utf8" },
		);
		expect(py.trim()).toBe("None");
	});

	test("two runs differ; --name and --bytes shape the line", async () => {
		const a = await runJson<SecretResult>(["secret"]);
		const b = await runJson<SecretResult>(["secret", "--name", "AUTH_KEY", "--bytes", "64"]);
		expect(a.json.secret).not.toBe(b.json.secret);
		expect(b.json.envLine).toMatch(/^AUTH_KEY=[A-Za-z0-9_-]{86}$/);
		expect((await runCli(["secret", "--bytes", "8"])).code).toBe(2);
	});
});

describe("token", () => {
	test("mints a contract token the core verifier accepts, with the given claims", async () => {
		const r = await runJson<TokenResult>(
			[
				"token",
				"--sub",
				"u1",
				"--roles",
				"admin, editor",
				"--lifetime-seconds",
				"120",
				"--audience",
				"api",
			],
			env,
		);
		expect(r.code).toBe(0);
		const claims = await createVerifier({
			secret: SECRET,
			issuer: "http://localhost:3000",
			audience: "api",
		}).verify(r.json.token);
		expect(claims).toMatchObject({
			sub: "u1",
			email: "u1@example.com",
			roles: ["admin", "editor"],
			aud: "api",
		});
		expect(claims.exp - claims.iat).toBe(120);
		expect(r.json.header).toEqual({ alg: "HS256", typ: "at+jwt", kid: r.json.kid });
		expect(JSON.stringify(r.json)).not.toContain(SECRET);
	});

	test("text output is the token alone, for $(...)", async () => {
		const r = await runCli(["token"], env);
		expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]{43}\n$/);
	});

	test("refuses a weak secret, a missing issuer and a lifetime out of bounds", async () => {
		expect(
			(await runCli(["token"], { BETTER_AUTH_SECRET: "x".repeat(40), BETTER_AUTH_URL: "http://a" }))
				.stderr,
		).toContain("lowEntropy");
		expect((await runCli(["token"], { BETTER_AUTH_SECRET: SECRET })).stderr).toContain(
			"--issuer is required",
		);
		expect((await runCli(["token", "--lifetime-seconds", "7200"], env)).code).toBe(2);
	});
});

describe("inspect", () => {
	const mint = async (...args: string[]) =>
		(await runJson<TokenResult>(["token", ...args], env)).json.token;

	test("explains a valid token: kind, header, claims with meanings and times, verification", async () => {
		const token = await mint("--roles", "admin");
		const { code, json } = await runJson<InspectResult>(["inspect", token], env);
		expect(code).toBe(0);
		expect(json.kind?.kind).toBe("contract");
		expect(json.header.map((h) => h.name)).toEqual(["alg", "typ", "kid"]);
		const exp = json.claims.find((c) => c.name === "exp");
		expect(exp?.when).toMatch(/\(in 1[45] min/);
		expect(json.claims.find((c) => c.name === "roles")?.meaning).toContain("roles");
		expect(json.verification).toMatchObject({ checked: true, valid: true, keyMode: "derived" });
	});

	test("reads the token from stdin with -, and names the failing check with the contract's code", async () => {
		const token = await mint("--issuer", "http://evil.example.com");
		const { code, json } = await runJson<InspectResult>(["inspect", "-"], env, `Bearer ${token}\n`);
		expect(code).toBe(1);
		expect(json.verification).toMatchObject({
			checked: true,
			valid: false,
			code: "ISSUER_MISMATCH",
			status: 401,
			error: "invalid_token",
		});
	});

	test("without the secret it decodes and says it did not verify; a tampered token is SIGNATURE_INVALID", async () => {
		const token = await mint();
		const plain = await runJson<InspectResult>(["inspect", token], {
			BETTER_AUTH_URL: "http://localhost:3000",
		});
		expect(plain.code).toBe(0);
		expect(plain.json.verification).toEqual({
			checked: false,
			reason: "BETTER_AUTH_SECRET is not set",
		});
		const [h, p, s] = token.split(".");
		const tampered = `${h}.${p}.${s?.[0] === "A" ? "B" : "A"}${s?.slice(1)}`;
		expect(
			(await runJson<InspectResult>(["inspect", tampered], env)).json.verification,
		).toMatchObject({ valid: false, code: "SIGNATURE_INVALID" });
	});

	test("tells a real token of Better Auth's official jwt plugin (/api/auth/token) and its real email-verification token from ours", async () => {
		const options = {
			database: new Database(":memory:"),
			baseURL: "http://localhost:3000",
			secret: SECRET,
			emailAndPassword: { enabled: true },
			logger: { level: "error" as const },
			plugins: [jwt()],
		};
		await (await getMigrations(options)).runMigrations();
		const auth = betterAuth(options);
		const signUp = await auth.handler(
			new Request("http://localhost:3000/api/auth/sign-up/email", {
				method: "POST",
				headers: { "content-type": "application/json", origin: "http://localhost:3000" },
				body: JSON.stringify({
					email: "jwt@example.com",
					password: "correct horse battery",
					name: "J",
				}),
			}),
		);
		const cookie = signUp.headers
			.getSetCookie()
			.map((c) => c.split(";")[0])
			.join("; ");
		const res = await auth.handler(
			new Request("http://localhost:3000/api/auth/token", { headers: { cookie } }),
		);
		const { token } = (await res.json()) as { token: string };
		const official = await runJson<InspectResult>(["inspect", token], env);
		expect(official.code).toBe(1);
		expect(official.json.kind?.kind).toBe("betterAuthJwtPlugin");
		expect(official.json.kind?.summary).toContain("(EdDSA)");
		expect(official.json.kind?.verifiedBy).toContain("/api/auth/jwks");
		expect(official.json.verification).toMatchObject({ valid: false, code: "ALG_NOT_ALLOWED" });
		const email = await createEmailVerificationToken(SECRET, "jwt@example.com");
		const verification = await runJson<InspectResult>(["inspect", email], env);
		expect(verification.json.kind?.kind).toBe("betterAuthEmailVerification");
		expect(verification.json.verification).toMatchObject({ valid: false, code: "TYPE_INVALID" });
	});

	test("tells hand-made asymmetric and email-shaped tokens from ours", async () => {
		const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
		const eddsa = `${seg({ alg: "EdDSA", kid: "abc" })}.${seg({ sub: "u1", iss: "http://localhost:3000" })}.${"A".repeat(86)}`;
		const official = await runJson<InspectResult>(["inspect", eddsa], env);
		expect(official.json.kind?.kind).toBe("betterAuthJwtPlugin");
		expect(official.json.kind?.verifiedBy).toContain("/api/auth/jwks");
		expect(official.json.verification).toMatchObject({ valid: false, code: "ALG_NOT_ALLOWED" });
		const email = `${seg({ alg: "HS256" })}.${seg({ email: "a@example.com", iat: 1, exp: 2 })}.${"A".repeat(43)}`;
		expect((await runJson<InspectResult>(["inspect", email], env)).json.kind?.kind).toBe(
			"betterAuthEmailVerification",
		);
	});

	test("a token of the other key mode is recognised by its kid", async () => {
		const token = await mint("--key-mode", "raw");
		const r = await runCli(["inspect", token], env);
		expect(r.code).toBe(1);
		expect(r.stdout).toContain("invalid: KID_UNKNOWN");
		expect(r.stdout).toContain("the issuer runs with key mode raw");
	});

	test("garbage is TOKEN_MALFORMED, exit 1", async () => {
		const r = await runJson<InspectResult>(["inspect", "not-a-token"], env);
		expect(r.code).toBe(1);
		expect(r.json.decodeError?.code).toBe("TOKEN_MALFORMED");
	});
});

describe("spec", () => {
	const read = (path: string) => readFileSync(new URL(path, `file://${REPO}`), "utf8");
	const contract = read("spec/contract.md");
	const codesJson = JSON.parse(read("spec/codes.json")) as {
		codes: { code: string; status: number; error: string | null; description: string }[];
	};
	const section = (start: string) => {
		const i = contract.indexOf(start);
		return contract.slice(i, contract.indexOf("\n### ", i + 1));
	};

	test("the default configuration agrees with spec/codes.json: every code, status, error and description, in order", async () => {
		const { json } = await runJson<SpecResult>(["spec", "--format", "json"], {});
		expect(json.codes).toEqual(
			codesJson.codes.map(({ code, status, error, description }) => ({
				code,
				status,
				error,
				description,
			})),
		);
	});

	test("the default configuration agrees with spec/contract.md: header, algorithms, typ, claims table, key, defaults, checklist", async () => {
		const { json } = await runJson<SpecResult>(["spec", "--format", "json"], {});
		// Header and algorithm (§2.2).
		expect(contract).toContain(
			`{"alg":"${json.header.alg}","typ":"${json.header.typ}","kid":"<kid>"}`,
		);
		expect(json.algorithms).toEqual(["HS256"]);
		for (const typ of json.acceptedTyp) expect(section("### 2.2 Header")).toContain(`\`${typ}\``);
		for (const p of json.forbiddenHeaderParams)
			expect(section("### 2.2 Header")).toContain(`\`${p}\``);
		// Claims table (§2.3): claim, JSON type and required, row for row.
		const rows = section("### 2.3 Claims")
			.split("\n")
			.map((l) => l.split("|").map((c) => c.trim()))
			.filter((c) => /^`[a-z_]+`$/.test(c[1] ?? ""))
			.map((c) => ({ claim: (c[1] as string).slice(1, -1), type: c[2], required: c[3] }));
		expect(json.claims.map(({ claim, type, required }) => ({ claim, type, required }))).toEqual(
			rows,
		);
		// Key derivation (§2.4) and defaults (§2.5, §4.2).
		expect(json.key.hkdfInfo).toBe("better-auth-fastapi access token v1");
		expect(section("### 2.4 Signing key and `kid`")).toContain(`info = "${json.key.hkdfInfo}"`);
		expect(json.configuration).toMatchObject({
			lifetimeSeconds: 900,
			leewaySeconds: 30,
			keyMode: "derived",
		});
		expect(section("### 2.5 Lifetime")).toMatch(
			/`lifetimeSeconds` \(issuer\) +\| `900` \(15 min\) +\| `30` to `3600`/,
		);
		const settings = section("### 4.2 Settings and environment variables");
		expect(settings).toMatch(
			new RegExp(`BETTER_AUTH_LEEWAY_SECONDS\`\\s+\\| \`${json.verifier.leewaySeconds}\``),
		);
		expect(settings).toMatch(
			new RegExp(
				`BETTER_AUTH_MAX_LIFETIME_SECONDS\`\\s+\\| \`${json.verifier.maxLifetimeSeconds}\``,
			),
		);
		expect(settings).toMatch(new RegExp(`none\\s+\\| \`${json.verifier.maxTokenBytes}\``));
		expect(settings).toContain(`\`"${json.verifier.realm}"\``);
		// The verification order (§4.1): the codes of each step, step for step.
		const steps = section("### 4.1 Verification checklist")
			.split(/\n(?=\d+\. )/)
			.filter((s) => /^\d+\. /.test(s))
			.map((s) => s.split("\n\n")[0] as string)
			.map((s) => [...new Set([...s.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]))]);
		expect(json.checklist.map((s) => s.codes)).toEqual(steps);
	});

	test("a configuration's values are filled in, with the environment of both sides and the snippets", async () => {
		const { json } = await runJson<SpecResult>(
			[
				"spec",
				"--format",
				"json",
				"--issuer",
				"https://auth.example.com",
				"--audience",
				"orders-api",
				"--lifetime-seconds",
				"300",
				"--key-mode",
				"raw",
				"--leeway-seconds",
				"10",
				"--api-origin",
				"https://api.example.com",
				"--web-origin",
				"https://app.example.com",
				"--roles-source",
				"custom",
			],
			{},
		);
		expect(json.environment.shared).toEqual([
			{ name: "BETTER_AUTH_SECRET", value: expect.stringContaining("better-auth-fastapi secret") },
			{ name: "BETTER_AUTH_URL", value: "https://auth.example.com" },
			{ name: "BETTER_AUTH_AUDIENCE", value: "orders-api" },
			{ name: "BETTER_AUTH_KEY_MODE", value: "raw" },
			{ name: "BETTER_AUTH_LEEWAY_SECONDS", value: "10" },
		]);
		expect(json.claims.find((c) => c.claim === "exp")?.value).toBe("iat + 300");
		expect(json.key.hkdfInfo).toBeNull();
		expect(json.snippets.betterAuth).toContain("apiToken({ lifetimeSeconds: 300, roles:");
		expect(json.snippets.client).toContain(
			'createApiFetch({ baseURL: "https://api.example.com", authClient })',
		);
		expect(json.snippets.fastapi).toContain('allow_origins=["https://app.example.com"]');
		expect(json.warnings.join(" ")).toContain("raw key mode");
	});

	test("Markdown has the five sections of the contract, then the environment and the snippets", async () => {
		const r = await runCli(["spec", "--issuer", "http://api.internal.example:3000"]);
		expect(r.code).toBe(0);
		const headings = [...r.stdout.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
		expect(headings).toEqual([
			"1. Authentication Flow",
			"2. JWT Token Structure",
			"3. Frontend Contract",
			"4. Backend Verification Requirements",
			"5. Security Considerations",
			"Environment",
			"Snippets",
		]);
		expect(r.stdout).toContain("is not HTTPS");
		expect((await runCli(["spec", "--format", "yaml"])).code).toBe(2);
	});
});
