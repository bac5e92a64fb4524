// Versioned secrets (contract 2.7): our parsing agrees with Better Auth 1.7.25's own
// parseSecretsEnv / validateSecretsArray on every shared vector, and the plugin signs with the
// current entry whether the list comes from BETTER_AUTH_SECRETS or the `secrets` option.
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createVerifier } from "../../src/core/verify.js";
import { apiToken } from "../../src/server/index.js";
import {
	parseSecretsVariable,
	type VersionedSecret,
	validateSecretsOption,
} from "../../src/server/versioned-secrets.js";
import { cases, type VectorGroup, type VectorTest } from "../vector-files.js";
import {
	BASE_URL,
	configError,
	createTestAuth,
	decodeSegment,
	derivedKey,
	OTHER_SECRET,
	SECRET,
	type TestAuth,
} from "./helpers.js";

// Better Auth's own functions, from its installed dist (not exported by its package.json).
const betterAuthSecretUtils = fileURLToPath(
	new URL("../../../../node_modules/better-auth/dist/context/secret-utils.mjs", import.meta.url),
);
const { parseSecretsEnv, validateSecretsArray } = (await import(betterAuthSecretUtils)) as {
	parseSecretsEnv(value: string | undefined): VersionedSecret[] | null;
	validateSecretsArray(secrets: unknown, logger: { warn(message: string): void }): void;
};
const quiet = { warn: () => {} };
const kidOf = (secret: string) =>
	createHash("sha256").update(derivedKey(secret)).digest("base64url").slice(0, 16);

/** What Better Auth does with a list: its entries, or the fact that it refuses to start. */
function betterAuthOutcome(run: () => VersionedSecret[] | null): string[] | "refused" {
	try {
		const secrets = run();
		if (secrets === null) return [];
		validateSecretsArray(secrets, quiet);
		return secrets.map((s) => s.value);
	} catch (error) {
		expect((error as Error).name).toBe("BetterAuthError");
		return "refused";
	}
}

const BETTER_AUTH_REASONS = new Set([
	"entryFormat",
	"versionInvalid",
	"valueEmpty",
	"versionDuplicate",
]);

interface SecretsTest extends VectorTest {
	env: Record<string, string>;
	result: "valid" | "invalid";
	setting?: string;
	reason?: string;
}
const withVariable = cases<VectorGroup & { tests: SecretsTest[] }>("secrets_v1.json").filter(
	([, , t]) => t.env.BETTER_AUTH_SECRETS,
);

describe("BETTER_AUTH_SECRETS parsed as Better Auth parses it (secrets_v1)", () => {
	test.each(withVariable)("%s", (_, _g, t) => {
		const variable = t.env.BETTER_AUTH_SECRETS as string;
		const theirs = betterAuthOutcome(() => parseSecretsEnv(variable));
		const refusedByUs = t.result === "invalid" && BETTER_AUTH_REASONS.has(t.reason ?? "");
		if (refusedByUs) {
			expect(theirs).toBe("refused");
			expect(() => parseSecretsVariable(variable)).toThrow();
		} else {
			expect(theirs).not.toBe("refused");
			expect(parseSecretsVariable(variable).map((s) => s.value)).toEqual(theirs);
		}
	});

	test("the vectors cover every reason Better Auth refuses a list for", () => {
		const reasons = new Set(withVariable.map(([, , t]) => t.reason));
		for (const r of BETTER_AUTH_REASONS) expect(reasons).toContain(r);
	});
});

describe("the secrets option, checked as Better Auth's validateSecretsArray checks it", () => {
	const good = (version: unknown) => [{ version, value: SECRET }];
	test.each<[string, unknown]>([
		["a number", good(2)],
		["zero", good(0)],
		["a numeric string", good("2")],
		["a numeric string with blanks", good(" 2 ")],
		["two versions", [...good(2), { version: 1, value: OTHER_SECRET }]],
	])("accepts %s", (_, secrets) => {
		expect(betterAuthOutcome(() => secrets as VersionedSecret[])).not.toBe("refused");
		expect(validateSecretsOption(secrets)).toBe(secrets);
	});

	test.each<[string, unknown, string, string | undefined]>([
		["a fraction", good(1.5), "options.secrets[0]", "versionInvalid"],
		["a negative version", good(-1), "options.secrets[0]", "versionInvalid"],
		["leading zeros", good("02"), "options.secrets[0]", "versionInvalid"],
		["a version of 1e21", good(1e21), "options.secrets[0]", "versionInvalid"],
		["an empty value", [{ version: 1, value: "" }], "options.secrets[0]", "valueEmpty"],
		[
			"a repeated version",
			[...good(1), { version: "1", value: OTHER_SECRET }],
			"options.secrets[1]",
			"versionDuplicate",
		],
		["an empty list", [], "options.secrets", undefined],
	])("refuses %s", (_, secrets, setting, reason) => {
		expect(betterAuthOutcome(() => secrets as VersionedSecret[])).toBe("refused");
		const e = configError(() => validateSecretsOption(secrets));
		expect(e.setting).toBe(setting);
		expect(e.reason).toBe(reason);
		expect(e.message).not.toContain(SECRET);
	});

	test.each<[string, unknown]>([
		["not an array", "2:secret"],
		["a null entry", [null]],
		["a value that is not a string", [{ version: 1, value: 42 }]],
		["no version", [{ value: SECRET }]],
	])("refuses %s with a ConfigurationError, not a TypeError", (_, secrets) => {
		expect(configError(() => validateSecretsOption(secrets)).setting).toMatch(/^options\.secrets/);
	});
});

describe("the plugin with versioned secrets", () => {
	let t: TestAuth | undefined;
	afterEach(() => {
		t?.close();
		t = undefined;
		vi.unstubAllEnvs();
	});

	async function issuedToken() {
		const { cookie } = await (t as TestAuth).signUp("versioned@example.com");
		const res = await (t as TestAuth).fetch("/api-token", { headers: { cookie } });
		expect(res.status).toBe(200);
		return ((await res.json()) as { token: string }).token;
	}

	const verifier = (secret: string, previousSecrets: string[] = []) =>
		createVerifier({ secret, previousSecrets, issuer: BASE_URL });

	test("BETTER_AUTH_SECRETS alone: the first entry signs, Better Auth starts on the same list", async () => {
		vi.stubEnv("BETTER_AUTH_SECRET", "");
		vi.stubEnv("BETTER_AUTH_SECRETS", ` 2:${OTHER_SECRET} , 1:${SECRET} `);
		t = await createTestAuth({ secret: undefined }, { secret: undefined });
		const token = await issuedToken();
		await expect(verifier(OTHER_SECRET).verify(token)).resolves.toMatchObject({
			email: "versioned@example.com",
		});
		await expect(verifier(SECRET).verify(token)).rejects.toMatchObject({ code: "KID_UNKNOWN" });
		// Better Auth itself took the same list: its current secret is the first entry.
		expect((await t.auth.$context).secret).toBe(OTHER_SECRET);
	});

	test("the secrets option wins over the environment, as in Better Auth", async () => {
		vi.stubEnv("BETTER_AUTH_SECRETS", `9:${SECRET}`);
		const secrets = [
			{ version: 2, value: OTHER_SECRET },
			{ version: 1, value: SECRET },
		];
		t = await createTestAuth({ secret: undefined, secrets }, { secrets });
		const token = await issuedToken();
		const { kid } = decodeSegment(token.split(".")[0] as string);
		expect(kid).toBe(kidOf(OTHER_SECRET));
		await expect(verifier(OTHER_SECRET).verify(token)).resolves.toBeDefined();
	});

	test("BETTER_AUTH_PREVIOUS_SECRETS beside BETTER_AUTH_SECRETS stops the plugin at construction", () => {
		vi.stubEnv("BETTER_AUTH_SECRETS", `2:${OTHER_SECRET}`);
		vi.stubEnv("BETTER_AUTH_PREVIOUS_SECRETS", SECRET);
		const e = configError(() => apiToken());
		expect(e.setting).toBe("BETTER_AUTH_PREVIOUS_SECRETS");
		expect(e.reason).toBe("conflict");
		expect(e.message).toContain("BETTER_AUTH_SECRETS");
		expect(e.message).not.toContain(SECRET);
	});

	test("options.previousSecrets beside options.secrets is refused too", () => {
		const e = configError(() =>
			apiToken({ secrets: [{ version: 1, value: OTHER_SECRET }], previousSecrets: [SECRET] }),
		);
		expect(e.setting).toBe("options.previousSecrets");
		expect(e.reason).toBe("conflict");
	});

	test("a weak entry is refused by name, never by value", () => {
		vi.stubEnv("BETTER_AUTH_SECRETS", `2:${OTHER_SECRET},1:changeme-changeme-changeme-12345`);
		const e = configError(() => apiToken());
		expect(e.setting).toBe("BETTER_AUTH_SECRETS[1]");
		expect(e.reason).toBe("publishedDefault");
		expect(e.message).not.toContain("changeme-changeme");
	});

	test("a secret option keeps the plugin on version 1 rules, whatever BETTER_AUTH_SECRETS says", () => {
		vi.stubEnv("BETTER_AUTH_SECRETS", "not a list");
		expect(() => apiToken({ secret: SECRET })).not.toThrow();
	});

	test("a secrets option reads neither secret variable", () => {
		vi.stubEnv("BETTER_AUTH_SECRETS", "not a list");
		vi.stubEnv("BETTER_AUTH_SECRET", "short");
		const plugin = apiToken({ secrets: [{ version: 1, value: SECRET }] });
		expect(plugin.id).toBe("api-token");
		// ... while options.secret beside it is the legacy secret, checked like every other.
		const e = configError(() =>
			apiToken({ secrets: [{ version: 1, value: SECRET }], secret: "short" }),
		);
		expect(e.setting).toBe("options.secret");
		expect(e.reason).toBe("tooShort");
	});
});
