// The example's Better Auth instance: SQLite (better-sqlite3), email + password, the bearer plugin
// (sessions from `Authorization: Bearer`), the admin plugin (users get a `role`) and apiToken().
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { betterAuth } from "better-auth";
import { admin, bearer } from "better-auth/plugins";
import { apiToken } from "better-auth-fastapi/server";
import Database from "better-sqlite3";

export interface ExampleAuthOptions {
	/** SQLite file. Default: `.dev/auth.sqlite` under the current directory. */
	databasePath?: string | undefined;
	/** Better Auth's base URL and the token issuer. Default: `BETTER_AUTH_URL`. */
	baseURL?: string | undefined;
}

export function createAuth(options: ExampleAuthOptions = {}) {
	const databasePath = options.databasePath ?? process.env.AUTH_DB_PATH ?? ".dev/auth.sqlite";
	mkdirSync(dirname(databasePath), { recursive: true });
	const baseURL = options.baseURL ?? process.env.BETTER_AUTH_URL ?? "http://localhost:3000";
	return betterAuth({
		database: new Database(databasePath),
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
		plugins: [bearer(), admin(), apiToken()],
	});
}

export type ExampleAuth = ReturnType<typeof createAuth>;
