// Debian's Chromium, driven by playwright-core (which downloads no browser of its own).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launches headless Chromium, or fails naming the Debian package to install. */
export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium is not installed at ${CHROMIUM}: install Debian's package with ` +
				"`sudo apt-get install chromium` (npm test does it when run as root), or set CHROMIUM_PATH",
		);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			// Without these, Chromium keeps calling Google's hosts, which this machine refuses.
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
}
