/**
 * Running the catalogue against a back end over HTTP: reachability first (exit 2 when there is
 * no answer at all), then every case in order, time-critical ones first, then the burst, the
 * key-URL listener and a last valid request.
 *
 * @module
 * @internal
 */
import { UsageError } from "../errors.js";
import { closeConnections, headerValue, send } from "../http.js";
import { mintToken } from "../mint.js";
import { type ExtraCase, extraCases } from "./extra.js";
import { answerText, expectedText, judge } from "./judge.js";
import { startListener } from "./listener.js";
import type { Answer, CaseOutcome, ConformanceCase, NotApplicable } from "./types.js";
import { httpCases, type Target, verifyCases } from "./vectors.js";

/** What `runConformance` needs. */
export interface ConformanceInput extends Omit<Target, "attackerOrigin"> {
	url: URL;
	adminUrl?: URL | undefined;
	adminRole: string;
	/** Case ids (`verify_v1#12`, `cli#3`) or comments to run; empty: all. */
	only: string[];
	strict: boolean;
	onProgress?: ((text: string) => void) | undefined;
}

/** The run's result. */
export interface ConformanceResult {
	target: {
		url: string;
		adminUrl: string | null;
		issuer: string;
		audience: string;
		keyMode: string;
		kid: string;
	};
	summary: {
		cases: number;
		passed: number;
		failedMust: number;
		failedShould: number;
		notApplicable: number;
		strict: boolean;
	};
	outcomes: CaseOutcome[];
	notApplicable: NotApplicable[];
}

const now = () => Math.floor(Date.now() / 1000);

async function ask(input: ConformanceInput, c: ConformanceCase): Promise<Answer> {
	const url = new URL((c.request.route === "admin" ? input.adminUrl : input.url) ?? input.url);
	for (const [k, v] of Object.entries(c.request.query ?? {})) url.searchParams.set(k, v);
	const headers: Record<string, string | string[]> = {};
	if (c.request.authorization.length > 0) headers.Authorization = c.request.authorization;
	if (c.request.cookie !== undefined) headers.Cookie = c.request.cookie;
	const res = await send({ url, headers });
	return {
		status: res.status,
		wwwAuthenticate: headerValue(res.headers, "www-authenticate"),
		body: res.body,
	};
}

function outcome(
	c: ConformanceCase,
	got: string,
	problems: string[],
	failed: "MUST" | "SHOULD" | null,
): CaseOutcome {
	return {
		id: c.id,
		comment: c.comment,
		level: failed ?? c.level,
		passed: failed === null,
		sent: c.sent,
		expected: expectedText(c.expect),
		got,
		problems,
		why: c.why,
	};
}

async function one(input: ConformanceInput, c: ConformanceCase): Promise<CaseOutcome> {
	try {
		const a = await ask(input, c);
		const { problems, failed } = judge(c, a);
		return outcome(c, answerText(a), problems, failed);
	} catch (error) {
		// The target answered the reachability probe: no answer now is a finding (it may have crashed).
		return outcome(c, "no answer", [`no answer: ${(error as Error).message}`], "MUST");
	}
}

async function burst(input: ConformanceInput, c: ConformanceCase): Promise<CaseOutcome> {
	const tag = Math.random().toString(36).slice(2, 10);
	const subs = Array.from({ length: 32 }, (_, i) => `burst-${tag}-${String(i).padStart(2, "0")}`);
	const tokens = await Promise.all(
		subs.map(
			async (sub) =>
				(
					await mintToken({
						...input,
						sub,
						email: `${sub}@example.com`,
						roles: [],
						lifetimeSeconds: 900,
					})
				).token,
		),
	);
	const answers = await Promise.allSettled(
		tokens.map((t) =>
			ask(input, { ...c, request: { route: "url", authorization: [`Bearer ${t}`] } }),
		),
	);
	const problems: string[] = [];
	let named = 0;
	for (const [i, a] of answers.entries()) {
		const sub = subs[i] as string;
		if (a.status === "rejected") {
			problems.push(`${sub}: no answer (${(a.reason as Error).message})`);
			continue;
		}
		if (a.value.status < 200 || a.value.status > 299) {
			problems.push(`${sub}: status ${a.value.status}`);
			continue;
		}
		const others = subs.filter((s) => s !== sub && a.value.body.includes(s));
		if (others.length > 0) problems.push(`${sub}: the answer names another user (${others[0]})`);
		if (a.value.body.includes(sub)) named++;
	}
	if (problems.length === 0 && named < subs.length) {
		problems.push(
			named === 0
				? "the answers name no user, so identities cannot be told apart: point --url at a route that returns the user (e.g. /api/me)"
				: `${subs.length - named} answers do not name their own user`,
		);
	}
	const ok = answers.filter(
		(a) => a.status === "fulfilled" && a.value.status >= 200 && a.value.status <= 299,
	).length;
	return outcome(
		c,
		`${ok}/32 answered 2xx, ${named}/32 named their own user`,
		problems,
		problems.length > 0 ? "MUST" : null,
	);
}

function selected(all: ConformanceCase[], only: string[]): ConformanceCase[] {
	if (only.length === 0) return all;
	const known = new Set(all.flatMap((c) => [c.id, c.comment]));
	const unknown = only.filter((o) => !known.has(o));
	if (unknown.length > 0)
		throw new UsageError(
			`--only: no case ${unknown.map((u) => JSON.stringify(u)).join(", ")} in this run's catalogue.`,
		);
	return all.filter((c) => only.includes(c.id) || only.includes(c.comment));
}

/** Runs the catalogue. Throws UnreachableError when the target does not answer at all. */
export async function runConformance(input: ConformanceInput): Promise<ConformanceResult> {
	const progress = input.onProgress ?? (() => {});
	const listener = await startListener();
	try {
		progress("checking the target answers");
		await send({ url: input.url });
		if (input.adminUrl) await send({ url: input.adminUrl });
		progress("building the catalogue for this target");
		const target: Target = { ...input, attackerOrigin: listener.origin };
		const t0 = now();
		const valid = await mintToken({
			...input,
			sub: "conformance-user",
			email: "conformance@example.com",
			roles: ["user"],
			lifetimeSeconds: 900,
		});
		const v = await verifyCases(target, t0);
		const h = await httpCases(target, valid.token, t0);
		const extra = await extraCases({ target, now: t0, adminRole: input.adminRole });
		const notApplicable = [...v.notApplicable, ...h.notApplicable];
		const runnable: ExtraCase[] = [];
		for (const c of [...v.cases, ...h.cases, ...(extra as ExtraCase[])]) {
			if (c.request.route === "admin" && input.adminUrl === undefined)
				notApplicable.push({ id: c.id, comment: c.comment, reason: "it needs --admin-url" });
			else runnable.push(c);
		}
		const chosen = selected(runnable, input.only) as ExtraCase[];
		// Cases built with a shifted clock go first, inside their window.
		chosen.sort((a, b) => (a.sendBy === undefined ? 1 : 0) - (b.sendBy === undefined ? 1 : 0));
		const outcomes: CaseOutcome[] = [];
		for (const [i, c] of chosen.entries()) {
			progress(`case ${i + 1}/${chosen.length}: ${c.id} ${c.comment}`);
			if (c.sendBy !== undefined && now() >= c.sendBy) {
				notApplicable.push({
					id: c.id,
					comment: c.comment,
					reason:
						"the run could not send it inside its time window (a loaded machine); run it alone with --only",
				});
				continue;
			}
			if (c.special === "burst") outcomes.push(await burst(input, c));
			else if (c.special === "noKeyFetch") {
				const hits = listener.hits;
				outcomes.push(
					outcome(
						c,
						`${hits.length} request(s) to the key-URL listener`,
						hits.map((x) => `the target fetched a key URL from the token: ${x}`),
						hits.length > 0 ? "MUST" : null,
					),
				);
			} else outcomes.push(await one(input, c));
		}
		// Report in catalogue order, whatever order they were sent in.
		const rank = new Map(runnable.map((c, i) => [c.id, i]));
		outcomes.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
		const failedMust = outcomes.filter((o) => !o.passed && o.level === "MUST").length;
		const failedShould = outcomes.filter((o) => !o.passed && o.level === "SHOULD").length;
		return {
			target: {
				url: input.url.href,
				adminUrl: input.adminUrl?.href ?? null,
				issuer: input.issuer,
				audience: input.audience,
				keyMode: input.keyMode,
				kid: valid.kid,
			},
			summary: {
				cases: outcomes.length,
				passed: outcomes.length - failedMust - failedShould,
				failedMust,
				failedShould,
				notApplicable: notApplicable.length,
				strict: input.strict,
			},
			outcomes,
			notApplicable,
		};
	} finally {
		await listener.close();
		closeConnections();
	}
}
