/**
 * `better-auth-fastapi doctor`: checks a running deployment from the outside, one line per check
 * with a fix when it fails: Better Auth and the API reachable, the token endpoint, a token
 * obtained and accepted, the same key on both sides (naming the side to fix), issuer and
 * audience, clock skew against the leeway, CORS, HTTPS, and the local secret's strength.
 *
 * @module
 */
import { Command } from "commander";
import { deriveKeyBytes, keyId } from "../../core/key.js";
import { decodeUnverified } from "../../core/verify.js";
import { secretProblem } from "../../server/secret.js";
import type { Palette } from "../colour.js";
import { authBase, requestToken, serverDate, signIn } from "../doctor/session.js";
import { DEFAULT_SECRET_ENV, integerOption, keyModeOf, readSecret, urlOption } from "../env.js";
import { UsageError } from "../errors.js";
import { closeConnections, type HttpResponse, headerValue, send } from "../http.js";
import { mintToken } from "../mint.js";
import { execute } from "../output.js";
import { startProgress } from "../progress.js";

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

/** One check's outcome. `warn` and `skip` do not fail the run. */
export interface Check {
	id: string;
	title: string;
	status: "pass" | "fail" | "warn" | "skip";
	detail: string;
	fix?: string | undefined;
}

/** The result of `doctor`. */
export interface DoctorResult {
	authUrl: string;
	apiUrl: string;
	checks: Check[];
	/** Better Auth or the API did not answer at all (exit 2). */
	unreachable: boolean;
}

const isLocal = (u: URL) =>
	["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) || u.hostname.endsWith(".localhost");

function bodyCode(res: HttpResponse): string | undefined {
	try {
		const b = JSON.parse(res.body) as { code?: unknown };
		return typeof b.code === "string" ? b.code : undefined;
	} catch {
		return undefined;
	}
}

const listHas = (value: string | null, item: string) =>
	value?.split(",").some((v) => v.trim().toLowerCase() === item || v.trim() === "*");

/** Runs every check; never throws for what it finds, only for bad usage. */
export async function runDoctor(
	options: DoctorOptions,
	progress: (t: string) => void = () => {},
): Promise<DoctorResult> {
	const base = authBase(urlOption(options.authUrl, "--auth-url"));
	const apiUrl = urlOption(options.apiUrl, "--api-url");
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
	let cookie: string | undefined;
	let password: string | undefined;
	if (options.cookieEnv !== undefined) {
		cookie = readSecret(options.cookieEnv, "--cookie-env");
		if (cookie === undefined)
			throw new UsageError(`${options.cookieEnv} (--cookie-env) is not set.`);
	} else if (options.email !== undefined) {
		if (options.passwordEnv === undefined)
			throw new UsageError(
				"--email needs --password-env NAME (the password is read from the environment only).",
			);
		password = readSecret(options.passwordEnv, "--password-env");
		if (password === undefined)
			throw new UsageError(`${options.passwordEnv} (--password-env) is not set.`);
	}
	const checks: Check[] = [];
	const add = (c: Check) => {
		checks.push(c);
		progress(c.title);
	};
	const result: DoctorResult = {
		authUrl: base.href,
		apiUrl: apiUrl.href,
		checks,
		unreachable: false,
	};
	const clocks: { name: string; skew: number }[] = [];
	const timed = async (name: string, req: Parameters<typeof send>[0]) => {
		const before = Date.now() / 1000;
		const res = await send(req);
		const at = serverDate(res);
		// The Date header has 1 s resolution: compare with the middle of the exchange.
		if (at !== undefined) clocks.push({ name, skew: at + 0.5 - (before + Date.now() / 1000) / 2 });
		return res;
	};

	// Reachability: Better Auth, then the API.
	try {
		const ok = await timed("Better Auth", { url: new URL(`${base.href}/ok`) });
		add(
			ok.status === 200
				? {
						id: "authReachable",
						title: "Better Auth reachable",
						status: "pass",
						detail: `${base.href}/ok answered 200`,
					}
				: {
						id: "authReachable",
						title: "Better Auth reachable",
						status: "fail",
						detail: `${base.href}/ok answered ${ok.status}`,
						fix: "--auth-url must be Better Auth's origin (or its /api/auth base)",
					},
		);
	} catch (error) {
		add({
			id: "authReachable",
			title: "Better Auth reachable",
			status: "fail",
			detail: (error as Error).message,
			fix: "start Better Auth, or correct --auth-url",
		});
		result.unreachable = true;
	}
	let anonymous: HttpResponse | undefined;
	try {
		anonymous = await timed("the API", { url: apiUrl });
		const challenge = headerValue(anonymous.headers, "www-authenticate");
		add(
			anonymous.status === 401 && challenge?.toLowerCase().startsWith("bearer")
				? {
						id: "apiReachable",
						title: "API reachable and protected",
						status: "pass",
						detail: `${apiUrl.href} answered 401 with ${challenge} without a token`,
					}
				: anonymous.status >= 200 && anonymous.status < 300
					? {
							id: "apiReachable",
							title: "API reachable and protected",
							status: "fail",
							detail: `${apiUrl.href} answered ${anonymous.status} without a token`,
							fix: "--api-url must be a route that needs a valid token (e.g. /api/me)",
						}
					: {
							id: "apiReachable",
							title: "API reachable and protected",
							status: "warn",
							detail: `${apiUrl.href} answered ${anonymous.status} without a token (expected 401 with a Bearer challenge)`,
						},
		);
	} catch (error) {
		add({
			id: "apiReachable",
			title: "API reachable and protected",
			status: "fail",
			detail: (error as Error).message,
			fix: "start the API, or correct --api-url",
		});
		result.unreachable = true;
	}
	if (result.unreachable) return result;

	// The token endpoint, then a real token.
	const noSession = await requestToken(base, undefined);
	add(
		noSession.status === 401
			? {
					id: "tokenEndpoint",
					title: "token endpoint present",
					status: "pass",
					detail: `GET ${base.href}/api-token answers 401 without a session`,
				}
			: {
					id: "tokenEndpoint",
					title: "token endpoint present",
					status: "fail",
					detail: `GET ${base.href}/api-token answered ${noSession.status} without a session`,
					fix:
						noSession.status === 404
							? "add apiToken() from better-auth-fastapi/server to Better Auth's plugins"
							: "the endpoint must answer 401 without a session",
				},
	);
	let token: string | undefined;
	if (cookie === undefined && password !== undefined && options.email !== undefined) {
		const signed = await signIn(base, options.email, password);
		if ("cookie" in signed) cookie = signed.cookie;
		else
			add({
				id: "session",
				title: "signed in",
				status: "fail",
				detail: `sign-in answered ${signed.status}: ${signed.message}`,
				fix: "check --email and the password in --password-env (a test user of this deployment)",
			});
	}
	if (cookie === undefined) {
		if (!checks.some((c) => c.id === "session"))
			add({
				id: "session",
				title: "token obtained",
				status: "skip",
				detail: "no credentials given",
				fix: "give --email with --password-env NAME, or --cookie-env NAME, to check a token end to end",
			});
	} else {
		const res = await requestToken(base, cookie);
		let body: { token?: unknown; tokenType?: unknown } = {};
		try {
			body = JSON.parse(res.body) as typeof body;
		} catch {
			// reported below
		}
		if (res.status === 200 && typeof body.token === "string") {
			token = body.token;
			const noStore = headerValue(res.headers, "cache-control")?.includes("no-store") === true;
			add({
				id: "session",
				title: "token obtained",
				status: noStore && body.tokenType === "Bearer" ? "pass" : "warn",
				detail: `GET /api-token answered 200 with a ${body.tokenType} token${noStore ? "" : ", but without Cache-Control: no-store"}`,
			});
		} else {
			add({
				id: "session",
				title: "token obtained",
				status: "fail",
				detail: `GET /api-token with the session answered ${res.status}`,
				fix:
					res.status === 401
						? "the session is not valid: sign in again or refresh --cookie-env"
						: "see Better Auth's logs",
			});
		}
	}

	// The API and the token.
	if (token !== undefined) {
		const decoded = decodeUnverified(token);
		const tokenKid = decoded.header.kid;
		const { iss, aud } = decoded.payload;
		const res = await send({ url: apiUrl, headers: { authorization: `Bearer ${token}` } });
		const code = bodyCode(res);
		const accepted = res.status >= 200 && res.status < 300;
		add(
			accepted
				? {
						id: "apiAccepts",
						title: "API accepts the token",
						status: "pass",
						detail: `${apiUrl.href} answered ${res.status}`,
					}
				: {
						id: "apiAccepts",
						title: "API accepts the token",
						status: "fail",
						detail: `${apiUrl.href} answered ${res.status} ${code ?? ""}`.trim(),
						fix: "see the key, issuer and audience checks below",
					},
		);
		// Same key: told from the code the API answers.
		const afterSignature =
			accepted ||
			(code !== undefined &&
				![
					"TOKEN_MISSING",
					"AUTHORIZATION_MALFORMED",
					"AUTHORIZATION_REPEATED",
					"TOKEN_TOO_LARGE",
					"TOKEN_MALFORMED",
					"JSON_INVALID",
					"ALG_NOT_ALLOWED",
					"TYPE_INVALID",
					"CRIT_UNSUPPORTED",
					"HEADER_PARAM_FORBIDDEN",
					"KID_MISSING",
					"KID_UNKNOWN",
					"SIGNATURE_INVALID",
				].includes(code));
		if (afterSignature)
			add({
				id: "sameKey",
				title: "both sides hold the same key",
				status: "pass",
				detail: `the API got past the signature check of a token with kid ${String(tokenKid)}`,
			});
		else if (code === "KID_UNKNOWN" || code === "SIGNATURE_INVALID")
			add(
				await keyDiagnosis(code, String(tokenKid), {
					localSecret,
					secretEnv,
					keyMode,
					iss,
					aud,
					apiUrl,
				}),
			);
		else
			add({
				id: "sameKey",
				title: "both sides hold the same key",
				status: "skip",
				detail: `the API refused the token before the key check (${code ?? res.status})`,
			});
		// Issuer and audience.
		const expectedIss = options.issuer ?? (process.env.BETTER_AUTH_URL || undefined);
		const expectedAud = options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || expectedIss);
		if (code === "ISSUER_MISMATCH" || code === "AUDIENCE_MISMATCH") {
			const claim =
				code === "ISSUER_MISMATCH" ? `iss ${JSON.stringify(iss)}` : `aud ${JSON.stringify(aud)}`;
			const variable = code === "ISSUER_MISMATCH" ? "BETTER_AUTH_URL" : "BETTER_AUTH_AUDIENCE";
			add({
				id: "issuerAudience",
				title: "issuer and audience agree",
				status: "fail",
				detail: `the API refused the token's ${claim} with ${code}`,
				fix: `set the same ${variable} on both sides (Better Auth issues ${claim})`,
			});
		} else if (
			expectedIss !== undefined &&
			(iss !== expectedIss ||
				!(aud === expectedAud || (Array.isArray(aud) && aud.includes(expectedAud))))
		) {
			add({
				id: "issuerAudience",
				title: "issuer and audience agree",
				status: "fail",
				detail: `the token has iss ${JSON.stringify(iss)} and aud ${JSON.stringify(aud)}; you expect ${expectedIss} and ${expectedAud}`,
				fix: "set BETTER_AUTH_URL (and BETTER_AUTH_AUDIENCE) to the same values on both sides",
			});
		} else {
			add({
				id: "issuerAudience",
				title: "issuer and audience agree",
				status: accepted ? "pass" : "skip",
				detail: `iss ${JSON.stringify(iss)}, aud ${JSON.stringify(aud)}${accepted ? ", accepted by the API" : ""}`,
			});
		}
	}

	// Clock skew, from the Date headers.
	if (clocks.length === 0)
		add({
			id: "clockSkew",
			title: "clocks agree",
			status: "skip",
			detail: "no Date header in the answers",
		});
	else {
		const skews = clocks
			.map((c) => `${c.name} ${c.skew >= 0 ? "+" : ""}${c.skew.toFixed(1)} s`)
			.join(", ");
		const values = clocks.map((c) => c.skew);
		const spread = Math.max(...values, 0) - Math.min(...values, 0);
		add({
			id: "clockSkew",
			title: "clocks agree",
			status: spread >= leeway ? "fail" : spread > leeway / 2 ? "warn" : "pass",
			detail: `skew against this machine: ${skews} (Date headers, ±1 s); leeway ${leeway} s`,
			fix: spread > leeway / 2 ? "run NTP (chrony, systemd-timesyncd) on every machine" : undefined,
		});
	}

	// CORS preflight from the web origin.
	if (options.webOrigin === undefined)
		add({
			id: "cors",
			title: "CORS for the web origin",
			status: "skip",
			detail: "no --web-origin given",
			fix: "give --web-origin (the front end's origin) to check the API's CORS",
		});
	else {
		const origin = urlOption(options.webOrigin, "--web-origin").origin;
		const pre = await send({
			method: "OPTIONS",
			url: apiUrl,
			headers: {
				origin,
				"access-control-request-method": "GET",
				"access-control-request-headers": "authorization",
			},
		});
		const allowOrigin = headerValue(pre.headers, "access-control-allow-origin");
		const allowHeaders = headerValue(pre.headers, "access-control-allow-headers");
		const actual = await send({
			url: apiUrl,
			headers: { origin, authorization: "Bearer doctor.invalid.token" },
		});
		const expose = headerValue(actual.headers, "access-control-expose-headers");
		const problems = [
			...(allowOrigin === origin || allowOrigin === "*"
				? []
				: [`the preflight allows origin ${allowOrigin ?? "(none)"}`]),
			...(listHas(allowHeaders, "authorization")
				? []
				: [`the preflight allows headers ${allowHeaders ?? "(none)"}, not Authorization`]),
			...(listHas(expose, "www-authenticate")
				? []
				: [
						`WWW-Authenticate is not exposed (Access-Control-Expose-Headers: ${expose ?? "(none)"})`,
					]),
		];
		add(
			problems.length === 0
				? {
						id: "cors",
						title: "CORS for the web origin",
						status: "pass",
						detail: `${origin} may send Authorization and read WWW-Authenticate`,
					}
				: {
						id: "cors",
						title: "CORS for the web origin",
						status: "fail",
						detail: problems.join("; "),
						fix: `CORSMiddleware(allow_origins=["${origin}"], allow_headers=["Authorization", "Content-Type"], expose_headers=["WWW-Authenticate"])`,
					},
		);
	}

	// HTTPS outside localhost.
	const clear = [base, apiUrl].filter((u) => u.protocol !== "https:" && !isLocal(u));
	add(
		clear.length === 0
			? {
					id: "https",
					title: "HTTPS outside localhost",
					status: "pass",
					detail: [base, apiUrl].every(isLocal) ? "both on localhost" : "HTTPS",
				}
			: {
					id: "https",
					title: "HTTPS outside localhost",
					status: "fail",
					detail: `${clear.map((u) => u.origin).join(", ")} in clear text`,
					fix: "serve both behind TLS; tokens and session cookies must not cross the network unencrypted",
				},
	);

	// The local secret's strength, when set (never printed).
	if (localSecret === undefined)
		add({
			id: "secretStrength",
			title: "local secret strength",
			status: "skip",
			detail: `${secretEnv} is not set here`,
		});
	else {
		const problem = secretProblem(localSecret);
		const kid = await keyId(await deriveKeyBytes(localSecret, keyMode));
		add(
			problem === null
				? {
						id: "secretStrength",
						title: "local secret strength",
						status: "pass",
						detail: `${secretEnv} passes the hygiene rules (kid ${kid} in ${keyMode} mode)`,
					}
				: {
						id: "secretStrength",
						title: "local secret strength",
						status: "fail",
						detail: `${secretEnv} is refused: ${problem}`,
						fix: "generate one with `better-auth-fastapi secret` and set it on both sides",
					},
		);
	}
	return result;
}

/** Which side holds the other key, told from the API's code, the token's kid and the local secret. */
async function keyDiagnosis(
	code: string,
	tokenKid: string,
	ctx: {
		localSecret: string | undefined;
		secretEnv: string;
		keyMode: "derived" | "raw";
		iss: unknown;
		aud: unknown;
		apiUrl: URL;
	},
): Promise<Check> {
	const title = "both sides hold the same key";
	if (code === "SIGNATURE_INVALID") {
		return {
			id: "sameKey",
			title,
			status: "fail",
			detail: `the API knows kid ${tokenKid} but the signature fails (SIGNATURE_INVALID)`,
			fix: "something changed the token on the way (a proxy?), or the API is not a contract v1 verifier",
		};
	}
	if (ctx.localSecret === undefined) {
		return {
			id: "sameKey",
			title,
			status: "fail",
			detail: `the API does not know kid ${tokenKid} (KID_UNKNOWN): the two sides hold different secrets or key modes`,
			fix: `set ${ctx.secretEnv} here to the secret both should hold, and doctor names the side to fix`,
		};
	}
	const other = ctx.keyMode === "raw" ? "derived" : "raw";
	const [localKid, otherKid] = await Promise.all([
		deriveKeyBytes(ctx.localSecret, ctx.keyMode).then(keyId),
		deriveKeyBytes(ctx.localSecret, other).then(keyId),
	]);
	if (tokenKid === localKid) {
		return {
			id: "sameKey",
			title,
			status: "fail",
			detail: `Better Auth signs with your ${ctx.secretEnv} (kid ${localKid}); the API holds another key (KID_UNKNOWN)`,
			fix: `fix the API: set its BETTER_AUTH_SECRET to the same value as Better Auth's (and the same BETTER_AUTH_KEY_MODE)`,
		};
	}
	if (tokenKid === otherKid) {
		return {
			id: "sameKey",
			title,
			status: "fail",
			detail: `Better Auth signs with your ${ctx.secretEnv} in ${other} mode (kid ${otherKid})`,
			fix: "set the same BETTER_AUTH_KEY_MODE on both sides",
		};
	}
	// Does the API hold the local secret? A token signed with it tells.
	if (typeof ctx.iss === "string" && typeof ctx.aud === "string") {
		const minted = await mintToken({
			secret: ctx.localSecret,
			keyMode: ctx.keyMode,
			issuer: ctx.iss,
			audience: ctx.aud,
			sub: "doctor",
			email: "doctor@example.com",
			roles: [],
			lifetimeSeconds: 60,
		});
		const res = await send({
			url: ctx.apiUrl,
			headers: { authorization: `Bearer ${minted.token}` },
		});
		if (res.status >= 200 && res.status < 300) {
			return {
				id: "sameKey",
				title,
				status: "fail",
				detail: `the API accepts your ${ctx.secretEnv} (kid ${localKid}); Better Auth signs with another key (kid ${tokenKid})`,
				fix: "fix Better Auth: set its BETTER_AUTH_SECRET to the same value as the API's",
			};
		}
	}
	return {
		id: "sameKey",
		title,
		status: "fail",
		detail: `neither side holds your ${ctx.secretEnv} (kid ${localKid}); Better Auth signs with kid ${tokenKid}, which the API does not know`,
		fix: "set the same BETTER_AUTH_SECRET on both sides",
	};
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
