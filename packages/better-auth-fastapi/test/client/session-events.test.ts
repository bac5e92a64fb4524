import { describe, expect, test } from "vitest";
import { pathOf, SESSION_CHANGING } from "../../src/client/session-events.js";

describe("SESSION_CHANGING", () => {
	test.each([
		"/api/auth/sign-out",
		"/api/auth/sign-in/email",
		"/api/auth/sign-in/social",
		"/api/auth/sign-up/email",
		"/api/auth/sign-in-username",
		"/api/auth/update-user",
		"/api/auth/delete-user",
		"/api/auth/revoke-session",
		"/api/auth/revoke-sessions",
		"/api/auth/revoke-other-sessions",
		"/api/auth/admin/impersonate-user",
		"/api/auth/admin/stop-impersonating",
		"/api/auth/multi-session/set-active",
		"/api/auth/two-factor/verify-totp",
		"/auth/sign-out/",
		"/api/auth/one-time-token/verify",
		"/api/auth/delete-anonymous-user",
		"/api/auth/email-otp/change-email",
		"/api/auth/sign-in/anonymous",
	])("%s may change the user", (path) => {
		expect(SESSION_CHANGING.test(path)).toBe(true);
	});

	test.each([
		"/api/auth/get-session",
		"/api/auth/api-token",
		"/api/auth/token",
		"/api/auth/list-sessions",
		"/api/auth/organization/create",
		"/api/auth/sign-out-extra",
	])("%s does not", (path) => {
		expect(SESSION_CHANGING.test(path)).toBe(false);
	});

	test("pathOf takes absolute and relative URLs and URL objects", () => {
		expect(pathOf("http://127.0.0.1:3000/api/auth/sign-out?x=1")).toBe("/api/auth/sign-out");
		expect(pathOf("/api/auth/sign-out")).toBe("/api/auth/sign-out");
		expect(pathOf(new URL("https://a.test/api/auth/sign-in/email"))).toBe(
			"/api/auth/sign-in/email",
		);
	});
});
