// The README's code blocks are copies of examples that other tests run: the TypeScript blocks are
// files under test/client/examples (run against real servers by test/client/docs.test.ts), the
// Python block is a block of docs/python.md (run by tests/test_docs.py in the Python package).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

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

test("every TypeScript block of the README is a tested example file", () => {
	const ts = blocks(readme, "ts");
	expect(ts.length).toBeGreaterThanOrEqual(2);
	for (const block of ts) expect(published).toContain(block);
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
