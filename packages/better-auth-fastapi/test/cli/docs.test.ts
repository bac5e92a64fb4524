// docs/cli.md's sessions, run: every `$ command` of every console block, against real servers
// where the command needs them (the example auth server and API, one API with another secret,
// the naive verifier). The docs' origins are replaced by the servers' free ports. Each line shown
// under a command must appear in its output, in order; `...` inside a line matches anything.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CliRun, runCli } from "./run-cli.js";
import {
	OTHER_SECRET,
	REPO,
	type Running,
	SECRET,
	startAuthServer,
	startExampleApi,
	startNaiveApi,
} from "./servers.js";

const docs = readFileSync(`${REPO}docs/cli.md`, "utf8");

interface Step {
	command: string;
	expected: string[];
}

/** The console blocks of the page, each a list of commands with the output shown under them. */
function sessions(): Step[][] {
	const blocks = [...docs.matchAll(/^(`{3,4})console\n([\s\S]*?)^\1$/gm)].map(
		(m) => m[2] as string,
	);
	return blocks.map((block) => {
		const steps: Step[] = [];
		for (const line of block.replace(/\n$/, "").split("\n")) {
			if (line.startsWith("$ ")) steps.push({ command: line.slice(2), expected: [] });
			else steps.at(-1)?.expected.push(line);
		}
		return steps;
	});
}

/** Splits a command line into words, with single and double quotes. */
function words(line: string): string[] {
	const out: string[] = [];
	for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g))
		out.push(m[1] ?? m[2] ?? (m[3] as string));
	return out;
}

let servers: Running[] = [];
const origins = new Map<string, string>();
const env: Record<string, string> = { BETTER_AUTH_SECRET: SECRET };

beforeAll(async () => {
	const auth = await startAuthServer({ BETTER_AUTH_SECRET: SECRET });
	const apiEnv = { BETTER_AUTH_URL: auth.url, WEB_ORIGIN: "http://localhost:3001" };
	const [good, other, naive] = await Promise.all([
		startExampleApi({ BETTER_AUTH_SECRET: SECRET, ...apiEnv }),
		startExampleApi({ BETTER_AUTH_SECRET: OTHER_SECRET, ...apiEnv }),
		startNaiveApi(SECRET),
	]);
	servers = [auth, good, other, naive];
	origins.set("http://127.0.0.1:3000", auth.url);
	origins.set("http://127.0.0.1:8000", good.url);
	origins.set("http://127.0.0.1:8001", other.url);
	origins.set("http://127.0.0.1:8002", naive.url);
	const signUp = await fetch(`${auth.url}/api/auth/sign-up/email`, {
		method: "POST",
		headers: { "content-type": "application/json", origin: auth.url },
		body: JSON.stringify({
			email: "ada@example.com",
			password: "correct horse battery staple",
			name: "Ada",
		}),
	});
	expect(signUp.status).toBe(200);
}, 180_000);

afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
});

const local = (s: string) => {
	let out = s;
	for (const [doc, real] of origins) out = out.replaceAll(doc, real);
	return out;
};

async function run(command: string): Promise<CliRun | undefined> {
	const exported = /^export (\w+)=(.*)$/.exec(command);
	if (exported) {
		env[exported[1] as string] = local(words(exported[2] as string)[0] ?? "");
		return undefined;
	}
	let stdin: string | undefined;
	let result: CliRun | undefined;
	for (const part of command.split(" | ")) {
		const [bin, ...args] = words(local(part));
		expect(bin).toBe("better-auth-fastapi");
		result = await runCli(args, env, stdin);
		stdin = result.stdout;
	}
	return result;
}

/** Whether the expected lines appear in the output lines, in order. */
function missing(expected: string[], output: string): string[] {
	const lines = output.split("\n");
	const wanted = expected.filter((l) => l !== "..." && l !== "").map(local);
	const notFound: string[] = [];
	let at = 0;
	for (const w of wanted) {
		const re = new RegExp(
			`^${w
				.split("...")
				.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
				.join(".*")}$`,
		);
		const i = lines.findIndex((l, j) => j >= at && re.test(l));
		if (i < 0) notFound.push(w);
		else at = i + 1;
	}
	return notFound;
}

test("docs/cli.md has a session for each of the six commands", () => {
	const commands = sessions()
		.flat()
		.flatMap((s) => s.command.split(" | ").map((part) => words(part)[1]));
	for (const name of ["secret", "token", "inspect", "spec", "doctor", "conformance"])
		expect(commands).toContain(name);
});

test.each(
	sessions().map(
		(steps, i) =>
			[
				`session ${i + 1}: ${steps.map((s) => words(s.command).slice(0, 2).join(" ")).join(", ")}`,
				steps,
			] as const,
	),
)(
	"%s",
	async (_name, steps) => {
		for (const step of steps) {
			const r = await run(step.command);
			if (r === undefined) continue;
			expect(
				missing(step.expected, r.stdout),
				`${step.command}\n--- got:\n${r.stdout}\n${r.stderr}`,
			).toEqual([]);
			expect(r.stdout + r.stderr).not.toContain(SECRET);
		}
	},
	120_000,
);
