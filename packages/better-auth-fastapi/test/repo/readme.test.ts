// The README's code blocks are run by other tests: a block marked `file=` or `run=` by the consumer
// test (test/package/consumer.test.ts, in an app outside the repository); every other TypeScript
// block is a file under test/client/examples (run against real servers by
// test/client/docs.test.ts), and every Python block is a block of docs/python.md (run by
// tests/test_docs.py in the Python package).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { codeBlocks, section } from "../package/artifacts.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const blocks = (text: string, lang: string) =>
	[...text.matchAll(new RegExp(`\`\`\`${lang}[^\\n]*\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) =>
		(m[1] as string).trimEnd(),
	);

const readme = read("README.md");
const examples = "packages/better-auth-fastapi/test/client/examples";
const published = readdirSync(join(root, examples)).map((f) =>
	read(`${examples}/${f}`)
		.replaceAll('"../../../src/client/index.js"', '"better-auth-fastapi/client"')
		.replaceAll('"../../../src/server/index.js"', '"better-auth-fastapi/server"')
		.trimEnd(),
);

test("the README shows the two set-up commands and links the contract", () => {
	expect(readme).toMatch(/^npm start\b/m);
	expect(readme).toMatch(/^npm test\b/m);
	expect(readme).toContain("](spec/contract.md)");
});

test("every TypeScript block of the README is a tested example file or a consumer-test file", () => {
	const ts = codeBlocks(readme).filter((b) => b.lang === "ts");
	expect(ts.length).toBeGreaterThanOrEqual(2);
	for (const block of ts) {
		if (block.attrs.file) continue; // written and run by the consumer test
		expect(published).toContain(block.code.trimEnd());
	}
	// The README's lib/auth.ts is also the example docs/client.md runs.
	const lib = ts.find((b) => b.attrs.file === "lib/auth.ts");
	expect(published).toContain(lib?.code.trimEnd());
});

test("'Use it in your app' runs every step: install, migration, both servers, make-admin", () => {
	const steps = codeBlocks(section(readme, "Use it in your app"));
	const runs = steps.filter((b) => b.attrs.run).map((b) => b.attrs.run);
	expect(runs).toEqual(["clone", "app", "env", "migrate", "auth", "api", "make-admin"]);
	const files = steps.filter((b) => b.attrs.file).map((b) => b.attrs.file);
	for (const f of [
		"lib/auth.ts",
		"migrate.ts",
		"server.ts",
		"app/api/auth/[...all]/route.ts",
		"make-admin.ts",
	])
		expect(files).toContain(f);
	expect(files.filter((f) => f === "main.py")).toHaveLength(2);
	// The one block not run: the install from the registries, which is the packed-file install
	// with the names in place of the files (checked here, so the two cannot drift apart).
	const registry = steps.filter((b) => b.lang === "sh" && !b.attrs.run);
	expect(registry).toHaveLength(1);
	const app = steps.find((b) => b.attrs.run === "app")?.code ?? "";
	const version = (
		JSON.parse(read("packages/better-auth-fastapi/package.json")) as { version: string }
	).version;
	expect(app).toContain(`"$CLONE/packages-dist/better-auth-fastapi-${version}.tgz"`);
	const named = app
		.replace(`"$CLONE/packages-dist/better-auth-fastapi-${version}.tgz"`, "better-auth-fastapi")
		.replace(' --find-links "$CLONE/packages-dist"', "");
	expect(registry[0]?.code).toBe(named);
});

test("the troubleshooting page is linked from the README, and the package README's block is the README's", () => {
	expect(readme).toContain("](docs/troubleshooting.md)");
	const own = codeBlocks(read("packages/better-auth-fastapi/README.md")).filter(
		(b) => b.lang === "ts",
	);
	expect(own.length).toBe(1);
	expect(published).toContain(own[0]?.code.trimEnd());
});

test("every Python block of the README is a tested block of docs/python.md", () => {
	const py = blocks(readme, "python");
	expect(py.length).toBeGreaterThanOrEqual(1);
	const documented = blocks(read("docs/python.md"), "python");
	for (const block of py) expect(documented).toContain(block);
	// Issue 3: the quick start shows a protected route in under 15 lines.
	expect((py[0] as string).split("\n").length).toBeLessThan(15);
	expect(py[0]).toMatch(/async def \w+\(user: CurrentUser\)/);
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
	heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, "")
		.replace(/\s/g, "-");

test("the troubleshooting page: every entry is in its index table, every anchor exists", () => {
	const page = read("docs/troubleshooting.md");
	const headings = [...page.matchAll(/^## (.+)$/gm)].map((m) => slug(m[1] as string));
	const anchors = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string);
	for (const anchor of anchors) expect(headings).toContain(anchor);
	for (const heading of headings) expect(anchors).toContain(heading);
	// The list: each has an entry.
	for (const code of [
		"KID_UNKNOWN",
		"ISSUER_MISMATCH",
		"AUDIENCE_MISMATCH",
		"TOKEN_EXPIRED",
		"TOKEN_ISSUED_IN_FUTURE",
		"SCHEMA_MISMATCH",
		"MISSING_OR_NULL_ORIGIN",
	])
		expect(page).toMatch(new RegExp(`^## .*\`${code}\``, "m"));
	expect(page).toMatch(/^## CORS/m);
	expect(page).toMatch(/^## Weak or missing secret/m);
});

test("every error-code table links the troubleshooting page", () => {
	for (const [doc, link] of [
		["README.md", "](docs/troubleshooting.md)"],
		["spec/contract.md", "](../docs/troubleshooting.md)"],
		["docs/client.md", "](troubleshooting.md)"],
		["docs/server.md", "](troubleshooting.md)"],
		["docs/python.md", "](troubleshooting.md)"],
	] as const)
		expect(read(doc), doc).toContain(link);
});
