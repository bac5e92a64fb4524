// Where Better Auth keeps its tables: PostgreSQL when DATABASE_URL is set, else a SQLite file
// (AUTH_DB_PATH, default .dev/auth.sqlite under this app's folder; .dev/ is git-ignored).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Pool } from "pg";

/** The default SQLite file, relative to the app's folder (the working directory of `next`). */
export const DEFAULT_SQLITE_PATH = ".dev/auth.sqlite";

/** What the banner and the logs may say about the database: never the password. */
export function describeDatabase(env: NodeJS.ProcessEnv = process.env): string {
	const url = env.DATABASE_URL;
	if (url) {
		const { hostname, port, pathname } = new URL(url);
		return `PostgreSQL ${hostname}:${port || "5432"}${pathname}`;
	}
	return `SQLite ${resolve(/* turbopackIgnore: true */ env.AUTH_DB_PATH ?? DEFAULT_SQLITE_PATH)}`;
}

/** A `database` for betterAuth(): a pg Pool or a better-sqlite3 database. */
export function openDatabase(env: NodeJS.ProcessEnv = process.env): Pool | Database.Database {
	const url = env.DATABASE_URL;
	if (url) {
		let protocol = "";
		try {
			protocol = new URL(url).protocol;
		} catch {}
		if (protocol !== "postgres:" && protocol !== "postgresql:") {
			throw new Error(
				"DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database)",
			);
		}
		return new Pool({ connectionString: url, max: 5 });
	}
	const path = resolve(/* turbopackIgnore: true */ env.AUTH_DB_PATH ?? DEFAULT_SQLITE_PATH);
	mkdirSync(dirname(path), { recursive: true });
	return new Database(path);
}
