/**
 * The checks of a real token at the API: accepted; the same key on both sides, told from the
 * code the API answers (`KID_UNKNOWN` against `SIGNATURE_INVALID`) and, with the local secret,
 * which side to fix; issuer and audience.
 *
 * @module
 * @internal
 */
import type { KeyMode } from "../../core/key.js";
import { deriveKeyBytes, keyId } from "../../core/key.js";
import { decodeUnverified } from "../../core/verify.js";
import { send } from "../http.js";
import { mintToken } from "../mint.js";
import { bodyCode, type Check, checker } from "./check.js";

/** What the token checks need. */
export interface TokenContext {
	apiUrl: URL;
	localSecret: string | undefined;
	secretEnv: string;
	keyMode: KeyMode;
	expectedIssuer: string | undefined;
	expectedAudience: string | undefined;
}

/** Codes of the checks before and at the signature (contract §4.1 steps 1 to 9, and the header). */
const UP_TO_SIGNATURE = new Set([
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
]);

/** apiAccepts, sameKey and issuerAudience for the token Better Auth issued. */
export async function tokenChecks(token: string, ctx: TokenContext): Promise<Check[]> {
	const { header, payload } = decodeUnverified(token);
	const tokenKid = String(header.kid);
	const { iss, aud } = payload;
	const res = await send({ url: ctx.apiUrl, headers: { authorization: `Bearer ${token}` } });
	const code = bodyCode(res.body);
	const accepted = res.status >= 200 && res.status < 300;
	const accepts = checker("apiAccepts", "API accepts the token");
	const checks = [
		accepted
			? accepts("pass", `${ctx.apiUrl.href} answered ${res.status}`)
			: accepts(
					"fail",
					`${ctx.apiUrl.href} answered ${res.status} ${code ?? ""}`.trim(),
					"see the key, issuer and audience checks below",
				),
	];
	const sameKey = checker("sameKey", "both sides hold the same key");
	if (accepted || (code !== undefined && !UP_TO_SIGNATURE.has(code))) {
		checks.push(
			sameKey("pass", `the API got past the signature check of a token with kid ${tokenKid}`),
		);
	} else if (code === "KID_UNKNOWN" || code === "SIGNATURE_INVALID") {
		checks.push(await keyDiagnosis(code, tokenKid, iss, aud, ctx));
	} else {
		checks.push(
			sameKey("skip", `the API refused the token before the key check (${code ?? res.status})`),
		);
	}
	checks.push(issuerCheck(code, iss, aud, accepted, ctx));
	return checks;
}

function issuerCheck(
	code: string | undefined,
	iss: unknown,
	aud: unknown,
	accepted: boolean,
	ctx: TokenContext,
): Check {
	const check = checker("issuerAudience", "issuer and audience agree");
	if (code === "ISSUER_MISMATCH" || code === "AUDIENCE_MISMATCH") {
		const claim =
			code === "ISSUER_MISMATCH" ? `iss ${JSON.stringify(iss)}` : `aud ${JSON.stringify(aud)}`;
		const variable = code === "ISSUER_MISMATCH" ? "BETTER_AUTH_URL" : "BETTER_AUTH_AUDIENCE";
		return check(
			"fail",
			`the API refused the token's ${claim} with ${code}`,
			`set the same ${variable} on both sides (Better Auth issues ${claim})`,
		);
	}
	const { expectedIssuer: wantIss, expectedAudience: wantAud } = ctx;
	const audOk = aud === wantAud || (Array.isArray(aud) && aud.includes(wantAud));
	if (wantIss !== undefined && (iss !== wantIss || !audOk)) {
		return check(
			"fail",
			`the token has iss ${JSON.stringify(iss)} and aud ${JSON.stringify(aud)}; you expect ${wantIss} and ${wantAud}`,
			"set BETTER_AUTH_URL (and BETTER_AUTH_AUDIENCE) to the same values on both sides",
		);
	}
	return check(
		accepted ? "pass" : "skip",
		`iss ${JSON.stringify(iss)}, aud ${JSON.stringify(aud)}${accepted ? ", accepted by the API" : ""}`,
	);
}

/** Which side holds the other key, told from the API's code, the token's kid and the local secret. */
async function keyDiagnosis(
	code: string,
	tokenKid: string,
	iss: unknown,
	aud: unknown,
	ctx: TokenContext,
): Promise<Check> {
	const check = checker("sameKey", "both sides hold the same key");
	if (code === "SIGNATURE_INVALID") {
		return check(
			"fail",
			`the API knows kid ${tokenKid} but the signature fails (SIGNATURE_INVALID)`,
			"something changed the token on the way (a proxy?), or the API is not a contract v1 verifier",
		);
	}
	if (ctx.localSecret === undefined) {
		return check(
			"fail",
			`the API does not know kid ${tokenKid} (KID_UNKNOWN): the two sides hold different secrets or key modes`,
			`set ${ctx.secretEnv} here to the secret both should hold, and doctor names the side to fix`,
		);
	}
	const other = ctx.keyMode === "raw" ? "derived" : "raw";
	const [localKid, otherKid] = await Promise.all([
		deriveKeyBytes(ctx.localSecret, ctx.keyMode).then(keyId),
		deriveKeyBytes(ctx.localSecret, other).then(keyId),
	]);
	if (tokenKid === localKid) {
		return check(
			"fail",
			`Better Auth signs with your ${ctx.secretEnv} (kid ${localKid}); the API holds another key (KID_UNKNOWN)`,
			"fix the API: set its BETTER_AUTH_SECRET to the same value as Better Auth's (and the same BETTER_AUTH_KEY_MODE)",
		);
	}
	if (tokenKid === otherKid) {
		return check(
			"fail",
			`Better Auth signs with your ${ctx.secretEnv} in ${other} mode (kid ${otherKid})`,
			"set the same BETTER_AUTH_KEY_MODE on both sides",
		);
	}
	// Does the API hold the local secret? A token signed with it tells.
	if (typeof iss === "string" && typeof aud === "string") {
		const minted = await mintToken({
			secret: ctx.localSecret,
			keyMode: ctx.keyMode,
			issuer: iss,
			audience: aud,
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
			return check(
				"fail",
				`the API accepts your ${ctx.secretEnv} (kid ${localKid}); Better Auth signs with another key (kid ${tokenKid})`,
				"fix Better Auth: set its BETTER_AUTH_SECRET to the same value as the API's",
			);
		}
	}
	return check(
		"fail",
		`neither side holds your ${ctx.secretEnv} (kid ${localKid}); Better Auth signs with kid ${tokenKid}, which the API does not know`,
		"set the same BETTER_AUTH_SECRET on both sides",
	);
}
