// The test PostgreSQL harness (scripts/postgres.mjs) that the browser and scale-out suites use:
// a real server starts on a free port, serves SQL, and is gone, folder and port, after stop().
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { expect, test } from "vitest";
import { postgresBinDir, startPostgres } from "../../../../scripts/postgres.mjs";

const accepts = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = connect(port, "127.0.0.1");
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});

test("the server binaries are found (Debian's postgresql package)", () => {
	expect(existsSync(`${postgresBinDir()}/pg_ctl`)).toBe(true);
});

test("a started server creates databases and answers SQL, and stop() removes it", async () => {
	const pg = await startPostgres();
	try {
		const url = await pg.createDatabase("harness_check");
		expect(url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/harness_check`);
		await pg.query("harness_check", "create table t (n int); insert into t values (41), (1)");
		expect(await pg.query("harness_check", "select sum(n) from t")).toBe("42");
		expect(await accepts(pg.port)).toBe(true);
	} finally {
		await pg.stop();
	}
	expect(await accepts(pg.port)).toBe(false);
});
