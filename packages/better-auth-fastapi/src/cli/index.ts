#!/usr/bin/env node
/**
 * The `better-auth-fastapi` command: commander wiring only. Each command lives in
 * `commands/<name>.ts` with a pure `run<Name>(options)`; exit status 0 all good, 1 a finding,
 * 2 bad usage or the target unreachable.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { conformanceCommand } from "./commands/conformance.js";
import { doctorCommand } from "./commands/doctor.js";
import { inspectCommand } from "./commands/inspect.js";
import { secretCommand } from "./commands/secret.js";
import { specCommand } from "./commands/spec.js";
import { tokenCommand } from "./commands/token.js";

/** The package's version, from its package.json (dist/cli/index.js is two levels down). */
function version(): string {
	const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
		version: string;
	};
	return pkg.version;
}

const program = new Command("better-auth-fastapi")
	.description(
		"Tools for the better-auth-fastapi contract v1: print it for your configuration, inspect tokens, check a deployment, audit a back end.",
	)
	.version(version())
	.showHelpAfterError();

for (const command of [
	specCommand,
	inspectCommand,
	doctorCommand,
	conformanceCommand,
	secretCommand,
	tokenCommand,
])
	program.addCommand(command);

// Usage errors exit 2 (commander's default is 1, which means "a finding" here).
for (const command of [program, ...program.commands]) command.exitOverride();

try {
	await program.parseAsync(process.argv);
} catch (error) {
	if (error instanceof CommanderError) {
		const ok =
			error.code === "commander.helpDisplayed" ||
			error.code === "commander.version" ||
			error.code === "commander.help";
		process.exitCode = ok ? 0 : 2;
	} else {
		process.stderr.write(`better-auth-fastapi: internal error: ${String(error)}\n`);
		process.exitCode = 2;
	}
}
