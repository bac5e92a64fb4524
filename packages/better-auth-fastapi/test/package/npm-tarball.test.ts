// The npm tarball is the product: `npm pack` (whose prepack cleans dist/ and builds it) gives
// exactly what a user needs, and the registry's own linters, publint and arethetypeswrong, pass
// on the packed file. A stray file left in dist/ beforehand must not reach the tarball.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, PACKAGE_DIR, packNpm, REPO, run, tarEntries } from "./artifacts.js";

const dest = mkdtempSync(join(tmpdir(), "baf-npm-pack-"));
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as {
	name: string;
	version: string;
	exports: Record<string, { types: string; default: string }>;
	bin?: string | Record<string, string>;
	engines: { node: string };
	peerDependencies: Record<string, string>;
};
let tarball = "";
let entries: string[] = [];

/** Every file under a folder, as paths relative to it. */
function walk(dir: string, base = dir): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory() ? walk(join(dir, d.name), base) : [relative(base, join(dir, d.name))],
	);
}

beforeAll(() => {
	// What a previous build or `tsc -b` of the examples may leave behind.
	mkdirSync(join(PACKAGE_DIR, "dist", "examples"), { recursive: true });
	writeFileSync(join(PACKAGE_DIR, "dist", "examples", "stray.js"), "export {};\n");
	writeFileSync(join(PACKAGE_DIR, "dist", "stray.tsbuildinfo"), "{}\n");
	tarball = packNpm(dest);
	entries = tarEntries(tarball).map((e) => e.replace(/^package\//, ""));
}, 300_000);

afterAll(() => rmSync(dest, { recursive: true, force: true }));

/** The bin entries' files (a committed shim that loads dist/cli/index.js). */
const binFiles = Object.values((manifest as { bin?: Record<string, string> }).bin ?? {}).map((f) =>
	f.replace(/^\.\//, ""),
);
/** What scripts/copy-catalogue.mjs copies into dist/cli/catalogue/, exactly. */
const CATALOGUE = [
	"codes.json",
	"common.mjs",
	"http.mjs",
	"secrets.mjs",
	"verify-notes.mjs",
	"verify.mjs",
].map((f) => `dist/cli/catalogue/${f}`);

describe("npm pack", () => {
	test("names the tarball after the package and its version", () => {
		expect(relative(dest, tarball)).toBe(`${manifest.name}-${manifest.version}.tgz`);
	});

	test("ships package.json, README.md, LICENSE, the bin shim and dist/, nothing else", () => {
		const shipped = ["package.json", "README.md", "LICENSE", ...binFiles];
		const others = entries.filter(
			(e) => !shipped.includes(e) && !/^dist\/.+\.(js|d\.ts)$/.test(e) && !CATALOGUE.includes(e),
		);
		expect(others).toEqual([]);
		for (const e of ["package.json", "README.md", "LICENSE"]) expect(entries).toContain(e);
		expect(
			entries.filter((e) => /\.(map|tsbuildinfo)$|(^|\/)(test|examples|bench)\//.test(e)),
		).toEqual([]);
	});

	test("dist/ is exactly the build of src/: one .js and one .d.ts per module, no stale file", () => {
		const modules = walk(join(PACKAGE_DIR, "src"))
			.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
			.map((f) => f.replace(/\.ts$/, ""));
		// Plus the CLI's conformance catalogue, copied from spec/ by scripts/copy-catalogue.mjs.
		const expected = [
			...modules.flatMap((m) => [`dist/${m}.js`, `dist/${m}.d.ts`]),
			...CATALOGUE,
		].sort();
		expect(entries.filter((e) => e.startsWith("dist/")).sort()).toEqual(expected);
	});

	test("every export (and bin) points at a shipped file, with types beside the JS", () => {
		const targets = Object.values(manifest.exports).flatMap((t) => [t.types, t.default]);
		if (typeof manifest.bin === "string") targets.push(manifest.bin);
		else if (manifest.bin) targets.push(...Object.values(manifest.bin));
		expect(targets.length).toBeGreaterThanOrEqual(10);
		for (const target of targets) expect(entries).toContain(target.replace(/^\.\//, ""));
	});

	test("the README is the package's own page, with its install line; LICENSE is the repository's", () => {
		const readme = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8");
		expect(readme).toMatch(/^npm install better-auth-fastapi better-auth$/m);
		expect(readme).toContain("/docs/troubleshooting.md");
		expect(readFileSync(join(PACKAGE_DIR, "LICENSE"), "utf8")).toBe(
			readFileSync(join(REPO, "LICENSE"), "utf8"),
		);
		expect(readme).not.toMatch(/\]\((?!https:\/\/|#)/); // no relative link: npm cannot follow one
	});

	test("engines and peers claim what is tested: Node 20, better-auth from the tested version, React 18 and 19", () => {
		const major = Number(process.versions.node.split(".")[0]);
		expect(manifest.engines.node).toBe(">=20");
		expect(major).toBeGreaterThanOrEqual(20);
		const betterAuth = JSON.parse(
			readFileSync(join(REPO, "node_modules", "better-auth", "package.json"), "utf8"),
		) as { version: string };
		// The lower bound is the version the suites run; the consumer test installs the latest 1.x.
		expect(manifest.peerDependencies["better-auth"]).toBe(`^${betterAuth.version}`);
		// React 19 in the repository's suites, React 18 in the consumer test.
		expect(manifest.peerDependencies.react).toBe("^18.0.0 || ^19.0.0");
	});
});

describe("registry linters on the packed file", () => {
	test("publint --strict: no error, warning or suggestion", () => {
		const r = run(BIN("publint"), ["run", tarball, "--strict"], { cwd: dest });
		expect(r.status, r.output).toBe(0);
		expect(r.output).toContain("All good!");
	});

	test("arethetypeswrong (ESM-only profile): every export resolves to types for Node ESM and bundlers", () => {
		// The package is ESM only, like better-auth: CommonJS require() is out of scope by design.
		const r = run(BIN("attw"), [tarball, "--profile", "esm-only", "--format", "json"], {
			cwd: dest,
		});
		expect(r.status, r.output).toBe(0);
		type Resolution = { resolution?: { fileName: string } };
		const { analysis } = JSON.parse(r.stdout) as {
			analysis: {
				problems: { kind: string; entrypoint: string; resolutionKind: string }[];
				entrypoints: Record<string, { resolutions: Record<string, Resolution> }>;
			};
		};
		const ignored = ["node10", "node16-cjs"];
		expect(analysis.problems.filter((p) => !ignored.includes(p.resolutionKind))).toEqual([]);
		expect(Object.keys(analysis.entrypoints).sort()).toEqual(Object.keys(manifest.exports).sort());
		for (const [name, entry] of Object.entries(analysis.entrypoints)) {
			for (const kind of ["node16-esm", "bundler"]) {
				expect(entry.resolutions[kind]?.resolution?.fileName, `${name} (${kind})`).toMatch(
					/\.d\.ts$/,
				);
			}
		}
	});
});
