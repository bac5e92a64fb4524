/** A running throwaway PostgreSQL server (see postgres.mjs). */
export interface TestPostgres {
	/** The loopback TCP port it listens on. */
	port: number;
	/** Connection URL of the `postgres` database (superuser `postgres`, trust auth, 127.0.0.1). */
	url: string;
	/** Creates a database and resolves to its connection URL. */
	createDatabase(name: string): Promise<string>;
	/** Runs one SQL statement with psql; resolves to its unaligned, tuples-only output. */
	query(db: string, sql: string): Promise<string>;
	/** Stops the server and deletes its folder. */
	stop(): Promise<void>;
}
/** The folder holding initdb and pg_ctl; throws naming Debian's `postgresql` package if absent. */
export function postgresBinDir(): string;
/** Starts a fresh server on a free port in a temporary folder (as an unprivileged user if root). */
export function startPostgres(): Promise<TestPostgres>;
