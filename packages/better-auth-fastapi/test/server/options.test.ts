import { APIError } from "better-auth/api";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, test, vi } from "vitest";
import { apiToken } from "../../src/server/index.js";
import {
	BASE_URL,
	configError,
	createTestAuth,
	decodeSegment,
	derivedKey,
	OTHER_SECRET,
	recordingLogger,
	SECRET,
	type TestAuth,
} from "./helpers.js";

let t: TestAuth | undefined;
afterEach(() => {
	t?.close();
	t = undefined;
	vi.unstubAllEnvs();
});

async function issue(
	pluginOptions: Parameters<typeof createTestAuth>[0],
	authOptions: Parameters<typeof createTestAuth>[1] = {},
) {
	t = await createTestAuth(pluginOptions, authOptions);
	const email = "user@example.com";
	const { cookie, userId } = await t.signUp(email);
	const res = await t.fetch("/api-token", { headers: { cookie } });
	const body = (await res.json()) as { token: string; expiresAt: string };
	return { res, body, userId, payload: decodeSegment(body.token.split(".")[1] as string) };
}

describe("lifetimeSeconds", () => {
	test.each([29, 3601, 0, -900, 900.5, Number.NaN])("%s is refused at construction", (value) => {
		const e = configError(() => apiToken({ secret: SECRET, lifetimeSeconds: value }));
		expect(e.setting).toBe("options.lifetimeSeconds");
		expect(e.message).toContain("options.lifetimeSeconds");
	});

	test.each([30, 3600])("%s (a bound) is accepted and sets exp - iat", async (value) => {
		const { payload } = await issue({ lifetimeSeconds: value });
		expect((payload.exp as number) - (payload.iat as number)).toBe(value);
	});
});

describe("issuer and audience", () => {
	test("issuer defaults to BETTER_AUTH_URL without its trailing slash", async () => {
		vi.stubEnv("BETTER_AUTH_URL", "https://auth.example.com/");
		const { payload } = await issue({});
		expect(payload.iss).toBe("https://auth.example.com");
		expect(payload.aud).toBe("https://auth.example.com");
	});

	test("without BETTER_AUTH_URL the issuer is the origin of Better Auth's base URL", async () => {
		vi.stubEnv("BETTER_AUTH_URL", "");
		const { payload } = await issue({});
		expect(payload.iss).toBe(BASE_URL);
	});

	test("audience defaults to BETTER_AUTH_AUDIENCE when set", async () => {
		vi.stubEnv("BETTER_AUTH_AUDIENCE", "https://api.example.com");
		const { payload } = await issue({});
		expect(payload.aud).toBe("https://api.example.com");
	});

	test("explicit options win", async () => {
		vi.stubEnv("BETTER_AUTH_URL", "https://ignored.example.com");
		const { payload } = await issue({ issuer: "https://id.example.com", audience: "orders" });
		expect(payload.iss).toBe("https://id.example.com");
		expect(payload.aud).toBe("orders");
	});

	test("a BETTER_AUTH_URL of only slashes, or a blank-after-trim audience, is refused naming the variable", () => {
		vi.stubEnv("BETTER_AUTH_URL", "//");
		expect(configError(() => apiToken({ secret: SECRET })).setting).toBe("BETTER_AUTH_URL");
		expect(configError(() => apiToken({ secret: SECRET })).message).toContain("BETTER_AUTH_URL");
		vi.stubEnv("BETTER_AUTH_URL", "https://auth.example.com");
		expect(configError(() => apiToken({ secret: SECRET, audience: "" })).setting).toBe(
			"options.audience",
		);
	});

	test("an empty issuer option is refused", () => {
		expect(configError(() => apiToken({ secret: SECRET, issuer: "" })).setting).toBe(
			"options.issuer",
		);
	});
});

describe("roles and claims", () => {
	test("a roles function replaces the default", async () => {
		const { payload } = await issue({ roles: async ({ user }) => [`staff:${user.email}`] });
		expect(payload.roles).toEqual(["staff:user@example.com"]);
	});

	// A roles or claims function that returns something no verifier accepts: 500 with the plugin's
	// code and a logged message naming the option and the problem, never a value or the secret.
	const bad: [string, Parameters<typeof createTestAuth>[0], string][] = [
		["roles: a number in the array", { roles: () => [1 as unknown as string] }, "options.roles"],
		["roles: not an array", { roles: () => "admin" as unknown as string[] }, "options.roles"],
		["roles: a lone surrogate", { roles: () => ["ad\ud800min"] }, "options.roles"],
		[
			"claims: an array",
			{ claims: () => [] as unknown as Record<string, unknown> },
			"options.claims",
		],
		[
			"claims: null",
			{ claims: () => null as unknown as Record<string, unknown> },
			"options.claims",
		],
		["claims: a bigint", { claims: () => ({ big: 1n }) }, 'options.claims returned "big"'],
		["claims: a function", { claims: () => ({ fn: () => 1 }) }, 'options.claims returned "fn"'],
		[
			"claims: a cycle",
			{
				claims: () => {
					const o: Record<string, unknown> = {};
					o.self = o;
					return { o };
				},
			},
			'options.claims returned "o"',
		],
		[
			"claims: a lone surrogate",
			{ claims: () => ({ tenant: "ac\udc00me" }) },
			'options.claims returned "tenant"',
		],
		[
			"claims: nested 1001 deep",
			{ claims: () => ({ deep: JSON.parse(`${"[".repeat(1000)}${"]".repeat(1000)}`) }) },
			'options.claims returned "deep"',
		],
		["claims: a token over 8192 characters", { claims: () => ({ pad: "x".repeat(9000) }) }, "8192"],
	];
	test.each(bad)("%s: 500 API_TOKEN_OPTIONS_INVALID, logged", async (_, pluginOptions, logged) => {
		const { logger, messages: errors } = recordingLogger("error");
		t = await createTestAuth(pluginOptions, { logger, onAPIError: { onError: () => {} } });
		const { cookie } = await t.signUp("badoptions@example.com");
		const res = await t.fetch("/api-token", { headers: { cookie } });
		expect(res.status).toBe(500);
		const text = await res.text();
		expect(JSON.parse(text)).toMatchObject({ code: "API_TOKEN_OPTIONS_INVALID" });
		expect(text).not.toContain("eyJ");
		const line = errors.find((m) => m.includes("[better-auth-fastapi]"));
		expect(line, errors.join("\n")).toBeDefined();
		expect(line).toContain(logged);
		expect(line).not.toContain(SECRET);
		expect(line).not.toContain("badoptions@example.com");
	});

	test("an APIError thrown by a roles function is answered as is", async () => {
		t = await createTestAuth(
			{
				roles: () => {
					throw APIError.from("FORBIDDEN", { code: "BANNED", message: "banned" });
				},
			},
			{ logger: { disabled: true } },
		);
		const { cookie } = await t.signUp("banned@example.com");
		const res = await t.fetch("/api-token", { headers: { cookie } });
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ code: "BANNED" });
	});

	test("custom claims are added after the reserved ones", async () => {
		const { payload } = await issue({ claims: ({ user }) => ({ tenant: "acme", uid: user.id }) });
		expect(payload.tenant).toBe("acme");
		expect(payload.uid).toBe(payload.sub);
		expect(Object.keys(payload).slice(-2)).toEqual(["tenant", "uid"]);
	});

	test("custom claims cannot override reserved claims; a warning is logged once per claim", async () => {
		const { logger, messages } = recordingLogger("warn");
		const reservedWarnings = () => messages.filter((m) => m.includes("reserved"));
		const reserved = {
			sub: "admin",
			email: "x@evil.test",
			email_verified: true,
			name: "Mallory",
			roles: ["admin"],
			iat: 1,
			exp: 9999999999,
			nbf: 1,
			iss: "https://evil.test",
			aud: "https://evil.test",
			jti: "fixed",
			__proto__: { polluted: true },
			extra: 1,
		};
		const { payload, userId } = await issue(
			{ claims: () => JSON.parse(JSON.stringify(reserved)) as Record<string, unknown> },
			{ logger },
		);
		expect(payload.sub).toBe(userId);
		expect(payload.email).toBe("user@example.com");
		expect(payload.email_verified).toBe(false);
		expect(payload.name).toBe("Ada Lovelace");
		expect(payload.roles).toEqual(["user"]);
		expect(payload.exp).toBe((payload.iat as number) + 900);
		expect(payload).not.toHaveProperty("nbf");
		expect(payload.iss).toBe(BASE_URL);
		expect(payload.aud).toBe(BASE_URL);
		expect(payload.jti).not.toBe("fixed");
		expect(payload.extra).toBe(1);
		// A second request does not warn again.
		const { cookie } = await (t as TestAuth).signUp("second@example.com");
		await (t as TestAuth).fetch("/api-token", { headers: { cookie } });
		expect(reservedWarnings().filter((m) => m.includes('"sub"'))).toHaveLength(1);
		expect(reservedWarnings()).toHaveLength(11);
	});
});

describe("keyMode", () => {
	test("raw mode signs with the UTF-8 bytes of the secret", async () => {
		const { body } = await issue({ keyMode: "raw" });
		await expect(
			jwtVerify(body.token, new TextEncoder().encode(SECRET), { algorithms: ["HS256"] }),
		).resolves.toBeDefined();
		await expect(
			jwtVerify(body.token, derivedKey(SECRET), { algorithms: ["HS256"] }),
		).rejects.toThrow();
	});

	test("BETTER_AUTH_KEY_MODE is read when the option is absent", async () => {
		vi.stubEnv("BETTER_AUTH_KEY_MODE", "raw");
		const { body } = await issue({});
		await expect(
			jwtVerify(body.token, new TextEncoder().encode(SECRET), { algorithms: ["HS256"] }),
		).resolves.toBeDefined();
	});

	test("an unknown key mode is refused", () => {
		vi.stubEnv("BETTER_AUTH_KEY_MODE", "plain");
		expect(configError(() => apiToken({ secret: SECRET })).setting).toBe("BETTER_AUTH_KEY_MODE");
		expect(configError(() => apiToken({ secret: SECRET, keyMode: "hkdf" as "raw" })).setting).toBe(
			"options.keyMode",
		);
	});
});

describe("secret", () => {
	test("defaults to BETTER_AUTH_SECRET, not Better Auth's own secret", async () => {
		vi.stubEnv("BETTER_AUTH_SECRET", "Zq8Wv3Xn6Tb1Ym4Pk7Rs2Ud5Fh0Jg9La-Ce_Io8Nx");
		t = await createTestAuth({ secret: undefined });
		const { cookie } = await t.signUp("env@example.com");
		const body = (await (await t.fetch("/api-token", { headers: { cookie } })).json()) as {
			token: string;
		};
		await expect(
			jwtVerify(body.token, derivedKey("Zq8Wv3Xn6Tb1Ym4Pk7Rs2Ud5Fh0Jg9La-Ce_Io8Nx")),
		).resolves.toBeDefined();
	});

	test("a missing BETTER_AUTH_SECRET names the variable", () => {
		vi.stubEnv("BETTER_AUTH_SECRET", "");
		const e = configError(() => apiToken());
		expect(e.setting).toBe("BETTER_AUTH_SECRET");
		expect(e.reason).toBe("missing");
		expect(e.message).toContain("BETTER_AUTH_SECRET");
	});

	test("a bad previous secret names its index", () => {
		const e = configError(() => apiToken({ secret: SECRET, previousSecrets: [SECRET, "short"] }));
		expect(e.setting).toBe("options.previousSecrets[1]");
		expect(e.reason).toBe("tooShort");
	});

	test("the key is derived once, not per request", async () => {
		const subtle = vi.spyOn(crypto.subtle, "importKey");
		t = await createTestAuth();
		const { cookie } = await t.signUp("once@example.com");
		for (let i = 0; i < 3; i++) await t.fetch("/api-token", { headers: { cookie } });
		const hkdfImports = subtle.mock.calls.filter((c) => c[2] === "HKDF").length;
		expect(hkdfImports).toBe(1);
		subtle.mockRestore();
	});
});

describe("environment", () => {
	test("BETTER_AUTH_PREVIOUS_SECRETS is read, comma separated, and hygiene-checked by index", () => {
		vi.stubEnv("BETTER_AUTH_PREVIOUS_SECRETS", ` ${OTHER_SECRET} , ,short`);
		const e = configError(() => apiToken({ secret: SECRET }));
		expect(e.setting).toBe("BETTER_AUTH_PREVIOUS_SECRETS[1]");
		expect(e.reason).toBe("tooShort");
		vi.stubEnv("BETTER_AUTH_PREVIOUS_SECRETS", ` ${OTHER_SECRET} ,`);
		expect(apiToken({ secret: SECRET }).options).toBeDefined();
	});

	test("blank BETTER_AUTH_URL counts as unset; surrounding blanks are trimmed", async () => {
		vi.stubEnv("BETTER_AUTH_URL", " https://auth.example.com/ ");
		expect((await issue({})).payload.iss).toBe("https://auth.example.com");
		t?.close();
		vi.stubEnv("BETTER_AUTH_URL", "   ");
		expect((await issue({})).payload.iss).toBe(BASE_URL);
	});
});
