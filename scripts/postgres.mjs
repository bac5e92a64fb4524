// A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl start` on a
// free loopback port, and a `stop()` that shuts it down and removes the folder. PostgreSQL refuses
// to run as root, so as root the server runs as the `postgres` user (Debian's package creates it)
// or, failing that, `nobody`.
//
//   import { startPostgres } from "../scripts/postgres.mjs";
//   const pg = await startPostgres();
//   const url = await pg.createDatabase("auth");   // postgres://postgres@127.0.0.1:<port>/auth
//   ...
//   await pg.stop();
//
// Without the server binaries it throws, naming the Debian package to install: a test that needs
// PostgreSQL fails loudly, it is never skipped.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SUPERUSER = "postgres";

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir() {
	const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
	if (onPath.status === 0 && onPath.stdout.trim()) {
		const initdb = onPath.stdout.trim();
		const resolved = spawnSync("readlink", ["-f", initdb], { encoding: "utf8" }).stdout.trim();
		return join(resolved || initdb, "..");
	}
	const base = "/usr/lib/postgresql";
	if (existsSync(base)) {
		const versions = readdirSync(base)
			.filter((v) => existsSync(join(base, v, "bin", "initdb")))
			.sort((a, b) => Number(b) - Number(a));
		if (versions[0] !== undefined) return join(base, versions[0], "bin");
	}
	throw new Error(
		"PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's `postgresql` package (apt-get install postgresql)",
	);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => resolve(address.port));
		});
	});
}

/** The unprivileged account to run the server as when we are root, as `{ uid, gid }`. */
function serverAccount() {
	if (process.getuid?.() !== 0) return {};
	for (const name of ["postgres", "nobody"]) {
		const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
		const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
		if (uid.status === 0 && gid.status === 0) {
			return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
		}
	}
	throw new Error("running as root and no `postgres` or `nobody` account to run PostgreSQL as");
}

/**
 * Starts a fresh PostgreSQL server. Resolves to `{ port, url, createDatabase(name), stop() }`:
 * `url` is the `postgres` database's connection URL (trust authentication on 127.0.0.1 only),
 * `createDatabase` creates a database and resolves to its URL, `stop` stops the server and deletes
 * its folder (also done on process exit if the caller forgets).
 */
export async function startPostgres() {
	const bin = postgresBinDir();
	const account = serverAccount();
	const dir = mkdtempSync(join(tmpdir(), "baf-pg-"));
	const data = join(dir, "data");
	const log = join(dir, "server.log");
	if (account.uid !== undefined) chownSync(dir, account.uid, account.gid);
	const asServer = { ...account, cwd: dir, env: { ...process.env, LC_ALL: "C" } };
	const runServerTool = (tool, args) => {
		const r = spawnSync(join(bin, tool), args, { ...asServer, encoding: "utf8" });
		if (r.status !== 0) {
			const logText = existsSync(log) ? readFileSync(log, "utf8") : "";
			throw new Error(`${tool} failed (${r.status}): ${r.stderr}${r.stdout}${logText}`);
		}
	};
	runServerTool("initdb", [
		"-D",
		data,
		"-U",
		SUPERUSER,
		"--auth=trust",
		"-E",
		"UTF8",
		"--no-instructions",
	]);
	const port = await freePort();
	const serverOptions = [
		`-p ${port}`,
		"-h 127.0.0.1",
		`-k ${dir}`,
		"-c fsync=off",
		"-c synchronous_commit=off",
		"-c full_page_writes=off",
	].join(" ");
	runServerTool("pg_ctl", ["-D", data, "-l", log, "-o", serverOptions, "-w", "-t", "60", "start"]);

	let stopped = false;
	const stopNow = () => {
		if (stopped) return;
		stopped = true;
		spawnSync(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], asServer);
		rmSync(dir, { recursive: true, force: true });
	};
	process.once("exit", stopNow);
	const url = (db) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${db}`;
	return {
		port,
		url: url("postgres"),
		async createDatabase(name) {
			execFileSync(join(bin, "createdb"), [
				"-h",
				"127.0.0.1",
				"-p",
				String(port),
				"-U",
				SUPERUSER,
				name,
			]);
			return url(name);
		},
		/** Runs one SQL statement with psql and returns its unaligned, tuples-only output. */
		async query(db, sql) {
			return await new Promise((resolve, reject) => {
				const child = spawn(
					join(bin, "psql"),
					[
						"-h",
						"127.0.0.1",
						"-p",
						String(port),
						"-U",
						SUPERUSER,
						"-d",
						db,
						"-tA",
						"-v",
						"ON_ERROR_STOP=1",
						"-c",
						sql,
					],
					{ stdio: ["ignore", "pipe", "pipe"] },
				);
				let out = "";
				let err = "";
				child.stdout.on("data", (d) => {
					out += d;
				});
				child.stderr.on("data", (d) => {
					err += d;
				});
				child.on("error", reject);
				child.on("close", (code) =>
					code === 0 ? resolve(out.trim()) : reject(new Error(`psql failed: ${err}`)),
				);
			});
		},
		async stop() {
			stopNow();
			process.removeListener("exit", stopNow);
		},
	};
}
