// The environment npm test gives its steps. Colour only for a person at a terminal who has not
// turned it off: vitest, pytest and ruff all read any FORCE_COLOR, even "0", as "force colour",
// so "off" means no FORCE_COLOR and NO_COLOR=1, which every one of them honours.

/**
 * @param {NodeJS.ProcessEnv} parent the environment npm test was started with
 * @param {boolean} isTTY whether npm test's stdout is a terminal
 * @returns {NodeJS.ProcessEnv}
 */
export function stepEnv(parent, isTTY) {
	const env = { ...parent };
	const colour = isTTY && !("NO_COLOR" in env) && env.FORCE_COLOR !== "0";
	if (colour) return env;
	delete env.FORCE_COLOR;
	return { ...env, NO_COLOR: "1" };
}
