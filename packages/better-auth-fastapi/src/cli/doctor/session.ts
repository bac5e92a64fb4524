/**
 * Getting a token the way a front end does: sign in with email and password (or take a session
 * cookie from the environment), then `GET /api/auth/api-token` with the session.
 *
 * @module
 * @internal
 */
import { type HttpResponse, headerValue, send } from "../http.js";

/** Better Auth's base path under its origin. */
export function authBase(authUrl: URL): URL {
	const base = new URL(authUrl.href);
	if (!/\/api\/auth\/?$/.test(base.pathname))
		base.pathname = `${base.pathname.replace(/\/+$/, "")}/api/auth`;
	base.pathname = base.pathname.replace(/\/+$/, "");
	return base;
}

/** `name=value` pairs of the Set-Cookie headers of a response, as one Cookie header. */
export function cookiesOf(res: HttpResponse): string {
	const set = res.headers["set-cookie"] ?? [];
	return set
		.map((line) => line.split(";")[0]?.trim() ?? "")
		.filter((pair) => pair.includes("=") && !pair.endsWith("="))
		.join("; ");
}

/** Signs in with email and password; the session cookie, or the status and message of the refusal. */
export async function signIn(
	base: URL,
	email: string,
	password: string,
): Promise<{ cookie: string } | { status: number; message: string }> {
	const res = await send({
		method: "POST",
		url: new URL(`${base.href}/sign-in/email`),
		headers: { "content-type": "application/json", origin: base.origin },
		body: JSON.stringify({ email, password }),
	});
	const cookie = cookiesOf(res);
	if (res.status === 200 && cookie !== "") return { cookie };
	let message = res.body.slice(0, 200);
	try {
		const b = JSON.parse(res.body) as { message?: unknown; code?: unknown };
		message =
			typeof b.message === "string" ? b.message : typeof b.code === "string" ? b.code : message;
	} catch {
		// not JSON
	}
	return { status: res.status, message };
}

/** `GET /api/auth/api-token`, with or without a session. */
export function requestToken(base: URL, cookie: string | undefined): Promise<HttpResponse> {
	return send({
		url: new URL(`${base.href}/api-token`),
		headers: cookie ? { cookie, origin: base.origin } : {},
	});
}

/** The server's clock from its Date header, in seconds, or undefined. */
export function serverDate(res: HttpResponse): number | undefined {
	const d = headerValue(res.headers, "date");
	const t = d === null ? Number.NaN : Date.parse(d);
	return Number.isFinite(t) ? t / 1000 : undefined;
}
