"""Example API: FastAPI trusting Better Auth users through fastapi_better_auth.

Start (from the repository root):

    .venv/bin/python -m uvicorn main:app --app-dir examples/api --host 127.0.0.1 --port 8000

Environment: BETTER_AUTH_SECRET (required), BETTER_AUTH_URL (required, the issuer),
BETTER_AUTH_AUDIENCE (default: the issuer), WEB_ORIGIN (CORS, default http://localhost:3000, the web app),
TODO_DB (SQLite file, default .dev/todos.sqlite).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi_better_auth import AuthUser, BetterAuth, ConfigurationError, CurrentUser, require_roles
from pydantic import BaseModel, Field
from todos import Todo, TodoStore

try:
    auth = BetterAuth.from_env()
except ConfigurationError as exc:
    # A plain message and exit status 1, no traceback: the message names the setting, never its value.
    raise SystemExit(f"example API: refusing to start: {exc}") from None

WEB_ORIGIN = os.environ.get("WEB_ORIGIN", "http://localhost:3000")
TODO_DB = os.environ.get("TODO_DB", ".dev/todos.sqlite")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.todos = TodoStore(TODO_DB)
    try:
        yield
    finally:
        app.state.todos.close()


app = FastAPI(title="better-auth-fastapi example API", lifespan=lifespan)
auth.install(app)
app.add_middleware(
    CORSMiddleware,
    allow_origins=[WEB_ORIGIN],
    allow_methods=["GET", "POST", "PATCH", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
    # Lets a browser client read the RFC 6750 challenge (retry on error="invalid_token").
    expose_headers=["WWW-Authenticate"],
    allow_credentials=False,  # bearer tokens only: no cookies cross this origin boundary
)


def get_store(request: Request) -> TodoStore:
    store: TodoStore = request.app.state.todos
    return store


Store = Annotated[TodoStore, Depends(get_store)]
Admin = Annotated[AuthUser, Depends(require_roles("admin"))]


class TodoIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class TodoPatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    done: bool | None = None


class TodoOut(BaseModel):
    id: int
    title: str
    done: bool
    created_at: str

    @classmethod
    def of(cls, todo: Todo) -> TodoOut:
        return cls(id=todo.id, title=todo.title, done=todo.done, created_at=todo.created_at)


def _not_found() -> HTTPException:
    return HTTPException(status_code=404, detail="No such to-do item.")


@app.get("/api/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/me")
async def me(user: CurrentUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "email_verified": user.email_verified,
        "name": user.name,
        "roles": list(user.roles),
    }


@app.get("/api/admin")
async def admin(user: Admin) -> dict[str, str]:
    return {"message": f"Hello, administrator {user.id}."}


@app.get("/api/todos")
async def list_todos(user: CurrentUser, store: Store) -> list[TodoOut]:
    return [TodoOut.of(t) for t in store.list(user.id)]


@app.post("/api/todos", status_code=201)
async def create_todo(body: TodoIn, user: CurrentUser, store: Store) -> TodoOut:
    return TodoOut.of(store.create(user.id, body.title))


@app.patch("/api/todos/{todo_id}")
async def update_todo(todo_id: int, body: TodoPatch, user: CurrentUser, store: Store) -> TodoOut:
    todo = store.update(user.id, todo_id, title=body.title, done=body.done)
    if todo is None:
        raise _not_found()
    return TodoOut.of(todo)


@app.delete("/api/todos/{todo_id}", status_code=204)
async def delete_todo(todo_id: int, user: CurrentUser, store: Store) -> Response:
    if not store.delete(user.id, todo_id):
        raise _not_found()
    return Response(status_code=204)
