/**
 * A progress line on stderr for work that runs longer than a second: shown only on a TTY (and
 * never with `--json`), rewritten in place, erased when the work ends.
 *
 * @module
 * @internal
 */

/** Reports progress; `done()` erases the line. */
export interface Progress {
	update(text: string): void;
	done(): void;
}

const FRAMES = ["|", "/", "-", "\\"];

/** A progress indicator that appears after `delayMs` if the work is still running. */
export function startProgress(enabled: boolean, delayMs = 1000): Progress {
	const stream = process.stderr;
	if (!enabled || stream.isTTY !== true) return { update() {}, done() {} };
	let text = "";
	let frame = 0;
	let shown = false;
	const draw = () => {
		shown = true;
		frame = (frame + 1) % FRAMES.length;
		stream.write(`\r\u001b[2K${FRAMES[frame]} ${text}`);
	};
	let timer: NodeJS.Timeout | undefined;
	const start = setTimeout(() => {
		draw();
		timer = setInterval(draw, 100);
		timer.unref();
	}, delayMs);
	start.unref();
	return {
		update(t) {
			text = t;
		},
		done() {
			clearTimeout(start);
			if (timer) clearInterval(timer);
			if (shown) stream.write("\r\u001b[2K");
		},
	};
}
