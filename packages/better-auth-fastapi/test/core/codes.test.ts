import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CODES } from "../../src/core/codes.js";
import {
	accessTokenError,
	InsufficientScopeError,
	InvalidRequestError,
	InvalidTokenError,
} from "../../src/core/errors.js";

const spec = JSON.parse(
	readFileSync(new URL("../../../../spec/codes.json", import.meta.url), "utf8"),
) as { codes: { code: string; status: number; error: string | null }[] };

describe("codes", () => {
	test("core/codes.ts lists exactly the codes of spec/codes.json, with the same status and error", () => {
		const fromSpec = Object.fromEntries(
			spec.codes.map((c) => [c.code, { status: c.status, error: c.error }]),
		);
		expect(CODES).toEqual(fromSpec);
	});

	test("codes are UPPER_SNAKE and unique", () => {
		const names = spec.codes.map((c) => c.code);
		expect(new Set(names).size).toBe(names.length);
		for (const n of names) expect(n).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
	});

	test("accessTokenError picks the subclass of the code's RFC 6750 error", () => {
		expect(accessTokenError("AUTHORIZATION_MALFORMED", "x")).toBeInstanceOf(InvalidRequestError);
		expect(accessTokenError("TOKEN_EXPIRED", "x")).toBeInstanceOf(InvalidTokenError);
		expect(accessTokenError("TOKEN_MISSING", "x")).toBeInstanceOf(InvalidTokenError);
		const e = accessTokenError("ROLE_MISSING", "x");
		expect(e).toBeInstanceOf(InsufficientScopeError);
		expect([e.code, e.status, e.error]).toEqual(["ROLE_MISSING", 403, "insufficient_scope"]);
	});
});
