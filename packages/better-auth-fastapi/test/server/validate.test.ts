// The request-time checks behind API_TOKEN_OPTIONS_INVALID, called directly.
import { describe, expect, test } from "vitest";
import { accessTokenClaims } from "../../src/server/issue.js";
import {
	claimsProblem,
	MAX_CUSTOM_CLAIM_DEPTH,
	payloadProblem,
	rolesProblem,
	tokenProblem,
} from "../../src/server/validate.js";

const ISSUER = "https://auth.example.com";
const payload = (user: Record<string, unknown>) =>
	accessTokenClaims({
		user: { id: "u1", email: "ada@example.com", emailVerified: true, name: "Ada", ...user },
		roles: [],
		iat: 1767225600,
		lifetimeSeconds: 900,
		issuer: ISSUER,
		audience: ISSUER,
		jti: "j",
	});

const nested = (levels: number): unknown => {
	let value: unknown = "leaf";
	for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { v: value };
	return value;
};

describe("request-time checks", () => {
	test(`custom claims may nest ${MAX_CUSTOM_CLAIM_DEPTH} levels, not one more`, () => {
		expect(MAX_CUSTOM_CLAIM_DEPTH).toBe(32);
		expect(claimsProblem({ deep: nested(32) })).toBeUndefined();
		expect(claimsProblem({ deep: nested(33) })).toBe(
			'options.claims returned "deep", which nests deeper than 32 levels',
		);
		expect(claimsProblem({ empty: [], obj: {} })).toBeUndefined();
	});

	test("accept what the plugin issues normally", () => {
		expect(rolesProblem(["admin", "user"])).toBeUndefined();
		expect(claimsProblem(undefined)).toBeUndefined();
		expect(
			claimsProblem({ tenant: "acme", at: new Date(0), n: null, skip: undefined }),
		).toBeUndefined();
		expect(payloadProblem(payload({}), { issuer: ISSUER, audience: ISSUER })).toBeUndefined();
		expect(tokenProblem("x".repeat(8192))).toBeUndefined();
	});

	test("name the problem by type and claim name, never by value", () => {
		expect(rolesProblem([1])).toBe(
			"options.roles must return an array of strings; item 0 is a number",
		);
		expect(rolesProblem(undefined)).toContain("it returned undefined");
		expect(claimsProblem("x")).toBe("options.claims must return an object; it returned a string");
		expect(claimsProblem({ s: Symbol("x") })).toContain('"s" as a symbol');
		expect(claimsProblem({ secretive: "top\ud800secret" })).toContain('"secretive"');
		expect(claimsProblem({ secretive: "top\ud800secret" })).not.toContain("top");
		expect(tokenProblem("x".repeat(8193))).toContain("8193 characters");
	});

	test("raw mode refuses session and user claims, which Better Auth's jwt cookie cache reads", () => {
		expect(claimsProblem({ session: {}, user: {} }, "raw")).toContain('"session"');
		expect(claimsProblem({ user: {} }, "raw")).toContain("keyMode");
		expect(claimsProblem({ session: {}, user: {} }, "derived")).toBeUndefined();
	});

	test("a user id or email no verifier accepts is caught before signing", () => {
		const rules = { issuer: ISSUER, audience: ISSUER };
		expect(payloadProblem(payload({ id: 42 }), rules)).toBe(
			'the token would not verify: CLAIM_INVALID (claim "sub")',
		);
		expect(payloadProblem(payload({ id: "" }), rules)).toContain('(claim "sub")');
		expect(payloadProblem(payload({ email: null }), rules)).toContain('(claim "email")');
		expect(payloadProblem(payload({ name: "Ada\udc00" }), rules)).toBe(
			'the token would not verify: JSON_INVALID ("name" holds a lone surrogate)',
		);
	});
});
