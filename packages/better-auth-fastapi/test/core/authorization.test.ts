import { describe, expect, test } from "vitest";
import {
	assertRealm,
	bearerChallenge,
	errorResponse,
	parseAuthorization,
} from "../../src/core/authorization.js";
import {
	type AccessTokenError,
	accessTokenError,
	ConfigurationError,
	InvalidRequestError,
} from "../../src/core/errors.js";

const errorOf = (values: string[]) => {
	try {
		parseAuthorization(values);
	} catch (e) {
		return e as AccessTokenError;
	}
	throw new Error("no error");
};

describe("parseAuthorization", () => {
	test("returns the token68 after the Bearer scheme", () => {
		expect(parseAuthorization(["Bearer a.b.c"])).toBe("a.b.c");
		expect(parseAuthorization([" \tbearer   a.b.c \t"])).toBe("a.b.c");
	});

	test("repeated and malformed headers are 400 InvalidRequestError", () => {
		expect(errorOf(["Bearer a", "Bearer a"])).toBeInstanceOf(InvalidRequestError);
		const e = errorOf(["Bearer a b"]);
		expect([e.code, e.status, e.error]).toEqual([
			"AUTHORIZATION_MALFORMED",
			400,
			"invalid_request",
		]);
	});

	test("no credentials is 401 TOKEN_MISSING without an error attribute", () => {
		const e = errorOf(["Basic abc"]);
		expect([e.code, e.status, e.error]).toEqual(["TOKEN_MISSING", 401, null]);
	});

	// No timing assertion: a backtracking pattern would not finish on 200,000 characters, so the
	// test's own timeout catches it.
	test("a very long run of spaces or '=' is parsed, not backtracked over", () => {
		expect(errorOf([`Bearer ${" ".repeat(200_000)}x y`]).code).toBe("AUTHORIZATION_MALFORMED");
		expect(parseAuthorization([`Bearer a${"=".repeat(200_000)}`]).length).toBe(200_001);
	});
});

describe("responses", () => {
	test("challenges carry the realm and the RFC 6750 error", () => {
		expect(bearerChallenge(null)).toBe('Bearer realm="api"');
		expect(bearerChallenge("invalid_token", "orders")).toBe(
			'Bearer realm="orders", error="invalid_token"',
		);
		expect(bearerChallenge("insufficient_scope")).toBe(
			'Bearer realm="api", error="insufficient_scope"',
		);
	});

	test("errorResponse builds status, header and the {detail, code} body", () => {
		const r = errorResponse(accessTokenError("ROLE_MISSING", "The admin role is required."));
		expect(r).toEqual({
			status: 403,
			headers: { "WWW-Authenticate": 'Bearer realm="api", error="insufficient_scope"' },
			body: { detail: "The admin role is required.", code: "ROLE_MISSING" },
		});
	});

	test("assertRealm refuses quotes, backslashes, control characters and the empty string", () => {
		for (const realm of ['a"b', "a\\b", "a\nb", "a\u007fb", ""]) {
			expect(() => assertRealm(realm), JSON.stringify(realm)).toThrow(ConfigurationError);
		}
		expect(() => assertRealm("example.com orders")).not.toThrow();
	});
});
