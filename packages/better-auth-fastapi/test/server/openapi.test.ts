// The endpoint's OpenAPI description, as Better Auth's openAPI() plugin publishes it.
import { betterAuth } from "better-auth";
import { openAPI } from "better-auth/plugins";
import { expect, test } from "vitest";
import { apiToken } from "../../src/server/index.js";
import { BASE_URL, SECRET } from "./helpers.js";

test("GET /api-token declares 200, 401, 403 (USER_BANNED, CROSS_SITE_REQUEST) and 429", async () => {
	const auth = betterAuth({
		baseURL: BASE_URL,
		secret: SECRET,
		logger: { level: "error" },
		plugins: [openAPI(), apiToken({ secret: SECRET })],
	});
	const api = auth.api as unknown as {
		generateOpenAPISchema(): Promise<{ paths: Record<string, Record<string, unknown>> }>;
	};
	const schema = await api.generateOpenAPISchema();
	const operation = schema.paths["/api-token"]?.get as {
		responses: Record<string, { description: string }>;
	};
	expect(Object.keys(operation.responses)).toEqual(
		expect.arrayContaining(["200", "401", "403", "429"]),
	);
	expect(operation.responses["403"]?.description).toContain("USER_BANNED");
	expect(operation.responses["403"]?.description).toContain("CROSS_SITE_REQUEST");
});
