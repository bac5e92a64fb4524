// The example web app (examples/web): `next build` when its sources, or the better-auth-fastapi
// package it bundles, changed since the last build. Used by `npm start` and the browser tests.
// One build serves every configuration: the app reads its environment at run time.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const webDir = join(root, "examples", "web");
export const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");

// What `next build` does not read: tests, scripts, docs, local data and outputs.
const SKIP = new Set([
	"node_modules",
	".next",
	".dev",
	"screenshots",
	"test",
	"scripts",
	"README.md",
	"vitest.config.ts",
	"next-env.d.ts",
]);

function* files(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(entry.name)) continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* files(path);
		else yield path;
	}
}

/** A hash of everything the build reads: the app's files and the package's built output. */
function sourceHash() {
	const hash = createHash("sha256");
	const dist = join(root, "packages", "better-auth-fastapi", "dist");
	const all = [...files(webDir), ...(existsSync(dist) ? files(dist) : [])].sort();
	for (const path of all) {
		hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
	}
	return hash.digest("hex");
}

/** Builds the web app unless the last build was made from the same sources. */
export function ensureWebBuilt({ quiet = false } = {}) {
	const stamp = join(webDir, ".next", "source-hash");
	const want = sourceHash();
	const built = existsSync(join(webDir, ".next", "BUILD_ID")) && existsSync(stamp);
	if (built && statSync(stamp).isFile() && readFileSync(stamp, "utf8") === want) return false;
	console.error("web: building the Next.js app (next build)");
	execFileSync(process.execPath, [nextBin, "build"], {
		cwd: webDir,
		stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
		env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
	});
	writeFileSync(stamp, want);
	return true;
}
