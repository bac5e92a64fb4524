// The Better Auth server of the web app: email and password, the admin plugin (users get a
// `role`, which becomes the token's `roles`) and apiToken(), which issues the API's access tokens
// at GET /api/auth/api-token. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from the environment,
// the same two variables the FastAPI API reads.
import { betterAuth } from "better-auth";
import { admin } from "better-auth/plugins";
import { apiToken } from "better-auth-fastapi/server";
import { openDatabase } from "./database";

function createAuth() {
	const lifetime = process.env.API_TOKEN_LIFETIME_SECONDS;
	return betterAuth({
		database: openDatabase(),
		emailAndPassword: { enabled: true },
		plugins: [
			admin(),
			// API_TOKEN_LIFETIME_SECONDS: the tests use the shortest lifetime the contract allows (30).
			apiToken(lifetime ? { lifetimeSeconds: Number(lifetime) } : {}),
		],
	});
}

export type Auth = ReturnType<typeof createAuth>;

let instance: Auth | undefined;

/**
 * The Better Auth instance, created on first use rather than at import: `next build` imports
 * every route while it collects page data, and apiToken() refuses to be created without
 * BETTER_AUTH_SECRET. The server creates it at start-up (instrumentation.ts), so a bad setting
 * still stops `next start` at once.
 */
export function getAuth(): Auth {
	instance ??= createAuth();
	return instance;
}
