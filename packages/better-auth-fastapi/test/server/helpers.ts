// A real Better Auth 1.7 on a real SQLite file (better-sqlite3) in a temporary directory, driven
// in-process through auth.handler(new Request(...)).
import { hkdfSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { admin, bearer } from "better-auth/plugins";
import Database from "better-sqlite3";
import { ConfigurationError } from "../../src/core/errors.js";
import { apiToken } from "../../src/server/index.js";
import type { ApiTokenOptions } from "../../src/server/options.js";

export const BASE_URL = "http://localhost:3000";
/** A fixed, hygienic test secret (43 base64url characters). */
export const SECRET = "kM3vQ8tZ1pX7rW2yN5bH9cJ4fL6dG0sA-eU_iO3qTzE";
export const OTHER_SECRET = "Rt7Yp2Lx9Wq4Nz6Bv1Mc8Kd3Hf5Gj0Sa-Ue_Io2PsQy";

/** HKDF computed with node:crypto, independently of the package's key.ts. */
export function derivedKey(secret: string): Uint8Array {
	return new Uint8Array(
		hkdfSync(
			"sha256",
			Buffer.from(secret, "utf8"),
			Buffer.alloc(0),
			Buffer.from("better-auth-fastapi access token v1", "utf8"),
			32,
		),
	);
}

export interface TestAuth {
	auth: ReturnType<typeof betterAuth>;
	db: Database.Database;
	/** Sends a request to `/api/auth<path>`. */
	fetch(path: string, init?: RequestInit): Promise<Response>;
	/** Signs up a user; returns its session cookie, all cookies set, and its bearer token. */
	signUp(
		email: string,
		name?: string,
	): Promise<{ cookie: string; cookies: string; bearer: string; userId: string }>;
	close(): void;
}

export async function createTestAuth(
	pluginOptions: ApiTokenOptions = {},
	authOptions: Partial<BetterAuthOptions> = {},
): Promise<TestAuth> {
	const dir = mkdtempSync(join(tmpdir(), "baf-server-"));
	const db = new Database(join(dir, "auth.sqlite"));
	const options: BetterAuthOptions = {
		database: db,
		baseURL: BASE_URL,
		secret: SECRET,
		emailAndPassword: { enabled: true },
		logger: { level: "error" },
		...authOptions,
		plugins: [bearer(), admin(), apiToken({ secret: SECRET, ...pluginOptions })],
	};
	const { runMigrations } = await getMigrations(options);
	await runMigrations();
	const auth = betterAuth(options);
	const fetch = (path: string, init: RequestInit = {}) =>
		auth.handler(new Request(`${BASE_URL}/api/auth${path}`, init));
	return {
		auth,
		db,
		fetch,
		async signUp(email, name = "Ada Lovelace") {
			const res = await fetch("/sign-up/email", {
				method: "POST",
				headers: { "content-type": "application/json", origin: BASE_URL },
				body: JSON.stringify({ email, password: "correct horse battery staple", name }),
			});
			if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
			const body = (await res.json()) as { user: { id: string } };
			const setCookie = res.headers.get("set-cookie") ?? "";
			const cookie = (/better-auth\.session_token=[^;]+/.exec(setCookie) ?? [""])[0];
			// Every cookie set (session token, and the cookie cache when enabled).
			const cookies = res.headers
				.getSetCookie()
				.map((c) => c.split(";")[0])
				.join("; ");
			return {
				cookie,
				cookies,
				bearer: res.headers.get("set-auth-token") ?? "",
				userId: body.user.id,
			};
		},
		close() {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Decodes a JWS segment as JSON (test-side, no package code). */
export function decodeSegment(segment: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Runs `fn`, which must throw a ConfigurationError, and returns that error. */
export function configError(fn: () => unknown): ConfigurationError {
	try {
		fn();
	} catch (e) {
		if (e instanceof ConfigurationError) return e;
		throw e;
	}
	throw new Error("expected a ConfigurationError");
}

/** A Better Auth logger that records the messages of one level. */
export function recordingLogger(level: "warn" | "error") {
	const messages: string[] = [];
	const logger = {
		level,
		log: (at: string, message: string) => {
			if (at === level) messages.push(message);
		},
	};
	return { logger, messages };
}

/**
 * Signs a new user up at a running Better Auth server over real HTTP and fetches their access
 * token with the session cookie. Returns the cookie, the token response and the token.
 */
export async function signUpAndFetchToken(origin: string, email: string) {
	const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ email, password: "correct horse", name: email.split("@")[0] }),
	});
	if (signUp.status !== 200) throw new Error(`sign-up answered ${signUp.status}`);
	const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] as string;
	const response = await fetch(`${origin}/api/auth/api-token`, { headers: { cookie } });
	if (response.status !== 200) throw new Error(`api-token answered ${response.status}`);
	const { token } = (await response.json()) as { token: string };
	return { cookie, response, token };
}
