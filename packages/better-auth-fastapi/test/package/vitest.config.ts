// The package tests (npm test runs each file as its own step): slow, one file at a time, and not
// part of the main vitest run (see ../../vitest.config.ts).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
	root: fileURLToPath(new URL("../..", import.meta.url)),
	test: {
		include: ["test/package/**/*.test.ts"],
		testTimeout: 300_000,
		hookTimeout: 600_000,
		fileParallelism: false,
	},
});
