import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		// One `next build` for every suite; the suites then run one after the other, since each
		// starts its own servers and a Chromium (two cores are shared with the rest of npm test).
		globalSetup: ["test/global-setup.ts"],
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 120_000,
	},
});
