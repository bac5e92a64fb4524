// Build step: copies the vector generator's case definitions (spec/tools/vectors/*.mjs, plain
// node:crypto ESM) into dist/cli/catalogue/, where `better-auth-fastapi conformance` loads them to
// rebuild the verify_v1 cases for a live back end, and spec/codes.json for `spec`. One source for the vectors and the CLI.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(pkg, "..", "..", "spec", "tools", "vectors");
const to = join(pkg, "dist", "cli", "catalogue");
mkdirSync(to, { recursive: true });
// verify.mjs and what it imports, and http.mjs (the Authorization header cases).
for (const name of ["common.mjs", "secrets.mjs", "verify-notes.mjs", "verify.mjs", "http.mjs"]) {
	copyFileSync(join(from, name), join(to, name));
}
// The codes with their descriptions, for `better-auth-fastapi spec`.
copyFileSync(join(from, "..", "..", "codes.json"), join(to, "codes.json"));
