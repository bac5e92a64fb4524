/**
 * Terminal colour: only when the stream is a TTY and `NO_COLOR` is unset or empty
 * (https://no-color.org), never in `--json` output.
 *
 * @module
 * @internal
 */

/** Whether colour may be written to a stream. */
export function colourEnabled(stream: { isTTY?: boolean | undefined }): boolean {
	const noColor = process.env.NO_COLOR;
	return stream.isTTY === true && (noColor === undefined || noColor === "");
}

/** ANSI styles, or the identity when colour is off. */
export function palette(enabled: boolean) {
	const wrap = (open: number, close: number) => (s: string) =>
		enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s;
	return {
		bold: wrap(1, 22),
		dim: wrap(2, 22),
		red: wrap(31, 39),
		green: wrap(32, 39),
		yellow: wrap(33, 39),
		cyan: wrap(36, 39),
	};
}

/** The palette of one stream. */
export type Palette = ReturnType<typeof palette>;
