/**
 * The catalogue's vector cases: the generator's own case definitions (spec/tools/vectors, copied
 * into dist/cli/catalogue at build time) rebuilt for the target's secret, key mode, issuer,
 * audience and clock, so each keeps its tcId and comment. The core verifier, configured like the
 * target, then checks every rebuilt token still means what the vector says; a case whose meaning
 * depends on the vectors' own configuration (e.g. aud equal to the issuer, when the target's
 * audience is its issuer) is set aside as not applicable, with the reason.
 *
 * @module
 * @internal
 */

import { parseAuthorization } from "../../core/authorization.js";
import type { AccessTokenErrorCode } from "../../core/codes.js";
import { CODES } from "../../core/codes.js";
import { AccessTokenError } from "../../core/errors.js";
import type { KeyMode } from "../../core/key.js";
import { createVerifier } from "../../core/verify.js";
import { describeToken } from "./describe.js";
import type { ConformanceCase, Expectation, NotApplicable } from "./types.js";
import { whyOf } from "./why.js";

interface VectorTest {
	tcId: number;
	comment: string;
	token?: string;
	authorization?: string[];
	result: string;
	code?: string;
	flags: string[];
}
interface VectorGroup {
	comment?: string;
	realm?: string;
	previousSecrets?: string[];
	settings?: { leewaySeconds: number; maxLifetimeSeconds: number; maxTokenBytes: number };
	tests: VectorTest[];
}
/** A vector file as the generator builds it. */
export interface VectorFile {
	notes: Record<string, { description: string; links?: string[] }>;
	testGroups: VectorGroup[];
}

/** The target a catalogue is built for. */
export interface Target {
	secret: string;
	keyMode: KeyMode;
	issuer: string;
	audience: string;
	/** Origin of the local listener that catches any fetch of a `jku`/`x5u` URL. */
	attackerOrigin: string;
}

type BuildVerify = (target: Target & { now: number }) => VectorFile;
type BuildHttp = () => VectorFile;

/** The verify groups built at the contract's default settings with one secret. */
const VERIFY_GROUPS = new Set([
	"derivedKeyDefaultSettings",
	"derivedKeyAddendum",
	"nestingLimitAndLongNumbers",
]);

/** How far the window of a case reaches: the run must send it within this many seconds. */
const WINDOW_SECONDS = 120;
/** The clock shift of cases too close to a time boundary for the long window. */
const SHIFT_SECONDS = 5;

async function load<T>(file: string, name: string): Promise<T> {
	const mod = (await import(new URL(`../catalogue/${file}`, import.meta.url).href)) as Record<
		string,
		unknown
	>;
	const fn = mod[name];
	if (typeof fn !== "function") throw new Error(`the catalogue's ${file} has no ${name}`);
	return fn as T;
}

/** Whether the core verifier, at `now`, says what the vector expects of `token`. */
async function agrees(
	verify: (t: string, now: number) => Promise<unknown>,
	token: string,
	now: number,
	test: VectorTest,
): Promise<string | null> {
	try {
		await verify(token, now);
		return test.result === "valid" ? null : "accepted";
	} catch (error) {
		if (!(error instanceof AccessTokenError)) throw error;
		return test.result === "invalid" && error.code === test.code ? null : error.code;
	}
}

function expectationOf(test: VectorTest, sub: string | undefined): Expectation {
	if (test.result === "valid") return { accept: true, sub };
	const code = test.code as AccessTokenErrorCode;
	return { accept: false, status: CODES[code].status, error: CODES[code].error, code };
}

/** A token that an Authorization header carries unchanged (token68), or why not. */
function unsendable(token: string): string | null {
	try {
		return parseAuthorization([`Bearer ${token}`]) === token
			? null
			: "changes in an Authorization header";
	} catch {
		return "is not a token68 credential, so no Authorization header can carry it as it is (the vector suites test it at the verifier)";
	}
}

/** The verify_v1 cases for a target, built at `t0`. */
export async function verifyCases(
	target: Target,
	t0: number,
): Promise<{ cases: ConformanceCase[]; notApplicable: NotApplicable[] }> {
	const build = await load<BuildVerify>("verify.mjs", "buildVerify");
	const fileA = build({ ...target, now: t0 });
	// Built after A (a build takes a second or more on a loaded machine), so the short window of
	// the shifted cases starts now, not at t0.
	const tB = Math.floor(Date.now() / 1000) + SHIFT_SECONDS;
	const fileB = build({ ...target, now: tB });
	const verifier = createVerifier({
		secret: target.secret,
		keyMode: target.keyMode,
		issuer: target.issuer,
		audience: target.audience,
	});
	const verify = (t: string, now: number) => verifier.verify(t, { now });
	const cases: ConformanceCase[] = [];
	const notApplicable: NotApplicable[] = [];
	for (const group of fileA.testGroups) {
		if (VERIFY_GROUPS.has(group.comment ?? "")) continue;
		for (const t of group.tests) {
			notApplicable.push({
				id: `verify_v1#${t.tcId}`,
				comment: t.comment,
				reason: `its group (${group.comment}) needs verifier settings other than the contract's defaults`,
			});
		}
	}
	for (const [g, group] of fileA.testGroups.entries()) {
		if (!VERIFY_GROUPS.has(group.comment ?? "")) continue;
		const groupB = fileB.testGroups[g] as VectorGroup;
		for (const [i, test] of group.tests.entries()) {
			const id = `verify_v1#${test.tcId}`;
			const tokenA = test.token ?? "";
			const why = unsendable(tokenA);
			if (why !== null) {
				notApplicable.push({ id, comment: test.comment, reason: `the token ${why}` });
				continue;
			}
			let token = tokenA;
			let sendBy: number | undefined;
			const a =
				(await agrees(verify, tokenA, t0, test)) ??
				(await agrees(verify, tokenA, t0 + WINDOW_SECONDS, test));
			if (a !== null) {
				const tokenB = groupB.tests[i]?.token ?? "";
				const b =
					(await agrees(verify, tokenB, tB - SHIFT_SECONDS, test)) ??
					(await agrees(verify, tokenB, tB, test));
				if (b !== null) {
					notApplicable.push({
						id,
						comment: test.comment,
						reason: `rebuilt for this configuration it no longer tests what it says (the core verifier answers ${a === "accepted" ? "valid" : a})`,
					});
					continue;
				}
				token = tokenB;
				sendBy = tB;
			}
			const described = describeToken(token);
			const sub = test.result === "valid" ? described.sub : undefined;
			cases.push({
				id,
				comment: test.comment,
				level: levelOf(test),
				flags: test.flags,
				sent: described.text,
				request: { route: "url", authorization: [`Bearer ${token}`] },
				expect: expectationOf(test, sub),
				why: whyOf(test.flags, fileA.notes),
				sendBy,
			});
		}
	}
	return { cases, notApplicable };
}

/** Valid edge forms and which-check-first cases are SHOULD; every rejection of a forgery is MUST. */
function levelOf(test: VectorTest): "MUST" | "SHOULD" {
	if (test.result === "valid") return test.comment === "acceptsValidToken" ? "MUST" : "SHOULD";
	return test.flags.includes("VerificationOrder") || test.flags.includes("Whitespace")
		? "SHOULD"
		: "MUST";
}

/** The placeholder token of http_errors_v1.json, replaced by a valid token of the target. */
const PLACEHOLDER = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln";

/** node:http refuses header values outside HTAB, SP, visible ASCII and obs-text. */
const SENDABLE_HEADER = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The http_errors_v1 cases (realm "api" groups), with a valid token of the target in place of the placeholder. */
export async function httpCases(
	target: Target,
	validToken: string,
	t0: number,
): Promise<{ cases: ConformanceCase[]; notApplicable: NotApplicable[] }> {
	const build = await load<BuildHttp>("http.mjs", "buildHttpErrors");
	const file = build();
	const verifier = createVerifier({
		secret: target.secret,
		keyMode: target.keyMode,
		issuer: target.issuer,
		audience: target.audience,
	});
	const cases: ConformanceCase[] = [];
	const notApplicable: NotApplicable[] = [];
	for (const group of file.testGroups) {
		for (const test of group.tests) {
			const id = `http_errors_v1#${test.tcId}`;
			if (group.realm !== "api") {
				notApplicable.push({
					id,
					comment: test.comment,
					reason: `it checks a configured realm ("${group.realm}")`,
				});
				continue;
			}
			const values = (test.authorization ?? []).map((v) => v.replaceAll(PLACEHOLDER, validToken));
			if (!values.every((v) => SENDABLE_HEADER.test(v))) {
				notApplicable.push({
					id,
					comment: test.comment,
					reason: "its header value has a character no HTTP client sends",
				});
				continue;
			}
			let expect: Expectation;
			if (test.result === "error") {
				const code = test.code as AccessTokenErrorCode;
				expect = { accept: false, status: CODES[code].status, error: CODES[code].error, code };
			} else {
				// The header is fine: the verifier judges the credential.
				const token = parseAuthorization(values);
				try {
					const claims = await verifier.verify(token, { now: t0 });
					expect = { accept: true, sub: claims.sub };
				} catch (error) {
					if (!(error instanceof AccessTokenError)) throw error;
					expect = { accept: false, status: error.status, error: error.error, code: error.code };
				}
			}
			cases.push({
				id,
				comment: test.comment,
				level: test.flags.includes("Whitespace") ? "SHOULD" : "MUST",
				flags: test.flags,
				sent:
					values.length === 0
						? "no Authorization header"
						: values
								.map(
									(v) =>
										`Authorization: ${JSON.stringify(v.replaceAll(validToken, "<valid token>"))}`,
								)
								.join("\n"),
				request: { route: "url", authorization: values },
				expect,
				why: whyOf(test.flags, file.notes),
			});
		}
	}
	return { cases, notApplicable };
}
