// Runs once when the Next.js server starts. Better Auth needs Node.js (its databases are Node
// modules), so the work is in a module loaded only in the Node.js runtime.
export async function register(): Promise<void> {
	if (process.env.NEXT_RUNTIME === "nodejs") {
		const { startUp } = await import("./lib/start-up");
		await startUp();
	}
}
