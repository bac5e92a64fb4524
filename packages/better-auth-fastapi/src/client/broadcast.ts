/**
 * Optional sharing of the token between browser tabs of one origin through `BroadcastChannel`,
 * so that many tabs make one refresh rather than one each, and a sign-out in one tab drops the
 * token in all. Feature-detected: where `BroadcastChannel` does not exist this is a no-op.
 *
 * Messages carry the remaining lifetime, not an absolute expiry, plus the sender's wall clock at
 * sending; tabs share one machine clock, so the transit time can be subtracted.
 *
 * @module
 */

import { isCompactJws, readClaims } from "./token-response.js";

/** The default channel name. */
export const DEFAULT_CHANNEL = "better-auth-fastapi:api-token";

/** A message between tabs. */
export type TokenMessage =
	| {
			type: "token";
			token: string;
			expiresAtMs: number;
			userId: string | null;
			/** Lifetime left when sent, in milliseconds. */
			remainingMs: number;
			/** Sender's `Date.now()` when sent. */
			sentAt: number;
			/**
			 * Sender's `Date.now()` when it asked for the token: a receiver that was cleared (sign-out,
			 * user switch) after that moment ignores the token, which may be the previous user's.
			 */
			requestedAt: number;
	  }
	| { type: "clear" };

/** The sending half, and a way to stop listening. */
export interface TokenChannel {
	post(message: TokenMessage): void;
	close(): void;
}

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Whether `data` is a message this module sent: another version of the library, or anything else
 * posted on the channel, is ignored. A token must look like a JWS (it goes into a header), have
 * time left, and carry the user id its own `sub` claim names.
 */
function isTokenMessage(data: unknown): data is TokenMessage {
	if (typeof data !== "object" || data === null) return false;
	const m = data as Record<string, unknown>;
	if (m.type === "clear") return true;
	return (
		m.type === "token" &&
		isCompactJws(m.token) &&
		isTime(m.expiresAtMs) &&
		isTime(m.remainingMs) &&
		m.remainingMs > 0 &&
		isTime(m.sentAt) &&
		isTime(m.requestedAt) &&
		(typeof m.userId === "string" || m.userId === null) &&
		m.userId === (readClaims(m.token)?.sub ?? null)
	);
}

/**
 * A browser page or a worker: a runtime that serves one user. A page is told by `document`, not
 * `window`: Deno 1 servers have a `window`, and Deno Deploy's `BroadcastChannel` reaches every
 * isolate of the deployment.
 */
function servesOneUser(): boolean {
	const g = globalThis as { document?: unknown; importScripts?: unknown };
	return typeof g.document !== "undefined" || typeof g.importScripts === "function";
}

/**
 * Opens the channel, or returns `null` when the runtime has no `BroadcastChannel`, or is a server
 * (no `document`, not a worker): Node, Deno and edge runtimes have `BroadcastChannel` too, but a
 * server process serves many users, and an auth client created at module level (as Next.js
 * server-renders client modules) must never pass one user's token to another. Malformed messages
 * are ignored.
 */
export function openTokenChannel(
	name: string,
	onMessage: (message: TokenMessage) => void,
): TokenChannel | null {
	if (typeof BroadcastChannel !== "function" || !servesOneUser()) return null;
	let channel: BroadcastChannel;
	try {
		channel = new BroadcastChannel(name);
	} catch {
		return null;
	}
	// Node's BroadcastChannel keeps the process alive unless unref'd; browsers have no unref.
	(channel as { unref?: () => void }).unref?.();
	channel.onmessage = (event: MessageEvent) => {
		if (isTokenMessage(event.data)) onMessage(event.data);
	};
	return {
		post(message) {
			try {
				channel.postMessage(message);
			} catch {
				// a closed channel: sharing is best effort
			}
		},
		close() {
			channel.onmessage = null;
			channel.close();
		},
	};
}
