// useApiFetch rendered by React itself (react-dom/server: no DOM needed), with render-phase
// updates to check the returned function is stable across re-renders.
import { createElement, useState } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import type { ApiFetch } from "../../src/client/fetch.js";
import { type UseApiFetchOptions, useApiFetch } from "../../src/client/react.js";
import { TokenManager } from "../../src/client/token-manager.js";
import { FakeApi, FakeTokenServer, TestClock } from "./helpers.js";

const BASE = "https://api.example.test";

function setup() {
	const clock = new TestClock();
	const server = new FakeTokenServer({ clock });
	const api = new FakeApi(clock);
	const authClient = { apiToken: new TokenManager({ fetchToken: server.fetchToken, clock }) };
	return { server, api, authClient };
}

interface ProbeProps {
	options: UseApiFetchOptions;
	seen: ApiFetch[];
	rerenders: number;
}

/** Records the apiFetch of each render, and re-renders itself `rerenders` times. */
function Probe({ options, seen, rerenders }: ProbeProps) {
	const apiFetch = useApiFetch(options);
	const [renders, setRenders] = useState(0);
	seen.push(apiFetch);
	if (renders < rerenders) setRenders(renders + 1); // render-phase update: React renders again
	return null;
}

describe("useApiFetch", () => {
	test("returns a working apiFetch that keeps its identity across re-renders", async () => {
		const { api, server, authClient } = setup();
		const seen: ApiFetch[] = [];
		const options = { baseURL: BASE, authClient, fetch: api.fetch };
		renderToString(createElement(Probe, { options, seen, rerenders: 2 }));
		expect(seen).toHaveLength(3);
		expect(new Set(seen).size).toBe(1);
		const response = await (seen[0] as ApiFetch)("/api/me");
		expect(await response.json()).toMatchObject({ sub: "user-a" });
		expect(server.calls).toBe(1);
	});

	test("components share the auth client's token", async () => {
		const { api, server, authClient } = setup();
		const fetchers: ApiFetch[] = [];
		const options = { baseURL: BASE, authClient, fetch: api.fetch };
		const child = () => createElement(Probe, { options, seen: fetchers, rerenders: 0 });
		renderToString(createElement("div", null, child(), child()));
		await Promise.all(fetchers.map((f) => f("/api/me")));
		expect(fetchers).toHaveLength(2);
		expect(server.calls).toBe(1);
	});
});
