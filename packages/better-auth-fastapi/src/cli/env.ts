/**
 * Reading the secret and the configuration from the environment. Secrets come only from the
 * environment (`--secret-env NAME`), never from a flag, and are never printed.
 *
 * @module
 * @internal
 */
import type { KeyMode } from "../core/key.js";
import { secretProblem } from "../server/secret.js";
import { UsageError } from "./errors.js";

/** The environment variable holding the secret by default: the one Better Auth reads. */
export const DEFAULT_SECRET_ENV = "BETTER_AUTH_SECRET";

/** Refuses names that cannot be environment variables (so a secret passed by mistake is not echoed). */
function checkName(name: string, flag: string): void {
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
		throw new UsageError(
			`${flag} takes the NAME of an environment variable (letters, digits, underscores), not a value.`,
		);
	}
}

/** The secret from `name`, or `undefined` when unset or empty. */
export function readSecret(name = DEFAULT_SECRET_ENV, flag = "--secret-env"): string | undefined {
	checkName(name, flag);
	const value = process.env[name];
	return value === undefined || value === "" ? undefined : value;
}

/** The secret from `name`; a usage error naming the variable when unset or failing hygiene. */
export function requireSecret(name = DEFAULT_SECRET_ENV, flag = "--secret-env"): string {
	const secret = readSecret(name, flag);
	if (secret === undefined) {
		throw new UsageError(
			`${name} is not set; export the secret in ${name} (or name another variable with ${flag}).`,
		);
	}
	const problem = secretProblem(secret);
	if (problem !== null) {
		throw new UsageError(
			`${name} is refused by the secret hygiene rules (${problem}); generate one with \`better-auth-fastapi secret\`.`,
		);
	}
	return secret;
}

/** A key mode flag or `BETTER_AUTH_KEY_MODE`. */
export function keyModeOf(value: string | undefined): KeyMode {
	const mode = value ?? process.env.BETTER_AUTH_KEY_MODE ?? "derived";
	if (mode !== "derived" && mode !== "raw") {
		throw new UsageError('--key-mode must be "derived" or "raw".');
	}
	return mode;
}

/** An integer flag within bounds. */
export function integerOption(
	value: string | undefined,
	flag: string,
	min: number,
	max: number,
	fallback: number,
): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
		throw new UsageError(`${flag} must be an integer from ${min} to ${max}.`);
	}
	return n;
}

/** A URL flag (http or https). */
export function urlOption(value: string | undefined, flag: string): URL {
	if (value === undefined || value === "") throw new UsageError(`${flag} is required.`);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError(`${flag} must be an absolute http(s) URL.`);
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") {
		throw new UsageError(`${flag} must be an absolute http(s) URL.`);
	}
	return url;
}
