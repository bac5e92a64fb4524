// Seeded fuzzing of the verifier: random bytes, random strings, mutations of valid tokens and
// validly signed tokens with random headers and claims. Whatever the input, verify() either
// resolves to claims or rejects with an AccessTokenError whose code is in spec/codes.json (with
// that code's status); nothing else may escape (contract 4.1: a crash or a 500 is a bug).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CODES } from "../../src/core/codes.js";
import { AccessTokenError } from "../../src/core/errors.js";
import { importHmacKey } from "../../src/core/key.js";
import { accessTokenHeader, signCompact } from "../../src/core/sign.js";
import { createVerifier, decodeUnverified } from "../../src/core/verify.js";
import { RESERVED_CLAIMS } from "../../src/server/issue.js";
import { specDir } from "../vector-files.js";

const SECRET = "9KeXZCYjSydjfStMjvOVA2OJWUe1xtPNgcGVKvBWd7A=";
const ISSUER = "https://auth.example.com";
const NOW = 1767225600;
const CASES = 5000;
const SEED = 0x5eed_2026;

const codesJson = JSON.parse(readFileSync(`${specDir}codes.json`, "utf8")) as {
	codes: { code: string; status: number }[];
};
const STATUS = new Map(codesJson.codes.map((c) => [c.code, c.status]));

/** mulberry32: a small, seeded, reproducible PRNG. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
	return { next, int, pick };
}

type Rng = ReturnType<typeof prng>;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ODD = [
	".",
	"=",
	"+",
	"/",
	" ",
	"\t",
	"\n",
	"\u0000",
	"é",
	"\ud800",
	"\udc00",
	"😀",
	"\ufeff",
];

function randomString(r: Rng, alphabet: string, max: number): string {
	let s = "";
	for (let n = r.int(max); n > 0; n--)
		s += r.next() < 0.9 ? alphabet.charAt(r.int(alphabet.length)) : r.pick(ODD);
	return s;
}

function randomBytesAsLatin1(r: Rng): string {
	let s = "";
	for (let n = r.int(400); n > 0; n--) s += String.fromCharCode(r.int(256));
	return s;
}

const CLAIM_NAMES = [...RESERVED_CLAIMS];
const HEADER_NAMES = ["alg", "typ", "kid", "crit", "jku", "x5u", "jwk", "x5c", "cty", "b64", "zip"];

function randomValue(r: Rng, depth = 0): unknown {
	switch (r.int(depth > 3 ? 7 : 9)) {
		case 0:
			return null;
		case 1:
			return r.next() < 0.5;
		case 2:
			return r.pick([0, -1, 1.5, 1e3, NOW, NOW - 60, NOW + 900, NOW + 10_000, 2 ** 53, -0, 1e300]);
		case 3:
			return r.int(2 ** 31);
		case 4:
			return randomString(r, B64, 12);
		case 5:
			return r.pick(["", ISSUER, "HS256", "at+jwt", "none", "user", "ada@example.com"]);
		case 6:
			return "\ud800";
		case 7:
			return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
		default: {
			const o: Record<string, unknown> = {};
			for (let n = r.int(4); n > 0; n--) o[r.pick(CLAIM_NAMES)] = randomValue(r, depth + 1);
			return o;
		}
	}
}

const goodClaims = () => ({
	sub: "user-1",
	email: "ada@example.com",
	email_verified: true,
	roles: ["user"],
	iat: NOW - 60,
	exp: NOW + 840,
	iss: ISSUER,
	aud: ISSUER,
});

/** A JSON text: an object with some members replaced, dropped or added, or a mangled text. */
function randomJson(r: Rng, base: Record<string, unknown>, names: readonly string[]): string {
	const o: Record<string, unknown> = { ...base };
	for (let n = r.int(3); n > 0; n--) {
		const name = r.pick(names);
		if (r.next() < 0.3) delete o[name];
		else o[name] = randomValue(r);
	}
	let text = JSON.stringify(o);
	if (r.next() < 0.2) text = mutate(r, text, '{}[]",:0123456789eE.-+ \\u');
	return text;
}

function mutate(r: Rng, s: string, alphabet: string): string {
	let out = s;
	for (let n = 1 + r.int(3); n > 0; n--) {
		const i = r.int(out.length + 1);
		const c = r.next() < 0.8 ? alphabet.charAt(r.int(alphabet.length)) : r.pick(ODD);
		switch (r.int(4)) {
			case 0:
				out = out.slice(0, i) + c + out.slice(i + 1);
				break;
			case 1:
				out = out.slice(0, i) + c + out.slice(i);
				break;
			case 2:
				out = out.slice(0, i) + out.slice(i + 1);
				break;
			default:
				out = out.slice(0, i);
		}
	}
	return out;
}

const encoder = new TextEncoder();
const b64u = (text: string) => Buffer.from(encoder.encode(text)).toString("base64url");

describe("verify() under fuzzing", () => {
	test(`${CASES} seeded hostile inputs end in claims or a coded AccessTokenError`, async () => {
		const r = prng(SEED);
		const key = await importHmacKey(SECRET);
		const verifier = createVerifier({ secret: SECRET, issuer: ISSUER });
		const valid = await signCompact(key.key, accessTokenHeader(key.kid), goodClaims());
		const seen = new Map<string, number>();
		const escaped: string[] = [];

		for (let i = 0; i < CASES; i++) {
			let input: unknown;
			switch (i % 6) {
				case 0:
					input = randomBytesAsLatin1(r);
					break;
				case 1:
					input = [
						randomString(r, B64, 60),
						randomString(r, B64, 200),
						randomString(r, B64, 50),
					].join(r.pick([".", ".", "..", ". "]));
					break;
				case 2:
					input = mutate(r, valid, `${B64}.=`);
					break;
				case 3: {
					// Validly signed: the fuzz reaches the payload parser and the claim checks.
					const h = randomJson(r, accessTokenHeader(key.kid), HEADER_NAMES);
					const p = randomJson(r, goodClaims(), CLAIM_NAMES);
					const signingInput = `${b64u(h)}.${b64u(p)}`;
					const mac = await crypto.subtle.sign("HMAC", key.key, encoder.encode(signingInput));
					input = `${signingInput}.${Buffer.from(mac).toString("base64url")}`;
					break;
				}
				case 4: {
					const [h, p, s] = valid.split(".") as [string, string, string];
					const parts = [h, p, s];
					const j = r.int(3);
					parts[j] = mutate(r, parts[j] as string, B64);
					input = r.next() < 0.1 ? parts.reverse().join(".") : parts.join(".");
					break;
				}
				default:
					input = r.pick<unknown>([
						undefined,
						null,
						42,
						{},
						[],
						"",
						".",
						"..",
						"a".repeat(9000),
						`${valid}.`,
						`.${valid}`,
						` ${valid}`,
						valid.replace(/\.[^.]*$/, ""),
						new String(valid),
					]);
			}
			for (const run of [
				() => verifier.verify(input as string, { now: NOW }),
				async () => decodeUnverified(input as string),
			]) {
				try {
					const claims = await run();
					expect(typeof claims).toBe("object");
				} catch (e) {
					const ok =
						e instanceof AccessTokenError &&
						STATUS.get(e.code) === e.status &&
						CODES[e.code].status === e.status;
					if (!ok)
						escaped.push(
							`case ${i}: ${String(e)} for ${JSON.stringify(String(input)).slice(0, 120)}`,
						);
					else seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
				}
			}
		}
		expect(escaped).toEqual([]);
		// The fuzz reaches deep into the checklist, not only the structure checks.
		for (const code of ["TOKEN_MALFORMED", "JSON_INVALID", "SIGNATURE_INVALID", "CLAIM_INVALID"]) {
			expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
		}
	});
});
