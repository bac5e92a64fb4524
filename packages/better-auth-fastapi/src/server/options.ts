/**
 * Options of the {@link apiToken} server plugin.
 *
 * @module
 */
import type { KeyMode } from "../core/key.js";
import type { VersionedSecret } from "./versioned-secrets.js";

/** The signed-in user as Better Auth hands it to the plugin (admin plugin fields included). */
export interface ApiTokenUser {
	id: string;
	email: string;
	emailVerified: boolean;
	name?: string | null | undefined;
	/** Set by Better Auth's `admin` plugin: one role or several, comma separated. */
	role?: string | null | undefined;
	/** Set by Better Auth's `admin` plugin: a banned user never gets a token. */
	banned?: boolean | null | undefined;
	/** Set by Better Auth's `admin` plugin: when the ban ends (`null`: never). */
	banExpires?: Date | string | number | null | undefined;
	[field: string]: unknown;
}

/** The Better Auth session the token is issued for. */
export interface ApiTokenSession {
	id: string;
	userId: string;
	expiresAt: Date;
	[field: string]: unknown;
}

/** What the `roles` and `claims` callbacks receive. */
export interface ApiTokenContext {
	user: ApiTokenUser;
	session: ApiTokenSession;
}

/** Options of `apiToken()`; every member is optional. */
export interface ApiTokenOptions {
	/**
	 * Token lifetime in seconds (`exp - iat`). Checked at construction: outside 30..3600 is a
	 * `ConfigurationError` naming `options.lifetimeSeconds`. Keep it short: a stateless token
	 * cannot be revoked before it expires.
	 * @default 900
	 */
	lifetimeSeconds?: number | undefined;
	/**
	 * The `iss` claim. Verifiers compare it exactly with their `BETTER_AUTH_URL`.
	 * @default process.env.BETTER_AUTH_URL without trailing slashes, else the origin of Better
	 * Auth's base URL (e.g. `"http://localhost:3000"`)
	 */
	issuer?: string | undefined;
	/**
	 * The `aud` claim.
	 * @default process.env.BETTER_AUTH_AUDIENCE, else the issuer
	 */
	audience?: string | undefined;
	/**
	 * The `roles` claim for a user. Must return an array of strings (may be empty).
	 * @default the user's `role` field (Better Auth's admin plugin) split on commas, trimmed,
	 * empty entries dropped; no role gives `[]`
	 * @example
	 * ```ts
	 * apiToken({ roles: ({ user }) => (user.email.endsWith("@example.com") ? ["staff"] : []) })
	 * ```
	 */
	roles?: ((context: ApiTokenContext) => string[] | Promise<string[]>) | undefined;
	/**
	 * Extra claims for a user. The reserved claims (`sub`, `email`, `email_verified`, `name`,
	 * `roles`, `iat`, `exp`, `nbf`, `iss`, `aud`, `jti`) cannot be overridden: such keys are
	 * dropped and a warning is logged once per key. Values must be JSON-serializable.
	 * @default no extra claims
	 * @example
	 * ```ts
	 * apiToken({ claims: ({ user }) => ({ tenant: user.tenantId }) })
	 * ```
	 */
	claims?:
		| ((context: ApiTokenContext) => Record<string, unknown> | Promise<Record<string, unknown>>)
		| undefined;
	/**
	 * How the HS256 key is obtained from the secret: `"derived"` (HKDF-SHA256, contract v1) or
	 * `"raw"` (the UTF-8 bytes of the secret, for back ends that only run
	 * `jwt.decode(token, BETTER_AUTH_SECRET)`). In raw mode the plugin also makes Better Auth's
	 * `/verify-email` refuse access tokens, since Better Auth verifies HS256 tokens with the same
	 * raw secret there.
	 * @default process.env.BETTER_AUTH_KEY_MODE, else "derived"
	 */
	keyMode?: KeyMode | undefined;
	/**
	 * The shared secret. Checked at construction (missing, shorter than 32 bytes, a published
	 * placeholder, low entropy: `ConfigurationError`). Better Auth's own `ctx.context.secret` may
	 * differ (e.g. its development default), so the plugin reads the variable itself.
	 * @default process.env.BETTER_AUTH_SECRET (beside `BETTER_AUTH_SECRETS`: verification only)
	 */
	secret?: string | undefined;
	/**
	 * Better Auth's versioned secrets, in the shape of its own `secrets` option (pass the same list
	 * to both): the first entry signs, every entry verifies (contract 2.7). Checked by Better
	 * Auth's rules (non-negative integer versions, unique, non-empty values) and the hygiene rules,
	 * at construction. When set, `secret` (if also given) only verifies, as Better Auth keeps it as
	 * a legacy secret, and `previousSecrets` is refused.
	 * @default process.env.BETTER_AUTH_SECRETS (`"2:new-secret,1:old-secret"`) when neither
	 * `secret` nor `secrets` is given
	 * @example
	 * ```ts
	 * const secrets = [{ version: 2, value: newSecret }, { version: 1, value: oldSecret }];
	 * betterAuth({ secrets, plugins: [apiToken({ secrets })] });
	 * ```
	 */
	secrets?: readonly VersionedSecret[] | undefined;
	/**
	 * Secrets being rotated out. Never used for signing; kept here (hygiene-checked, with their
	 * `kid`s) so that verifiers and the CLI configured from the same options accept tokens signed
	 * before the rotation until they expire.
	 * @default process.env.BETTER_AUTH_PREVIOUS_SECRETS split on commas (blanks trimmed), else []
	 */
	previousSecrets?: readonly string[] | undefined;
	/**
	 * Rate limit of `GET /api-token` per client IP, applied when Better Auth's rate limiter is
	 * enabled (by default in production). `window` in seconds.
	 * @default { window: 60, max: 60 }
	 */
	rateLimit?: { window?: number | undefined; max?: number | undefined } | undefined;
}
