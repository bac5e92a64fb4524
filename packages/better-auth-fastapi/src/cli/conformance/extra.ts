/**
 * The CLI's own cases (`cli#N`), for what a token vector cannot say: where the token travels
 * (query string, cookie), asymmetric algorithm labels and psychic signatures, weak secrets,
 * the lifetime cap, role traps at the admin route, a concurrent burst, key URLs never fetched,
 * and a last check that the server still answers. Numbered in a fixed order: new cases are
 * appended, numbers are never reused.
 *
 * @module
 * @internal
 */
import { base64urlEncode } from "../../core/base64url.js";
import type { AccessTokenErrorCode } from "../../core/codes.js";
import { CODES } from "../../core/codes.js";
import { importHmacKey, importHmacKeyBytes } from "../../core/key.js";
import { signCompact, signingInput } from "../../core/sign.js";
import { accessTokenClaims, newJti } from "../../server/issue.js";
import { describeToken } from "./describe.js";
import type { ConformanceCase, Expectation, Level } from "./types.js";
import type { Target } from "./vectors.js";

/** Cases the runner handles itself, not as one request and one answer. */
export type Special = "burst" | "noKeyFetch" | "stillAnswers";

/** A CLI case, possibly special. */
export type ExtraCase = ConformanceCase & { special?: Special | undefined };

const NOTES = {
	TokenOutsideHeader: {
		description:
			"A token offered anywhere but the Authorization header (query string, cookie) counts as no credentials: URLs end up in logs and caches, cookies ride along with cross-site requests.",
		links: [
			"https://www.rfc-editor.org/rfc/rfc6750#section-5.3",
			"https://www.rfc-editor.org/rfc/rfc6750#section-2.3",
		],
	},
	PsychicSignature: {
		description:
			"An ECDSA label with an all-zero signature (r = s = 0) passed broken verifiers; an HS256 verifier must refuse any other alg before looking at the signature.",
		links: [
			"https://nvd.nist.gov/vuln/detail/CVE-2022-21449",
			"https://www.rfc-editor.org/rfc/rfc8725#section-3.1",
		],
	},
	AsymmetricLabel: {
		description:
			"Asymmetric algorithm labels are refused by an HS256-only verifier (the algorithm comes from configuration, never from the token).",
		links: [
			"https://nvd.nist.gov/vuln/detail/CVE-2015-9235",
			"https://www.rfc-editor.org/rfc/rfc8725#section-2.1",
		],
	},
	WeakSecret: {
		description:
			"A token signed with a published or guessable secret (jwt.io's sample, Better Auth's development default, 'secret') must fail: a back end holding such a secret can be forged by anyone.",
		links: ["https://www.rfc-editor.org/rfc/rfc8725#section-3.5"],
	},
	Lifetime: {
		description:
			"exp - iat may not exceed the maximum lifetime (3600 s by default): a stolen long-lived token stays useful too long.",
		links: ["https://www.rfc-editor.org/rfc/rfc8725#section-3.10"],
	},
	Roles: {
		description:
			'roles is an array of strings compared exactly: no substring tests ("admin" in "not-an-admin"), no case folding, no splitting; a missing role is 403 insufficient_scope with a challenge.',
		links: ["https://www.rfc-editor.org/rfc/rfc6750#section-3.1"],
	},
	Burst: {
		description:
			"Concurrent requests each get their own user: no identity shared between requests (global state, caches keyed wrongly).",
		links: [],
	},
	KeyFetch: {
		description:
			"jku and x5u are never followed: a verifier that fetches them lets the token choose the key (and makes the server fetch attacker URLs).",
		links: [
			"https://nvd.nist.gov/vuln/detail/CVE-2018-0114",
			"https://www.rfc-editor.org/rfc/rfc8725#section-3.10",
		],
	},
	StillAnswers: {
		description: "After every hostile case the server still answers a valid token.",
		links: [],
	},
} as const;

type Note = keyof typeof NOTES;

/** Inputs of the CLI cases. */
export interface ExtraInput {
	target: Target;
	now: number;
	adminRole: string;
}

const reject = (code: AccessTokenErrorCode): Expectation => ({
	accept: false,
	status: CODES[code].status,
	error: CODES[code].error,
	code,
});

/** Builds the CLI's cases for a target at `now`. */
export async function extraCases(input: ExtraInput): Promise<ExtraCase[]> {
	const { target, now, adminRole } = input;
	const key = await importHmacKey(target.secret, target.keyMode);
	const header = { alg: "HS256", typ: "at+jwt", kid: key.kid };
	const claims = (over: Record<string, unknown> = {}, omit: string[] = []) => {
		const c = accessTokenClaims({
			user: {
				id: "conformance-user",
				email: "conformance@example.com",
				emailVerified: true,
				name: "Conformance",
			},
			roles: ["user"],
			iat: now - 60,
			lifetimeSeconds: 900,
			issuer: target.issuer,
			audience: target.audience,
			jti: newJti(),
		});
		for (const k of omit) delete c[k];
		return { ...c, ...over };
	};
	const sign = (
		h: Record<string, unknown> = header,
		p: Record<string, unknown> = claims(),
		k = key.key,
	) => signCompact(k, h, p);
	const valid = await sign();
	let n = 0;
	const cases: ExtraCase[] = [];
	const add = (
		comment: string,
		note: Note,
		request: ConformanceCase["request"],
		expect: Expectation,
		options: { level?: Level; sent?: string; special?: Special } = {},
	) => {
		n++;
		const token = request.authorization[0]?.replace(/^Bearer /, "");
		cases.push({
			id: `cli#${n}`,
			comment,
			level: options.level ?? "MUST",
			flags: [note],
			sent:
				options.sent ??
				(token === undefined ? "no Authorization header" : describeToken(token).text),
			request,
			expect,
			why: [{ description: `${note}: ${NOTES[note].description}`, links: [...NOTES[note].links] }],
			special: options.special,
		});
	};
	const bearer = (token: string) => [`Bearer ${token}`];
	const url = (authorization: string[], extra: Partial<ConformanceCase["request"]> = {}) => ({
		route: "url" as const,
		authorization,
		...extra,
	});
	const admin = (token: string) => ({ route: "admin" as const, authorization: bearer(token) });

	// 1-3: the token anywhere but the Authorization header.
	add(
		"rejectsTokenInQueryString",
		"TokenOutsideHeader",
		url([], { query: { access_token: valid } }),
		reject("TOKEN_MISSING"),
		{
			sent: "GET ?access_token=<valid token>, no Authorization header",
		},
	);
	add(
		"rejectsBearerInAuthorizationQueryParameter",
		"TokenOutsideHeader",
		url([], { query: { authorization: `Bearer ${valid}` } }),
		reject("TOKEN_MISSING"),
		{
			sent: "GET ?authorization=Bearer%20<valid token>, no Authorization header",
		},
	);
	add(
		"rejectsTokenInCookie",
		"TokenOutsideHeader",
		url([], { cookie: `access_token=${valid}; token=${valid}; Authorization=Bearer%20${valid}` }),
		reject("TOKEN_MISSING"),
		{
			sent: "Cookie: access_token=<valid token>; token=<valid token>; Authorization=Bearer%20<valid token>",
		},
	);

	// 4-7: asymmetric labels and psychic signatures.
	const unsigned = (alg: string, signature: Uint8Array) =>
		`${signingInput({ ...header, alg }, claims())}.${base64urlEncode(signature)}`;
	add(
		"rejectsEs256PsychicSignature",
		"PsychicSignature",
		url(bearer(unsigned("ES256", new Uint8Array(64)))),
		reject("ALG_NOT_ALLOWED"),
	);
	add(
		"rejectsEs256PsychicSignatureDer",
		"PsychicSignature",
		url(bearer(unsigned("ES256", Uint8Array.of(0x30, 6, 2, 1, 0, 2, 1, 0)))),
		reject("ALG_NOT_ALLOWED"),
	);
	add(
		"rejectsPs256Label",
		"AsymmetricLabel",
		url(bearer(await sign({ ...header, alg: "PS256" }))),
		reject("ALG_NOT_ALLOWED"),
	);
	add(
		"rejectsEs384Label",
		"AsymmetricLabel",
		url(bearer(await sign({ ...header, alg: "ES384" }))),
		reject("ALG_NOT_ALLOWED"),
	);

	// 8-11: weak secrets, raw, under the target's kid.
	const weak: [string, string][] = [
		["rejectsSecretLiterallySecret", "secret"],
		["rejectsJwtIoSampleSecret", "your-256-bit-secret"],
		["rejectsBetterAuthDevelopmentDefaultSecret", "better-auth-secret-123456789"],
		["rejectsChangemeSecret", "changeme"],
	];
	for (const [comment, secret] of weak) {
		const weakKey = await importHmacKeyBytes(new TextEncoder().encode(secret), ["sign"]);
		add(
			comment,
			"WeakSecret",
			url(bearer(await sign(header, claims(), weakKey))),
			reject("SIGNATURE_INVALID"),
		);
	}

	// 12: a day-long token.
	add(
		"rejectsTokenLivingADay",
		"Lifetime",
		url(bearer(await sign(header, claims({ iat: now, exp: now + 86400 })))),
		reject("LIFETIME_EXCEEDED"),
	);

	// 13-26: role traps at the admin route (not applicable without --admin-url).
	{
		const roles = (r: unknown) => sign(header, claims({ roles: r }));
		const swapped = [...adminRole]
			.map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
			.join("");
		const attacker = await importHmacKey(
			"Q78dPUHcH36DisMzlCrJrAe4amEpmq2YwtUQqNZCFF0=",
			target.keyMode,
		);
		add("acceptsAdminRoleAtAdminRoute", "Roles", admin(await roles([adminRole])), { accept: true });
		add(
			"rejectsUserRoleAtAdminRoute",
			"Roles",
			admin(await roles(["user"])),
			reject("ROLE_MISSING"),
		);
		add("rejectsEmptyRolesAtAdminRoute", "Roles", admin(await roles([])), reject("ROLE_MISSING"));
		add(
			"rejectsRoleSubstring",
			"Roles",
			admin(await roles([`not-an-${adminRole}`])),
			reject("ROLE_MISSING"),
		);
		add(
			"rejectsRolesStringContainingRole",
			"Roles",
			admin(await roles(`not-an-${adminRole}`)),
			reject("CLAIM_INVALID"),
		);
		add(
			"rejectsRolesStringEqualToRole",
			"Roles",
			admin(await roles(adminRole)),
			reject("CLAIM_INVALID"),
		);
		add(
			"rejectsRoleInOtherCase",
			"Roles",
			admin(await roles([swapped === adminRole ? `${adminRole}X` : swapped])),
			reject("ROLE_MISSING"),
		);
		add(
			"rejectsRoleWithTrailingSpace",
			"Roles",
			admin(await roles([`${adminRole} `])),
			reject("ROLE_MISSING"),
		);
		add(
			"rejectsCommaJoinedRoles",
			"Roles",
			admin(await roles([`user,${adminRole}`])),
			reject("ROLE_MISSING"),
		);
		add(
			"rejectsRoleClaimInsteadOfRoles",
			"Roles",
			admin(await sign(header, claims({ role: adminRole }, ["roles"]))),
			reject("CLAIM_MISSING"),
		);
		add(
			"rejectsNestedRoleArray",
			"Roles",
			admin(await roles([[adminRole]])),
			reject("CLAIM_INVALID"),
		);
		add(
			"rejectsExpiredAdminToken",
			"Roles",
			admin(await sign(header, claims({ roles: [adminRole], iat: now - 4500, exp: now - 3600 }))),
			reject("TOKEN_EXPIRED"),
		);
		add(
			"rejectsForgedAdminToken",
			"Roles",
			admin(await sign(header, claims({ roles: [adminRole] }), attacker.key)),
			reject("SIGNATURE_INVALID"),
		);
		add(
			"rejectsAdminTokenForOtherAudience",
			"Roles",
			admin(await sign(header, claims({ roles: [adminRole], aud: "https://other.example.com" }))),
			reject("AUDIENCE_MISMATCH"),
		);
	}

	// Last: the burst, the listener, and one valid request.
	add(
		"burstAnswersEachRequestWithItsOwnUser",
		"Burst",
		url([]),
		{ accept: true },
		{ special: "burst", sent: "32 concurrent requests, each a valid token of its own user" },
	);
	add(
		"neverFetchesKeyUrls",
		"KeyFetch",
		url([]),
		{ accept: true },
		{
			special: "noKeyFetch",
			sent: "(after the run) requests the local listener saw for the jku/x5u URLs of the KeyFromHeader cases",
		},
	);
	add(
		"stillAnswersAfterTheRun",
		"StillAnswers",
		url(bearer(valid)),
		{ accept: true },
		{ special: "stillAnswers", sent: "a valid token, after every other case" },
	);
	return cases;
}
