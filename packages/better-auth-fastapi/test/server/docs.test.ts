// docs/server.md's set-up block is test/server/examples/auth.ts (with the package's import path):
// check that they agree, then run the example on a real SQLite database.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getMigrations } from "better-auth/db/migration";
import { afterAll, expect, test, vi } from "vitest";
import { createVerifier } from "../../src/core/verify.js";
import { SECRET } from "./helpers.js";

const docs = readFileSync(
	fileURLToPath(new URL("../../../../docs/server.md", import.meta.url)),
	"utf8",
);
const example = readFileSync(new URL("./examples/auth.ts", import.meta.url), "utf8");

test("docs/server.md shows examples/auth.ts verbatim, with the package's import path", () => {
	const block = /```ts\n(\/\/ auth\.ts:[\s\S]*?)```/.exec(docs)?.[1];
	expect(block).toBeDefined();
	expect(block).toBe(
		example.replace('"../../../src/server/index.js"', '"better-auth-fastapi/server"'),
	);
});

const dir = mkdtempSync(join(tmpdir(), "baf-docs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the example issues tokens the strict verifier accepts, custom claim included", async () => {
	vi.stubEnv("AUTH_DB", join(dir, "auth.sqlite"));
	vi.stubEnv("BETTER_AUTH_SECRET", SECRET);
	vi.stubEnv("BETTER_AUTH_URL", "http://localhost:3000");
	const { auth } = await import("./examples/auth.js");
	const { runMigrations } = await getMigrations(auth.options);
	await runMigrations();

	const signUp = await auth.handler(
		new Request("http://localhost:3000/api/auth/sign-up/email", {
			method: "POST",
			headers: { "content-type": "application/json", origin: "http://localhost:3000" },
			body: JSON.stringify({ email: "docs@example.com", password: "correct horse", name: "D" }),
		}),
	);
	expect(signUp.status).toBe(200);
	const bearer = signUp.headers.get("set-auth-token") ?? "";

	const { token, tokenType, expiresAt } = await auth.api.getApiToken({
		headers: new Headers({ authorization: `Bearer ${bearer}` }),
	});
	expect(tokenType).toBe("Bearer");
	const claims = await createVerifier({
		secret: SECRET,
		issuer: "http://localhost:3000",
	}).verify(token);
	expect(claims.email).toBe("docs@example.com");
	expect(claims.plan).toBe("team");
	expect(claims.roles).toEqual(["user"]);
	expect(claims.exp - claims.iat).toBe(600);
	expect(Date.parse(expiresAt)).toBe(claims.exp * 1000);
	vi.unstubAllEnvs();
});
