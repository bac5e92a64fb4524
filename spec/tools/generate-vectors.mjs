#!/usr/bin/env node
// Generates the shared test vectors of contract v1 (spec/vectors/*.json).
//
// Plain Node ESM, node:crypto only. Deterministic: fixed secrets, a fixed "now", fixed jti values,
// so two runs give byte-identical files (test/vectors-lint.test.ts checks it). Hostile tokens are
// built by hand from raw bytes (HMAC over arbitrary header/payload bytes); nothing here uses the
// package's own signer or verifier.
//
// v1 is pinned: add cases at the END of a group list or as new groups at the end of a file, never
// renumber, never change an expected result (docs/vectors.md).
//
// Usage: node spec/tools/generate-vectors.mjs [--out DIR]   (default: spec/vectors)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildHttpErrors } from "./vectors/http.mjs";
import { buildIssue } from "./vectors/issue.mjs";
import { buildKeyDerivation } from "./vectors/key.mjs";
import { buildSecretHygiene } from "./vectors/secret.mjs";
import { buildVerify } from "./vectors/verify.mjs";
import { buildVersionedSecrets } from "./vectors/versioned.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
	let out = resolve(here, "..", "vectors");
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === "--out" && argv[i + 1] !== undefined) out = resolve(argv[++i]);
		else if (argv[i]?.startsWith("--out=")) out = resolve(argv[i].slice(6));
		else throw new Error(`unknown argument ${argv[i]}; usage: generate-vectors.mjs [--out DIR]`);
	}
	return { out };
}

function main() {
	const { out } = parseArgs(process.argv.slice(2));
	mkdirSync(out, { recursive: true });
	const files = {
		"key_derivation_v1.json": buildKeyDerivation(),
		"verify_v1.json": buildVerify(),
		"http_errors_v1.json": buildHttpErrors(),
		"issue_v1.json": buildIssue(),
		"secret_hygiene_v1.json": buildSecretHygiene(),
		"secrets_v1.json": buildVersionedSecrets(),
	};
	for (const [name, data] of Object.entries(files)) {
		writeFileSync(join(out, name), `${JSON.stringify(data, null, 2)}\n`);
		console.log(`${name}: ${data.numberOfTests} tests`);
	}
}

main();
