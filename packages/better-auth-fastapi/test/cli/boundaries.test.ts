// The CLI is the top floor (DESIGN.md): nothing in src/core, src/server or src/client imports
// src/cli, and the CLI reaches the vector generator only through the build's copy in dist/.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const sources = (dir: string): string[] =>
	readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? sources(join(dir, e.name))
			: e.name.endsWith(".ts")
				? [join(dir, e.name)]
				: [],
	);
const specifiers = (file: string) =>
	[
		...readFileSync(join(SRC, file), "utf8").matchAll(
			/^(?:import|export)\s[^;]*?["']([^"']+)["']/gm,
		),
	].map((m) => m[1] as string);

test.each(["core", "server", "client"])("nothing in src/%s imports src/cli", (dir) => {
	const files = sources(dir);
	expect(files.length).toBeGreaterThan(3);
	for (const file of files) {
		for (const s of specifiers(file)) expect(s, `${file} imports ${s}`).not.toMatch(/(^|\/)cli\//);
	}
});

test("the CLI imports no file outside src/ (the catalogue is loaded from dist/cli/catalogue at run time)", () => {
	for (const file of sources("cli")) {
		for (const s of specifiers(file)) {
			if (!s.startsWith(".")) continue;
			const depth = file.split("/").length - 1;
			const ups = s.split("/").filter((p) => p === "..").length;
			expect(ups, `${file} imports ${s}`).toBeLessThanOrEqual(depth);
		}
	}
});
