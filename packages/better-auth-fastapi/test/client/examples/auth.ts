// lib/auth.ts: the Better Auth server, with the plugin that issues API access tokens.
import { betterAuth } from "better-auth";
import { admin } from "better-auth/plugins";
import Database from "better-sqlite3";
import { apiToken } from "../../../src/server/index.js";

// BETTER_AUTH_SECRET and BETTER_AUTH_URL come from the environment; the FastAPI API reads the
// same two variables, so both sides agree on the key and the issuer.
export const auth = betterAuth({
	database: new Database(process.env.AUTH_DB ?? "auth.sqlite") as Database.Database,
	emailAndPassword: { enabled: true },
	// admin() gives users a `role`; without it every token's `roles` is empty.
	plugins: [admin(), apiToken()],
});
