/**
 * The checks around the token: clock skew from the Date headers, CORS from the web origin,
 * HTTPS outside localhost, and the local secret's strength (never printed).
 *
 * @module
 * @internal
 */
import type { KeyMode } from "../../core/key.js";
import { deriveKeyBytes, keyId } from "../../core/key.js";
import { secretProblem } from "../../server/secret.js";
import { headerValue, send } from "../http.js";
import { type Check, checker, isLocal } from "./check.js";

/** A server's clock against this machine's, in seconds. */
export interface Skew {
	name: string;
	skew: number;
}

/** Fails at the leeway, warns past half of it. */
export function clockCheck(clocks: Skew[], leeway: number): Check {
	const check = checker("clockSkew", "clocks agree");
	if (clocks.length === 0) return check("skip", "no Date header in the answers");
	const skews = clocks
		.map((c) => `${c.name} ${c.skew >= 0 ? "+" : ""}${c.skew.toFixed(1)} s`)
		.join(", ");
	const values = clocks.map((c) => c.skew);
	const spread = Math.max(...values, 0) - Math.min(...values, 0);
	return check(
		spread >= leeway ? "fail" : spread > leeway / 2 ? "warn" : "pass",
		`skew against this machine: ${skews} (Date headers, ±1 s); leeway ${leeway} s`,
		spread > leeway / 2 ? "run NTP (chrony, systemd-timesyncd) on every machine" : undefined,
	);
}

const listHas = (value: string | null, item: string) =>
	value?.split(",").some((v) => v.trim().toLowerCase() === item || v.trim() === "*") === true;

/** The preflight allows the origin and Authorization; the answer exposes WWW-Authenticate. */
export async function corsCheck(apiUrl: URL, origin: string | undefined): Promise<Check> {
	const check = checker("cors", "CORS for the web origin");
	if (origin === undefined)
		return check(
			"skip",
			"no --web-origin given",
			"give --web-origin (the front end's origin) to check the API's CORS",
		);
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
	const problems: string[] = [];
	if (allowOrigin !== origin && allowOrigin !== "*")
		problems.push(`the preflight allows origin ${allowOrigin ?? "(none)"}`);
	if (!listHas(allowHeaders, "authorization"))
		problems.push(`the preflight allows headers ${allowHeaders ?? "(none)"}, not Authorization`);
	if (!listHas(expose, "www-authenticate"))
		problems.push(
			`WWW-Authenticate is not exposed (Access-Control-Expose-Headers: ${expose ?? "(none)"})`,
		);
	return problems.length === 0
		? check("pass", `${origin} may send Authorization and read WWW-Authenticate`)
		: check(
				"fail",
				problems.join("; "),
				`CORSMiddleware(allow_origins=["${origin}"], allow_headers=["Authorization", "Content-Type"], expose_headers=["WWW-Authenticate"])`,
			);
}

/** Both URLs on HTTPS, or on localhost. */
export function httpsCheck(urls: URL[]): Check {
	const check = checker("https", "HTTPS outside localhost");
	const clear = urls.filter((u) => u.protocol !== "https:" && !isLocal(u));
	if (clear.length > 0) {
		return check(
			"fail",
			`${clear.map((u) => u.origin).join(", ")} in clear text`,
			"serve both behind TLS; tokens and session cookies must not cross the network unencrypted",
		);
	}
	return check("pass", urls.every(isLocal) ? "both on localhost" : "HTTPS");
}

/** The hygiene rules on the local secret, when it is set; only its kid is shown. */
export async function secretCheck(
	secret: string | undefined,
	secretEnv: string,
	keyMode: KeyMode,
): Promise<Check> {
	const check = checker("secretStrength", "local secret strength");
	if (secret === undefined) return check("skip", `${secretEnv} is not set here`);
	const problem = secretProblem(secret);
	if (problem !== null)
		return check(
			"fail",
			`${secretEnv} is refused: ${problem}`,
			"generate one with `better-auth-fastapi secret` and set it on both sides",
		);
	const kid = await keyId(await deriveKeyBytes(secret, keyMode));
	return check("pass", `${secretEnv} passes the hygiene rules (kid ${kid} in ${keyMode} mode)`);
}
