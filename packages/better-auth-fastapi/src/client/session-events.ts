/**
 * How the client plugin notices that the signed-in user may have changed: the Better Auth
 * endpoints that change the session, and the `session` atom.
 *
 * @module
 */
import type { ClientStore } from "better-auth/client";
import type { TokenManager } from "./token-manager.js";

/**
 * Auth endpoints after which the token may belong to someone else (or no one): the ones Better
 * Auth itself re-reads the session after, plus sign-ins of plugins, impersonation,
 * multi-session switching and the session-setting verifications of plugins whose client does not
 * flip `$sessionSignal` (`one-time-token/verify`, `delete-anonymous-user`).
 */
export const SESSION_CHANGING =
	/\/(sign-out|sign-in\/[^/]+|sign-up\/[^/]+|sign-in-[^/]+|delete-user|delete-anonymous-user|one-time-token\/verify|update-user|update-session|change-email|change-password|revoke-sessions?|revoke-other-sessions|verify-email|admin\/impersonate-user|admin\/stop-impersonating|multi-session\/(set-active|revoke)|two-factor\/verify-[^/]+|magic-link\/verify|email-otp\/verify-email|one-tap\/callback|phone-number\/verify|siwe\/verify|passkey\/verify-authentication|callback\/[^/]+|oauth2\/callback\/[^/]+)\/?$/;

/** The path of a request URL (absolute or not), or "" if it is no URL. */
export function pathOf(url: unknown): string {
	try {
		return new URL(String(url), "http://localhost").pathname;
	} catch {
		return "";
	}
}

/** Clears the token when the session atom shows another user, or none. */
export function watchSession($store: ClientStore, tokens: TokenManager): void {
	let userId: string | null | undefined;
	$store.atoms.session?.listen((value: unknown) => {
		const state = value as { data?: { user?: { id?: unknown } } | null; isPending?: boolean };
		if (state?.isPending) return;
		const id = typeof state?.data?.user?.id === "string" ? state.data.user.id : null;
		if (userId !== undefined && id !== userId) tokens.clear();
		userId = id;
	});
}
