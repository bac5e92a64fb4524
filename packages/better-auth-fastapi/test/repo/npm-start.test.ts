// `npm start` end to end, as a user runs it: scripts/start.mjs with no BETTER_AUTH_SECRET set
// builds and starts the Next.js web app (Better Auth inside it) and the FastAPI example API; a user
// signs up at the web app, fetches an access token and calls the API with it; `npm run
// make-admin` gives them the admin role; Ctrl-C, sent to the whole process group as a terminal
// does, stops both cleanly (no traceback) and the ports close.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
let webPort = 0;
let apiPort = 0;
let env: NodeJS.ProcessEnv = {};

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
	webPort = await freePort();
	apiPort = await freePort();
	env = {
		...process.env,
		PORT: String(webPort),
		API_PORT: String(apiPort),
		AUTH_DB_PATH: join(dir, "auth.sqlite"),
		TODO_DB: join(dir, "todos.sqlite"),
		NODE_ENV: "production",
	};
	for (const name of ["BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "BETTER_AUTH_AUDIENCE"]) {
		delete env[name];
	}
	delete env.DATABASE_URL;
	delete env.WEB_ORIGIN;
	delete env.API_URL;
	// Its own process group, so that the test can send SIGINT to the group, as Ctrl-C does.
	stack = spawn(process.execPath, ["scripts/start.mjs"], {
		cwd: root,
		env,
		stdio: ["ignore", "pipe", "pipe"],
		detached: true,
	});
	stack.stdout?.on("data", (d) => {
		output += d;
	});
	stack.stderr?.on("data", (d) => {
		output += d;
	});
	// The first run builds the web app (next build), which takes a while on a loaded machine.
	const deadline = Date.now() + 240_000;
	while (!output.includes("Press Ctrl-C to stop.")) {
		if (Date.now() > deadline || stack.exitCode !== null) {
			throw new Error(`npm start did not come up:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}, 300_000);

afterAll(async () => {
	// After a failure: SIGTERM lets start.mjs stop its children (each in its own process group,
	// so a SIGKILL to this group would orphan them); SIGKILL only if it does not exit.
	if (stack.exitCode === null && stack.pid !== undefined) {
		const exited = new Promise((r) => stack.once("exit", r));
		stack.kill("SIGTERM");
		const timer = setTimeout(() => process.kill(-(stack.pid as number), "SIGKILL"), 15_000);
		await exited;
		clearTimeout(timer);
	}
	rmSync(dir, { recursive: true, force: true });
});

test("npm start serves the web app (Better Auth inside) and the API with one development secret; make-admin works; Ctrl-C stops both cleanly", async () => {
	const web = `http://localhost:${webPort}`;
	const api = `http://localhost:${apiPort}`;
	expect(output).toContain(`Web app:      ${web}  (sign up at ${web}/sign-up`);
	expect(output).toContain(`FastAPI API:  ${api}  (docs: ${api}/docs)`);
	expect(output).toContain("npm run make-admin -- ");
	expect(output).toMatch(/development secret/);
	// The README's Quick start shows this banner, for the default ports.
	const readme = readFileSync(join(root, "README.md"), "utf8");
	const banner = /## Quick start[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
	expect(banner).toContain("Press Ctrl-C to stop.");
	for (const line of banner.trimEnd().split("\n")) {
		expect(output).toContain(
			line
				.replaceAll("localhost:3000", `localhost:${webPort}`)
				.replaceAll(":8000", `:${apiPort}`)
				.replace("examples/web/.dev/auth.sqlite", join(dir, "auth.sqlite")),
		);
	}

	const page = await fetch(`${web}/sign-up`);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain("<h1>Sign up</h1>");

	const { cookie, token } = await signUpAndFetchToken(web, "start@example.com");
	const me = await fetch(`${api}/api/me`, { headers: { authorization: `Bearer ${token}` } });
	expect(me.status).toBe(200);
	expect(((await me.json()) as { email: string }).email).toBe("start@example.com");
	const anonymous = await fetch(`${api}/api/me`);
	expect(anonymous.status).toBe(401);
	expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="api"');
	// The API's CORS names the web app's real origin.
	const preflight = await fetch(`${api}/api/todos`, {
		method: "OPTIONS",
		headers: {
			origin: web,
			"access-control-request-method": "GET",
			"access-control-request-headers": "authorization",
		},
	});
	expect(preflight.status).toBe(200);
	expect(preflight.headers.get("access-control-allow-origin")).toBe(web);
	const forbidden = await fetch(`${api}/api/admin`, {
		headers: { authorization: `Bearer ${token}` },
	});
	expect(forbidden.status).toBe(403);

	// The documented command, as the banner prints it.
	const made = spawnSync("npm", ["run", "--silent", "make-admin", "--", "start@example.com"], {
		cwd: root,
		env,
		encoding: "utf8",
	});
	expect(made.stderr).toBe("");
	expect(made.status).toBe(0);
	expect(made.stdout).toContain("start@example.com is now an admin");
	const again = await fetch(`${web}/api/auth/api-token`, { headers: { cookie } });
	const { token: adminToken } = (await again.json()) as { token: string };
	const allowed = await fetch(`${api}/api/admin`, {
		headers: { authorization: `Bearer ${adminToken}` },
	});
	expect(allowed.status).toBe(200);

	const exited = new Promise<number | null>((resolve) => stack.once("exit", resolve));
	process.kill(-(stack.pid as number), "SIGINT");
	expect(await exited).toBe(0);
	expect(await answers(`${web}/sign-in`)).toBe(false);
	expect(await answers(`${api}/api/health`)).toBe(false);
	expect(output).not.toContain("Traceback");
	expect(output).not.toContain("KeyboardInterrupt");
	expect(output).not.toContain(token);
}, 60_000);
