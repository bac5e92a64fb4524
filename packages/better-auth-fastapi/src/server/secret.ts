/**
 * Secret hygiene (contract v1): refuse, at start-up, a `BETTER_AUTH_SECRET` that is missing, not
 * UTF-8 text, short, one of the published placeholders, or plainly low-entropy. Web APIs only, so
 * verifiers and the CLI can share it.
 *
 * @module
 */
import { ConfigurationError } from "../core/errors.js";

/** Why a secret was refused; the first failing rule wins, in this order. */
export type SecretProblem =
	| "missing"
	| "invalidUtf8"
	| "tooShort"
	| "publishedDefault"
	| "lowEntropy";

/** Minimum length of a secret in UTF-8 bytes. */
export const MIN_SECRET_BYTES = 32;

/**
 * Substrings (compared case-insensitively) of the placeholders that documentation and templates
 * publish, Better Auth's own development default (`better-auth-secret-123…`) among them.
 */
export const PUBLISHED_DEFAULTS = [
	"better-auth-secret",
	"changeme",
	"change-me",
	"change_me",
	"your-secret",
	"your_secret",
	"replace-me",
	"replace_me",
	"secret-key-here",
] as const;

/** The low-entropy rule's thresholds (`spec/secret_rules.json`). */
export const LOW_ENTROPY = {
	minDistinctCodePoints: 8,
	minShannonBitsPerCodePoint: 3.0,
	maxCloseAdjacentFraction: 0.5,
} as const;

/** A UTF-16 surrogate not part of a pair (a regex: `String.prototype.isWellFormed` is ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const GENERATE_HINT = "generate one with `openssl rand -base64 32`";

/** Returns the first rule a secret breaks, or `null` when it is acceptable. */
export function secretProblem(secret: string | null | undefined): SecretProblem | null {
	if (secret === undefined || secret === null || secret === "") return "missing";
	// Not UTF-8 text: Node reads bytes of an environment variable that are not UTF-8 as U+FFFD,
	// Python as lone surrogates; either way the key would come from U+FFFD bytes, a constant.
	if (secret.includes("\uFFFD") || LONE_SURROGATE.test(secret)) return "invalidUtf8";
	if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) return "tooShort";
	const lower = secret.toLowerCase();
	if (PUBLISHED_DEFAULTS.some((d) => lower.includes(d))) return "publishedDefault";
	if (isLowEntropy(secret)) return "lowEntropy";
	return null;
}

/**
 * Fewer than 8 distinct code points; or a Shannon entropy below 3.0 bits per code point; or more
 * than half of adjacent code-point pairs differing by at most 1 ("aaaa…", "abcd…", "0123…").
 */
function isLowEntropy(secret: string): boolean {
	const points = Array.from(secret, (c) => c.codePointAt(0) as number);
	const counts = new Map<number, number>();
	for (const p of points) counts.set(p, (counts.get(p) ?? 0) + 1);
	if (counts.size < LOW_ENTROPY.minDistinctCodePoints) return true;
	let entropy = 0;
	for (const n of counts.values()) {
		const p = n / points.length;
		entropy -= p * Math.log2(p);
	}
	if (entropy < LOW_ENTROPY.minShannonBitsPerCodePoint) return true;
	let close = 0;
	for (let i = 0; i + 1 < points.length; i++) {
		if (Math.abs((points[i + 1] as number) - (points[i] as number)) <= 1) close++;
	}
	return close > LOW_ENTROPY.maxCloseAdjacentFraction * (points.length - 1);
}

function message(setting: string, problem: SecretProblem): string {
	switch (problem) {
		case "missing":
			return `${setting} is not set; ${GENERATE_HINT}.`;
		case "invalidUtf8":
			return `${setting} is not valid UTF-8 text (it holds bytes that decode to U+FFFD); ${GENERATE_HINT}.`;
		case "tooShort":
			return `${setting} must be at least ${MIN_SECRET_BYTES} bytes; ${GENERATE_HINT}.`;
		case "publishedDefault":
			return `${setting} is a published placeholder value; ${GENERATE_HINT}.`;
		case "lowEntropy":
			return `${setting} is too predictable (too few distinct or too regular characters); ${GENERATE_HINT}.`;
	}
}

/**
 * Throws a {@link ConfigurationError} (with `setting` and `reason`) when a secret breaks a hygiene
 * rule; the message names the setting and never contains the secret.
 *
 * @param setting - The environment variable or option path the secret came from, e.g.
 *   `"BETTER_AUTH_SECRET"` or `"options.previousSecrets[0]"`.
 * @example
 * ```ts
 * assertSecretHygiene(process.env.BETTER_AUTH_SECRET, "BETTER_AUTH_SECRET");
 * ```
 */
export function assertSecretHygiene(
	secret: string | null | undefined,
	setting = "BETTER_AUTH_SECRET",
): asserts secret is string {
	const problem = secretProblem(secret);
	if (problem !== null) {
		throw new ConfigurationError(setting, message(setting, problem), { reason: problem });
	}
}
