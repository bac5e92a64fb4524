import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const read = (path: string) =>
	readFileSync(new URL(`../../../../${path}`, import.meta.url), "utf8");
const contract = read("spec/contract.md");
const codes = (
	JSON.parse(read("spec/codes.json")) as {
		codes: { code: string; status: number; error: string | null }[];
	}
).codes;

/** The rows of the "Error codes" section's table: code, status, error. */
function errorTable(): { code: string; status: number; error: string | null }[] {
	const start = contract.indexOf("## 6. Error codes");
	const end = contract.indexOf("\n## ", start + 1);
	const section = contract.slice(start, end === -1 ? undefined : end);
	const rows: { code: string; status: number; error: string | null }[] = [];
	for (const line of section.split("\n")) {
		const cells = line.split("|").map((c) => c.trim());
		const code = /^`([A-Z_]+)`$/.exec(cells[1] ?? "")?.[1];
		if (code === undefined) continue;
		const error = /^`([a-z_]+)`$/.exec(cells[3] ?? "")?.[1] ?? null;
		rows.push({ code, status: Number(cells[2]), error });
	}
	return rows;
}

describe("spec/contract.md", () => {
	test("the error-code table lists exactly spec/codes.json, in order, with the same status and error", () => {
		expect(errorTable()).toEqual(codes.map(({ code, status, error }) => ({ code, status, error })));
	});

	test("has the six required sections in order, then the quality checklist", () => {
		const headings = [
			"## 1. Authentication Flow",
			"## 2. JWT Token Structure",
			"## 3. Frontend Contract",
			"## 4. Backend Verification Requirements",
			"## 5. Security Considerations",
			"## 6. Error codes",
			"## Quality checklist",
		].map((h) => contract.indexOf(h));
		expect(headings.every((i) => i >= 0)).toBe(true);
		expect([...headings].sort((a, b) => a - b)).toEqual(headings);
	});

	test("states the pinned key-derivation parameters and header exactly", () => {
		expect(contract).toContain("better-auth-fastapi access token v1");
		expect(contract).toMatch(/"alg":\s*"HS256",\s*"typ":\s*"at\+jwt",\s*"kid"/);
		for (const name of [
			"BETTER_AUTH_SECRET",
			"BETTER_AUTH_URL",
			"BETTER_AUTH_AUDIENCE",
			"BETTER_AUTH_KEY_MODE",
		]) {
			expect(contract).toContain(name);
		}
	});
});
