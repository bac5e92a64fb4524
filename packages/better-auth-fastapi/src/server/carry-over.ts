/**
 * Session cookies across a versioned-secret rotation. Better Auth 1.7.25 encrypts with every
 * entry of `secrets` / `BETTER_AUTH_SECRETS`, but signs and checks its session cookie with the
 * current entry only (`getSignedCookie(name, ctx.context.secret)`), so moving a new secret to the
 * front signs every user out, and the token endpoint with them. This before-hook accepts a
 * session cookie signed with one of the *configured* older entries: it re-signs the value with
 * the current entry for this request (as Better Auth's `bearer` plugin rewrites the cookie
 * header) and sends the browser the re-signed cookie. A cookie signed with no configured entry
 * is left alone (Better Auth refuses it as before); once the old entry is removed, nothing is
 * carried over.
 *
 * @module
 */
import { createAuthMiddleware } from "better-auth/api";
import { setRequestCookie } from "better-auth/cookies";

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
	return crypto.subtle.importKey(
		"raw",
		encoder.encode(secret),
		{ name: "HMAC", hash: "SHA-256" },
		false,
		["sign", "verify"],
	);
}

/** better-call's cookie signature: standard base64 (44 characters) of HMAC-SHA256(secret, value). */
async function signature(value: string, secret: string): Promise<string> {
	const mac = new Uint8Array(
		await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(value)),
	);
	return btoa(String.fromCharCode(...mac));
}

async function signedWith(value: string, sig: string, secret: string): Promise<boolean> {
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		bytes = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
	} catch {
		return false;
	}
	return crypto.subtle.verify("HMAC", await hmacKey(secret), bytes, encoder.encode(value));
}

/** A signed cookie's value and its 44-character signature, or undefined. */
function split(cookie: string | null): [string, string] | undefined {
	const dot = cookie?.lastIndexOf(".") ?? -1;
	if (!cookie || dot < 1 || cookie.length - dot - 1 !== 44) return undefined;
	return [cookie.slice(0, dot), cookie.slice(dot + 1)];
}

interface SecretConfig {
	keys: Map<number, string>;
}

/** The before-hook, for every request carrying a cookie. */
export const sessionCookieCarryOver = {
	matcher: (context: { headers?: Headers | undefined }) =>
		(context.headers?.get("cookie") ?? "") !== "",
	handler: createAuthMiddleware(async (ctx) => {
		const config = ctx.context.secretConfig as string | SecretConfig;
		if (typeof config === "string" || config.keys.size < 2) return;
		const { sessionToken, dontRememberToken } = ctx.context.authCookies;
		const current = ctx.context.secret;
		const headers = new Headers(ctx.headers);
		// "Remember me" off: Better Auth's dont_remember cookie, signed the same way, is carried over
		// too, and the session cookie stays a browser-session cookie (no Max-Age), as Better Auth sets it.
		const dontRemember = await carry(dontRememberToken.name);
		const session = await carry(sessionToken.name);
		if (session === undefined && dontRemember === undefined) return;
		if (session !== undefined) {
			await ctx.setSignedCookie(sessionToken.name, session, current, {
				...sessionToken.attributes,
				maxAge:
					dontRemember !== undefined || (await signedNow(dontRememberToken.name))
						? undefined
						: ctx.context.sessionConfig.expiresIn,
			});
		}
		if (dontRemember !== undefined) {
			await ctx.setSignedCookie(
				dontRememberToken.name,
				dontRemember,
				current,
				dontRememberToken.attributes,
			);
		}
		return { context: { headers } };

		/** Whether the cookie `name` is signed with the current secret. */
		async function signedNow(name: string): Promise<boolean> {
			const parts = split(ctx.getCookie(name));
			return parts !== undefined && (await signedWith(parts[0], parts[1], current));
		}

		/** The value of cookie `name` if an older configured entry signed it, re-signed in `headers`. */
		async function carry(name: string): Promise<string | undefined> {
			const parts = split(ctx.getCookie(name));
			if (parts === undefined) return undefined;
			const [value, sig] = parts;
			if (await signedWith(value, sig, current)) return undefined;
			for (const secret of (config as SecretConfig).keys.values()) {
				if (secret === current || !(await signedWith(value, sig, secret))) continue;
				// The browser keeps the re-signed cookie, so it outlives the old entry.
				setRequestCookie(headers, name, `${value}.${await signature(value, current)}`);
				return value;
			}
			return undefined;
		}
	}),
};
