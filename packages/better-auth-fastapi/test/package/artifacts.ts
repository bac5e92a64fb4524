/**
 * What the package tests share: the repository's paths, a child-process runner that keeps the
 * output for assertion messages (with colour off, so the npm test log stays plain), the npm
 * tarball and the Python sdist/wheel built as a user builds them, and README code blocks.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
export const PACKAGE_DIR = join(REPO, "packages", "better-auth-fastapi");
export const PYTHON_DIR = join(REPO, "python", "fastapi-better-auth");
export const VENV_PYTHON = join(REPO, ".venv", "bin", "python");
export const BIN = (name: string) => join(REPO, "node_modules", ".bin", name);

/** The environment for child processes: no colour, no update or funding notices. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", PY_COLORS: "0" };
	delete env.FORCE_COLOR; // pytest and rich read any FORCE_COLOR, even "0", as "force colour"
	return {
		...env,
		npm_config_update_notifier: "false",
		npm_config_fund: "false",
		npm_config_audit: "false",
		PIP_DISABLE_PIP_VERSION_CHECK: "1",
		...extra,
	};
}

export interface RunResult {
	status: number | null;
	output: string;
	stdout: string;
}

/** Runs a command to completion; `output` is stdout and stderr together, for messages. */
export function run(
	cmd: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): RunResult {
	const r = spawnSync(cmd, args, {
		cwd: options.cwd,
		env: options.env ?? plainEnv(),
		encoding: "utf8",
		maxBuffer: 64 * 1024 * 1024,
		timeout: options.timeoutMs ?? 600_000,
	});
	const stdout = r.stdout ?? "";
	const output = `$ ${cmd} ${args.join(" ")}\n${stdout}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
	return { status: r.status, output, stdout };
}

/** Like `run`, but throws with the whole output unless the command exits 0. */
export function runOk(...args: Parameters<typeof run>): RunResult {
	const r = run(...args);
	if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.output}`);
	return r;
}

/** `npm pack` of the package into `dest` (its prepack cleans and builds); the tarball's path. */
export function packNpm(dest: string): string {
	const r = runOk("npm", ["pack", "--json", "--pack-destination", dest], { cwd: PACKAGE_DIR });
	const json = r.stdout.slice(r.stdout.indexOf("["));
	const [{ filename }] = JSON.parse(json) as [{ filename: string }];
	return join(dest, filename);
}

/** `python -m build` of the Python distribution into `dest`: the sdist's and the wheel's paths. */
export function buildPython(dest: string): { sdist: string; wheel: string } {
	runOk(VENV_PYTHON, ["-m", "build", PYTHON_DIR, "--outdir", dest], { cwd: REPO });
	const files = readdirSync(dest);
	const find = (suffix: string) => {
		const name = files.find((f) => f.endsWith(suffix));
		if (!name) throw new Error(`python -m build made no ${suffix} in ${dest}: ${files.join(", ")}`);
		return join(dest, name);
	};
	return { sdist: find(".tar.gz"), wheel: find(".whl") };
}

/** The entries of a tar.gz, as `tar tzf` lists them. */
export function tarEntries(tarball: string): string[] {
	return runOk("tar", ["tzf", tarball], { cwd: REPO })
		.stdout.split("\n")
		.filter((line) => line !== "" && !line.endsWith("/"));
}

/** A fenced code block: its language, the `key=value` words after it, and its text as shown. */
export interface CodeBlock {
	lang: string;
	attrs: Record<string, string>;
	code: string;
}

/** The fenced code blocks of a Markdown text, in order, their text exactly as written. */
export function codeBlocks(markdown: string): CodeBlock[] {
	return [...markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
		lang: m[1] as string,
		attrs: Object.fromEntries(
			(m[2] as string)
				.trim()
				.split(/\s+/)
				.filter((w) => w.includes("="))
				.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]),
		),
		code: m[3] as string,
	}));
}

/** The text of a Markdown section, from its `## title` line to the next `## ` heading. */
export function section(markdown: string, title: string): string {
	const start = markdown.indexOf(`\n## ${title}\n`);
	if (start < 0) throw new Error(`no "## ${title}" section`);
	const end = markdown.indexOf("\n## ", start + 1);
	return markdown.slice(start, end < 0 ? undefined : end);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once("error", reject);
		s.listen(0, "127.0.0.1", () => {
			const address = s.address();
			s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
}
