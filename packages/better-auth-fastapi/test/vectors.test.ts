// Every case of every shared vector file (spec/vectors/), one test each, named like
// "verify_v1 #12 rejectsAlgNone", run against the package's own implementation.
import { jwtVerify } from "jose";
import { describe, expect, test } from "vitest";
import { bearerChallenge, errorResponse, parseAuthorization } from "../src/core/authorization.js";
import { AccessTokenError, ConfigurationError } from "../src/core/errors.js";
import { deriveKeyBytes, importHmacKey, type KeyMode, keyId } from "../src/core/key.js";
import { signCompact } from "../src/core/sign.js";
import { type AccessTokenVerifier, createVerifier } from "../src/core/verify.js";
import { secretProblem } from "../src/server/secret.js";
import { resolveSecrets } from "../src/server/versioned-secrets.js";
import { cases, type VectorGroup, type VectorTest } from "./vector-files.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

interface KeyGroup extends VectorGroup {
	keyMode: KeyMode;
	tests: (VectorTest & { secret: string; keyHex: string; kid: string })[];
}
describe("key_derivation_v1", () => {
	test.each(cases<KeyGroup>("key_derivation_v1.json"))("%s", async (_, g, t) => {
		const key = await deriveKeyBytes(t.secret, g.keyMode);
		expect(hex(key)).toBe(t.keyHex);
		expect(await keyId(key)).toBe(t.kid);
	});
});

interface VerifyGroup extends VectorGroup {
	comment: string;
	secret: string;
	previousSecrets: string[];
	keyMode: KeyMode;
	now: number;
	settings: {
		issuer: string;
		audience: string;
		leewaySeconds: number;
		maxLifetimeSeconds: number;
		maxTokenBytes: number;
	};
	tests: (VectorTest & {
		token: string;
		result: "valid" | "invalid";
		code?: string;
		claim?: string;
		claims?: Record<string, unknown>;
	})[];
}
const verifiers = new Map<VerifyGroup, AccessTokenVerifier>();
const verifierOf = (g: VerifyGroup) => {
	let v = verifiers.get(g);
	if (v === undefined) {
		v = createVerifier({
			...g.settings,
			secret: g.secret,
			previousSecrets: g.previousSecrets,
			keyMode: g.keyMode,
		});
		verifiers.set(g, v);
	}
	return v;
};
describe("verify_v1", () => {
	test.each(cases<VerifyGroup>("verify_v1.json"))("%s", async (_, g, t) => {
		const outcome = await verifierOf(g)
			.verify(t.token, { now: g.now })
			.then(
				(claims) => ({ claims }),
				(error: unknown) => ({ error }),
			);
		if (t.result === "valid") {
			expect("error" in outcome ? (outcome.error as AccessTokenError).code : "valid").toBe("valid");
			expect("claims" in outcome && outcome.claims).toEqual(t.claims);
			return;
		}
		expect("error" in outcome, "token was accepted").toBe(true);
		const error = (outcome as { error: unknown }).error;
		expect(error).toBeInstanceOf(AccessTokenError);
		expect((error as AccessTokenError).code).toBe(t.code);
		expect((error as AccessTokenError).claim).toBe(t.claim);
		expect((error as AccessTokenError).status).toBe(401);
		expect((error as AccessTokenError).message).not.toContain(t.token.slice(0, 20) || "\u0000");
	});
});

interface HttpGroup extends VectorGroup {
	realm: string;
	tests: (VectorTest & {
		authorization: string[];
		result: "credentials" | "error";
		token?: string;
		status?: number;
		code?: string;
		wwwAuthenticate?: string;
	})[];
}
describe("http_errors_v1", () => {
	test.each(cases<HttpGroup>("http_errors_v1.json"))("%s", (_, g, t) => {
		let token: string | undefined;
		let error: unknown;
		try {
			token = parseAuthorization(t.authorization);
		} catch (e) {
			error = e;
		}
		if (t.result === "credentials") {
			expect(error).toBeUndefined();
			expect(token).toBe(t.token);
			return;
		}
		expect(error).toBeInstanceOf(AccessTokenError);
		const e = error as AccessTokenError;
		expect(e.code).toBe(t.code);
		expect(e.status).toBe(t.status);
		expect(bearerChallenge(e.error, g.realm)).toBe(t.wwwAuthenticate);
		const response = errorResponse(e, g.realm);
		expect(response.headers["WWW-Authenticate"]).toBe(t.wwwAuthenticate);
		expect(response.body.code).toBe(t.code);
	});
});

interface IssueGroup extends VectorGroup {
	secret: string;
	keyMode: KeyMode;
	tests: (VectorTest & {
		header: Record<string, unknown>;
		payload: Record<string, unknown>;
		token: string;
	})[];
}
describe("issue_v1", () => {
	test.each(cases<IssueGroup>("issue_v1.json"))("%s", async (_, g, t) => {
		const key = await importHmacKey(g.secret, g.keyMode);
		expect(t.header.kid).toBe(key.kid);
		expect(await signCompact(key.key, t.header, t.payload)).toBe(t.token);
	});
});

interface SecretGroup extends VectorGroup {
	tests: (VectorTest & { secret: string | null; result: "valid" | "invalid"; reason?: string })[];
}
describe("secret_hygiene_v1", () => {
	test.each(cases<SecretGroup>("secret_hygiene_v1.json"))("%s", (_, _g, t) => {
		expect(secretProblem(t.secret)).toBe(t.result === "valid" ? null : t.reason);
	});
});

interface SecretsGroup extends VectorGroup {
	keyMode: KeyMode;
	tests: (VectorTest & {
		env: Record<string, string>;
		result: "valid" | "invalid";
		keys?: { kid: string; setting: string }[];
		setting?: string;
		reason?: string;
	})[];
}
describe("secrets_v1", () => {
	test.each(cases<SecretsGroup>("secrets_v1.json"))("%s", async (_, g, t) => {
		const read = (name: string) => (t.env[name] === "" ? undefined : t.env[name]);
		if (t.result === "invalid") {
			let error: unknown;
			try {
				resolveSecrets({}, read);
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(ConfigurationError);
			expect(error).toMatchObject({ setting: t.setting, reason: t.reason });
			// No secret (the part of an entry after its first ":", or a whole legacy/previous
			// secret) appears in the message.
			const secrets = Object.entries(t.env).flatMap(([name, value]) =>
				value
					.split(",")
					.map((e) => (name === "BETTER_AUTH_SECRETS" ? e.slice(e.indexOf(":") + 1) : e).trim()),
			);
			for (const secret of secrets.filter((s) => s.length >= 8)) {
				expect((error as Error).message).not.toContain(secret);
			}
			return;
		}
		const found = resolveSecrets({}, read);
		const keys = await Promise.all(
			found.map(async (s) => ({
				kid: await keyId(await deriveKeyBytes(s.value, g.keyMode)),
				setting: s.setting,
			})),
		);
		expect(keys).toEqual(t.keys);
	});
});

// An independent checker: jose (with the key the kid selects) must accept every valid token of
// verify_v1 and every token of issue_v1, so the vectors do not merely agree with our own verifier.
describe("vectors checked with jose", () => {
	const keysOf = async (secrets: string[], mode: KeyMode) =>
		new Map(
			await Promise.all(
				secrets.map(async (s) => {
					const bytes = await deriveKeyBytes(s, mode);
					return [await keyId(bytes), bytes] as const;
				}),
			),
		);

	test.each(cases<VerifyGroup>("verify_v1.json").filter(([, , t]) => t.result === "valid"))(
		"jose accepts %s",
		async (_, g, t) => {
			const keys = await keysOf([g.secret, ...g.previousSecrets], g.keyMode);
			const { payload } = await jwtVerify(
				t.token,
				async (header) => keys.get(header.kid ?? "") ?? new Uint8Array(32),
				{
					algorithms: ["HS256"],
					typ: "at+jwt",
					issuer: g.settings.issuer,
					audience: g.settings.audience,
					clockTolerance: g.settings.leewaySeconds,
					currentDate: new Date(g.now * 1000),
				},
			);
			expect(payload).toEqual(t.claims);
		},
	);

	test.each(cases<IssueGroup>("issue_v1.json"))("jose accepts %s", async (_, g, t) => {
		const { payload, protectedHeader } = await jwtVerify(
			t.token,
			await deriveKeyBytes(g.secret, g.keyMode),
			{
				algorithms: ["HS256"],
				typ: "at+jwt",
				currentDate: new Date((t.payload.iat as number) * 1000),
			},
		);
		expect(protectedHeader).toEqual(t.header);
		expect(payload).toEqual(t.payload);
	});
});
