/**
 * `better-auth-fastapi conformance`: attacks a running back end over HTTP with the contract's
 * hostile-token catalogue (the verify and Authorization-header vectors rebuilt for the target,
 * plus the CLI's own cases) and reports each case. Exit 1 when a MUST case fails (or a SHOULD
 * case, with `--strict`).
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import type { Palette } from "../colour.js";
import { junitXml } from "../conformance/junit.js";
import { type ConformanceResult, runConformance as run } from "../conformance/run.js";
import { DEFAULT_SECRET_ENV, keyModeOf, requireSecret, urlOption } from "../env.js";
import { UsageError } from "../errors.js";
import { execute } from "../output.js";
import { startProgress } from "../progress.js";

/** Flags of `conformance`, as commander gives them. */
export interface ConformanceOptions {
	url?: string | undefined;
	adminUrl?: string | undefined;
	adminRole?: string | undefined;
	issuer?: string | undefined;
	audience?: string | undefined;
	keyMode?: string | undefined;
	secretEnv?: string | undefined;
	junit?: string | undefined;
	only?: string | undefined;
	strict?: boolean | undefined;
	json?: boolean | undefined;
}

/** Checks the flags, runs the catalogue, writes `--junit`. */
export async function runConformance(
	options: ConformanceOptions,
	onProgress?: (t: string) => void,
): Promise<ConformanceResult> {
	const url = urlOption(options.url, "--url");
	const adminUrl =
		options.adminUrl === undefined ? undefined : urlOption(options.adminUrl, "--admin-url");
	const issuer = options.issuer ?? process.env.BETTER_AUTH_URL;
	if (issuer === undefined || issuer === "")
		throw new UsageError("--issuer is required (or set BETTER_AUTH_URL).");
	const adminRole = options.adminRole ?? "admin";
	if (adminRole === "") throw new UsageError("--admin-role must not be empty.");
	const result = await run({
		url,
		adminUrl,
		adminRole,
		issuer,
		audience: options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || issuer),
		keyMode: keyModeOf(options.keyMode),
		secret: requireSecret(options.secretEnv ?? DEFAULT_SECRET_ENV),
		only: (options.only ?? "")
			.split(",")
			.map((s) => s.trim())
			.filter((s) => s !== ""),
		strict: options.strict === true,
		onProgress,
	});
	if (options.junit !== undefined) writeFileSync(options.junit, junitXml(result));
	return result;
}

/** The report for people: failures in full, then the tally. */
export function conformanceText(r: ConformanceResult, p: Palette): string {
	const out: string[] = [
		p.bold(
			`conformance of ${r.target.url} (issuer ${r.target.issuer}, audience ${r.target.audience}, ${r.target.keyMode} key, kid ${r.target.kid})`,
		),
	];
	for (const o of r.outcomes) {
		if (o.passed) {
			out.push(`${p.green("pass")} ${o.id} ${o.comment}`);
			continue;
		}
		const mark =
			o.level === "MUST"
				? p.red("FAIL MUST")
				: p.yellow(`${r.summary.strict ? "FAIL" : "miss"} SHOULD`);
		out.push(`${mark} ${p.bold(`${o.id} ${o.comment}`)}`);
		out.push(...o.sent.split("\n").map((l) => p.dim(`    sent      ${l}`)));
		out.push(`    expected  ${o.expected}`, `    got       ${o.got}`);
		for (const problem of o.problems) out.push(`    problem   ${problem}`);
		for (const w of o.why)
			out.push(
				p.dim(`    why       ${w.description}${w.links.length ? ` (${w.links.join(", ")})` : ""}`),
			);
	}
	const s = r.summary;
	out.push(
		"",
		`${s.cases} cases: ${p.green(`${s.passed} passed`)}, ${s.failedMust > 0 ? p.red(`${s.failedMust} MUST failed`) : "0 MUST failed"}, ${s.failedShould} SHOULD ${s.strict ? "failed" : "missed"}; ${s.notApplicable} not applicable to this run (see --json)`,
	);
	return out.join("\n");
}

/** The `conformance` command. */
export const conformanceCommand = new Command("conformance")
	.description(
		"attack a running back end with the contract's hostile-token catalogue and report each case",
	)
	.option(
		"--url <URL>",
		"a route that needs a valid token (required), e.g. http://localhost:8000/api/me",
	)
	.option("--admin-url <URL>", "a route that needs a role, for the role cases")
	.option("--admin-role <ROLE>", "the role --admin-url needs", "admin")
	.option("--issuer <URL>", "the issuer the back end expects (default: BETTER_AUTH_URL)")
	.option(
		"--audience <AUD>",
		"the audience the back end expects (default: BETTER_AUTH_AUDIENCE, else the issuer)",
	)
	.option("--key-mode <MODE>", "derived or raw (default: BETTER_AUTH_KEY_MODE, else derived)")
	.option("--secret-env <NAME>", "the variable holding the back end's secret", DEFAULT_SECRET_ENV)
	.option("--junit <FILE>", "also write a JUnit XML report")
	.option(
		"--only <IDS>",
		"comma-separated case ids or comments, e.g. verify_v1#12,cli#4,rejectsAlgNone",
	)
	.option("--strict", "fail the run on SHOULD cases too")
	.option("--json", "print the result as JSON")
	.action(async (opts: ConformanceOptions) => {
		const progress = startProgress(opts.json !== true);
		const work = () =>
			runConformance(opts, (t) => progress.update(t)).finally(() => progress.done());
		await execute(opts.json, work, {
			text: conformanceText,
			exitCode: (r) =>
				r.summary.failedMust > 0 || (r.summary.strict && r.summary.failedShould > 0) ? 1 : 0,
		});
	});
