/**
 * The client's public types, in one place (as jose keeps its in `types.d.ts`).
 *
 * @module
 */
import type { TokenResponse } from "./token-response.js";

/** Time sources, injectable for tests. Both in milliseconds. */
export interface Clock {
	/** A monotonic clock (default `performance.now()`). */
	now(): number;
	/** The wall clock (default `Date.now()`). */
	wallNow(): number;
}

/** A token as handed to callers. */
export interface ApiToken {
	/** The access token, for `Authorization: Bearer <token>`. */
	token: string;
	/** When it expires, as the server stated it (server clock). */
	expiresAt: Date;
	/** The token's `sub` claim (the Better Auth user id), or `null` if unreadable. */
	userId: string | null;
}

/** Options of `TokenManager.get` and `authClient.apiToken.get`. */
export interface GetTokenOptions {
	/** Ignore the cached token and fetch a new one (joining a refresh already in flight). */
	forceRefresh?: boolean | undefined;
	/** Stops waiting (rejecting with the signal's reason); a shared refresh goes on for others. */
	signal?: AbortSignal | undefined;
}

/** Anything `createApiFetch` can take tokens from: a `TokenManager` or the client plugin. */
export interface TokenProvider {
	/** A usable token: the cached one, or a fresh one. */
	get(options?: GetTokenOptions): Promise<ApiToken>;
	/** Forgets `token` if it is the cached one (the API rejected it). */
	invalidate(token: string): void;
}

/** Options of `TokenManager`. Durations are seconds; fractions are allowed. */
export interface TokenManagerOptions {
	/**
	 * Fetches a newly issued token (its `iat` is taken as the moment of issue); must honour
	 * `signal` (it is aborted on timeout).
	 */
	fetchToken: (signal: AbortSignal) => Promise<TokenResponse>;
	/**
	 * How long before expiry to refresh.
	 * @default min(60, lifetime / 5)
	 */
	refreshMarginSeconds?: number | undefined;
	/**
	 * How long a token request may take before it fails with `TOKEN_REQUEST_TIMEOUT`.
	 * @default 10
	 */
	timeoutSeconds?: number | undefined;
	/**
	 * Share tokens between tabs through `BroadcastChannel` (feature-detected); `true` uses the
	 * channel `better-auth-fastapi:api-token`, a string names another. Off in server runtimes
	 * (no `document`, not a worker), whatever this says.
	 * @default false
	 */
	broadcastChannel?: boolean | string | undefined;
	/** Time sources, for tests. */
	clock?: Clock | undefined;
}
