"use client";
// The user's to-do items, read and changed in the FastAPI API from the browser with apiFetch.
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useApi } from "@/app/_components/api-provider";
import { useHydrated } from "@/app/_components/use-hydrated";
import { authClient } from "@/lib/auth-client";
import { describeFailure, isSignedOut } from "@/lib/errors";

interface Todo {
	id: number;
	title: string;
	done: boolean;
}

type State =
	| { kind: "loading" }
	| { kind: "ready"; items: Todo[] }
	| { kind: "signed-out"; message: string }
	| { kind: "error"; message: string; items: Todo[] };

const SIGNED_OUT = "You are signed out. Sign in again to see your to-do items.";
const SWITCHED = "Another account signed in in this browser. Reload the page to continue as them.";

export function TodoList({ userId }: { userId: string }) {
	const apiFetch = useApi();
	const hydrated = useHydrated();
	const [state, setState] = useState<State>({ kind: "loading" });
	const [title, setTitle] = useState("");
	const [busy, setBusy] = useState(false);
	const session = authClient.useSession();

	// This page was rendered for `userId`: once the browser's session is someone else's, or no
	// one's (a sign-out in another tab), nothing of this user's may stay on screen.
	const sessionUser = session.isPending ? userId : (session.data?.user.id ?? null);
	const lost = sessionUser !== userId;

	const fail = useCallback((error: unknown, items: Todo[]) => {
		setState(
			isSignedOut(error)
				? { kind: "signed-out", message: SIGNED_OUT }
				: { kind: "error", message: describeFailure(error), items },
		);
	}, []);

	const load = useCallback(async () => {
		try {
			const response = await apiFetch("/api/todos");
			const items = (await response.json()) as Todo[];
			// The token that fetched them must be this page's user's (not one signed in since).
			const { userId: tokenUser } = await authClient.apiToken.get();
			if (tokenUser !== userId) {
				setState({ kind: "signed-out", message: SWITCHED });
				return;
			}
			setState({ kind: "ready", items });
		} catch (error) {
			fail(error, []);
		}
	}, [apiFetch, fail, userId]);

	useEffect(() => {
		void load();
	}, [load]);

	const items = state.kind === "ready" || state.kind === "error" ? state.items : [];

	async function change(run: () => Promise<unknown>) {
		setBusy(true);
		try {
			await run();
			await load();
		} catch (error) {
			fail(error, items);
		} finally {
			setBusy(false);
		}
	}

	function onAdd(event: FormEvent<HTMLFormElement>) {
		event.preventDefault();
		const text = title.trim();
		if (text === "") return;
		void change(async () => {
			const response = await apiFetch("/api/todos", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ title: text }),
			});
			if (response.ok) setTitle("");
			return response;
		});
	}

	// The latest answer first; then what the session says (a sign-out seen from another tab).
	const message =
		state.kind === "signed-out" || state.kind === "error"
			? state.message
			: lost
				? session.data
					? SWITCHED
					: SIGNED_OUT
				: null;
	const shown = lost || state.kind === "signed-out" ? [] : items;

	return (
		<section className="card" aria-labelledby="todos-heading">
			<h2 id="todos-heading">Your to-do items</h2>
			<form method="post" onSubmit={onAdd} className="inline">
				<fieldset disabled={!hydrated || busy}>
					<label htmlFor="new-todo">New to-do</label>
					<div className="row">
						<input
							id="new-todo"
							value={title}
							onChange={(e) => setTitle(e.target.value)}
							maxLength={200}
							required
						/>
						<button type="submit">Add</button>
						<button type="button" className="secondary" onClick={() => void change(load)}>
							Reload list
						</button>
					</div>
				</fieldset>
			</form>
			{message && (
				<p role="alert" className="error">
					{message} {!lost && state.kind === "signed-out" && <a href="/sign-in">Sign in</a>}
				</p>
			)}
			{state.kind === "loading" && !lost ? (
				<p className="muted">Loading…</p>
			) : shown.length === 0 && !message ? (
				<p className="muted">Nothing to do yet. Add your first item above.</p>
			) : (
				<ul className="todos" aria-label="To-do items">
					{shown.map((todo) => (
						<li key={todo.id} className={todo.done ? "done" : undefined}>
							<input
								type="checkbox"
								id={`todo-${todo.id}`}
								checked={todo.done}
								disabled={busy}
								onChange={() => {
									// Ticked at once; the list read back from the API then confirms it.
									const toggled = items.map((t) =>
										t.id === todo.id ? { ...t, done: !t.done } : t,
									);
									setState({ kind: "ready", items: toggled });
									void change(() =>
										apiFetch(`/api/todos/${todo.id}`, {
											method: "PATCH",
											headers: { "content-type": "application/json" },
											body: JSON.stringify({ done: !todo.done }),
										}),
									);
								}}
							/>
							<label htmlFor={`todo-${todo.id}`}>{todo.title}</label>
							<button
								type="button"
								className="link"
								aria-label={`Delete "${todo.title}"`}
								disabled={busy}
								onClick={() =>
									void change(() => apiFetch(`/api/todos/${todo.id}`, { method: "DELETE" }))
								}
							>
								Delete
							</button>
						</li>
					))}
				</ul>
			)}
		</section>
	);
}
