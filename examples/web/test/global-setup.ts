// Builds the app once (skipped when the last build came from the same sources).
// @ts-expect-error: a plain .mjs module of the repository's scripts, without types
import { ensureWebBuilt } from "../../../scripts/web.mjs";

export default function setup(): void {
	(ensureWebBuilt as (options: { quiet: boolean }) => boolean)({ quiet: true });
}
