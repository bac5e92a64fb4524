import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { ConfigurationError } from "../../src/core/errors.js";
import { apiToken } from "../../src/server/index.js";
import {
	assertSecretHygiene,
	LOW_ENTROPY,
	MIN_SECRET_BYTES,
	PUBLISHED_DEFAULTS,
	secretProblem,
} from "../../src/server/secret.js";
import { configError } from "./helpers.js";

const refusal = (secret: string | undefined, setting?: string): ConfigurationError =>
	configError(() => assertSecretHygiene(secret, setting));

describe("secret hygiene rules", () => {
	test.each([
		["undefined", undefined, "missing"],
		["the empty string", "", "missing"],
		["31 bytes", "kM3vQ8tZ1pX7rW2yN5bH9cJ4fL6dG0s", "tooShort"],
		["16 two-byte characters (32 bytes) is long enough", "ÄÖÜäöüßéèêëïîôûç", null],
		[
			"Better Auth's development default",
			"better-auth-secret-12345678901234567890",
			"publishedDefault",
		],
		["a placeholder in capitals", "PLEASE-CHANGEME-kM3vQ8tZ1pX7rW2yN5bH9", "publishedDefault"],
		["your_secret", "your_secret_kM3vQ8tZ1pX7rW2yN5bH9cJ4fL6", "publishedDefault"],
		["one repeated character", "a".repeat(64), "lowEntropy"],
		["seven distinct characters", "abcdefgabcdefgagbfcedgabcdefgabcdefg", "lowEntropy"],
		["an alphabet run", "abcdefghijklmnopqrstuvwxyzABCDEFGH", "lowEntropy"],
		["a digit run", "01234567890123456789012345678901234", "lowEntropy"],
		["low Shannon entropy", `${"a".repeat(40)}bcdefghij`, "lowEntropy"],
		["openssl rand -base64 32", "q2Y0m3b8Vn1XzT6pL9wR4sK7dF5gH0jA2cE8uI1oP3M=", null],
		["a 43-character base64url secret", "kM3vQ8tZ1pX7rW2yN5bH9cJ4fL6dG0sA-eU_iO3qTzE", null],
	])("%s", (_name, secret, expected) => {
		expect(secretProblem(secret)).toBe(expected);
		if (expected === null) expect(() => assertSecretHygiene(secret)).not.toThrow();
		else expect(refusal(secret).reason).toBe(expected);
	});

	test("messages name the setting and never contain the secret", () => {
		const secret = "better-auth-secret-12345678901234567890";
		const e = refusal(secret);
		expect(e.setting).toBe("BETTER_AUTH_SECRET");
		expect(e.message).toContain("BETTER_AUTH_SECRET");
		expect(e.message).not.toContain(secret);
		expect(refusal("short", "options.secret").message).toMatch(
			/^options\.secret must be at least 32 bytes; generate one with `openssl rand -base64 32`/,
		);
	});

	test("the plugin refuses a bad option secret at construction, naming options.secret", () => {
		try {
			apiToken({ secret: "a".repeat(40) });
			expect.unreachable();
		} catch (e) {
			expect((e as ConfigurationError).setting).toBe("options.secret");
			expect((e as ConfigurationError).reason).toBe("lowEntropy");
		}
	});
});

// The shared vectors (spec/vectors/secret_hygiene_v1.json), one test per case.
const vectorsPath = fileURLToPath(
	new URL("../../../../spec/vectors/secret_hygiene_v1.json", import.meta.url),
);
interface HygieneTest {
	tcId: number;
	comment: string;
	secret: string;
	result: "valid" | "invalid";
	reason?: string;
}
const groups: { tests: HygieneTest[] }[] = JSON.parse(readFileSync(vectorsPath, "utf8")).testGroups;
const cases = groups.flatMap((g) => g.tests);

describe("secret_hygiene_v1", () => {
	test.each(cases.map((c) => [`secret_hygiene_v1 #${c.tcId} ${c.comment}`, c] as const))(
		"%s",
		(_id, c) => {
			expect(secretProblem(c.secret)).toBe(c.result === "valid" ? null : c.reason);
			if (c.result === "invalid") {
				const e = refusal(c.secret);
				expect(e.reason).toBe(c.reason);
				expect(e.setting).toBe("BETTER_AUTH_SECRET");
				if (c.secret !== "") expect(e.message).not.toContain(c.secret);
			}
		},
	);
});

test("the rules' constants are exactly spec/secret_rules.json", () => {
	const rules = JSON.parse(
		readFileSync(new URL("../../../../spec/secret_rules.json", import.meta.url), "utf8"),
	) as { minSecretBytes: number; publishedDefaults: string[]; lowEntropy: object };
	expect(MIN_SECRET_BYTES).toBe(rules.minSecretBytes);
	expect([...PUBLISHED_DEFAULTS]).toEqual(rules.publishedDefaults);
	expect(LOW_ENTROPY).toEqual(rules.lowEntropy);
});

test("a BETTER_AUTH_SECRET of non-UTF-8 bytes in a real process environment is refused (invalidUtf8)", () => {
	// Issue 7, item 5: Node reads the bytes 0x80..0x9F of the variable as 32 U+FFFD. The same bytes
	// Python reads as lone surrogates; both sides now give the same reason (secret_hygiene_v1 #32).
	const octal = Array.from({ length: 32 }, (_, i) => `\\${(0x80 + i).toString(8)}`).join("");
	const config = fileURLToPath(new URL("../../src/server/config.ts", import.meta.url));
	const script = `import { resolveConfig } from ${JSON.stringify(config)};
try { resolveConfig({}); console.log("accepted"); } catch (e) { console.log(e.setting, e.reason); }`;
	const tsx = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith("BETTER_AUTH_")),
	);
	const out = execFileSync(
		"/bin/sh",
		["-c", `BETTER_AUTH_SECRET="$(printf '${octal}')" exec "$0" --eval "$1"`, tsx, script],
		{ env, encoding: "utf8" },
	);
	expect(out.trim()).toBe("BETTER_AUTH_SECRET invalidUtf8");
});
