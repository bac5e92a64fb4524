// The bin must work as node_modules/.bin/better-auth-fastapi right after `npm ci` on a fresh
// clone (checked by hand: see docs/cli.md). What that needs, checked here: npm ci links
// workspace bins from the lockfile, so the lockfile names the bin; the bin is a committed file
// (it exists before `prepare` builds dist/); `prepare` builds.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./run-cli.js";
import { REPO } from "./servers.js";

const pkgDir = join(REPO, "packages", "better-auth-fastapi");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
	version: string;
	bin: Record<string, string>;
	scripts: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
	packages: Record<string, { bin?: Record<string, string> }>;
};

test("package.json, the lockfile and the file agree on the bin", () => {
	expect(pkg.bin).toEqual({ "better-auth-fastapi": "./bin/better-auth-fastapi.js" });
	expect(lock.packages["packages/better-auth-fastapi"]?.bin).toEqual({
		"better-auth-fastapi": "bin/better-auth-fastapi.js",
	});
	const file = join(pkgDir, "bin", "better-auth-fastapi.js");
	expect(readFileSync(file, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
	expect(statSync(file).mode & 0o111).not.toBe(0);
});

test("prepare builds the package, so dist/cli exists after npm ci", () => {
	expect(pkg.scripts.prepare).toBe("npm run build");
	expect(pkg.scripts.build).toContain("node scripts/copy-catalogue.mjs");
});

test("the bin runs and prints its version", async () => {
	const r = await runCli(["--version"]);
	expect(r.code).toBe(0);
	expect(r.stdout.trim()).toBe(pkg.version);
});
