// Better Auth's rate limiter keeps its memory store per process, so this file has its own worker.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestAuth, type TestAuth } from "./helpers.js";

let t: TestAuth;
beforeAll(async () => {
	t = await createTestAuth(
		{ rateLimit: { window: 60, max: 3 } },
		{
			rateLimit: { enabled: true, storage: "memory" },
			advanced: { ipAddress: { ipAddressHeaders: ["x-client-ip"] } },
		},
	);
});
afterAll(() => t.close());

test("GET /api-token answers 429 after the configured burst, per client IP", async () => {
	const { cookie } = await t.signUp("burst@example.com");
	const statuses: number[] = [];
	for (let i = 0; i < 5; i++) {
		const res = await t.fetch("/api-token", { headers: { cookie, "x-client-ip": "203.0.113.7" } });
		statuses.push(res.status);
	}
	expect(statuses).toEqual([200, 200, 200, 429, 429]);
	// Another client is not affected.
	const other = await t.fetch("/api-token", { headers: { cookie, "x-client-ip": "203.0.113.8" } });
	expect(other.status).toBe(200);
	// get-session keeps Better Auth's general rule (100 per 10 s), not ours.
	const session = await t.fetch("/get-session", {
		headers: { cookie, "x-client-ip": "203.0.113.7" },
	});
	expect(session.status).toBe(200);
});
