// `npm test`: every suite and linter, in order; prints one line per step and a summary, and exits
// non-zero if any step failed. Each step runs even if an earlier one failed, so one run shows all.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
	ensureBuilt,
	ensureNode,
	ensurePython,
	ensureSystemTools,
	root,
	venvPython,
} from "./setup.mjs";
import { stepEnv } from "./step-env.mjs";

ensureSystemTools();
ensureNode();
ensurePython();
ensureBuilt();

const bin = (name) => join(root, "node_modules", ".bin", name);
const venv = (name) => join(root, ".venv", "bin", name);
const pkg = join(root, "packages", "better-auth-fastapi");
const py = join(root, "python", "fastapi-better-auth");
/** A packaging test of test/package/ (slow, so not in the main vitest run), run in `pkg`. */
const packageTest = (file) => [
	bin("vitest"),
	"run",
	"--config",
	"test/package/vitest.config.ts",
	`test/package/${file}`,
];

/** Each step: a name, a command and its working directory. */
const steps = [
	["lint: biome", [bin("biome"), "check", "."], root],
	["types: tsc --strict (package)", [bin("tsc"), "-p", "tsconfig.json", "--noEmit"], pkg],
	[
		"types: tsc --strict (examples, bench)",
		[bin("tsc"), "-b", "examples/auth-server/tsconfig.json", "bench/client/tsconfig.json"],
		root,
	],
	["test: typescript (vitest)", [bin("vitest"), "run"], pkg],
	["lint: ruff", [venv("ruff"), "check", "."], root],
	["format: ruff", [venv("ruff"), "format", "--check", "."], root],
	["types: mypy --strict (package)", [venv("mypy")], py],
	[
		"types: mypy --strict (examples, bench)",
		[venv("mypy"), "--strict", "examples/api", "bench/python"],
		root,
	],
	["test: python package (pytest)", [venvPython, "-m", "pytest", "-q"], py],
	[
		"test: example API over HTTP (pytest)",
		[venvPython, "-m", "pytest", "-q"],
		join(root, "examples", "api"),
	],
	[
		"test: python bench smoke (pytest)",
		[venvPython, "-m", "pytest", "-q", "test_bench_smoke.py"],
		join(root, "bench", "python"),
	],
	[
		"types: tsc --strict (web example)",
		[bin("tsc"), "-p", "examples/web/tsconfig.json", "--noEmit"],
		root,
	],
	[
		"test: web example in Chromium (SQLite, PostgreSQL)",
		[bin("vitest"), "run"],
		join(root, "examples", "web"),
	],
	["package: npm tarball (npm pack, publint, attw)", packageTest("npm-tarball.test.ts"), pkg],
	[
		"package: python sdist and wheel (build, twine, check-wheel-contents)",
		packageTest("python-dist.test.ts"),
		pkg,
	],
	[
		"package: consumer app outside the repository (the README's path)",
		packageTest("consumer.test.ts"),
		pkg,
	],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, [cmd, ...args], cwd] of steps) {
	if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
	console.log(`\n=== ${name}`);
	const started = Date.now();
	const r = spawnSync(cmd, args, {
		cwd,
		stdio: "inherit",
		env: stepEnv(process.env, process.stdout.isTTY === true),
	});
	const ok = r.status === 0;
	results.push([name, ok, ((Date.now() - started) / 1000).toFixed(1)]);
}

console.log("\n=== summary");
for (const [name, ok, secs] of results) console.log(`${ok ? "ok  " : "FAIL"} ${name} (${secs}s)`);
const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
