import type { NextConfig } from "next";

const config: NextConfig = {
	// Keeps Next's corner badge out of the screenshots the tests take.
	devIndicators: false,
	// `npm test` type-checks the app with its own `tsc --strict` step; a second check inside every
	// build would only cost time.
	typescript: { ignoreBuildErrors: true },
	poweredByHeader: false,
};

export default config;
