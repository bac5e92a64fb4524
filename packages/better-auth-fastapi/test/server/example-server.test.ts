// examples/auth-server (the standalone Better Auth server, `npm run auth`) as a real process on a
// loopback port: migrations, sign-up over HTTP, a token the strict verifier accepts, a clean stop
// on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createVerifier } from "../../src/core/verify.js";
import { SECRET, signUpAndFetchToken } from "./helpers.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "baf-example-"));
let server: ChildProcess;
let origin = "";
let output = "";

const freePort = () =>
	new Promise<number>((resolve, reject) => {
		const s = createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const address = s.address();
			s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});

beforeAll(async () => {
	const port = await freePort();
	origin = `http://localhost:${port}`;
	server = spawn(process.execPath, ["--import", "tsx", "examples/auth-server/server.ts"], {
		cwd: root,
		stdio: ["ignore", "pipe", "pipe"],
		env: {
			...process.env,
			TSX_TSCONFIG_PATH: join(root, "examples", "auth-server", "tsconfig.json"),
			BETTER_AUTH_SECRET: SECRET,
			BETTER_AUTH_URL: origin,
			PORT: String(port),
			AUTH_DB_PATH: join(dir, "auth.sqlite"),
		},
	});
	server.stdout?.on("data", (d) => {
		output += d;
	});
	server.stderr?.on("data", (d) => {
		output += d;
	});
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`${origin}/api/auth/ok`)).ok) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the example server did not start:\n${output}`);
});

afterAll(() => {
	if (server.exitCode === null) server.kill("SIGKILL");
	rmSync(dir, { recursive: true, force: true });
});

test("sign up, fetch a token over HTTP, verify it, stop cleanly", async () => {
	const { response: res, token } = await signUpAndFetchToken(origin, "example@example.com");
	expect(res.headers.get("cache-control")).toBe("no-store");
	const claims = await createVerifier({ secret: SECRET, issuer: origin }).verify(token);
	expect(claims.email).toBe("example@example.com");
	expect(claims.roles).toEqual(["user"]);

	// CORS for the example front end on :3001.
	const preflight = await fetch(`${origin}/api/auth/api-token`, {
		method: "OPTIONS",
		headers: { origin: "http://localhost:3001", "access-control-request-method": "GET" },
	});
	expect(preflight.status).toBe(204);
	expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:3001");
	expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");

	const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
	server.kill("SIGTERM");
	expect(await exited).toBe(0);
});
