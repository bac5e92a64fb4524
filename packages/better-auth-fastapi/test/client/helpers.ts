/**
 * Test doubles for the client's unit tests: a controllable clock (with a skewed client wall
 * clock), a recording fake token endpoint that mints tokens on the *server's* clock, and a
 * recording fake API that rejects expired tokens exactly as the contract says.
 */

import type { Clock } from "../../src/client/token-manager.js";
import type { TokenResponse } from "../../src/client/token-response.js";
import { base64urlEncode } from "../../src/core/base64url.js";

const enc = new TextEncoder();
const b64 = (value: unknown) => base64urlEncode(enc.encode(JSON.stringify(value)));

/** Real time `t` (ms) drives everything; the client's wall clock is `t + skewMs`. */
export class TestClock implements Clock {
	t = Date.UTC(2026, 10, 26, 12, 0, 0);
	constructor(public skewMs = 0) {}
	/** Monotonic: an arbitrary origin, as performance.now() has. */
	now(): number {
		return this.t - 1_000_000;
	}
	wallNow(): number {
		return this.t + this.skewMs;
	}
	serverNow(): number {
		return this.t;
	}
	advance(ms: number): void {
		this.t += ms;
	}
}

/** An unsigned-looking compact JWS with the given claims (the client never verifies). */
export function fakeToken(claims: Record<string, unknown>): string {
	return `${b64({ alg: "HS256", typ: "at+jwt", kid: "test" })}.${b64(claims)}.c2lnbmF0dXJl`;
}

export interface FakeTokenServerOptions {
	clock: TestClock;
	lifetimeSeconds?: number;
	userId?: string;
}

/** The token endpoint: records calls; can fail, hang, or be held until released. */
export class FakeTokenServer {
	calls = 0;
	userId: string;
	lifetimeSeconds: number;
	mode: "ok" | "fail" | "hang" | "signedOut" = "ok";
	/** While set, answers wait for `release()`. */
	held: { promise: Promise<void>; release: () => void } | null = null;
	/** Signals seen, to check they are aborted on timeout. */
	signals: AbortSignal[] = [];
	issued: string[] = [];
	#seq = 0;

	constructor(private readonly options: FakeTokenServerOptions) {
		this.userId = options.userId ?? "user-a";
		this.lifetimeSeconds = options.lifetimeSeconds ?? 900;
	}

	hold(): void {
		let release = () => {};
		const promise = new Promise<void>((r) => {
			release = r;
		});
		this.held = { promise, release };
	}

	release(): void {
		const held = this.held;
		this.held = null;
		held?.release();
	}

	/** Mints a token as the server would now. */
	mint(): TokenResponse {
		const iat = Math.floor(this.options.clock.serverNow() / 1000);
		const exp = iat + this.lifetimeSeconds;
		const token = fakeToken({ sub: this.userId, iat, exp, jti: `j${++this.#seq}` });
		this.issued.push(token);
		return { token, tokenType: "Bearer", expiresAt: new Date(exp * 1000).toISOString() };
	}

	/** Use as `fetchToken` / `getToken`. */
	fetchToken = async (signal: AbortSignal): Promise<TokenResponse> => {
		this.calls++;
		this.signals.push(signal);
		const userAtRequest = this.userId;
		if (this.mode === "hang") return new Promise<TokenResponse>(() => {});
		if (this.held) await this.held.promise;
		if (this.mode === "fail") throw new TypeError("fetch failed");
		if (this.mode === "signedOut") {
			const { ApiAuthError } = await import("../../src/client/errors.js");
			throw new ApiAuthError({ status: 401, code: "SESSION_MISSING" });
		}
		// The cookie was read when the request arrived, not when it was answered.
		const saved = this.userId;
		this.userId = userAtRequest;
		const minted = this.mint();
		this.userId = saved;
		return minted;
	};
}

export interface RecordedRequest {
	url: string;
	method: string;
	authorization: string | null;
	body: string | null;
	signal: AbortSignal | null;
}

/**
 * The API: `GET /api/me` answers 200 with the token's claims; `/api/admin` answers 403
 * ROLE_MISSING; `/api/bad` answers 400; tokens past `exp` (server clock, no leeway) or revoked
 * get 401 invalid_token.
 */
export class FakeApi {
	requests: RecordedRequest[] = [];
	expiredRejections = 0;
	revoked = new Set<string>();
	/** Force every answer to 401 invalid_token. */
	alwaysReject = false;
	/** Drop WWW-Authenticate, as a browser does cross-origin without Expose-Headers. */
	hideChallenge = false;

	constructor(private readonly clock: TestClock) {}

	fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const response = await this.#answer(input, init);
		if (!this.hideChallenge) return response;
		const headers = new Headers(response.headers);
		headers.delete("www-authenticate");
		return new Response(response.body, { status: response.status, headers });
	};

	#answer = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const request = new Request(input, init);
		const body = request.body === null ? null : await request.text();
		const authorization = request.headers.get("authorization");
		this.requests.push({
			url: request.url,
			method: request.method,
			authorization,
			body,
			signal: init?.signal ?? null,
		});
		if (init?.signal?.aborted) throw init.signal.reason;
		const token = authorization?.replace(/^Bearer /, "") ?? "";
		const payload = token.split(".")[1];
		const claims = payload
			? (JSON.parse(Buffer.from(payload, "base64url").toString()) as {
					sub: string;
					exp: number;
				})
			: null;
		const reject = (code: string) =>
			Response.json(
				{ detail: "Rejected.", code },
				{
					status: 401,
					headers: { "www-authenticate": 'Bearer realm="api", error="invalid_token"' },
				},
			);
		if (claims === null) {
			return Response.json(
				{ detail: "No token.", code: "TOKEN_MISSING" },
				{ status: 401, headers: { "www-authenticate": 'Bearer realm="api"' } },
			);
		}
		if (this.alwaysReject || this.revoked.has(token)) return reject("SIGNATURE_INVALID");
		if (this.clock.serverNow() >= claims.exp * 1000) {
			this.expiredRejections++;
			return reject("TOKEN_EXPIRED");
		}
		const path = new URL(request.url).pathname;
		if (path === "/api/admin") {
			return Response.json(
				{ detail: "Needs role admin.", code: "ROLE_MISSING" },
				{
					status: 403,
					headers: { "www-authenticate": 'Bearer realm="api", error="insufficient_scope"' },
				},
			);
		}
		if (path === "/api/bad") {
			return Response.json(
				{ detail: "Bad.", code: "AUTHORIZATION_MALFORMED" },
				{
					status: 400,
					headers: { "www-authenticate": 'Bearer realm="api", error="invalid_request"' },
				},
			);
		}
		if (path === "/api/forbidden-by-app") {
			return Response.json({ detail: "Not yours." }, { status: 403 });
		}
		if (path === "/api/stream") {
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(enc.encode("chunk1,"));
					controller.enqueue(enc.encode("chunk2"));
					controller.close();
				},
			});
			return new Response(stream, { status: 200 });
		}
		return Response.json({ sub: claims.sub, body });
	};
}
