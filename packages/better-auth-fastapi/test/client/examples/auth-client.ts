// lib/auth-client.ts: the browser side. One auth client and one apiFetch for the whole app.
import { createAuthClient } from "better-auth/client";
import { ApiAuthError, apiTokenClient, createApiFetch } from "../../../src/client/index.js";

export const authClient = createAuthClient({
	baseURL: process.env.NEXT_PUBLIC_BETTER_AUTH_URL,
	// Share one token between the tabs of this browser.
	plugins: [apiTokenClient({ broadcastChannel: true })],
});

export const apiFetch = createApiFetch({
	baseURL: process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000",
	authClient,
});

export interface Me {
	id: string;
	email: string;
	roles: string[];
}

/** The signed-in user as the API sees them, or `null` when no one is signed in. */
export async function loadMe(): Promise<Me | null> {
	try {
		const response = await apiFetch("/api/me");
		return (await response.json()) as Me;
	} catch (error) {
		if (error instanceof ApiAuthError && error.status === 401) return null; // signed out
		throw error;
	}
}

/** Whether the admin page may be shown: `false` when signed out (401) or not an admin (403). */
export async function canAdminister(): Promise<boolean> {
	try {
		await apiFetch("/api/admin");
		return true;
	} catch (error) {
		if (error instanceof ApiAuthError && (error.status === 401 || error.status === 403)) {
			return false; // 401 SESSION_MISSING: nobody signed in; 403 ROLE_MISSING: not allowed
		}
		throw error;
	}
}
