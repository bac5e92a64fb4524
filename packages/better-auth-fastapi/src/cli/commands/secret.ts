/**
 * `better-auth-fastapi secret`: prints a new strong secret, in the form to paste into an env file.
 *
 * @module
 */
import { Command } from "commander";
import { base64urlEncode } from "../../core/base64url.js";
import { secretProblem } from "../../server/secret.js";
import { UsageError } from "../errors.js";
import { execute } from "../output.js";

/** Options of {@link runSecret}. */
export interface SecretOptions {
	/** The variable name in the printed line. @default "BETTER_AUTH_SECRET" */
	name?: string | undefined;
	/** Random bytes before encoding, 32 to 128. @default 32 */
	bytes?: number | undefined;
}

/** The result: the env line, the name and what the hygiene rules say (always acceptable). */
export interface SecretResult {
	name: string;
	secret: string;
	envLine: string;
	bytes: number;
}

/**
 * Draws random bytes (Web Crypto) and encodes them base64url: 32 bytes give 43 characters that
 * both sides' hygiene rules accept. Draws again in the astronomically rare case a rule refuses.
 */
export async function runSecret(options: SecretOptions = {}): Promise<SecretResult> {
	const name = options.name ?? "BETTER_AUTH_SECRET";
	const bytes = options.bytes ?? 32;
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
		throw new UsageError("--name must be an environment variable name.");
	if (!Number.isSafeInteger(bytes) || bytes < 32 || bytes > 128) {
		throw new UsageError("--bytes must be an integer from 32 to 128.");
	}
	for (;;) {
		const secret = base64urlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
		if (secretProblem(secret) === null)
			return { name, secret, envLine: `${name}=${secret}`, bytes };
	}
}

/** The `secret` command. */
export const secretCommand = new Command("secret")
	.description(
		"print a new strong secret as NAME=value, ready for an env file (both sides accept it)",
	)
	.option("--name <NAME>", "the variable name to print", "BETTER_AUTH_SECRET")
	.option("--bytes <N>", "random bytes, 32 to 128", "32")
	.option("--json", "print the result as JSON")
	.action(async (opts: { name: string; bytes: string; json?: boolean }) => {
		await execute(
			opts.json,
			() =>
				runSecret({
					name: opts.name,
					bytes: /^\d+$/.test(opts.bytes) ? Number(opts.bytes) : Number.NaN,
				}),
			{
				text: (r) => r.envLine,
				exitCode: () => 0,
			},
		);
	});
