// Loads the shared vector files (spec/vectors/*.json) for vectors.test.ts and vectors-lint.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const specDir = fileURLToPath(new URL("../../../spec/", import.meta.url));
export const vectorsDir = `${specDir}vectors/`;

export interface VectorTest {
	tcId: number;
	comment: string;
	flags: string[];
	[field: string]: unknown;
}

export interface VectorGroup {
	type: string;
	tests: VectorTest[];
	[field: string]: unknown;
}

export interface VectorFile<G extends VectorGroup = VectorGroup> {
	schema: string;
	header: string[];
	notes: Record<string, { description: string; links?: string[] }>;
	numberOfTests: number;
	testGroups: G[];
}

/** The vector file names, e.g. "verify_v1.json". */
export const vectorFileNames = (): string[] =>
	readdirSync(vectorsDir)
		.filter((f) => f.endsWith(".json"))
		.sort();

export function loadVectors<G extends VectorGroup = VectorGroup>(name: string): VectorFile<G> {
	return JSON.parse(readFileSync(vectorsDir + name, "utf8"));
}

/** One row per test, for test.each: [name, group, test]. */
export function cases<G extends VectorGroup>(name: string): [string, G, G["tests"][number]][] {
	const file = loadVectors<G>(name);
	const stem = name.replace(/\.json$/, "");
	return file.testGroups.flatMap((g) =>
		g.tests.map((t): [string, G, G["tests"][number]] => [`${stem} #${t.tcId} ${t.comment}`, g, t]),
	);
}
