/**
 * The first checks: Better Auth and the API answer (each exchange also reads the server's clock),
 * the token endpoint is there, and a token is obtained with the test credentials.
 *
 * @module
 * @internal
 */
import { type HttpRequest, type HttpResponse, headerValue, send } from "../http.js";
import { type Check, checker } from "./check.js";
import type { Skew } from "./environment.js";
import { requestToken, serverDate, signIn } from "./session.js";

/** Sends a request and records the server's clock against this machine's. */
async function timed(name: string, req: HttpRequest, clocks: Skew[]): Promise<HttpResponse> {
	const before = Date.now() / 1000;
	const res = await send(req);
	const at = serverDate(res);
	// The Date header has 1 s resolution: compare with the middle of the exchange.
	if (at !== undefined) clocks.push({ name, skew: at + 0.5 - (before + Date.now() / 1000) / 2 });
	return res;
}

/** authReachable and apiReachable; `unreachable` when either did not answer at all. */
export async function reachChecks(
	base: URL,
	apiUrl: URL,
	clocks: Skew[],
): Promise<{ checks: Check[]; unreachable: boolean }> {
	const checks: Check[] = [];
	let unreachable = false;
	const auth = checker("authReachable", "Better Auth reachable");
	try {
		const ok = await timed("Better Auth", { url: new URL(`${base.href}/ok`) }, clocks);
		checks.push(
			ok.status === 200
				? auth("pass", `${base.href}/ok answered 200`)
				: auth(
						"fail",
						`${base.href}/ok answered ${ok.status}`,
						"--auth-url must be Better Auth's origin (or its /api/auth base)",
					),
		);
	} catch (error) {
		checks.push(auth("fail", (error as Error).message, "start Better Auth, or correct --auth-url"));
		unreachable = true;
	}
	const api = checker("apiReachable", "API reachable and protected");
	try {
		const res = await timed("the API", { url: apiUrl }, clocks);
		const challenge = headerValue(res.headers, "www-authenticate");
		if (res.status === 401 && challenge?.toLowerCase().startsWith("bearer")) {
			checks.push(api("pass", `${apiUrl.href} answered 401 with ${challenge} without a token`));
		} else if (res.status >= 200 && res.status < 300) {
			checks.push(
				api(
					"fail",
					`${apiUrl.href} answered ${res.status} without a token`,
					"--api-url must be a route that needs a valid token (e.g. /api/me)",
				),
			);
		} else {
			checks.push(
				api(
					"warn",
					`${apiUrl.href} answered ${res.status} without a token (expected 401 with a Bearer challenge)`,
				),
			);
		}
	} catch (error) {
		checks.push(api("fail", (error as Error).message, "start the API, or correct --api-url"));
		unreachable = true;
	}
	return { checks, unreachable };
}

/** The token endpoint answers 401 without a session (404: the plugin is missing). */
export async function endpointCheck(base: URL): Promise<Check> {
	const check = checker("tokenEndpoint", "token endpoint present");
	const res = await requestToken(base, undefined);
	if (res.status === 401)
		return check("pass", `GET ${base.href}/api-token answers 401 without a session`);
	return check(
		"fail",
		`GET ${base.href}/api-token answered ${res.status} without a session`,
		res.status === 404
			? "add apiToken() from better-auth-fastapi/server to Better Auth's plugins"
			: "the endpoint must answer 401 without a session",
	);
}

/** Credentials for a session: a Cookie header, or email and password. */
export type Credentials = { cookie: string } | { email: string; password: string } | undefined;

/** Signs in (or uses the cookie) and fetches a token: the check, and the token when obtained. */
export async function tokenCheck(
	base: URL,
	credentials: Credentials,
): Promise<{ check: Check; token?: string | undefined }> {
	const check = checker("session", "token obtained");
	if (credentials === undefined) {
		return {
			check: check(
				"skip",
				"no credentials given",
				"give --email with --password-env NAME, or --cookie-env NAME, to check a token end to end",
			),
		};
	}
	let cookie: string;
	if ("cookie" in credentials) cookie = credentials.cookie;
	else {
		const signed = await signIn(base, credentials.email, credentials.password);
		if (!("cookie" in signed)) {
			return {
				check: check(
					"fail",
					`sign-in answered ${signed.status}: ${signed.message}`,
					"check --email and the password in --password-env (a test user of this deployment)",
				),
			};
		}
		cookie = signed.cookie;
	}
	const res = await requestToken(base, cookie);
	let body: { token?: unknown; tokenType?: unknown } = {};
	try {
		body = JSON.parse(res.body) as typeof body;
	} catch {
		// reported below
	}
	if (res.status !== 200 || typeof body.token !== "string") {
		return {
			check: check(
				"fail",
				`GET /api-token with the session answered ${res.status}`,
				res.status === 401
					? "the session is not valid: sign in again or refresh --cookie-env"
					: "see Better Auth's logs",
			),
		};
	}
	const noStore = headerValue(res.headers, "cache-control")?.includes("no-store") === true;
	return {
		check: check(
			noStore && body.tokenType === "Bearer" ? "pass" : "warn",
			`GET /api-token answered 200 with a ${String(body.tokenType)} token${noStore ? "" : ", but without Cache-Control: no-store"}`,
		),
		token: body.token,
	};
}
