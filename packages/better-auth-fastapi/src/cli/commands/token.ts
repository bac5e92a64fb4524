/**
 * `better-auth-fastapi token`: mints a contract token for local testing from the secret in the
 * environment, for `curl` and Swagger's Authorize button.
 *
 * @module
 */
import { Command } from "commander";
import { MAX_LIFETIME_SECONDS, MIN_LIFETIME_SECONDS } from "../../server/config.js";
import { DEFAULT_SECRET_ENV, integerOption, keyModeOf, requireSecret } from "../env.js";
import { UsageError } from "../errors.js";
import { mintToken } from "../mint.js";
import { execute } from "../output.js";

/** Flags of the `token` command, as commander gives them. */
export interface TokenOptions {
	sub?: string | undefined;
	email?: string | undefined;
	name?: string | undefined;
	roles?: string | undefined;
	lifetimeSeconds?: string | undefined;
	issuer?: string | undefined;
	audience?: string | undefined;
	keyMode?: string | undefined;
	secretEnv?: string | undefined;
}

/** The minted token, its `kid` (never the secret) and its claims. */
export interface TokenResult {
	token: string;
	tokenType: "Bearer";
	expiresAt: string;
	kid: string;
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
}

/** Mints the token; every value not given comes from the environment or the contract defaults. */
export async function runToken(options: TokenOptions): Promise<TokenResult> {
	const secret = requireSecret(options.secretEnv ?? DEFAULT_SECRET_ENV);
	const issuer = options.issuer ?? process.env.BETTER_AUTH_URL;
	if (issuer === undefined || issuer === "") {
		throw new UsageError("--issuer is required (or set BETTER_AUTH_URL).");
	}
	const audience = options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || issuer);
	const sub = options.sub ?? "cli-test-user";
	if (sub === "") throw new UsageError("--sub must not be empty.");
	const roles = (options.roles ?? "")
		.split(",")
		.map((r) => r.trim())
		.filter((r) => r !== "");
	const minted = await mintToken({
		secret,
		keyMode: keyModeOf(options.keyMode),
		issuer,
		audience,
		sub,
		email: options.email ?? `${sub}@example.com`,
		name: options.name,
		roles,
		lifetimeSeconds: integerOption(
			options.lifetimeSeconds,
			"--lifetime-seconds",
			MIN_LIFETIME_SECONDS,
			MAX_LIFETIME_SECONDS,
			900,
		),
	});
	const exp = minted.claims.exp as number;
	return {
		token: minted.token,
		tokenType: "Bearer",
		expiresAt: new Date(exp * 1000).toISOString(),
		kid: minted.kid,
		header: minted.header,
		claims: minted.claims,
	};
}

/** The `token` command. */
export const tokenCommand = new Command("token")
	.description(
		"mint a contract token for local testing from the secret in the environment (prints the token only)",
	)
	.option("--sub <ID>", "the user id (sub)", "cli-test-user")
	.option("--email <EMAIL>", "the email claim (default: <sub>@example.com)")
	.option("--name <NAME>", "the name claim")
	.option("--roles <LIST>", "comma-separated roles, e.g. admin,user")
	.option("--lifetime-seconds <N>", "lifetime, 30 to 3600", "900")
	.option("--issuer <URL>", "iss (default: BETTER_AUTH_URL)")
	.option("--audience <AUD>", "aud (default: BETTER_AUTH_AUDIENCE, else the issuer)")
	.option("--key-mode <MODE>", "derived or raw (default: BETTER_AUTH_KEY_MODE, else derived)")
	.option("--secret-env <NAME>", "the variable holding the secret", DEFAULT_SECRET_ENV)
	.option("--json", "print the token, its kid and claims as JSON")
	.action(async (opts: TokenOptions & { json?: boolean }) => {
		await execute(opts.json, () => runToken(opts), {
			text: (r) => r.token,
			exitCode: () => 0,
		});
	});
