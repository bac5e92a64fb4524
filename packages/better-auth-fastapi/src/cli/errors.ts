/**
 * The CLI's own failures: exit status 2 (bad usage, or the target unreachable). Messages are
 * sentences for people and never contain a secret or a token.
 *
 * @module
 * @internal
 */

/** Bad usage: a missing or invalid flag, or a missing environment variable. Exit status 2. */
export class UsageError extends Error {
	override name = "UsageError";
}

/** The target could not be reached (connection refused, DNS, timeout). Exit status 2. */
export class UnreachableError extends Error {
	override name = "UnreachableError";
}
