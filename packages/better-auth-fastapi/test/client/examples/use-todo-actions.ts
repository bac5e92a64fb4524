// hooks/use-todo-actions.ts: API calls from client components.
import { useCallback } from "react";
import { useApiFetch } from "../../../src/client/react.js";
import { authClient } from "./auth-client.js";
import type { Todo } from "./todos.js";

const API_URL = process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000";

export function useTodoActions() {
	// The same function on every render, so it is safe in dependency lists.
	const apiFetch = useApiFetch({ baseURL: API_URL, authClient });

	const addTodo = useCallback(
		async (title: string): Promise<Todo> => {
			const response = await apiFetch("/api/todos", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ title }),
			});
			return (await response.json()) as Todo;
		},
		[apiFetch],
	);

	const removeTodo = useCallback(
		async (id: number): Promise<void> => {
			await apiFetch(`/api/todos/${id}`, { method: "DELETE" });
		},
		[apiFetch],
	);

	return { addTodo, removeTodo };
}
