import { jwtVerify, SignJWT } from "jose";
import { describe, expect, test } from "vitest";
import { AccessTokenError, ConfigurationError, InvalidTokenError } from "../../src/core/errors.js";
import { deriveKeyBytes, importHmacKey } from "../../src/core/key.js";
import { accessTokenHeader, createSigner, signCompact } from "../../src/core/sign.js";
import { createVerifier, decodeUnverified, verifyAccessToken } from "../../src/core/verify.js";

const SECRET = "9KeXZCYjSydjfStMjvOVA2OJWUe1xtPNgcGVKvBWd7A=";
const OTHER = "6pgGSafNC3Rtn6M2yg/GARJo11viMOSB43Ei0HH++ek=";
const ISSUER = "https://auth.example.com";
const NOW = 1767225600;

const claims = (over: Record<string, unknown> = {}) => ({
	sub: "user-1",
	email: "ada@example.com",
	email_verified: true,
	roles: ["user"],
	iat: NOW,
	exp: NOW + 900,
	iss: ISSUER,
	aud: ISSUER,
	...over,
});

const codeOf = (p: Promise<unknown>) =>
	p.then(
		() => "valid",
		(e: unknown) => (e instanceof AccessTokenError ? e.code : `not an AccessTokenError: ${e}`),
	);

describe("createVerifier", () => {
	test("a token from createSigner verifies, and its claims come back unchanged", async () => {
		const signer = await createSigner(SECRET);
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const token = await signer.sign(claims({ custom: { a: [1] } }));
		await expect(verifier.verify(token, { now: NOW })).resolves.toEqual(
			claims({ custom: { a: [1] } }),
		);
		expect(await verifier.kids()).toEqual([signer.kid]);
	});

	test("applies the contract defaults: audience = issuer, leeway 30, lifetime 3600, 8192 chars", () => {
		expect(createVerifier({ secret: SECRET, issuer: ISSUER }).settings).toEqual({
			keyMode: "derived",
			issuer: ISSUER,
			audience: ISSUER,
			leewaySeconds: 30,
			maxLifetimeSeconds: 3600,
			maxTokenBytes: 8192,
		});
	});

	test("uses the wall clock when no now is given", async () => {
		const now = Math.floor(Date.now() / 1000);
		const signer = await createSigner(SECRET);
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		expect(
			await codeOf(verifier.verify(await signer.sign(claims({ iat: now, exp: now + 60 })))),
		).toBe("valid");
		expect(await codeOf(verifier.verify(await signer.sign(claims())))).toBe("TOKEN_EXPIRED");
	});

	test("selects previous keys by kid; the current secret wins a kid collision", async () => {
		const old = await createSigner(OTHER);
		const verifier = createVerifier({
			secret: SECRET,
			previousSecrets: [OTHER, SECRET],
			issuer: ISSUER,
		});
		expect(await codeOf(verifier.verify(await old.sign(claims()), { now: NOW }))).toBe("valid");
		expect((await verifier.kids()).length).toBe(3);
	});

	test("concurrent first calls all see every key (no KID_UNKNOWN while keys are imported)", async () => {
		const signer = await createSigner(SECRET);
		const token = await signer.sign(claims());
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const codes = await Promise.all(
			Array.from({ length: 4 }, () => codeOf(verifier.verify(token, { now: NOW }))),
		);
		expect(codes).toEqual(["valid", "valid", "valid", "valid"]);
	});

	test("refuses bad options with a ConfigurationError naming the option", () => {
		const bad: [Record<string, unknown>, string][] = [
			[{ secret: "", issuer: ISSUER }, "options.secret"],
			[{ issuer: ISSUER }, "options.secret"],
			[{ secret: SECRET }, "options.issuer"],
			[{ secret: SECRET, issuer: ISSUER, audience: "" }, "options.audience"],
			[
				{ secret: SECRET, issuer: ISSUER, previousSecrets: ["x", ""] },
				"options.previousSecrets[1]",
			],
			[{ secret: SECRET, issuer: ISSUER, previousSecrets: "x" }, "options.previousSecrets"],
			[{ secret: SECRET, issuer: ISSUER, keyMode: "RAW" }, "options.keyMode"],
			[{ secret: SECRET, issuer: ISSUER, leewaySeconds: -1 }, "options.leewaySeconds"],
			[{ secret: SECRET, issuer: ISSUER, leewaySeconds: 1.5 }, "options.leewaySeconds"],
			[{ secret: SECRET, issuer: ISSUER, maxLifetimeSeconds: 0 }, "options.maxLifetimeSeconds"],
			[{ secret: SECRET, issuer: ISSUER, maxTokenBytes: "8192" }, "options.maxTokenBytes"],
			// The contract's and the Python package's bounds.
			[{ secret: SECRET, issuer: ISSUER, leewaySeconds: 301 }, "options.leewaySeconds"],
			[{ secret: SECRET, issuer: ISSUER, maxLifetimeSeconds: 86401 }, "options.maxLifetimeSeconds"],
			[{ secret: SECRET, issuer: ISSUER, maxTokenBytes: 1048577 }, "options.maxTokenBytes"],
		];
		for (const [options, setting] of bad) {
			let error: unknown;
			try {
				createVerifier(options as never);
			} catch (e) {
				error = e;
			}
			expect(error, setting).toBeInstanceOf(ConfigurationError);
			expect((error as ConfigurationError).setting).toBe(setting);
			expect((error as Error).message).not.toContain(SECRET);
		}
	});

	test("a now that is not a finite number is refused, never read as 'no expiry'", async () => {
		const signer = await createSigner(SECRET);
		const expired = await signer.sign(claims({ iat: NOW - 7200, exp: NOW - 3600 }));
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		for (const now of [Number.NaN, Number.POSITIVE_INFINITY, "1767225600"]) {
			const error = await verifier.verify(expired, { now: now as number }).catch((e: unknown) => e);
			expect(error, String(now)).toBeInstanceOf(ConfigurationError);
			expect((error as ConfigurationError).setting).toBe("options.now");
		}
		expect(await codeOf(verifier.verify(expired, { now: NOW + 0.5 }))).toBe("TOKEN_EXPIRED");
	});

	test("header members are read as own members only (a polluted Object.prototype changes nothing)", async () => {
		const key = await importHmacKey(SECRET);
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const proto = Object.prototype as Record<string, unknown>;
		const headers: [Record<string, unknown>, string][] = [
			[{ typ: "at+jwt", kid: key.kid }, "ALG_NOT_ALLOWED"],
			[{ alg: "HS256", kid: key.kid }, "TYPE_INVALID"],
			[{ alg: "HS256", typ: "at+jwt" }, "KID_MISSING"],
		];
		try {
			Object.assign(proto, { alg: "HS256", typ: "at+jwt", kid: key.kid });
			for (const [header, code] of headers) {
				const token = await signCompact(key.key, header, claims());
				expect(await codeOf(verifier.verify(token, { now: NOW }))).toBe(code);
			}
		} finally {
			delete proto.alg;
			delete proto.typ;
			delete proto.kid;
		}
	});

	test("never throws anything but an AccessTokenError for hostile input", async () => {
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const inputs: unknown[] = [
			undefined,
			null,
			42,
			{},
			[],
			"a.b.c",
			"....",
			"\u0000.\u0000.\u0000",
		];
		for (const input of inputs) {
			const error = await verifier.verify(input as string, { now: NOW }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(InvalidTokenError);
		}
	});

	test("messages never contain the token or the secret", async () => {
		const key = await importHmacKey(SECRET);
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const token = await signCompact(key.key, accessTokenHeader(key.kid), claims({ sub: "" }));
		const error = (await verifier.verify(token, { now: NOW }).catch((e: unknown) => e)) as Error;
		expect((error as AccessTokenError).code).toBe("CLAIM_INVALID");
		expect(error.message).not.toContain(token.split(".")[1]);
		expect(error.message).not.toContain(SECRET);
	});

	test("verifyAccessToken is the one-shot form", async () => {
		const signer = await createSigner(SECRET, "raw");
		const token = await signer.sign(claims());
		await expect(
			verifyAccessToken(token, { secret: SECRET, keyMode: "raw", issuer: ISSUER, now: NOW }),
		).resolves.toMatchObject({ sub: "user-1" });
	});
});

describe("interoperability with jose", () => {
	test("jose accepts our tokens with the derived key", async () => {
		const signer = await createSigner(SECRET);
		const token = await signer.sign(claims());
		const { payload, protectedHeader } = await jwtVerify(token, await deriveKeyBytes(SECRET), {
			algorithms: ["HS256"],
			typ: "at+jwt",
			issuer: ISSUER,
			audience: ISSUER,
			currentDate: new Date(NOW * 1000),
		});
		expect(protectedHeader).toEqual({ alg: "HS256", typ: "at+jwt", kid: signer.kid });
		expect(payload).toEqual(claims());
	});

	test("we accept jose-signed tokens with our header", async () => {
		const key = await importHmacKey(SECRET);
		const token = await new SignJWT(claims())
			.setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: key.kid })
			.sign(await deriveKeyBytes(SECRET));
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		await expect(verifier.verify(token, { now: NOW })).resolves.toEqual(claims());
	});
});

describe("decodeUnverified", () => {
	test("returns header and claims of a well-formed token without checking the signature", async () => {
		const signer = await createSigner(OTHER);
		const token = await signer.sign(claims());
		expect(decodeUnverified(token)).toEqual({
			header: { alg: "HS256", typ: "at+jwt", kid: signer.kid },
			payload: claims(),
		});
	});

	test("throws the shape codes", () => {
		const code = (t: string, max?: number) => {
			try {
				decodeUnverified(t, max);
				return "decoded";
			} catch (e) {
				return (e as AccessTokenError).code;
			}
		};
		expect(code("a.b")).toBe("TOKEN_MALFORMED");
		expect(code("e30.W10.AA")).toBe("JSON_INVALID");
		expect(code("e30.e30.AA")).toBe("decoded");
		expect(code("e30.e30.AA", 5)).toBe("TOKEN_TOO_LARGE");
	});
});
