import { describe, expect, test } from "vitest";
import { ApiAuthError } from "../../src/client/errors.js";
import { bearerChallenge, parseWwwAuthenticate } from "../../src/client/www-authenticate.js";

describe("parseWwwAuthenticate", () => {
	test.each([
		['Bearer realm="api"', [{ scheme: "Bearer", params: { realm: "api" } }]],
		[
			'Bearer realm="api", error="invalid_token"',
			[{ scheme: "Bearer", params: { realm: "api", error: "invalid_token" } }],
		],
		[
			'Bearer realm="api", error="insufficient_scope"',
			[{ scheme: "Bearer", params: { realm: "api", error: "insufficient_scope" } }],
		],
		["Bearer", [{ scheme: "Bearer", params: {} }]],
		[
			'Basic realm="x", Bearer realm="api", error=invalid_request',
			[
				{ scheme: "Basic", params: { realm: "x" } },
				{ scheme: "Bearer", params: { realm: "api", error: "invalid_request" } },
			],
		],
		[
			'Negotiate abc==, Bearer REALM = "a \\"q\\" b" , Error="invalid_token"',
			[
				{ scheme: "Negotiate", params: {}, token68: "abc==" },
				{ scheme: "Bearer", params: { realm: 'a "q" b', error: "invalid_token" } },
			],
		],
		[
			'Bearer error_description="a, b", realm="api"',
			[{ scheme: "Bearer", params: { error_description: "a, b", realm: "api" } }],
		],
	])("%s", (header, expected) => {
		expect(parseWwwAuthenticate(header)).toEqual(expected);
	});

	test("never throws on junk", () => {
		for (const junk of [
			"",
			",,,",
			'"',
			"=",
			"Bearer ,= ,",
			'Bearer realm="unterminated',
			"\u0000x",
		]) {
			expect(() => parseWwwAuthenticate(junk)).not.toThrow();
		}
		expect(parseWwwAuthenticate(null)).toEqual([]);
	});
});

describe("bearerChallenge", () => {
	test("picks the Bearer challenge, case-insensitively, and types its error", () => {
		const headers = new Headers();
		headers.append("www-authenticate", 'Basic realm="x"');
		headers.append("www-authenticate", 'bearer realm="api", error="invalid_token"');
		expect(bearerChallenge(headers)).toMatchObject({
			scheme: "bearer",
			realm: "api",
			error: "invalid_token",
		});
		expect(bearerChallenge('Bearer realm="api", error="made_up"')?.error).toBeNull();
		expect(bearerChallenge('Basic realm="x"')).toBeNull();
		expect(bearerChallenge(new Headers())).toBeNull();
	});
});

describe("ApiAuthError.fromResponse", () => {
	test("reads code and detail from the body and the challenge from the header", async () => {
		const error = await ApiAuthError.fromResponse(
			Response.json(
				{ detail: "Your token has expired.", code: "TOKEN_EXPIRED" },
				{
					status: 401,
					headers: { "www-authenticate": 'Bearer realm="api", error="invalid_token"' },
				},
			),
		);
		expect(error).toMatchObject({
			name: "ApiAuthError",
			status: 401,
			code: "TOKEN_EXPIRED",
			error: "invalid_token",
			detail: "Your token has expired.",
		});
		expect(error.message).toBe("401 TOKEN_EXPIRED: Your token has expired.");
	});

	test("a body that is not JSON gives UNKNOWN", async () => {
		const error = await ApiAuthError.fromResponse(new Response("nope", { status: 401 }));
		expect(error).toMatchObject({ code: "UNKNOWN", challenge: null, error: null });
	});
});
