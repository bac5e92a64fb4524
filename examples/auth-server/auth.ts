// The example's Better Auth instance: SQLite (better-sqlite3), or PostgreSQL when DATABASE_URL is
// set (several instances can then share it); email + password, the bearer plugin (sessions from
// `Authorization: Bearer`), the admin plugin (users get a `role`) and apiToken(). The secrets come
// from BETTER_AUTH_SECRETS (versioned) or BETTER_AUTH_SECRET, read by Better Auth and the plugin.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { betterAuth } from "better-auth";
import { admin, bearer } from "better-auth/plugins";
import { apiToken } from "better-auth-fastapi/server";
import Database from "better-sqlite3";
import pg from "pg";

export interface ExampleAuthOptions {
	/** SQLite file. Default: `.dev/auth.sqlite` under the current directory. */
	databasePath?: string | undefined;
	/** Better Auth's base URL and the token issuer. Default: `BETTER_AUTH_URL`. */
	baseURL?: string | undefined;
	/** PostgreSQL connection URL; wins over `databasePath`. Default: `DATABASE_URL`. */
	databaseURL?: string | undefined;
	/** The access tokens' lifetime. Default: `API_TOKEN_LIFETIME_SECONDS`, else the plugin's 900. */
	lifetimeSeconds?: number | undefined;
}

function database(options: ExampleAuthOptions) {
	const url = options.databaseURL ?? process.env.DATABASE_URL;
	if (url) return new pg.Pool({ connectionString: url, max: 5 });
	const databasePath = options.databasePath ?? process.env.AUTH_DB_PATH ?? ".dev/auth.sqlite";
	mkdirSync(dirname(databasePath), { recursive: true });
	return new Database(databasePath);
}

export function createAuth(options: ExampleAuthOptions = {}) {
	const lifetime = options.lifetimeSeconds ?? process.env.API_TOKEN_LIFETIME_SECONDS;
	const baseURL = options.baseURL ?? process.env.BETTER_AUTH_URL ?? "http://localhost:3000";
	return betterAuth({
		database: database(options),
		baseURL,
		secret: process.env.BETTER_AUTH_SECRET,
		trustedOrigins: ["http://localhost:3001", "http://127.0.0.1:3001"],
		emailAndPassword: { enabled: true },
		emailVerification: {
			// Development only: print the link instead of sending an email.
			sendVerificationEmail: async ({ user, url }) => {
				console.log(`verification link for ${user.email}: ${url}`);
			},
		},
		plugins: [
			bearer(),
			admin(),
			apiToken({ lifetimeSeconds: lifetime === undefined ? undefined : Number(lifetime) }),
		],
	});
}

export type ExampleAuth = ReturnType<typeof createAuth>;
