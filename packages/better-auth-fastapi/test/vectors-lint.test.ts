// Lint of the shared vector files: schema, numbering, flags, codes, coverage, and determinism of
// the generator (it must reproduce the committed files byte for byte).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { SchemaValidator } from "./json-schema.js";
import { loadVectors, specDir, vectorFileNames, vectorsDir } from "./vector-files.js";

const schemaDir = `${vectorsDir}schemas/`;
const schemas = Object.fromEntries(
	readdirSync(schemaDir).map((f) => {
		const s = JSON.parse(readFileSync(schemaDir + f, "utf8"));
		return [s.$id as string, s];
	}),
);
const validator = new SchemaValidator(schemas);
const codes = (
	JSON.parse(readFileSync(`${specDir}codes.json`, "utf8")) as { codes: { code: string }[] }
).codes.map((c) => c.code);

const EXPECTED_FILES = [
	"http_errors_v1.json",
	"issue_v1.json",
	"key_derivation_v1.json",
	"secret_hygiene_v1.json",
	"secrets_v1.json",
	"verify_v1.json",
];
const MINIMUM_TESTS: Record<string, number> = {
	"verify_v1.json": 80,
	"http_errors_v1.json": 25,
	"secret_hygiene_v1.json": 20,
	"secrets_v1.json": 40,
	"issue_v1.json": 5,
	"key_derivation_v1.json": 8,
};

describe("vector files", () => {
	test("exactly the v1 files exist", () => {
		expect(vectorFileNames()).toEqual(EXPECTED_FILES);
	});

	test("every schema object with properties forbids additional properties", () => {
		const walk = (node: unknown, path: string): void => {
			if (typeof node !== "object" || node === null) return;
			const o = node as Record<string, unknown>;
			// `if` conditions only test a member; they are not object definitions.
			if ("properties" in o && !path.endsWith(".if")) {
				expect(o.additionalProperties, path).toBe(false);
			}
			for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
		};
		for (const [id, s] of Object.entries(schemas)) walk(s, id);
	});

	test("the schema check catches a broken vector", () => {
		const file = loadVectors("verify_v1.json");
		const t = file.testGroups[0]?.tests[0] as Record<string, unknown>;
		t.code = "TOKEN_EXPIRED"; // a valid case must not carry a code
		t.extra = 1;
		const errors = validator.validate(file.schema, file);
		expect(errors.some((e) => e.includes("must not match"))).toBe(true);
		expect(errors.some((e) => e.includes(".extra"))).toBe(true);
	});

	describe.each(EXPECTED_FILES)("%s", (name) => {
		const file = loadVectors(name);
		const tests = file.testGroups.flatMap((g) => g.tests);

		test("validates against the schema it names", () => {
			expect(file.schema).toBe(name.replace(/_v1\.json$/, "_schema_v1.json"));
			expect(validator.validate(file.schema, file)).toEqual([]);
		});

		test("tcIds run 1..numberOfTests in order, and numberOfTests is accurate", () => {
			expect(tests.map((t) => t.tcId)).toEqual(tests.map((_, i) => i + 1));
			expect(file.numberOfTests).toBe(tests.length);
			expect(tests.length).toBeGreaterThanOrEqual(MINIMUM_TESTS[name] as number);
		});

		test("one group type per file", () => {
			expect(new Set(file.testGroups.map((g) => g.type)).size).toBe(1);
		});

		test("every flag has a note, and every note is used", () => {
			const used = new Set(tests.flatMap((t) => t.flags));
			for (const f of used) expect(file.notes, f).toHaveProperty(f);
			expect([...used].sort()).toEqual(Object.keys(file.notes).sort());
		});

		test("every code is one of spec/codes.json", () => {
			for (const t of tests) if ("code" in t) expect(codes).toContain(t.code);
		});
	});

	test("every code the verifier or the HTTP layer can produce appears in a vector", () => {
		const used = new Set(
			["verify_v1.json", "http_errors_v1.json"].flatMap((n) =>
				loadVectors(n).testGroups.flatMap((g) => g.tests.map((t) => t.code)),
			),
		);
		// JWKS mode and roles have no shared vectors; the token endpoint's codes are tested with a
		// real Better Auth (test/server/revocation.test.ts, cross-site.test.ts).
		const elsewhere = new Set([
			"JWKS_UNAVAILABLE",
			"ROLE_MISSING",
			"USER_BANNED",
			"CROSS_SITE_REQUEST",
		]);
		const missing = codes.filter((c) => !used.has(c) && !elsewhere.has(c));
		expect(missing).toEqual([]);
	});

	test("verify_v1 has valid and invalid cases in derived, raw and rotation groups", () => {
		const file = loadVectors<{
			type: string;
			keyMode: string;
			previousSecrets: string[];
			tests: { result: string; tcId: number; comment: string; flags: string[] }[];
		}>("verify_v1.json");
		const results = (pred: (g: (typeof file.testGroups)[number]) => boolean) =>
			new Set(file.testGroups.filter(pred).flatMap((g) => g.tests.map((t) => t.result)));
		expect(results((g) => g.keyMode === "derived")).toEqual(new Set(["valid", "invalid"]));
		expect(results((g) => g.keyMode === "raw")).toEqual(new Set(["valid", "invalid"]));
		expect(results((g) => g.previousSecrets.length > 0)).toEqual(new Set(["valid", "invalid"]));
	});
});

describe("generator", () => {
	const out = mkdtempSync(join(tmpdir(), "vectors-"));
	afterAll(() => rmSync(out, { recursive: true, force: true }));

	test("reproduces the committed vector files byte for byte", () => {
		execFileSync(process.execPath, [`${specDir}tools/generate-vectors.mjs`, "--out", out], {
			stdio: "pipe",
		});
		expect(readdirSync(out).sort()).toEqual(EXPECTED_FILES);
		for (const name of EXPECTED_FILES) {
			const fresh = readFileSync(join(out, name));
			const committed = readFileSync(vectorsDir + name);
			expect(fresh.equals(committed), `${name} differs from a fresh run`).toBe(true);
		}
	});

	test("uses node:crypto only, never the package's own signer or verifier", () => {
		const dir = `${specDir}tools/`;
		const files = [
			`${dir}generate-vectors.mjs`,
			...readdirSync(`${dir}vectors`).map((f) => `${dir}vectors/${f}`),
		];
		for (const f of files) {
			const imports = [...readFileSync(f, "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
			for (const i of imports)
				expect(i, f).toMatch(/^(node:[a-z]+|\.\/[a-z-]+\.mjs|\.\/vectors\/[a-z-]+\.mjs)$/);
		}
	});
});
