/**
 * Better Auth's versioned secrets (`BETTER_AUTH_SECRETS="2:new,1:old"`, or the `secrets` option),
 * parsed and validated by exactly the rules of Better Auth 1.7's `parseSecretsEnv` and
 * `validateSecretsArray`, and the one precedence rule that decides which secrets sign and verify
 * (contract 2.7). Web APIs only.
 *
 * @module
 */
import { ConfigurationError } from "../core/errors.js";
import { assertSecretHygiene } from "./secret.js";

/** One entry of Better Auth's `secrets` option (and of `BETTER_AUTH_SECRETS`). */
export interface VersionedSecret {
	/** A non-negative integer, unique in the list. */
	version: number;
	/** The secret itself. */
	value: string;
}

/** Why a versioned-secrets list was refused (besides the hygiene reasons of each entry). */
export type VersionedSecretsProblem =
	| "entryFormat"
	| "versionInvalid"
	| "valueEmpty"
	| "versionDuplicate"
	| "conflict";

/** A secret the configuration holds, with the setting it came from (for messages). */
export interface ConfiguredSecret {
	value: string;
	setting: string;
}

function refuse(setting: string, reason: VersionedSecretsProblem, message: string): never {
	throw new ConfigurationError(setting, message, { reason });
}

/**
 * Better Auth's second check (`validateSecretsArray`), which a parsed variable also goes through:
 * the version read back must print as it was given (so `1e+21` and `1.5` fail), the value must be
 * non-empty, and versions must be unique. Messages never contain a value.
 */
function validate(secrets: readonly VersionedSecret[], setting: string): void {
	const seen = new Set<number>();
	secrets.forEach((s, i) => {
		const version = Number.parseInt(String(s.version), 10);
		if (!Number.isInteger(version) || version < 0 || String(version) !== String(s.version).trim()) {
			refuse(
				`${setting}[${i}]`,
				"versionInvalid",
				`${setting}[${i}] has an invalid version; a version must be a non-negative integer`,
			);
		}
		if (!s.value) {
			refuse(`${setting}[${i}]`, "valueEmpty", `${setting}[${i}] has an empty secret`);
		}
		if (seen.has(version)) {
			refuse(
				`${setting}[${i}]`,
				"versionDuplicate",
				`${setting}[${i}] repeats version ${version}; each version must be unique`,
			);
		}
		seen.add(version);
	});
}

/**
 * Parses `BETTER_AUTH_SECRETS` as Better Auth's `parseSecretsEnv` does: entries separated by `,`,
 * each trimmed, `<version>:<secret>` split at the first `:`, the version read by `parseInt`
 * (base 10) and required to be a non-negative integer, the secret trimmed and non-empty; then
 * {@link validate}. An error's `setting` is `BETTER_AUTH_SECRETS[<index>]` (0-based).
 *
 * @example
 * ```ts
 * parseSecretsVariable("2:new-secret,1:old-secret"); // [{ version: 2, ... }, { version: 1, ... }]
 * ```
 */
export function parseSecretsVariable(
	variable: string,
	setting = "BETTER_AUTH_SECRETS",
): VersionedSecret[] {
	const secrets = variable.split(",").map((raw, i): VersionedSecret => {
		const entry = raw.trim();
		const colon = entry.indexOf(":");
		if (colon === -1) {
			refuse(
				`${setting}[${i}]`,
				"entryFormat",
				`${setting}[${i}] must look like "<version>:<secret>"`,
			);
		}
		const version = Number.parseInt(entry.slice(0, colon), 10);
		if (!Number.isInteger(version) || version < 0) {
			refuse(
				`${setting}[${i}]`,
				"versionInvalid",
				`${setting}[${i}] has an invalid version; a version must be a non-negative integer`,
			);
		}
		const value = entry.slice(colon + 1).trim();
		if (!value) refuse(`${setting}[${i}]`, "valueEmpty", `${setting}[${i}] has an empty secret`);
		return { version, value };
	});
	validate(secrets, setting);
	return secrets;
}

/** Checks a `secrets` option (Better Auth's shape) by `validateSecretsArray`'s rules. */
export function validateSecretsOption(
	secrets: unknown,
	setting = "options.secrets",
): VersionedSecret[] {
	if (!Array.isArray(secrets) || secrets.length === 0) {
		throw new ConfigurationError(
			setting,
			`${setting} must be a non-empty array of { version, value }`,
		);
	}
	secrets.forEach((s: unknown, i) => {
		const entry = s as { version?: unknown; value?: unknown } | null;
		if (
			typeof entry !== "object" ||
			entry === null ||
			(typeof entry.version !== "number" && typeof entry.version !== "string") ||
			(typeof entry.value !== "string" && entry.value !== undefined)
		) {
			throw new ConfigurationError(
				`${setting}[${i}]`,
				`${setting}[${i}] must be { version: number, value: string }`,
			);
		}
	});
	validate(secrets as VersionedSecret[], setting);
	return secrets as VersionedSecret[];
}

/** Where {@link resolveSecrets} reads the variables from. */
export type ReadVariable = (name: string) => string | undefined;

/** The secret-related options of `apiToken()`. */
export interface SecretOptions {
	secret?: string | undefined;
	secrets?: readonly VersionedSecret[] | undefined;
	previousSecrets?: readonly string[] | undefined;
}

function splitPrevious(variable: string | undefined): string[] {
	return (variable ?? "")
		.split(",")
		.map((s) => s.trim())
		.filter((s) => s !== "");
}

/**
 * The secrets a configuration holds, the signing one first (contract 2.7), each hygiene-checked.
 *
 * Options win over the environment. With versioned secrets (`options.secrets`, else
 * `BETTER_AUTH_SECRETS`), their entries come in order and the legacy single secret (`secret`,
 * else `BETTER_AUTH_SECRET`), when also set, verifies after them; previous secrets beside
 * versioned ones are a `conflict`. Without them, v1: `secret` (else `BETTER_AUTH_SECRET`) signs
 * and `previousSecrets` (else `BETTER_AUTH_PREVIOUS_SECRETS`) verify. Repeated values are kept
 * once. `read` returns `undefined` for an unset or empty variable.
 */
export function resolveSecrets(options: SecretOptions, read: ReadVariable): ConfiguredSecret[] {
	const explicit = options.secret !== undefined || options.secrets !== undefined;
	const versionedFromOption = options.secrets !== undefined;
	const variable = explicit ? undefined : read("BETTER_AUTH_SECRETS");
	const versioned = versionedFromOption
		? validateSecretsOption(options.secrets)
		: variable !== undefined
			? parseSecretsVariable(variable)
			: undefined;

	const previousFromOption = options.previousSecrets !== undefined;
	const previous = previousFromOption
		? options.previousSecrets
		: splitPrevious(read("BETTER_AUTH_PREVIOUS_SECRETS"));
	const previousSetting = previousFromOption
		? "options.previousSecrets"
		: "BETTER_AUTH_PREVIOUS_SECRETS";
	if (!Array.isArray(previous)) {
		throw new ConfigurationError(previousSetting, `${previousSetting} must be an array`);
	}

	const secretSetting = options.secret !== undefined ? "options.secret" : "BETTER_AUTH_SECRET";
	const single = explicit ? options.secret : read("BETTER_AUTH_SECRET");
	const found: ConfiguredSecret[] = [];
	if (versioned !== undefined) {
		const versionedSetting = versionedFromOption ? "options.secrets" : "BETTER_AUTH_SECRETS";
		if (previous.length > 0) {
			refuse(
				previousSetting,
				"conflict",
				`${previousSetting} cannot be combined with ${versionedSetting}; list the older secrets as later entries of ${versionedSetting}`,
			);
		}
		versioned.forEach((s, i) => {
			found.push({ value: s.value, setting: `${versionedSetting}[${i}]` });
		});
		if (single) found.push({ value: single, setting: secretSetting });
	} else {
		found.push({ value: single as string, setting: secretSetting });
		previous.forEach((s, i) => {
			found.push({ value: s, setting: `${previousSetting}[${i}]` });
		});
	}
	for (const s of found) assertSecretHygiene(s.value, s.setting);
	const seen = new Set<string>();
	return found.filter((s) => !seen.has(s.value) && seen.add(s.value));
}
