/**
 * The token manager: one access token in memory, refreshed shortly before it expires, one refresh
 * at a time however many callers wait (jose's `pendingFetch` pattern), dropped on sign-out or a
 * change of user, and never a promise that waits forever.
 *
 * Expiry is measured, not read off the local clock: the lifetime comes from the server's own
 * times (`expiresAt - iat`) and is counted from the moment the token was *requested*, so the
 * token is always believed to expire a little earlier than it does, whatever the client's clock
 * says. Elapsed time is the larger of the monotonic and the wall clock's, so a laptop that slept
 * (monotonic clocks may stop) or a clock set forward only ever makes the refresh earlier.
 *
 * @module
 */

import { raceSignal } from "./abort.js";
import {
	DEFAULT_CHANNEL,
	openTokenChannel,
	type TokenChannel,
	type TokenMessage,
} from "./broadcast.js";
import { ApiAuthError, ApiTokenError } from "./errors.js";
import { type MeasuredToken, measureToken } from "./token-response.js";
import type {
	ApiToken,
	Clock,
	GetTokenOptions,
	TokenManagerOptions,
	TokenProvider,
} from "./types.js";

export type * from "./types.js";

interface Entry extends MeasuredToken {
	startedMono: number;
	startedWall: number;
}

const defaultClock: Clock = {
	now: () => (typeof performance !== "undefined" ? performance.now() : Date.now()),
	wallNow: () => Date.now(),
};

/**
 * Caches one access token in memory and refreshes it. See the module comment for the timing rules.
 *
 * @example
 * ```ts
 * const manager = new TokenManager({
 * 	fetchToken: async (signal) => (await fetch("/api/auth/api-token", { signal })).json(),
 * });
 * const { token } = await manager.get();
 * ```
 */
export class TokenManager implements TokenProvider {
	readonly #fetchToken: TokenManagerOptions["fetchToken"];
	readonly #marginSeconds: number | undefined;
	readonly #timeoutMs: number;
	readonly #clock: Clock;
	readonly #channel: TokenChannel | null;
	#current: Entry | null = null;
	#pending: Promise<Entry> | null = null;
	/** Bumped on every clear: a refresh started before it must not fill the cache. */
	#epoch = 0;
	/** Waiters for a refresh, told at the next clear so that they drop a discarded one at once. */
	readonly #waiters = new Set<() => void>();
	#lastUserId: string | null | undefined;
	/** After a 429: until when (monotonic ms) the endpoint is left alone, and why. */
	#backoff: { untilMono: number; cause: ApiTokenError } | null = null;
	/** Monotonic time before which no background refresh is tried again (after one failed). */
	#backgroundNotBefore = Number.NEGATIVE_INFINITY;
	/** Wall-clock time of the last clear, to recognise other tabs' tokens asked for before it. */
	#clearedAt = Number.NEGATIVE_INFINITY;

	constructor(options: TokenManagerOptions) {
		if (typeof options.fetchToken !== "function") {
			throw new TypeError("options.fetchToken must be a function");
		}
		const margin = options.refreshMarginSeconds;
		if (margin !== undefined && !(margin >= 0)) {
			throw new TypeError("options.refreshMarginSeconds must be a number >= 0");
		}
		const timeout = options.timeoutSeconds ?? 10;
		if (!(timeout > 0)) throw new TypeError("options.timeoutSeconds must be a number > 0");
		this.#fetchToken = options.fetchToken;
		this.#marginSeconds = margin;
		this.#timeoutMs = timeout * 1000;
		this.#clock = options.clock ?? defaultClock;
		const channel = options.broadcastChannel;
		this.#channel = channel
			? openTokenChannel(channel === true ? DEFAULT_CHANNEL : channel, (m) => this.#receive(m))
			: null;
	}

	/** A usable token: the cached one if it has time left, else a fresh one (one request shared). */
	async get(options: GetTokenOptions = {}): Promise<ApiToken> {
		options.signal?.throwIfAborted();
		if (options.forceRefresh) this.#current = null;
		for (let attempt = 0; attempt < 3; attempt++) {
			const epoch = this.#epoch;
			const cached = this.#usable();
			if (cached !== null) return publicToken(cached);
			const entry = await raceSignal(this.#waitForRefresh(), options.signal);
			// Cleared (sign-out, user switch) while we waited: whatever that refresh brings, a token
			// that may be the old user's or an error from before the change, is not our answer.
			if (entry !== CLEARED && this.#epoch === epoch) return publicToken(entry);
		}
		throw new ApiTokenError(
			"SESSION_UNSTABLE",
			"The signed-in user changed three times while an access token was being fetched.",
		);
	}

	/** Forgets `token` if it is the cached one, so the next {@link get} fetches a new token. */
	invalidate(token: string): void {
		if (this.#current?.token === token) this.#current = null;
	}

	/**
	 * Drops the cached token and discards any refresh in flight (sign-out, change of user).
	 * Tells other tabs too when sharing is on.
	 */
	clear(): void {
		this.#clearLocal();
		this.#channel?.post({ type: "clear" });
	}

	/** Stops listening to other tabs. */
	close(): void {
		this.#channel?.close();
	}

	#clearLocal(): void {
		this.#epoch++;
		this.#clearedAt = this.#clock.wallNow();
		this.#current = null;
		this.#pending = null;
		for (const wake of this.#waiters) wake();
		this.#waiters.clear();
	}

	/** The shared refresh's entry, or `CLEARED` as soon as a clear discards it. */
	#waitForRefresh(): Promise<Entry | typeof CLEARED> {
		return new Promise((resolve, reject) => {
			const wake = () => resolve(CLEARED);
			this.#waiters.add(wake);
			this.#refresh()
				.then(resolve, reject)
				.finally(() => this.#waiters.delete(wake));
		});
	}

	#remainingMs(entry: Entry): number {
		const elapsed = Math.max(
			this.#clock.now() - entry.startedMono,
			this.#clock.wallNow() - entry.startedWall,
		);
		return entry.lifetimeMs - elapsed;
	}

	#marginMs(entry: Entry): number {
		// A configured margin is capped at half the lifetime, so a margin longer than the tokens
		// live cannot turn into one token request per call.
		return this.#marginSeconds !== undefined
			? Math.min(this.#marginSeconds * 1000, entry.lifetimeMs / 2)
			: Math.min(60_000, entry.lifetimeMs / 5);
	}

	/** The cached entry if it may still be sent; starts a background refresh when it is due. */
	#usable(): Entry | null {
		const entry = this.#current;
		if (entry === null) return null;
		const remaining = this.#remainingMs(entry);
		const margin = this.#marginMs(entry);
		if (remaining > margin) return entry;
		if (remaining > margin / 2) {
			// Due for refresh but still good for a while: send it, refresh in the background. After
			// a failed background refresh, wait a little (the endpoint may be down) rather than
			// try again on every call; the last half of the margin refreshes in the foreground.
			if (this.#clock.now() >= this.#backgroundNotBefore) {
				this.#refresh().catch(() => {
					this.#backgroundNotBefore = this.#clock.now() + Math.min(5_000, margin / 4);
				});
			}
			return entry;
		}
		return null;
	}

	#refresh(): Promise<Entry> {
		if (this.#pending !== null) return this.#pending;
		const backoff = this.#backoffError();
		if (backoff !== null) return Promise.reject(backoff);
		const epoch = this.#epoch;
		const pending = this.#request().then(
			(entry) => {
				if (this.#epoch === epoch) this.#store(entry, true);
				return entry;
			},
			(error: unknown) => {
				if (error instanceof ApiTokenError && error.status === 429) {
					const seconds = Math.min(Math.max(error.retryAfterSeconds ?? 5, 1), 300);
					this.#backoff = { untilMono: this.#clock.now() + seconds * 1000, cause: error };
				}
				throw error;
			},
		);
		this.#pending = pending;
		const done = () => {
			if (this.#pending === pending) this.#pending = null;
		};
		pending.then(done, done);
		return pending;
	}

	/** Rate limited (contract 3.4: back off, do not hammer): the error to fail with at once. */
	#backoffError(): ApiTokenError | null {
		const backoff = this.#backoff;
		if (backoff === null) return null;
		const leftMs = backoff.untilMono - this.#clock.now();
		if (leftMs <= 0) {
			this.#backoff = null;
			return null;
		}
		const left = Math.ceil(leftMs / 1000);
		return new ApiTokenError(
			"TOKEN_REQUEST_FAILED",
			`The token endpoint is rate limiting (429); not asking again for ${left} s.`,
			{ status: 429, retryAfterSeconds: left, cause: backoff.cause },
		);
	}

	async #request(): Promise<Entry> {
		const startedMono = this.#clock.now();
		const startedWall = this.#clock.wallNow();
		const controller = new AbortController();
		const timer = setTimeout(() => {
			controller.abort(
				new ApiTokenError(
					"TOKEN_REQUEST_TIMEOUT",
					`The token endpoint did not answer within ${this.#timeoutMs / 1000} s.`,
				),
			);
		}, this.#timeoutMs);
		try {
			const response = await raceSignal(
				Promise.resolve().then(() => this.#fetchToken(controller.signal)),
				controller.signal,
			);
			const measured = measureToken(response, startedWall);
			if (typeof measured === "string") {
				throw new ApiTokenError("TOKEN_RESPONSE_INVALID", `Unusable token response: ${measured}.`);
			}
			return { ...measured, startedMono, startedWall };
		} catch (error) {
			if (error instanceof ApiAuthError || error instanceof ApiTokenError) throw error;
			throw new ApiTokenError("TOKEN_REQUEST_FAILED", "The token request failed.", {
				cause: error,
			});
		} finally {
			clearTimeout(timer);
		}
	}

	#store(entry: Entry, share: boolean): void {
		this.#current = entry;
		this.#lastUserId = entry.userId;
		if (share && this.#channel !== null) {
			this.#channel.post({
				type: "token",
				token: entry.token,
				expiresAtMs: entry.expiresAtMs,
				userId: entry.userId,
				remainingMs: this.#remainingMs(entry),
				sentAt: this.#clock.wallNow(),
				requestedAt: entry.startedWall,
			});
		}
	}

	#receive(message: TokenMessage): void {
		if (message.type === "clear") {
			this.#clearLocal();
			return;
		}
		// Asked for before this tab's last clear (a sign-out or user switch here, or a clear from
		// another tab): it may be the previous user's, answered late.
		if (message.requestedAt <= this.#clearedAt) return;
		if (this.#lastUserId !== undefined && message.userId !== this.#lastUserId) {
			// Another tab got a token for someone else: the shared cookies changed user. Nothing
			// cached here may be sent any more, including what a refresh in flight brings back; this
			// tab fetches its own token rather than take one in for a user it has not seen.
			this.#clearLocal();
			return;
		}
		const wallNow = this.#clock.wallNow();
		const lifetimeMs = message.remainingMs - Math.max(0, wallNow - message.sentAt);
		const current = this.#current;
		if (current !== null && this.#remainingMs(current) >= lifetimeMs) return;
		this.#store(
			{
				token: message.token,
				expiresAtMs: message.expiresAtMs,
				userId: message.userId,
				lifetimeMs,
				startedMono: this.#clock.now(),
				startedWall: wallNow,
			},
			false,
		);
	}
}

const CLEARED = Symbol("cleared");

function publicToken(entry: Entry): ApiToken {
	return { token: entry.token, expiresAt: new Date(entry.expiresAtMs), userId: entry.userId };
}
