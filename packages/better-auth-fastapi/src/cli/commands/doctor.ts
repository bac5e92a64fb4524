/**
 * `better-auth-fastapi doctor`: checks a running deployment from the outside, one line per check
 * with a fix when it fails: Better Auth and the API reachable, the token endpoint, a token
 * obtained and accepted, the same key on both sides (naming the side to fix), issuer and
 * audience, clock skew against the leeway, CORS, HTTPS, and the local secret's strength.
 *
 * @module
 */
import { Command } from "commander";
import type { Palette } from "../colour.js";
import { type Credentials, endpointCheck, reachChecks, tokenCheck } from "../doctor/access.js";
import type { Check } from "../doctor/check.js";
import {
	clockCheck,
	corsCheck,
	httpsCheck,
	type Skew,
	secretCheck,
} from "../doctor/environment.js";
import { authBase } from "../doctor/session.js";
import { tokenChecks } from "../doctor/token.js";
import { DEFAULT_SECRET_ENV, integerOption, keyModeOf, readSecret, urlOption } from "../env.js";
import { UsageError } from "../errors.js";
import { closeConnections } from "../http.js";
import { execute } from "../output.js";
import { startProgress } from "../progress.js";

export type { Check };

/** Flags of `doctor`, as commander gives them. */
export interface DoctorOptions {
	authUrl?: string | undefined;
	apiUrl?: string | undefined;
	email?: string | undefined;
	passwordEnv?: string | undefined;
	cookieEnv?: string | undefined;
	webOrigin?: string | undefined;
	issuer?: string | undefined;
	audience?: string | undefined;
	keyMode?: string | undefined;
	leewaySeconds?: string | undefined;
	secretEnv?: string | undefined;
}

/** The result of `doctor`. */
export interface DoctorResult {
	authUrl: string;
	apiUrl: string;
	checks: Check[];
	/** Better Auth or the API did not answer at all (exit 2). */
	unreachable: boolean;
}

/** Runs every check; never throws for what it finds, only for bad usage. */
export async function runDoctor(
	options: DoctorOptions,
	progress: (t: string) => void = () => {},
): Promise<DoctorResult> {
	const base = authBase(urlOption(options.authUrl, "--auth-url"));
	const apiUrl = urlOption(options.apiUrl, "--api-url");
	const webOrigin =
		options.webOrigin === undefined
			? undefined
			: urlOption(options.webOrigin, "--web-origin").origin;
	const keyMode = keyModeOf(options.keyMode);
	const leeway = integerOption(
		options.leewaySeconds ?? process.env.BETTER_AUTH_LEEWAY_SECONDS,
		"--leeway-seconds",
		0,
		300,
		30,
	);
	const secretEnv = options.secretEnv ?? DEFAULT_SECRET_ENV;
	const localSecret = readSecret(secretEnv);
	const credentials = credentialsOf(options);
	const checks: Check[] = [];
	const add = (...cs: Check[]) => {
		checks.push(...cs);
		for (const c of cs) progress(c.title);
	};
	const clocks: Skew[] = [];
	const reach = await reachChecks(base, apiUrl, clocks);
	add(...reach.checks);
	const result: DoctorResult = {
		authUrl: base.href,
		apiUrl: apiUrl.href,
		checks,
		unreachable: reach.unreachable,
	};
	if (reach.unreachable) return result;
	add(await endpointCheck(base));
	const obtained = await tokenCheck(base, credentials);
	add(obtained.check);
	if (obtained.token !== undefined) {
		const expectedIssuer = options.issuer ?? (process.env.BETTER_AUTH_URL || undefined);
		const expectedAudience =
			options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || expectedIssuer);
		add(
			...(await tokenChecks(obtained.token, {
				apiUrl,
				localSecret,
				secretEnv,
				keyMode,
				expectedIssuer,
				expectedAudience,
			})),
		);
	}
	add(
		clockCheck(clocks, leeway),
		await corsCheck(apiUrl, webOrigin),
		httpsCheck([base, apiUrl]),
		await secretCheck(localSecret, secretEnv, keyMode),
	);
	return result;
}

/** The session credentials from the flags; passwords and cookies only from the environment. */
function credentialsOf(options: DoctorOptions): Credentials {
	if (options.cookieEnv !== undefined) {
		const cookie = readSecret(options.cookieEnv, "--cookie-env");
		if (cookie === undefined)
			throw new UsageError(`${options.cookieEnv} (--cookie-env) is not set.`);
		return { cookie };
	}
	if (options.email === undefined) return undefined;
	if (options.passwordEnv === undefined) {
		throw new UsageError(
			"--email needs --password-env NAME (the password is read from the environment only).",
		);
	}
	const password = readSecret(options.passwordEnv, "--password-env");
	if (password === undefined)
		throw new UsageError(`${options.passwordEnv} (--password-env) is not set.`);
	return { email: options.email, password };
}

const MARK = { pass: "ok  ", fail: "FAIL", warn: "warn", skip: "skip" } as const;

/** One line per check, a fix under each failure. */
export function doctorText(r: DoctorResult, p: Palette): string {
	const colour = { pass: p.green, fail: p.red, warn: p.yellow, skip: p.dim } as const;
	const out = [p.bold(`doctor: Better Auth ${r.authUrl}, API ${r.apiUrl}`)];
	for (const c of r.checks) {
		out.push(`${colour[c.status](MARK[c.status])} ${c.title}: ${c.detail}`);
		if (c.fix && c.status !== "pass") out.push(`     fix: ${c.fix}`);
	}
	const failed = r.checks.filter((c) => c.status === "fail").length;
	out.push(
		"",
		failed === 0
			? p.green("no problems found")
			: p.red(`${failed} problem${failed === 1 ? "" : "s"} found`),
	);
	return out.join("\n");
}

/** The `doctor` command. */
export const doctorCommand = new Command("doctor")
	.description(
		"check a running deployment from the outside: Better Auth, the token, the API, keys, issuer, clocks, CORS, HTTPS",
	)
	.option("--auth-url <URL>", "Better Auth's origin, e.g. http://localhost:3000 (required)")
	.option(
		"--api-url <URL>",
		"a protected route of the API, e.g. http://localhost:8000/api/me (required)",
	)
	.option("--email <EMAIL>", "a test user's email (with --password-env)")
	.option("--password-env <NAME>", "the variable holding that user's password")
	.option(
		"--cookie-env <NAME>",
		"the variable holding a session Cookie header, instead of email and password",
	)
	.option("--web-origin <URL>", "the front end's origin, to check the API's CORS")
	.option("--issuer <URL>", "the issuer you expect (default: BETTER_AUTH_URL)")
	.option(
		"--audience <AUD>",
		"the audience you expect (default: BETTER_AUTH_AUDIENCE, else the issuer)",
	)
	.option("--key-mode <MODE>", "derived or raw (default: BETTER_AUTH_KEY_MODE, else derived)")
	.option("--leeway-seconds <N>", "the verifier's leeway, 0 to 300 (default 30)")
	.option(
		"--secret-env <NAME>",
		"the variable holding the local secret, if any",
		DEFAULT_SECRET_ENV,
	)
	.option("--json", "print the result as JSON")
	.action(async (opts: DoctorOptions & { json?: boolean }) => {
		const progress = startProgress(opts.json !== true);
		const work = () =>
			runDoctor(opts, (t) => progress.update(t)).finally(() => {
				progress.done();
				closeConnections();
			});
		await execute(opts.json, work, {
			text: doctorText,
			exitCode: (r) => (r.unreachable ? 2 : r.checks.some((c) => c.status === "fail") ? 1 : 0),
		});
	});
