/** The environment npm test gives its steps: colour off (NO_COLOR=1, no FORCE_COLOR) unless on a terminal. */
export function stepEnv(parent: NodeJS.ProcessEnv, isTTY: boolean): NodeJS.ProcessEnv;
