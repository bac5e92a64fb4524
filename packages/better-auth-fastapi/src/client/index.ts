/**
 * The browser (and any-runtime) half of better-auth-fastapi: the Better Auth client plugin
 * `apiTokenClient()`, whose token manager keeps the access token in memory, and
 * `createApiFetch()`, a `fetch` that sends it to the API. No server code and no `node:` module is
 * imported here, so it is safe in browser and edge bundles.
 *
 * @example
 * ```ts
 * import { createAuthClient } from "better-auth/client";
 * import { apiTokenClient, createApiFetch } from "better-auth-fastapi/client";
 *
 * export const authClient = createAuthClient({ plugins: [apiTokenClient()] });
 * export const apiFetch = createApiFetch({ baseURL: "https://api.example.com", authClient });
 * ```
 *
 * @module
 */
import type {
	BetterAuthClientPlugin,
	BetterFetch,
	BetterFetchPlugin,
	ClientStore,
} from "better-auth/client";
import type { apiToken } from "../server/index.js";
import { pathOf, SESSION_CHANGING, watchSession } from "./session-events.js";
import { API_TOKEN_PATH, fetchTokenWith } from "./token-endpoint.js";
import {
	type ApiToken,
	type Clock,
	type GetTokenOptions,
	TokenManager,
	type TokenProvider,
} from "./token-manager.js";

export { DEFAULT_CHANNEL } from "./broadcast.js";
export * from "./errors.js";
export * from "./fetch.js";
export * from "./token-manager.js";
export type { TokenResponse } from "./token-response.js";
export * from "./www-authenticate.js";

/** Options of {@link apiTokenClient}. Durations are seconds; fractions are allowed. */
export interface ApiTokenClientOptions {
	/**
	 * How long before expiry the token is refreshed.
	 * @default min(60, lifetime / 5)
	 */
	refreshMarginSeconds?: number | undefined;
	/**
	 * How long a token request may take before it fails with `TOKEN_REQUEST_TIMEOUT`.
	 * @default 10
	 */
	timeoutSeconds?: number | undefined;
	/**
	 * Share the token between tabs with `BroadcastChannel` (if the runtime has it): one refresh
	 * for all tabs, and a sign-out in one tab drops the token in every tab. A string names the
	 * channel. Off in server runtimes (no `document`, not a worker), whatever this says.
	 * @default false
	 */
	broadcastChannel?: boolean | string | undefined;
	/**
	 * Also watch Better Auth's `session` atom and drop the token when the signed-in user changes
	 * or signs out there (e.g. in another tab). Subscribing mounts the atom, which fetches the
	 * session once, as `useSession()` does.
	 * @default true in browsers, false elsewhere
	 */
	watchSession?: boolean | undefined;
	/** Time sources, for tests. */
	clock?: Clock | undefined;
}

/** What `authClient.apiToken` offers. */
export interface ApiTokenActions extends TokenProvider {
	/** The cached token, or a new one (`{ forceRefresh: true }` skips the cache). */
	get(options?: GetTokenOptions): Promise<ApiToken>;
	/** Drops the token and any refresh in flight. Done for you on sign-out and user change. */
	clear(): void;
}

/**
 * The Better Auth client plugin. Adds `authClient.apiToken.get()`, backed by a {@link TokenManager}
 * that drops the token on sign-out, sign-in and every other session change.
 *
 * @example
 * ```ts
 * const authClient = createAuthClient({ plugins: [apiTokenClient()] });
 * const { token, expiresAt } = await authClient.apiToken.get();
 * ```
 */
export const apiTokenClient = (options: ApiTokenClientOptions = {}) => {
	// One per createAuthClient; if this plugin object is shared by several clients, a session
	// change seen by any of them clears all (over-clearing costs one request, never a wrong user).
	const managers = new Set<TokenManager>();
	let hookClearedAt = Number.NEGATIVE_INFINITY;
	const onSessionPath = (url: unknown) => {
		if (!SESSION_CHANGING.test(pathOf(url))) return;
		hookClearedAt = Date.now();
		for (const m of managers) m.clear();
	};
	const fetchPlugin: BetterFetchPlugin = {
		id: "api-token",
		name: "api-token",
		hooks: {
			// Before the request goes out (a refresh now would race it) and after its answer.
			onRequest(context) {
				onSessionPath(context.url);
			},
			onResponse(context) {
				onSessionPath(context.request.url);
			},
		},
	};
	return {
		id: "api-token",
		$InferServerPlugin: {} as ReturnType<typeof apiToken>,
		pathMethods: { [API_TOKEN_PATH]: "GET" },
		fetchPlugins: [fetchPlugin],
		getActions: ($fetch: BetterFetch, $store: ClientStore) => {
			const tokens = new TokenManager({
				fetchToken: (signal) => fetchTokenWith($fetch, signal),
				refreshMarginSeconds: options.refreshMarginSeconds,
				timeoutSeconds: options.timeoutSeconds,
				broadcastChannel: options.broadcastChannel,
				clock: options.clock,
			});
			managers.add(tokens);
			// Better Auth flips $sessionSignal 10 ms after a session-changing call succeeds. When our
			// hooks already cleared for that call, clearing again would only throw away the new
			// user's fresh token; the signal still covers paths of other plugins we do not know.
			$store.atoms.$sessionSignal?.listen(() => {
				if (Date.now() - hookClearedAt > 250) tokens.clear();
			});
			if (options.watchSession ?? typeof document !== "undefined") watchSession($store, tokens);
			const actions: ApiTokenActions = {
				get: (getOptions) => tokens.get(getOptions),
				invalidate: (token) => tokens.invalidate(token),
				clear: () => tokens.clear(),
			};
			return { apiToken: actions };
		},
	} satisfies BetterAuthClientPlugin;
};
