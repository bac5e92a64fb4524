// npm test's log is plain text when nobody asked for colour: with FORCE_COLOR=0, or when its
// output is not a terminal (a CI log, a pipe). Checked with the real tools its steps run, which
// (vitest, pytest, ruff) colour on any FORCE_COLOR, even "0".
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { stepEnv } from "../../../../scripts/step-env.mjs";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const ESC = "\u001b[";
const pytest = (env: NodeJS.ProcessEnv) =>
	spawnSync(join(root, ".venv", "bin", "python"), ["-m", "pytest", "-q", "tests/test_keys.py"], {
		cwd: join(root, "python", "fastapi-better-auth"),
		env,
		encoding: "utf8",
	});
const ruff = (env: NodeJS.ProcessEnv) =>
	spawnSync(join(root, ".venv", "bin", "ruff"), ["check", "--no-cache", "bench"], {
		cwd: root,
		env,
		encoding: "utf8",
	});

describe("the steps' environment", () => {
	test("FORCE_COLOR=0 alone is not enough: pytest still colours (what stepEnv fixes)", () => {
		const r = pytest({ ...process.env, FORCE_COLOR: "0", NO_COLOR: undefined });
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toContain(ESC);
	});

	test.each([
		["FORCE_COLOR=0 on a terminal", { FORCE_COLOR: "0" }, true],
		["FORCE_COLOR=1, not a terminal", { FORCE_COLOR: "1" }, false],
		["nothing set, not a terminal", {}, false],
	])("%s: no colour escapes from pytest or ruff", (_, extra, isTTY) => {
		const parent: NodeJS.ProcessEnv = {
			...process.env,
			NO_COLOR: undefined,
			FORCE_COLOR: undefined,
			...extra,
		};
		const env = stepEnv(parent, isTTY);
		expect(env.FORCE_COLOR).toBeUndefined();
		expect(env.NO_COLOR).toBe("1");
		for (const r of [pytest(env), ruff(env)]) {
			expect(r.status, r.stderr).toBe(0);
			expect(r.stdout + r.stderr).not.toContain(ESC);
		}
	});

	test("on a terminal with nothing set, the tools choose for themselves", () => {
		const env = stepEnv({ PATH: "/usr/bin" }, true);
		expect(env).toEqual({ PATH: "/usr/bin" });
	});

	test("scripts/test.mjs gives every step this environment", () => {
		const source = readFileSync(join(root, "scripts", "test.mjs"), "utf8");
		expect(source).toContain("env: stepEnv(process.env, process.stdout.isTTY === true)");
		expect(source).not.toContain('FORCE_COLOR: "0"');
	});
});
