/**
 * The raw-mode guard. Better Auth 1.7's `/verify-email` verifies any HS256 token with the raw
 * secret (`jwtVerify(token, UTF-8(secret))`) and marks the `email` claim's address verified. In
 * `raw` key mode our access tokens are signed with exactly that key and carry `email`, so a user
 * could verify an address they do not own by replaying their own access token. This hook refuses
 * such requests before Better Auth looks at the token.
 *
 * Better Auth's own email tokens have the header `{"alg":"HS256"}` only; ours always carry `typ`
 * `at+jwt` and a `kid`, so either marks a token as ours.
 *
 * @module
 */
import { APIError, createAuthMiddleware } from "better-auth/api";
import { base64urlDecode } from "../core/base64url.js";
import { API_TOKEN_ERROR_CODES } from "./error-codes.js";

/** Better Auth endpoints that accept HS256 tokens signed with the raw secret in their query. */
export const RAW_SECRET_TOKEN_PATHS: ReadonlySet<string> = new Set(["/verify-email"]);

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Whether a compact JWS looks like one of our access tokens: its header has a `kid`, or a `typ`
 * of `at+jwt` / `application/at+jwt` (case-insensitively). Anything undecodable is not ours
 * (Better Auth rejects it on its own).
 */
export function looksLikeAccessToken(token: string): boolean {
	const dot = token.indexOf(".");
	if (dot <= 0) return false;
	const bytes = base64urlDecode(token.slice(0, dot));
	if (bytes === null) return false;
	let header: unknown;
	try {
		header = JSON.parse(decoder.decode(bytes));
	} catch {
		return false;
	}
	if (typeof header !== "object" || header === null) return false;
	const { typ, kid } = header as { typ?: unknown; kid?: unknown };
	if (kid !== undefined) return true;
	if (typeof typ !== "string") return false;
	const t = typ.toLowerCase();
	return t === "at+jwt" || t === "application/at+jwt";
}

/**
 * The before-hook installed in `raw` mode: refuses (401 `API_TOKEN_NOT_ACCEPTED`) a request to
 * one of {@link RAW_SECRET_TOKEN_PATHS} whose `token` query parameter is one of our tokens.
 */
export const rawSecretGuard = {
	matcher: (context: { path?: string | undefined }) =>
		RAW_SECRET_TOKEN_PATHS.has(context.path ?? ""),
	handler: createAuthMiddleware(async (ctx) => {
		const token = (ctx.query as { token?: unknown } | undefined)?.token;
		if (typeof token === "string" && looksLikeAccessToken(token)) {
			throw APIError.from("UNAUTHORIZED", API_TOKEN_ERROR_CODES.API_TOKEN_NOT_ACCEPTED);
		}
	}),
};
