// lib/todos.ts: data loading for server components and server actions.
import { createServerApiFetch } from "../../../src/client/next.js";
import { auth } from "./auth.js";

export interface Todo {
	id: number;
	title: string;
	done: boolean;
}

/** Pass the incoming request's headers: `await headers()` from `next/headers`. */
export async function loadTodos(requestHeaders: Headers): Promise<Todo[]> {
	const apiFetch = createServerApiFetch({
		auth,
		headers: requestHeaders,
		baseURL: process.env.API_URL ?? "http://localhost:8000",
	});
	const response = await apiFetch("/api/todos");
	return (await response.json()) as Todo[];
}
