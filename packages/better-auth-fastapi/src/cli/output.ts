/**
 * Running a command: the pure `run<Name>` gives a result object; this prints it (JSON with
 * `--json`, text for people otherwise) to stdout and sets the exit status: 0 all good, 1 a
 * finding, 2 bad usage or the target unreachable. Diagnostics go to stderr.
 *
 * @module
 * @internal
 */
import { ConfigurationError } from "../core/errors.js";
import { colourEnabled, type Palette, palette } from "./colour.js";
import { UnreachableError, UsageError } from "./errors.js";

/** How a command's result is shown and judged. */
export interface Presenter<T> {
	/** Text for people (the palette is the identity when colour is off). */
	text(result: T, p: Palette): string;
	/** 0 all good, 1 a finding, 2 the target unreachable. */
	exitCode(result: T): 0 | 1 | 2;
}

/** Runs `run`, prints its result, and sets `process.exitCode`. Never throws. */
export async function execute<T>(
	json: boolean | undefined,
	run: () => Promise<T>,
	presenter: Presenter<T>,
): Promise<void> {
	try {
		const result = await run();
		const out = json
			? `${JSON.stringify(result, null, 2)}\n`
			: `${presenter.text(result, palette(colourEnabled(process.stdout)))}\n`;
		await write(out);
		process.exitCode = presenter.exitCode(result);
	} catch (error) {
		const kind =
			error instanceof UnreachableError
				? "unreachable"
				: error instanceof UsageError || error instanceof ConfigurationError
					? "usage"
					: "internal";
		const message =
			kind === "internal"
				? `internal error: ${error instanceof Error ? error.message : String(error)}`
				: (error as Error).message;
		if (json) await write(`${JSON.stringify({ error: { kind, message } }, null, 2)}\n`);
		process.stderr.write(`better-auth-fastapi: ${message}\n`);
		process.exitCode = 2;
	}
}

/** Writes to stdout and waits until it is flushed (pipes are asynchronous). */
function write(text: string): Promise<void> {
	return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}
