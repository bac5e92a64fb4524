/**
 * Who never gets a token, even with a session: a banned user (Better Auth's `admin` plugin), and a
 * request a browser sent on behalf of another site. Each answers 403 with a code of its own
 * (`spec/codes.json`: `USER_BANNED`, `CROSS_SITE_REQUEST`).
 *
 * @module
 */
import type { ApiTokenUser } from "./options.js";

/**
 * Whether the admin plugin's ban fields say the user is banned now, read as the admin plugin reads
 * them at sign-in: `banned` is truthy (a stored `1` or `"true"` too, not only `true`) and
 * `banExpires` is unset (or empty) or in the future. An expired ban does not count (the admin
 * plugin lifts it at the next sign-in). A `banExpires` that is not a date keeps the ban.
 */
export function isBanned(
	user: Pick<ApiTokenUser, "banned" | "banExpires">,
	now = Date.now(),
): boolean {
	if (!user.banned) return false;
	const expires = user.banExpires;
	if (!expires) return true;
	const at =
		expires instanceof Date
			? expires.getTime()
			: typeof expires === "string" || typeof expires === "number"
				? new Date(expires).getTime()
				: Number.NaN;
	return !(at <= now);
}

/** The parts of Better Auth's endpoint context the cross-site check reads. */
export interface OriginCheckContext {
	request?: Request | undefined;
	context: {
		baseURL: string;
		skipCSRFCheck?: boolean | undefined;
		skipOriginCheck?: boolean | string[] | undefined;
		isTrustedOrigin(url: string, settings?: { allowRelativePaths: boolean }): boolean;
	};
}

/**
 * Why a request to the token endpoint looks cross-site, or `undefined` when it may have a token.
 * Better Auth's own origin check skips GET requests, so it does not protect `GET /api-token`; this
 * applies its rule to it:
 *
 * - an `Origin` header is present: it must be one of Better Auth's trusted origins (`baseURL`,
 *   `trustedOrigins`, `BETTER_AUTH_TRUSTED_ORIGINS`, dynamic ones included), else refused;
 * - no `Origin`, but `Sec-Fetch-Site: cross-site`: refused (a cross-site navigation or subresource);
 * - neither (server-side callers, native apps with the bearer plugin, curl): allowed.
 *
 * Calls through `auth.api` (no HTTP request) are server code and are not checked, as Better Auth
 * does not check them either; nor is anything when Better Auth's origin or CSRF check is disabled
 * (`advanced.disableOriginCheck`, `advanced.disableCSRFCheck`; Better Auth disables the origin
 * check by default when `NODE_ENV` is `test`).
 */
export function crossSiteProblem(ctx: OriginCheckContext): string | undefined {
	const { request, context } = ctx;
	if (request === undefined) return undefined;
	if (
		context.skipCSRFCheck === true ||
		skipsPath(context.skipOriginCheck, request.url, context.baseURL)
	) {
		return undefined;
	}
	const origin = request.headers.get("origin");
	if (origin !== null) {
		if (origin !== "null" && context.isTrustedOrigin(origin, { allowRelativePaths: false })) {
			return undefined;
		}
		return "the request's Origin is not one of Better Auth's trusted origins";
	}
	if (request.headers.get("sec-fetch-site")?.trim().toLowerCase() === "cross-site") {
		return "the browser says the request is cross-site (Sec-Fetch-Site)";
	}
	return undefined;
}

/** Better Auth's `disableOriginCheck`: `true`, or paths (under the base path) it covers. */
function skipsPath(skip: boolean | string[] | undefined, url: string, baseURL: string): boolean {
	if (skip === true) return true;
	if (!Array.isArray(skip)) return false;
	try {
		const basePath = new URL(baseURL).pathname.replace(/\/+$/, "");
		let path = new URL(url).pathname;
		if (basePath !== "" && path.startsWith(basePath)) path = path.slice(basePath.length) || "/";
		return skip.some((p) => {
			const s = p.replace(/\/+$/, "");
			return path === s || path.startsWith(`${s}/`);
		});
	} catch {
		return false;
	}
}
