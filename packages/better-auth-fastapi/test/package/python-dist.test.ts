// The Python distribution as PyPI would get it: `python -m build` makes an sdist and a wheel;
// twine (the upload tool's own check, which renders the README as PyPI does) and
// check-wheel-contents pass; the wheel holds the package with py.typed, the license and the
// metadata a user reads on PyPI, and no tests.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
	buildPython,
	codeBlocks,
	PYTHON_DIR,
	REPO,
	run,
	runOk,
	tarEntries,
	VENV_PYTHON,
} from "./artifacts.js";

const dest = mkdtempSync(join(tmpdir(), "baf-py-build-"));
const venvBin = (name: string) => join(REPO, ".venv", "bin", name);
let dist: { sdist: string; wheel: string };
let wheelFiles: string[] = [];
let metadata = "";

/** One file of the wheel (a zip), read with Python's zipfile. */
function wheelFile(name: string): string {
	const code =
		"import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())";
	return runOk(VENV_PYTHON, ["-c", code, dist.wheel, name], { cwd: dest }).stdout;
}

beforeAll(() => {
	dist = buildPython(dest);
	const list =
		"import json, sys, zipfile; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))";
	wheelFiles = JSON.parse(runOk(VENV_PYTHON, ["-c", list, dist.wheel], { cwd: dest }).stdout);
	metadata = wheelFile("fastapi_better_auth-0.1.0.dist-info/METADATA");
}, 300_000);

afterAll(() => rmSync(dest, { recursive: true, force: true }));

const modules = readdirSync(join(PYTHON_DIR, "src", "fastapi_better_auth")).filter(
	(f) => f.endsWith(".py") || f === "py.typed",
);

describe("python -m build", () => {
	test("makes fastapi_better_auth-<version>.tar.gz and a pure py3-none-any wheel", () => {
		expect(relative(dest, dist.sdist)).toBe("fastapi_better_auth-0.1.0.tar.gz");
		expect(relative(dest, dist.wheel)).toBe("fastapi_better_auth-0.1.0-py3-none-any.whl");
	});

	test("the wheel holds every module, py.typed and the license, and no tests", () => {
		const pkg = wheelFiles.filter((f) => f.startsWith("fastapi_better_auth/"));
		expect(pkg.sort()).toEqual(modules.map((m) => `fastapi_better_auth/${m}`).sort());
		expect(wheelFiles).toContain("fastapi_better_auth-0.1.0.dist-info/licenses/LICENSE");
		expect(wheelFile("fastapi_better_auth-0.1.0.dist-info/licenses/LICENSE")).toBe(
			readFileSync(join(REPO, "LICENSE"), "utf8"),
		);
		expect(wheelFiles.filter((f) => /(^|\/)tests?\//.test(f))).toEqual([]);
	});

	test("the sdist holds the package, README, LICENSE and pyproject.toml, and no tests", () => {
		const entries = tarEntries(dist.sdist).map((e) =>
			e.replace(/^fastapi_better_auth-0\.1\.0\//, ""),
		);
		for (const f of ["README.md", "LICENSE", "pyproject.toml", "PKG-INFO"])
			expect(entries).toContain(f);
		for (const m of modules) expect(entries).toContain(`src/fastapi_better_auth/${m}`);
		expect(entries.filter((e) => e.startsWith("tests/"))).toEqual([]);
	});

	test("the metadata: MIT, Python 3.10+, classifiers, project URLs, the README as Markdown", () => {
		expect(metadata).toMatch(/^License-Expression: MIT$/m);
		expect(metadata).toMatch(/^Requires-Python: >=3\.10$/m);
		expect(metadata).toMatch(/^Classifier: Framework :: FastAPI$/m);
		expect(metadata).toMatch(/^Classifier: Typing :: Typed$/m);
		for (const label of ["Homepage", "Documentation", "Troubleshooting", "Source", "Issues"]) {
			expect(metadata).toMatch(new RegExp(`^Project-URL: ${label}, https://`, "m"));
		}
		expect(metadata).toMatch(/^Description-Content-Type: text\/markdown$/m);
		const readme = readFileSync(join(PYTHON_DIR, "README.md"), "utf8");
		expect(metadata.slice(metadata.indexOf("\n\n") + 2)).toBe(readme);
	});

	test("the README (the PyPI page): absolute links, serving, the conflicting distribution", () => {
		const readme = readFileSync(join(PYTHON_DIR, "README.md"), "utf8");
		expect(readme).not.toMatch(/\]\((?!https:\/\/)/);
		expect(readme).toMatch(/^pip install fastapi-better-auth uvicorn$/m);
		expect(readme).toMatch(/^uvicorn main:app$/m);
		expect(readme).toContain("fastapi-better-auth-bridge");
		// Its Python block is the quick start of docs/python.md, which tests/test_docs.py runs.
		const [block] = codeBlocks(readme).filter((b) => b.lang === "python");
		const documented = codeBlocks(readFileSync(join(REPO, "docs", "python.md"), "utf8"));
		expect(documented.map((b) => b.code)).toContain(block?.code);
	});
});

describe("registry checks", () => {
	test("twine check --strict passes on the sdist and the wheel", () => {
		const r = run(venvBin("twine"), ["check", "--strict", dist.sdist, dist.wheel], { cwd: dest });
		expect(r.status, r.output).toBe(0);
		expect(r.output.match(/PASSED/g)).toHaveLength(2);
	});

	test("check-wheel-contents passes", () => {
		const r = run(venvBin("check-wheel-contents"), [dist.wheel], { cwd: dest });
		expect(r.status, r.output).toBe(0);
		expect(r.output).toContain(": OK");
	});
});
