// auth.ts: Better Auth with email + password, bearer sessions, roles (admin plugin) and the
// apiToken plugin. BETTER_AUTH_SECRET and BETTER_AUTH_URL come from the environment; the FastAPI
// side reads the same two variables, so both agree on the key and on the issuer.
import { betterAuth } from "better-auth";
import { admin, bearer } from "better-auth/plugins";
import Database from "better-sqlite3";
import { apiToken } from "../../../src/server/index.js";

export const auth = betterAuth({
	database: new Database(process.env.AUTH_DB ?? "auth.sqlite") as Database.Database,
	emailAndPassword: { enabled: true },
	plugins: [
		bearer(),
		admin(),
		apiToken({
			lifetimeSeconds: 600,
			// Extra claims; sub, email, roles, exp and the other reserved claims cannot be replaced.
			claims: ({ user }) => ({ plan: user.email.endsWith("@example.com") ? "team" : "free" }),
		}),
	],
});
