// The browser side: one Better Auth client for the whole app, with the plugin that keeps the
// API's access token in memory and shares it between the tabs of this browser.
import { createAuthClient } from "better-auth/react";
import { type ApiFetch, apiTokenClient, createApiFetch } from "better-auth-fastapi/client";

// No baseURL: Better Auth runs inside this app, so the client talks to this page's own origin.
export const authClient = createAuthClient({
	plugins: [apiTokenClient({ broadcastChannel: true })],
});

const fetches = new Map<string, ApiFetch>();

/** Fires "call" after every API call, so the token panel can show the token now in use. */
export const apiActivity = new EventTarget();

/**
 * The `apiFetch` for the API at `baseURL`. The API's address is read on the server at run time
 * (API_URL) and handed to the page, so one build serves every deployment; every caller shares
 * the auth client's token.
 */
export function apiFetchFor(baseURL: string): ApiFetch {
	let apiFetch = fetches.get(baseURL);
	if (apiFetch === undefined) {
		const send = createApiFetch({ baseURL, authClient });
		apiFetch = (input, init) =>
			send(input, init).finally(() => apiActivity.dispatchEvent(new Event("call")));
		fetches.set(baseURL, apiFetch);
	}
	return apiFetch;
}
