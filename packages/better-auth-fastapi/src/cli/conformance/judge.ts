/**
 * Judging one answer against a case's expectation. Two rules hold for every case whatever its
 * level: a token that must be refused is never accepted, and nothing answers 5xx.
 *
 * @module
 * @internal
 */
import { parseWwwAuthenticate } from "../../client/www-authenticate.js";
import type { Answer, ConformanceCase, Expectation, Level } from "./types.js";

/** The expectation for people: `2xx`, or `401 error="invalid_token" code=TOKEN_EXPIRED`. */
export function expectedText(e: Expectation): string {
	if (e.accept) return "2xx";
	return `${e.status} ${e.error === null ? "(challenge without error)" : `error="${e.error}"`} code=${e.code}`;
}

function bodyCode(body: string): { code: unknown; detail: unknown } | undefined {
	try {
		const v = JSON.parse(body) as unknown;
		return typeof v === "object" && v !== null && !Array.isArray(v)
			? (v as { code: unknown; detail: unknown })
			: undefined;
	} catch {
		return undefined;
	}
}

/** The answer for people: `401 error="invalid_token" code=TOKEN_EXPIRED`. */
export function answerText(a: Answer): string {
	const bearer = parseWwwAuthenticate(a.wwwAuthenticate).find(
		(c) => c.scheme.toLowerCase() === "bearer",
	);
	const challenge =
		a.wwwAuthenticate === null
			? "no WWW-Authenticate"
			: bearer === undefined
				? `WWW-Authenticate: ${a.wwwAuthenticate}`
				: bearer.params.error === undefined
					? "(challenge without error)"
					: `error="${bearer.params.error}"`;
	const b = bodyCode(a.body);
	const code =
		b === undefined
			? `body ${JSON.stringify(a.body.slice(0, 80))}`
			: `code=${typeof b.code === "string" ? b.code : JSON.stringify(b.code ?? null)}`;
	return `${a.status} ${challenge} ${code}`;
}

/** The problems with an answer, and the level of the worst one (null: none). */
export function judge(c: ConformanceCase, a: Answer): { problems: string[]; failed: Level | null } {
	const must: string[] = [];
	const problems: string[] = [];
	const e = c.expect;
	if (a.status >= 500)
		must.push(
			`answered ${a.status}: a hostile or malformed input must get a typed 4xx, never a server error`,
		);
	if (e.accept) {
		if (a.status < 200 || a.status > 299) problems.push(`refused a valid request with ${a.status}`);
	} else {
		if (a.status >= 200 && a.status <= 299)
			must.push(`accepted (${a.status}) what must be refused`);
		else if (a.status < 500) {
			if (a.status !== e.status) problems.push(`status ${a.status}, expected ${e.status}`);
			const bearer = parseWwwAuthenticate(a.wwwAuthenticate).find(
				(ch) => ch.scheme.toLowerCase() === "bearer",
			);
			if (bearer === undefined)
				problems.push("no Bearer challenge in WWW-Authenticate (RFC 6750 §3)");
			else {
				if (bearer.params.realm === undefined) problems.push("the challenge has no realm");
				const error = bearer.params.error ?? null;
				if (error !== e.error)
					problems.push(
						`challenge error ${error === null ? "absent" : `"${error}"`}, expected ${e.error === null ? "none" : `"${e.error}"`}`,
					);
			}
			const b = bodyCode(a.body);
			if (b === undefined || typeof b.detail !== "string")
				problems.push('the body is not JSON {"detail", "code"}');
			if (b?.code !== e.code)
				problems.push(
					`code ${typeof b?.code === "string" ? b.code : "absent"}, expected ${e.code}`,
				);
		}
	}
	if (must.length > 0) return { problems: [...must, ...problems], failed: "MUST" };
	return { problems, failed: problems.length > 0 ? c.level : null };
}
