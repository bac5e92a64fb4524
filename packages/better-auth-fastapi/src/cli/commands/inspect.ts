/**
 * `better-auth-fastapi inspect <token | ->`: decodes a token and explains it; with the secret in
 * the environment, verifies it with the core verifier and names the check that fails.
 *
 * @module
 */
import { Command } from "commander";
import { AccessTokenError } from "../../core/errors.js";
import { deriveKeyBytes, keyId } from "../../core/key.js";
import { VERIFIER_DEFAULTS } from "../../core/options.js";
import { createVerifier, decodeUnverified } from "../../core/verify.js";
import type { Palette } from "../colour.js";
import { DEFAULT_SECRET_ENV, integerOption, keyModeOf, readSecret } from "../env.js";
import { UsageError } from "../errors.js";
import { CLAIM_MEANINGS, HEADER_MEANINGS, kindOf, relative, type TokenKind } from "../explain.js";
import { execute } from "../output.js";

/** Flags of `inspect`. */
export interface InspectOptions {
	issuer?: string | undefined;
	audience?: string | undefined;
	keyMode?: string | undefined;
	leewaySeconds?: string | undefined;
	secretEnv?: string | undefined;
}

/** One explained header parameter or claim. */
export interface Explained {
	name: string;
	value: unknown;
	meaning: string;
	when?: string | undefined;
}

export type { TokenKind };

/** The result of `inspect`. */
export interface InspectResult {
	length: number;
	decoded: boolean;
	/** The core's code when the token does not even decode. */
	decodeError?: { code: string; message: string } | undefined;
	kind?: TokenKind | undefined;
	header: Explained[];
	claims: Explained[];
	lifetimeSeconds?: number | undefined;
	verification:
		| { checked: false; reason: string }
		| {
				checked: true;
				valid: boolean;
				code?: string | undefined;
				status?: number | undefined;
				error?: string | null | undefined;
				claim?: string | undefined;
				message?: string | undefined;
				keyMode: string;
				localKid: string;
				otherModeKid: string;
				issuerChecked: boolean;
		  };
}

/** Reads the token argument: `-` reads stdin; surrounding whitespace and a `Bearer ` prefix are dropped. */
export async function readTokenArgument(arg: string | undefined): Promise<string> {
	if (arg === undefined || arg === "")
		throw new UsageError("inspect needs a token, or - to read it from stdin.");
	let text = arg;
	if (arg === "-") {
		const chunks: Buffer[] = [];
		for await (const c of process.stdin) chunks.push(c as Buffer);
		text = Buffer.concat(chunks).toString("utf8");
	}
	text = text.trim().replace(/^bearer\s+/i, "");
	if (text === "") throw new UsageError("no token on stdin.");
	return text;
}

/** Decodes, explains and (with a secret) verifies one token. */
export async function runInspect(
	token: string,
	options: InspectOptions = {},
	now = Math.floor(Date.now() / 1000),
): Promise<InspectResult> {
	const secretEnv = options.secretEnv ?? DEFAULT_SECRET_ENV;
	const secret = readSecret(secretEnv);
	const keyMode = keyModeOf(options.keyMode);
	const leewaySeconds = integerOption(
		options.leewaySeconds,
		"--leeway-seconds",
		0,
		300,
		VERIFIER_DEFAULTS.leewaySeconds,
	);
	let header: Record<string, unknown>;
	let claims: Record<string, unknown>;
	try {
		({ header, payload: claims } = decodeUnverified(token));
	} catch (error) {
		if (!(error instanceof AccessTokenError)) throw error;
		return {
			length: token.length,
			decoded: false,
			decodeError: { code: error.code, message: error.message },
			header: [],
			claims: [],
			verification: { checked: false, reason: "the token does not decode" },
		};
	}
	const explained = (
		o: Record<string, unknown>,
		meanings: Record<string, string>,
		custom: string,
	) =>
		Object.entries(o).map(([name, value]): Explained => {
			const e: Explained = { name, value, meaning: meanings[name] ?? custom };
			if (
				(name === "iat" || name === "exp" || name === "nbf") &&
				typeof value === "number" &&
				Number.isFinite(value)
			) {
				e.when = `${new Date(value * 1000).toISOString()} (${relative(value, now)})`;
			}
			return e;
		});
	const result: InspectResult = {
		length: token.length,
		decoded: true,
		kind: kindOf(header, claims),
		header: explained(header, HEADER_MEANINGS, "not part of the contract"),
		claims: explained(claims, CLAIM_MEANINGS, "custom claim (passed through)"),
		lifetimeSeconds:
			typeof claims.exp === "number" && typeof claims.iat === "number"
				? claims.exp - claims.iat
				: undefined,
		verification: { checked: false, reason: `${secretEnv} is not set` },
	};
	if (secret === undefined) return result;
	const configured = options.issuer ?? (process.env.BETTER_AUTH_URL || undefined);
	const issuer =
		configured ??
		(typeof claims.iss === "string" && claims.iss !== "" ? claims.iss : "unknown-issuer");
	const audience = options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || issuer);
	const [localKid, otherModeKid] = await Promise.all([
		deriveKeyBytes(secret, keyMode).then(keyId),
		deriveKeyBytes(secret, keyMode === "raw" ? "derived" : "raw").then(keyId),
	]);
	const base = {
		checked: true as const,
		keyMode,
		localKid,
		otherModeKid,
		issuerChecked: configured !== undefined,
	};
	try {
		await createVerifier({ secret, keyMode, issuer, audience, leewaySeconds }).verify(token, {
			now,
		});
		result.verification = { ...base, valid: true };
	} catch (error) {
		if (!(error instanceof AccessTokenError)) throw error;
		result.verification = {
			...base,
			valid: false,
			code: error.code,
			status: error.status,
			error: error.error,
			claim: error.claim,
			message: error.message,
		};
	}
	return result;
}

/** The explanation for people. */
export function inspectText(r: InspectResult, p: Palette): string {
	if (!r.decoded)
		return `${p.red(r.decodeError?.code ?? "TOKEN_MALFORMED")}: ${r.decodeError?.message} (${r.length} characters)`;
	const v = (x: unknown) => JSON.stringify(x);
	const out = [
		p.bold(r.kind?.summary ?? ""),
		`verified by: ${r.kind?.verifiedBy}`,
		"",
		p.bold("header"),
	];
	for (const h of r.header) out.push(`  ${h.name.padEnd(15)} ${v(h.value)}  ${p.dim(h.meaning)}`);
	out.push("", p.bold("claims"));
	for (const c of r.claims)
		out.push(
			`  ${c.name.padEnd(15)} ${v(c.value)}${c.when ? `  ${c.when}` : ""}  ${p.dim(c.meaning)}`,
		);
	if (r.lifetimeSeconds !== undefined)
		out.push(`  lifetime        ${r.lifetimeSeconds} s (exp - iat; at most 3600 accepted)`);
	out.push("");
	const ver = r.verification;
	if (!ver.checked)
		out.push(`not verified: ${ver.reason} (the secret is read only from the environment)`);
	else {
		out.push(
			ver.valid
				? p.green(`valid: verifies with your secret (${ver.keyMode} key, kid ${ver.localKid})`)
				: `${p.red(`invalid: ${ver.code}`)} (${ver.status} ${ver.error ?? ""}${ver.claim ? `, claim ${ver.claim}` : ""}): ${ver.message}`,
		);
		const kid = r.header.find((h) => h.name === "kid")?.value;
		if (kid === ver.otherModeKid)
			out.push(
				p.yellow(
					`the token's kid is your secret's in the other key mode: the issuer runs with key mode ${ver.keyMode === "raw" ? "derived" : "raw"}`,
				),
			);
		else if (typeof kid === "string" && kid !== ver.localKid)
			out.push(
				`the token's kid ${kid} is not your secret's (${ver.localKid}): it was signed with another secret`,
			);
		if (!ver.issuerChecked)
			out.push(
				p.dim(
					"iss was not checked against a configured issuer: pass --issuer or set BETTER_AUTH_URL",
				),
			);
	}
	return out.join("\n");
}

/** The `inspect` command. */
export const inspectCommand = new Command("inspect")
	.description(
		"decode a token and explain it; with the secret in the environment, verify it and name the failing check",
	)
	.argument("<token>", "the token, or - to read it from stdin")
	.option("--issuer <URL>", "the expected iss (default: BETTER_AUTH_URL)")
	.option("--audience <AUD>", "the expected aud (default: BETTER_AUTH_AUDIENCE, else the issuer)")
	.option("--key-mode <MODE>", "derived or raw (default: BETTER_AUTH_KEY_MODE, else derived)")
	.option("--leeway-seconds <N>", "clock skew tolerated, 0 to 300", "30")
	.option("--secret-env <NAME>", "the variable holding the secret", DEFAULT_SECRET_ENV)
	.option("--json", "print the result as JSON")
	.action(async (arg: string, opts: InspectOptions & { json?: boolean }) => {
		await execute(opts.json, async () => runInspect(await readTokenArgument(arg), opts), {
			text: inspectText,
			exitCode: (r) => (!r.decoded || (r.verification.checked && !r.verification.valid) ? 1 : 0),
		});
	});
