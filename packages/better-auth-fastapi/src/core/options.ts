/**
 * Options of the access-token verifier (contract v1 "Verifier settings"), their defaults and
 * their start-up checks.
 *
 * @module
 */
import type { ClaimRules } from "./claims.js";
import { ConfigurationError } from "./errors.js";
import type { KeyMode } from "./key.js";

/**
 * Options of {@link createVerifier}. Durations are integer seconds. Secret hygiene is the caller's
 * job at start-up (the server plugin and the Python package check it); the verifier only needs
 * non-empty secrets.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.8
 */
export interface VerifierOptions {
	/** The current `BETTER_AUTH_SECRET`. Required. */
	secret: string;
	/**
	 * Secrets used before a rotation; their tokens stay valid, the `kid` selects the key.
	 * @default []
	 */
	previousSecrets?: readonly string[] | undefined;
	/**
	 * How the HS256 key is obtained from each secret.
	 * @default "derived"
	 */
	keyMode?: KeyMode | undefined;
	/** The exact expected `iss` (Better Auth's base URL). Required. */
	issuer: string;
	/**
	 * The audience `aud` must equal or contain.
	 * @default issuer
	 */
	audience?: string | undefined;
	/**
	 * Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds, 0 to 300.
	 * @default 30
	 */
	leewaySeconds?: number | undefined;
	/**
	 * Largest accepted `exp - iat`, in seconds, 1 to 86400.
	 * @default 3600
	 */
	maxLifetimeSeconds?: number | undefined;
	/**
	 * Longest accepted token, in characters (Unicode code points; 1 to 1048576); longer tokens are
	 * refused before any parsing.
	 * @default 8192
	 */
	maxTokenBytes?: number | undefined;
}

/**
 * Resolved, checked verifier settings (secrets excluded).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export interface VerifierSettings extends ClaimRules {
	readonly keyMode: KeyMode;
	readonly maxTokenBytes: number;
}

/**
 * Contract v1 defaults.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 */
export const VERIFIER_DEFAULTS = {
	keyMode: "derived",
	leewaySeconds: 30,
	maxLifetimeSeconds: 3600,
	maxTokenBytes: 8192,
} as const;

/**
 * Bounds of the integer settings, as the Python package checks them (contract 4.2: leeway 0 to
 * 300). The upper bound of `maxTokenBytes` keeps the work done before the size check bounded.
 */
export const VERIFIER_BOUNDS = {
	leewaySeconds: [0, 300],
	maxLifetimeSeconds: [1, 86400],
	maxTokenBytes: [1, 1048576],
} as const;

function integer(value: unknown, name: keyof typeof VERIFIER_BOUNDS): number {
	if (value === undefined) return VERIFIER_DEFAULTS[name];
	const [min, max] = VERIFIER_BOUNDS[name];
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
		const setting = `options.${name}`;
		throw new ConfigurationError(setting, `${setting} must be an integer from ${min} to ${max}`);
	}
	return value;
}

function nonEmpty(value: unknown, setting: string): string {
	if (typeof value !== "string" || value.length === 0) {
		throw new ConfigurationError(setting, `${setting} must be a non-empty string`);
	}
	return value;
}

/**
 * Checks options and applies defaults; throws {@link ConfigurationError} naming the option path.
 *
 * @returns The settings and the list of secrets, current first.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function resolveVerifierOptions(options: VerifierOptions): {
	settings: VerifierSettings;
	secrets: string[];
} {
	const secrets = [nonEmpty(options.secret, "options.secret")];
	const previous = options.previousSecrets ?? [];
	if (!Array.isArray(previous)) {
		throw new ConfigurationError(
			"options.previousSecrets",
			"options.previousSecrets must be an array",
		);
	}
	previous.forEach((s, i) => {
		secrets.push(nonEmpty(s, `options.previousSecrets[${i}]`));
	});
	const keyMode = options.keyMode ?? VERIFIER_DEFAULTS.keyMode;
	if (keyMode !== "derived" && keyMode !== "raw") {
		throw new ConfigurationError("options.keyMode", 'options.keyMode must be "derived" or "raw"');
	}
	const issuer = nonEmpty(options.issuer, "options.issuer");
	const audience =
		options.audience === undefined ? issuer : nonEmpty(options.audience, "options.audience");
	return {
		secrets,
		settings: {
			keyMode,
			issuer,
			audience,
			leewaySeconds: integer(options.leewaySeconds, "leewaySeconds"),
			maxLifetimeSeconds: integer(options.maxLifetimeSeconds, "maxLifetimeSeconds"),
			maxTokenBytes: integer(options.maxTokenBytes, "maxTokenBytes"),
		},
	};
}
