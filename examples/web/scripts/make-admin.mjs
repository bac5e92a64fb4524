// `npm run make-admin -- <email>`: gives a user of the web app the admin role (Better Auth's admin
// plugin keeps it in the user's `role` column), on the database the app uses: PostgreSQL when
// DATABASE_URL is set, else the SQLite file AUTH_DB_PATH (default examples/web/.dev/auth.sqlite).
// The user's next access token carries it: sign in again, or reload a page (tokens live in memory).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const email = process.argv[2];
if (!email || process.argv.length > 3 || email.startsWith("-")) {
	console.error("usage: npm run make-admin -- <email>");
	process.exit(2);
}

const app = fileURLToPath(new URL("..", import.meta.url));
const sql = 'UPDATE "user" SET role = $1 WHERE lower(email) = lower($2)';

async function onPostgres(url) {
	const { default: pg } = await import("pg");
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query(sql, ["admin", email])).rowCount ?? 0;
	} finally {
		await client.end();
	}
}

async function onSqlite(path) {
	if (!existsSync(path)) {
		throw new Error(`no database at ${path}: start the app (npm start) and sign up first`);
	}
	const { default: Database } = await import("better-sqlite3");
	const db = new Database(path, { fileMustExist: true });
	try {
		return db.prepare(sql.replace("$1", "?").replace("$2", "?")).run("admin", email).changes;
	} finally {
		db.close();
	}
}

try {
	const url = process.env.DATABASE_URL;
	const path = resolve(app, process.env.AUTH_DB_PATH ?? ".dev/auth.sqlite");
	const changed = url ? await onPostgres(url) : await onSqlite(path);
	if (changed === 0) {
		console.error(`make-admin: no user with the email ${email}; sign up first`);
		process.exit(1);
	}
	console.log(
		`make-admin: ${email} is now an admin; their next access token carries the role (reload the page)`,
	);
} catch (error) {
	console.error(`make-admin: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
