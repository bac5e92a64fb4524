/**
 * The ready-to-paste snippets `spec` prints for one configuration: the Better Auth config, the
 * client and the FastAPI app.
 *
 * @module
 * @internal
 */

/** What the snippets depend on. */
export interface SnippetInput {
	issuer: string;
	apiOrigin: string;
	webOrigin: string;
	/** Options of `apiToken({ ... })` that differ from the defaults, as source text. */
	apiTokenArgs: string[];
	/** Environment variables beyond BETTER_AUTH_SECRET and BETTER_AUTH_URL that the config needs. */
	fromEnvironment: string[];
}

/** The three snippets. */
export function snippets(s: SnippetInput): { betterAuth: string; client: string; fastapi: string } {
	const extra = s.fromEnvironment.length > 0 ? ` and ${s.fromEnvironment.join(", ")}` : "";
	const args = s.apiTokenArgs.length === 0 ? "" : `{ ${s.apiTokenArgs.join(", ")} }`;
	return {
		betterAuth: [
			'import { betterAuth } from "better-auth";',
			'import { admin } from "better-auth/plugins";',
			'import { apiToken } from "better-auth-fastapi/server";',
			"",
			`// BETTER_AUTH_SECRET, BETTER_AUTH_URL${extra} come from the environment.`,
			"export const auth = betterAuth({",
			"\t// database: ...,",
			"\temailAndPassword: { enabled: true },",
			`\tplugins: [admin(), apiToken(${args})],`,
			"});",
		].join("\n"),
		client: [
			'import { createAuthClient } from "better-auth/client";',
			'import { apiTokenClient, createApiFetch } from "better-auth-fastapi/client";',
			"",
			`export const authClient = createAuthClient({ baseURL: "${s.issuer}", plugins: [apiTokenClient()] });`,
			`export const apiFetch = createApiFetch({ baseURL: "${s.apiOrigin}", authClient });`,
		].join("\n"),
		fastapi: [
			"from fastapi import FastAPI",
			"from fastapi.middleware.cors import CORSMiddleware",
			"",
			"from fastapi_better_auth import BetterAuth, CurrentUser",
			"",
			"app = FastAPI()",
			"BetterAuth.from_env().install(app)  # reads the same BETTER_AUTH_* variables",
			"app.add_middleware(",
			"    CORSMiddleware,",
			`    allow_origins=["${s.webOrigin}"],`,
			'    allow_headers=["Authorization", "Content-Type"],',
			'    expose_headers=["WWW-Authenticate"],',
			")",
			"",
			"",
			'@app.get("/api/me")',
			"async def me(user: CurrentUser) -> dict[str, str]:",
			'    return {"id": user.id, "email": user.email}',
		].join("\n"),
	};
}
