// `npm start` end to end, as a user runs it: scripts/start.mjs with no BETTER_AUTH_SECRET set
// starts Better Auth (with the plugin) and the FastAPI example API; a user signs up, fetches an
// access token and calls the API with it; Ctrl-C (SIGINT) stops both and the ports close.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { signUpAndFetchToken } from "../server/helpers.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "baf-start-"));
let stack: ChildProcess;
let output = "";
let authPort = 0;
let apiPort = 0;

const freePort = () =>
	new Promise<number>((resolve, reject) => {
		const s = createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const address = s.address();
			s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});

const answers = async (url: string) => {
	try {
		await fetch(url);
		return true;
	} catch {
		return false;
	}
};

beforeAll(async () => {
	authPort = await freePort();
	apiPort = await freePort();
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(authPort),
		API_PORT: String(apiPort),
		AUTH_DB_PATH: join(dir, "auth.sqlite"),
		TODO_DB: join(dir, "todos.sqlite"),
	};
	delete env.BETTER_AUTH_SECRET;
	delete env.BETTER_AUTH_URL;
	delete env.BETTER_AUTH_AUDIENCE;
	stack = spawn(process.execPath, ["scripts/start.mjs"], {
		cwd: root,
		env,
		stdio: ["ignore", "pipe", "pipe"],
	});
	stack.stdout?.on("data", (d) => {
		output += d;
	});
	stack.stderr?.on("data", (d) => {
		output += d;
	});
	const deadline = Date.now() + 90_000;
	while (!output.includes("Press Ctrl-C to stop.")) {
		if (Date.now() > deadline || stack.exitCode !== null) {
			throw new Error(`npm start did not come up:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}, 120_000);

afterAll(() => {
	if (stack.exitCode === null) stack.kill("SIGKILL");
	rmSync(dir, { recursive: true, force: true });
});

test("npm start serves Better Auth and the API with one development secret, and stops on Ctrl-C", async () => {
	expect(output).toContain(`http://localhost:${authPort}/api/auth`);
	expect(output).toContain(`http://localhost:${apiPort}`);
	expect(output).toMatch(/development secret/);

	const origin = `http://localhost:${authPort}`;
	const { token } = await signUpAndFetchToken(origin, "start@example.com");

	const api = `http://127.0.0.1:${apiPort}`;
	const me = await fetch(`${api}/api/me`, { headers: { authorization: `Bearer ${token}` } });
	expect(me.status).toBe(200);
	expect(((await me.json()) as { email: string }).email).toBe("start@example.com");
	const anonymous = await fetch(`${api}/api/me`);
	expect(anonymous.status).toBe(401);
	expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="api"');

	const exited = new Promise<number | null>((resolve) => stack.once("exit", resolve));
	stack.kill("SIGINT");
	expect(await exited).toBe(0);
	expect(await answers(`${origin}/api/auth/ok`)).toBe(false);
	expect(await answers(`${api}/api/health`)).toBe(false);
	expect(output).not.toContain(token);
}, 60_000);
