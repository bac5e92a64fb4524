/**
 * Checks `ApiTokenOptions` at construction and applies the defaults (environment variables
 * included), so a bad setting stops the server at start-up instead of failing a request.
 *
 * @module
 */
import { ConfigurationError } from "../core/errors.js";
import type { KeyMode } from "../core/key.js";
import type { ApiTokenOptions } from "./options.js";
import { type ConfiguredSecret, resolveSecrets } from "./versioned-secrets.js";

/** Shortest accepted `lifetimeSeconds` (contract v1). */
export const MIN_LIFETIME_SECONDS = 30;
/** Longest accepted `lifetimeSeconds` (contract v1). */
export const MAX_LIFETIME_SECONDS = 3600;
/** Default `lifetimeSeconds`: 15 minutes. */
export const DEFAULT_LIFETIME_SECONDS = 900;

/** The options with defaults applied; `issuer` is `undefined` when it comes from the request. */
export interface ResolvedApiTokenConfig {
	secret: string;
	previousSecrets: readonly string[];
	keyMode: KeyMode;
	lifetimeSeconds: number;
	issuer: string | undefined;
	audience: string | undefined;
	rateLimit: { window: number; max: number };
}

function env(name: string): string | undefined {
	const value = typeof process === "undefined" ? undefined : process.env?.[name];
	return value === "" ? undefined : value;
}

/** A variable with surrounding blanks removed; blank counts as unset. */
function trimmedEnv(name: string): string | undefined {
	return env(name)?.trim() || undefined;
}

function positiveInteger(value: number | undefined, fallback: number, setting: string): number {
	if (value === undefined) return fallback;
	if (!Number.isSafeInteger(value) || value <= 0) {
		throw new ConfigurationError(setting, `${setting} must be a positive integer`);
	}
	return value;
}

function stripTrailingSlashes(value: string): string {
	let end = value.length;
	while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end--;
	return value.slice(0, end);
}

/**
 * An optional non-empty string: the option when given (as is), else the trimmed variable passed
 * through `normalize`; the error names whichever the value came from.
 */
function optionalString(
	option: string | undefined,
	optionPath: string,
	variable: string,
	normalize: (value: string) => string,
): string | undefined {
	const fromEnv = option === undefined;
	const raw = trimmedEnv(variable);
	const value = fromEnv ? (raw === undefined ? undefined : normalize(raw)) : option;
	if (value !== undefined && (typeof value !== "string" || value === "")) {
		const setting = fromEnv ? variable : optionPath;
		throw new ConfigurationError(setting, `${setting} must be a non-empty string`);
	}
	return value;
}

/** Validates options and resolves defaults; throws `ConfigurationError` naming the setting. */
export function resolveConfig(options: ApiTokenOptions): ResolvedApiTokenConfig {
	// The signing secret first, then every secret that only verifies (contract 2.7).
	const [current, ...others] = resolveSecrets(options, env);
	const secret = (current as ConfiguredSecret).value;
	const previousSecrets = others.map((s) => s.value);

	const keyModeSetting = options.keyMode !== undefined ? "options.keyMode" : "BETTER_AUTH_KEY_MODE";
	const keyMode = options.keyMode ?? trimmedEnv("BETTER_AUTH_KEY_MODE") ?? "derived";
	if (keyMode !== "derived" && keyMode !== "raw") {
		throw new ConfigurationError(keyModeSetting, `${keyModeSetting} must be "derived" or "raw"`);
	}

	const lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
	if (
		!Number.isInteger(lifetimeSeconds) ||
		lifetimeSeconds < MIN_LIFETIME_SECONDS ||
		lifetimeSeconds > MAX_LIFETIME_SECONDS
	) {
		throw new ConfigurationError(
			"options.lifetimeSeconds",
			`options.lifetimeSeconds must be an integer from ${MIN_LIFETIME_SECONDS} to ${MAX_LIFETIME_SECONDS} (seconds)`,
		);
	}

	// The contract's issuer: BETTER_AUTH_URL without trailing "/" (as the Python side reads it).
	const issuer = optionalString(options.issuer, "options.issuer", "BETTER_AUTH_URL", (v) =>
		stripTrailingSlashes(v),
	);
	const audience = optionalString(
		options.audience,
		"options.audience",
		"BETTER_AUTH_AUDIENCE",
		(v) => v,
	);

	const rateLimit = {
		window: positiveInteger(options.rateLimit?.window, 60, "options.rateLimit.window"),
		max: positiveInteger(options.rateLimit?.max, 60, "options.rateLimit.max"),
	};
	return { secret, previousSecrets, keyMode, lifetimeSeconds, issuer, audience, rateLimit };
}
