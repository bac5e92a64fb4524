// Misconfiguration stops the web app at start-up, loudly, naming the setting and never its value;
// make-admin refuses bad input with a clear message and a non-zero exit.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { freePort, REPO, SECRET, WEB_DIR } from "./stack.js";

const dir = mkdtempSync(join(tmpdir(), "baf-web-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
	const base = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !k.startsWith("BETTER_AUTH_") && k !== "DATABASE_URL",
		),
	);
	return {
		...base,
		NODE_ENV: "production",
		NEXT_TELEMETRY_DISABLED: "1",
		BETTER_AUTH_SECRET: SECRET,
		AUTH_DB_PATH: join(dir, "auth.sqlite"),
		...overrides,
	};
}

/** Runs `next start` until it exits (a hang guard stops it after 60 s); its status and output. */
async function nextStart(overrides: Record<string, string | undefined>) {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		[
			join(REPO, "node_modules", "next", "dist", "bin", "next"),
			"start",
			"-H",
			"127.0.0.1",
			"-p",
			String(port),
		],
		{ cwd: WEB_DIR, env: env({ BETTER_AUTH_URL: `http://localhost:${port}`, ...overrides }) },
	);
	let output = "";
	child.stdout.on("data", (d) => {
		output += d;
	});
	child.stderr.on("data", (d) => {
		output += d;
	});
	const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
	const status = await new Promise<number | null>((r) => child.once("exit", r));
	clearTimeout(guard);
	return { status, output };
}

test("a weak BETTER_AUTH_SECRET stops next start with one line naming it", async () => {
	const weak = "a".repeat(48);
	const { status, output } = await nextStart({ BETTER_AUTH_SECRET: weak });
	expect(status).toBe(1);
	expect(output).toMatch(/web: refusing to start: .*BETTER_AUTH_SECRET/);
	expect(output).not.toContain(weak);
});

test("a DATABASE_URL that is not PostgreSQL stops next start, naming it without its password", async () => {
	const { status, output } = await nextStart({ DATABASE_URL: "mysql://root:hunter2-pass@db/x" });
	expect(status).toBe(1);
	expect(output).toContain("web: refusing to start: DATABASE_URL must be a PostgreSQL URL");
	expect(output).not.toContain("hunter2-pass");
});

test("make-admin without an email prints its usage; with an unknown one it says so", () => {
	const script = join(WEB_DIR, "scripts", "make-admin.mjs");
	const usage = spawnSync(process.execPath, [script], { env: env({}), encoding: "utf8" });
	expect(usage.status).toBe(2);
	expect(usage.stderr).toContain("usage: npm run make-admin -- <email>");
	const missing = spawnSync(process.execPath, [script, "nobody@example.com"], {
		env: env({ AUTH_DB_PATH: join(dir, "none.sqlite") }),
		encoding: "utf8",
	});
	expect(missing.status).toBe(1);
	expect(missing.stderr).toContain("make-admin: no database at");
});
