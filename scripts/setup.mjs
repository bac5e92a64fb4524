// Installs what the two commands need, idempotently: npm packages for the workspaces and a
// Python virtual environment (.venv) with the Python package installed editable.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const venvPython = join(root, ".venv", "bin", "python");

function run(cmd, args, opts = {}) {
	execFileSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
}

function newer(a, b) {
	return !existsSync(b) || statSync(a).mtimeMs > statSync(b).mtimeMs;
}

export function ensureNode() {
	const marker = join(root, "node_modules", ".install-stamp");
	if (!existsSync(join(root, "node_modules")) || newer(join(root, "package-lock.json"), marker)) {
		console.error("setup: installing npm packages (npm ci)");
		run("npm", ["ci", "--no-audit", "--no-fund"]);
		writeFileSync(marker, "");
	}
}

const PY_PROJECTS = ["python/fastapi-better-auth[dev]"];
const PY_REQUIREMENTS = ["examples/api/requirements.txt", "bench/requirements.txt"];

export function ensurePython() {
	const marker = join(root, ".venv", ".install-stamp");
	const inputs = [
		"python/fastapi-better-auth/pyproject.toml",
		...PY_REQUIREMENTS.filter((p) => existsSync(join(root, p))),
	];
	const want = inputs.map((p) => readFileSync(join(root, p), "utf8")).join("\n");
	if (existsSync(venvPython) && existsSync(marker) && readFileSync(marker, "utf8") === want) return;
	console.error("setup: creating the Python virtual environment (.venv)");
	if (!existsSync(venvPython)) run("python3", ["-m", "venv", ".venv"]);
	run(venvPython, ["-m", "pip", "install", "-q", "--upgrade", "pip"]);
	const args = ["-m", "pip", "install", "-q"];
	for (const p of PY_PROJECTS) args.push("-e", p);
	for (const r of PY_REQUIREMENTS) if (existsSync(join(root, r))) args.push("-r", r);
	run(venvPython, args);
	writeFileSync(marker, want);
}

export function ensureBuilt() {
	run("npm", ["run", "build", "-w", "better-auth-fastapi"], {
		stdio: ["ignore", "ignore", "inherit"],
	});
}

/**
 * System tools the suites use, from Debian's packages: wrk (the HTTP benchmark's smoke test),
 * Chromium (the browser suites) and the PostgreSQL server (the PostgreSQL suites). As root they are
 * installed with apt-get; otherwise the missing ones are named, and the suites that need them fail.
 */
export function ensureSystemTools() {
	const has = (cmd) => spawnSync("sh", ["-c", cmd], { stdio: "ignore" }).status === 0;
	const wanted = [
		["wrk", "command -v wrk"],
		["chromium", "test -x /usr/bin/chromium"],
		["postgresql", "command -v initdb || ls /usr/lib/postgresql/*/bin/initdb"],
	];
	const missing = wanted.filter(([, check]) => !has(check)).map(([pkg]) => pkg);
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		console.error(
			`setup: missing ${missing.join(", ")}; install with: sudo apt-get install ${missing.join(" ")}`,
		);
		return;
	}
	if (missing.includes("chromium")) missing.push("fonts-liberation");
	console.error(`setup: installing ${missing.join(", ")} with apt-get`);
	run("apt-get", ["update", "-q"]);
	run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...missing]);
}
