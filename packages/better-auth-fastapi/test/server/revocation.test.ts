// The token endpoint reads the session and the user from the database on every call, so a
// revocation, a ban or a role change reaches the next token even while Better Auth's cookie cache
// still holds the old session and user (issue 7, items 1 and 2). A real Better Auth on SQLite with
// the cookie cache and the admin plugin; the admin acts through the admin plugin's own endpoints.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestAuth, decodeSegment, type TestAuth } from "./helpers.js";

let t: TestAuth;
/** The admin's session-token cookie only (no cookie cache), so its own role is read fresh. */
let adminHeaders: Headers;

interface AdminApi {
	banUser(input: {
		body: { userId: string; banExpiresIn?: number };
		headers: Headers;
	}): Promise<unknown>;
	revokeUserSessions(input: { body: { userId: string }; headers: Headers }): Promise<unknown>;
	setRole(input: { body: { userId: string; role: string }; headers: Headers }): Promise<unknown>;
	adminUpdateUser(input: {
		body: { userId: string; data: Record<string, unknown> };
		headers: Headers;
	}): Promise<unknown>;
}
const admin = () => t.auth.api as unknown as AdminApi;

beforeAll(async () => {
	t = await createTestAuth(
		{},
		{
			session: { cookieCache: { enabled: true, maxAge: 300 } },
			advanced: { disableOriginCheck: false }, // Better Auth's origin check on, as in production
		},
	);
	const a = await t.signUp("admin@example.com", "Admin");
	t.db.prepare("UPDATE user SET role = 'admin' WHERE id = ?").run(a.userId);
	adminHeaders = new Headers({ cookie: a.cookie });
});
afterAll(() => t.close());

async function token(cookies: string) {
	const res = await t.fetch("/api-token", { headers: { cookie: cookies } });
	const body = (await res.json()) as { token?: string; code?: string };
	const roles =
		typeof body.token === "string"
			? decodeSegment(body.token.split(".")[1] as string).roles
			: undefined;
	return { status: res.status, code: body.code, roles };
}

/** A signed-up user whose cookies hold the session token and the cookie cache. */
async function cachedUser(email: string) {
	const user = await t.signUp(email);
	expect(user.cookies).toContain("better-auth.session_data=");
	expect((await token(user.cookies)).status).toBe(200);
	return user;
}

async function setBan(userId: string, banned: boolean, banExpires: Date | null) {
	const ctx = await t.auth.$context;
	await ctx.internalAdapter.updateUser(userId, { banned, banExpires });
}

describe("revocation with the cookie cache on", () => {
	test("after the admin plugin's banUser the next token request is 401", async () => {
		const user = await cachedUser("banned-by-admin@example.com");
		await admin().banUser({ body: { userId: user.userId }, headers: adminHeaders });
		expect(await token(user.cookies)).toMatchObject({ status: 401 });
	});

	test("after the admin plugin's revokeUserSessions the next token request is 401", async () => {
		const user = await cachedUser("revoked@example.com");
		await admin().revokeUserSessions({ body: { userId: user.userId }, headers: adminHeaders });
		expect(await token(user.cookies)).toMatchObject({ status: 401 });
	});

	test("after sign-out elsewhere (session row deleted) the next token request is 401", async () => {
		const user = await cachedUser("signed-out@example.com");
		t.db.prepare("DELETE FROM session WHERE userId = ?").run(user.userId);
		expect(await token(user.cookies)).toMatchObject({ status: 401 });
	});

	test("after the admin plugin's setRole the next token carries the new roles", async () => {
		const user = await cachedUser("promoted@example.com");
		expect((await token(user.cookies)).roles).toEqual(["user"]);
		await admin().setRole({ body: { userId: user.userId, role: "admin" }, headers: adminHeaders });
		expect(await token(user.cookies)).toMatchObject({ status: 200, roles: ["admin"] });
		await admin().setRole({ body: { userId: user.userId, role: "user" }, headers: adminHeaders });
		expect(await token(user.cookies)).toMatchObject({ status: 200, roles: ["user"] });
	});
});

describe("banned users", () => {
	test("a banned user with a live session gets 403 USER_BANNED, never a token", async () => {
		const user = await cachedUser("banned-row@example.com");
		// A ban written without revoking the sessions (a direct update, as a moderation tool or a
		// migration might do): the session row still exists.
		await setBan(user.userId, true, null);
		expect(await token(user.cookies)).toEqual({
			status: 403,
			code: "USER_BANNED",
			roles: undefined,
		});
		expect(await token(user.cookie)).toMatchObject({ status: 403, code: "USER_BANNED" });
	});

	test("after the admin plugin's adminUpdateUser sets banned, no token is issued", async () => {
		const user = await cachedUser("banned-by-update@example.com");
		await admin().adminUpdateUser({
			body: { userId: user.userId, data: { banned: true } },
			headers: adminHeaders,
		});
		// Better Auth 1.7.25 also deletes the sessions here (401); were it not to, the ban check
		// would answer 403 USER_BANNED. Either way: no token.
		const after = await token(user.cookies);
		expect([401, 403]).toContain(after.status);
		expect(after.roles).toBeUndefined();
	});

	test("a ban that expires in the future blocks too", async () => {
		const user = await cachedUser("banned-until@example.com");
		await setBan(user.userId, true, new Date(Date.now() + 3600_000));
		expect(await token(user.cookies)).toMatchObject({ status: 403, code: "USER_BANNED" });
	});

	test("an expired ban does not block", async () => {
		const user = await cachedUser("ban-expired@example.com");
		await setBan(user.userId, true, new Date(Date.now() - 1000));
		expect(await token(user.cookies)).toMatchObject({ status: 200, roles: ["user"] });
	});

	test("a lifted ban (banned false) does not block", async () => {
		const user = await cachedUser("unbanned@example.com");
		await setBan(user.userId, true, null);
		expect((await token(user.cookies)).status).toBe(403);
		await setBan(user.userId, false, null);
		expect((await token(user.cookies)).status).toBe(200);
	});

	test("banned as the admin plugin reads it: any truthy value, as when a non-boolean is stored", async () => {
		const user = await cachedUser("banned-truthy@example.com");
		t.db.prepare("UPDATE user SET banned = 'true' WHERE id = ?").run(user.userId);
		// The admin plugin itself counts this user as banned: a new sign-in is refused.
		const signIn = await t.fetch("/sign-in/email", {
			method: "POST",
			headers: { "content-type": "application/json", origin: "http://localhost:3000" },
			body: JSON.stringify({
				email: "banned-truthy@example.com",
				password: "correct horse battery staple",
			}),
		});
		expect(signIn.status).toBe(403);
		expect(await token(user.cookies)).toMatchObject({ status: 403, code: "USER_BANNED" });
	});

	test("auth.api.getApiToken refuses a banned user as well", async () => {
		const user = await cachedUser("banned-api@example.com");
		await setBan(user.userId, true, null);
		const api = t.auth.api as unknown as {
			getApiToken(input: { headers: Headers }): Promise<unknown>;
		};
		await expect(
			api.getApiToken({ headers: new Headers({ cookie: user.cookie }) }),
		).rejects.toMatchObject({
			statusCode: 403,
			body: { code: "USER_BANNED" },
		});
	});
});
