/** Runs the BUILT bin, as a user would: `node dist/cli/index.js <args>`. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI, cleanEnv, DIST } from "./servers.js";

/** The exit code, stdout and stderr of one run. */
export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the CLI with `args` and the given environment (no BETTER_AUTH_* of the caller's). */
export function runCli(
	args: string[],
	env: Record<string, string> = {},
	stdin?: string,
): Promise<CliRun> {
	if (!existsSync(DIST)) {
		throw new Error(`${DIST} is missing: run \`npm run build -w better-auth-fastapi\``);
	}
	return new Promise((resolve) => {
		const child = execFile(
			process.execPath,
			[CLI, ...args],
			{ env: cleanEnv({ NO_COLOR: "", ...env }), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
			(error, stdout, stderr) => {
				const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
				resolve({ code, stdout, stderr });
			},
		);
		if (stdin !== undefined) child.stdin?.end(stdin);
		else child.stdin?.end();
	});
}

/** Runs with `--json` and parses stdout. */
export async function runJson<T>(
	args: string[],
	env: Record<string, string> = {},
	stdin?: string,
): Promise<{ code: number; json: T; stderr: string }> {
	const r = await runCli([...args, "--json"], env, stdin);
	try {
		return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
	} catch {
		throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	}
}
