// useApiFetch rendered by React itself (react-dom/server: no DOM needed), with render-phase
// updates to check the returned function is stable across re-renders.
import { createElement, useState } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import type { ApiFetch } from "../../src/client/fetch.js";
import { useApiFetch } from "../../src/client/react.js";
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

describe("useApiFetch", () => {
	test("returns a working apiFetch that keeps its identity across re-renders", async () => {
		const { api, server, authClient } = setup();
		const seen: ApiFetch[] = [];
		function Probe() {
			const apiFetch = useApiFetch({ baseURL: BASE, authClient, fetch: api.fetch });
			const [renders, setRenders] = useState(0);
			seen.push(apiFetch);
			if (renders < 2) setRenders(renders + 1); // render-phase update: React renders again
			return null;
		}
		renderToString(createElement(Probe));
		expect(seen).toHaveLength(3);
		expect(new Set(seen).size).toBe(1);
		const response = await (seen[0] as ApiFetch)("/api/me");
		expect(await response.json()).toMatchObject({ sub: "user-a" });
		expect(server.calls).toBe(1);
	});

	test("components share the auth client's token", async () => {
		const { api, server, authClient } = setup();
		const fetchers: ApiFetch[] = [];
		function Child() {
			fetchers.push(useApiFetch({ baseURL: BASE, authClient, fetch: api.fetch }));
			return null;
		}
		renderToString(createElement("div", null, createElement(Child), createElement(Child)));
		await Promise.all(fetchers.map((f) => f("/api/me")));
		expect(fetchers).toHaveLength(2);
		expect(server.calls).toBe(1);
	});
});
