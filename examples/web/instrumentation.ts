// Runs once when the Next.js server starts: creates Better Auth (a bad BETTER_AUTH_SECRET or
// DATABASE_URL stops the server here, with one line naming the setting) and creates or migrates
// its tables, so nobody runs a migration by hand.
export async function register(): Promise<void> {
	if (process.env.NEXT_RUNTIME !== "nodejs") return;
	const { getAuth } = await import("./lib/auth");
	const { describeDatabase } = await import("./lib/database");
	try {
		const context = await getAuth().$context;
		await context.runMigrations();
		console.log(`web: Better Auth tables ready (${describeDatabase()})`);
	} catch (error) {
		console.error(`web: refusing to start: ${(error as Error).message}`);
		process.exit(1);
	}
}
