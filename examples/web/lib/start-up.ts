// At server start: create Better Auth (a bad BETTER_AUTH_SECRET or DATABASE_URL stops the server
// here, with one line naming the setting and never its value) and create or migrate its tables,
// so nobody runs a migration by hand.
import { getAuth } from "./auth";
import { describeDatabase } from "./database";

export async function startUp(): Promise<void> {
	try {
		const context = await getAuth().$context;
		await context.runMigrations();
		console.log(`web: Better Auth tables ready (${describeDatabase()})`);
	} catch (error) {
		console.error(`web: refusing to start: ${(error as Error).message}`);
		process.exit(1);
	}
}
