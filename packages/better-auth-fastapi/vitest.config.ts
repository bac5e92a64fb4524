import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		// The packaging and consumer tests are npm test steps of their own (test/package/).
		exclude: [...configDefaults.exclude, "test/package/**"],
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
});
