/**
 * The Better Auth server plugin: `GET /api/auth/api-token` issues a short-lived HS256 access token
 * (contract v1) for the signed-in user, for a FastAPI back end to verify offline.
 *
 * @example
 * ```ts
 * import { betterAuth } from "better-auth";
 * import { apiToken } from "better-auth-fastapi/server";
 *
 * export const auth = betterAuth({
 * 	emailAndPassword: { enabled: true },
 * 	plugins: [apiToken()],
 * });
 * ```
 *
 * @module
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, getAuthoritativeSessionFromCtx } from "better-auth/api";
import { sessionCookieCarryOver } from "./carry-over.js";
import { resolveConfig } from "./config.js";
import { API_TOKEN_ERROR_CODES } from "./error-codes.js";
import { rawSecretGuard } from "./guard.js";
import {
	accessTokenClaims,
	accessTokenHeader,
	newJti,
	rolesFromUser,
	signAccessToken,
} from "./issue.js";
import { API_TOKEN_OPENAPI } from "./openapi.js";
import type { ApiTokenContext, ApiTokenOptions, ApiTokenSession, ApiTokenUser } from "./options.js";
import { crossSiteProblem, isBanned } from "./refusals.js";
import { createSigner, type Signer } from "./signer.js";
import { claimsProblem, payloadProblem, rolesProblem, tokenProblem } from "./validate.js";

export { API_TOKEN_ERROR_CODES } from "./error-codes.js";
export {
	accessTokenClaims,
	accessTokenHeader,
	RESERVED_CLAIMS,
	rolesFromUser,
	signAccessToken,
	signingInput,
} from "./issue.js";
export type * from "./options.js";
export { assertSecretHygiene, type SecretProblem, secretProblem } from "./secret.js";
export {
	parseSecretsVariable,
	type VersionedSecret,
	type VersionedSecretsProblem,
	validateSecretsOption,
} from "./versioned-secrets.js";

/** The JSON body of a successful `GET /api-token`. */
export interface ApiTokenResponse {
	/** The access token (JWS compact serialization). */
	token: string;
	/** Always `"Bearer"`: send it as `Authorization: Bearer <token>`. */
	tokenType: "Bearer";
	/** When the token expires (its `exp`), ISO 8601 in UTC with milliseconds. */
	expiresAt: string;
}

/** The path of the endpoint under Better Auth's base path. */
export const API_TOKEN_PATH = "/api-token";

/**
 * Creates the plugin. Options are checked here: a bad secret or lifetime throws a
 * `ConfigurationError` naming the setting before the server starts.
 */
export const apiToken = (options: ApiTokenOptions = {}) => {
	const config = resolveConfig(options);
	// Derived once, on first use; every request reuses the signer.
	let signer: Promise<Signer> | undefined;
	const getSigner = () => {
		signer ??= createSigner(config.secret, config.keyMode);
		return signer;
	};
	const warned = new Set<string>();

	const getApiToken = createAuthEndpoint(
		API_TOKEN_PATH,
		{
			method: "GET",
			requireHeaders: true,
			metadata: {
				noStore: true,
				openapi: API_TOKEN_OPENAPI,
			},
		},
		async (ctx) => {
			// Better Auth's origin check skips GET requests, so the token endpoint applies it itself.
			const crossSite = crossSiteProblem(ctx);
			if (crossSite !== undefined) {
				ctx.context.logger.warn(`[better-auth-fastapi] ${crossSite}; no token was issued`);
				throw APIError.from("FORBIDDEN", API_TOKEN_ERROR_CODES.CROSS_SITE_REQUEST);
			}
			// The session and the user from the database (never from the cookie cache), as Better
			// Auth's own sensitive endpoints read them: a sign-out, revocation, ban or role change
			// reaches the next token at once. (Not Better Auth's sessionMiddleware: that extra layer
			// cost ~80 µs per request, a tenth of the endpoint, in bench/api-token.)
			const current = await getAuthoritativeSessionFromCtx(ctx);
			if (!current?.session) {
				throw APIError.from("UNAUTHORIZED", { message: "Unauthorized", code: "UNAUTHORIZED" });
			}
			const user = current.user as unknown as ApiTokenUser;
			if (isBanned(user)) throw APIError.from("FORBIDDEN", API_TOKEN_ERROR_CODES.USER_BANNED);
			const session = current.session as unknown as ApiTokenSession;
			const context: ApiTokenContext = { user, session };
			const refuse = (problem: string): never => {
				ctx.context.logger.error(`[better-auth-fastapi] ${problem}; no token was issued`);
				throw APIError.from(
					"INTERNAL_SERVER_ERROR",
					API_TOKEN_ERROR_CODES.API_TOKEN_OPTIONS_INVALID,
				);
			};
			const issuer = config.issuer ?? originOf(ctx.context.baseURL) ?? refuse(NO_ISSUER);
			// An APIError thrown by these functions (e.g. FORBIDDEN for a banned user) passes through.
			const roles = options.roles ? await options.roles(context) : rolesFromUser(user);
			const extra = options.claims ? await options.claims(context) : undefined;
			const problem = rolesProblem(roles) ?? claimsProblem(extra, config.keyMode);
			if (problem !== undefined) refuse(problem);
			const tokenSigner = await getSigner();
			const payload = accessTokenClaims({
				user,
				roles,
				iat: Math.floor(Date.now() / 1000),
				lifetimeSeconds: config.lifetimeSeconds,
				issuer,
				audience: config.audience ?? issuer,
				jti: newJti(),
				extra,
				onReserved: (claim) => {
					if (warned.has(claim)) return;
					warned.add(claim);
					ctx.context.logger.warn(
						`[better-auth-fastapi] options.claims returned the reserved claim "${claim}"; it is ignored`,
					);
				},
			});
			const invalid = payloadProblem(payload, { issuer, audience: payload.aud as string });
			if (invalid !== undefined) refuse(invalid);
			const token = await signAccessToken(accessTokenHeader(tokenSigner.kid), payload, tokenSigner);
			const tooLarge = tokenProblem(token);
			if (tooLarge !== undefined) refuse(tooLarge);
			const body: ApiTokenResponse = {
				token,
				tokenType: "Bearer",
				expiresAt: new Date((payload.exp as number) * 1000).toISOString(),
			};
			return ctx.json(body);
		},
	);

	return {
		id: "api-token",
		options,
		endpoints: { getApiToken },
		hooks: {
			before:
				config.keyMode === "raw"
					? [sessionCookieCarryOver, rawSecretGuard]
					: [sessionCookieCarryOver],
		},
		rateLimit: [
			{
				pathMatcher: (path: string) => path === API_TOKEN_PATH,
				window: config.rateLimit.window,
				max: config.rateLimit.max,
			},
		],
		$ERROR_CODES: API_TOKEN_ERROR_CODES,
	} satisfies BetterAuthPlugin;
};

const NO_ISSUER =
	"Better Auth's base URL is unknown, so the token has no issuer; set BETTER_AUTH_URL or options.issuer";

/** The origin of Better Auth's base URL (`http://localhost:3000/api/auth` -> `http://localhost:3000`). */
function originOf(baseURL: string): string | undefined {
	try {
		return new URL(baseURL).origin;
	} catch {
		return undefined;
	}
}
