"""Example API: FastAPI trusting Better Auth users through fastapi_better_auth.

Start (from the repository root):

    .venv/bin/python -m uvicorn main:app --app-dir examples/api --host 127.0.0.1 --port 8000

Environment: BETTER_AUTH_SECRET or Better Auth's versioned BETTER_AUTH_SECRETS (one is required),
BETTER_AUTH_URL (required, the issuer),
BETTER_AUTH_AUDIENCE (default: the issuer), WEB_ORIGIN (CORS, default http://localhost:3000, the web app),
TODO_DB (SQLite file, default .dev/todos.sqlite).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi_better_auth import (
    AUTH_RESPONSES,
    ROLE_RESPONSES,
    AuthUser,
    BetterAuth,
    ConfigurationError,
    CurrentUser,
    require_roles,
)
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from todos import MAX_ID, Todo, TodoStore

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


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped. A 422 echoes the input, and JSON lets a body carry a lone
    surrogate (``"\\ud800"``), which Starlette's UTF-8 rendering cannot encode: that was a plain-text 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    return AsciiJSONResponse(status_code=422, content={"detail": jsonable_encoder(exc.errors())})


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    # FastAPI answers a JSON body that is not UTF-8 with a bare 400 ("There was an error parsing the body"),
    # a status the contract keeps for malformed Authorization headers; answer it as the 422 any other
    # undecodable JSON body gets.
    if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
        error = {"type": "json_invalid", "loc": ("body", 0), "msg": "JSON decode error", "input": {}}
        return await validation_error(request, RequestValidationError([error]))
    if exc.status_code == 405:
        # Starlette's 405 names only the first route matching the path; RFC 9110 wants every method there.
        exc.headers = {"Allow": ", ".join(_allowed_methods(request))}
    return await http_exception_handler(request, exc)


def _allowed_methods(request: Request) -> list[str]:
    return sorted(
        {
            method
            for route in app.routes
            if isinstance(route, APIRoute) and route.matches(request.scope)[0] is not Match.NONE
            for method in route.methods or ()
        }
    )


def get_store(request: Request) -> TodoStore:
    store: TodoStore = request.app.state.todos
    return store


Store = Annotated[TodoStore, Depends(get_store)]
Admin = Annotated[AuthUser, Depends(require_roles("admin"))]


# Ids as SQLite stores them: 1 to 2**63 - 1. Outside that range sqlite3 raises OverflowError (a 500).
TodoId = Annotated[int, Path(ge=1, le=MAX_ID, description="The to-do item's id.")]


class NotFound(BaseModel):
    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such to-do item.", "model": NotFound}}


class TodoIn(BaseModel):
    # strict: "done": 0.0 or "yes" is a 422, not a boolean (the schema says boolean).
    model_config = ConfigDict(strict=True)

    title: str = Field(min_length=1, max_length=200)


class TodoPatch(BaseModel):
    model_config = ConfigDict(strict=True)

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


@app.get("/api/me", responses=AUTH_RESPONSES)
async def me(user: CurrentUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "email_verified": user.email_verified,
        "name": user.name,
        "roles": list(user.roles),
    }


@app.get("/api/admin", responses=ROLE_RESPONSES)
async def admin(user: Admin) -> dict[str, str]:
    return {"message": f"Hello, administrator {user.id}."}


@app.get("/api/todos", responses=AUTH_RESPONSES)
async def list_todos(user: CurrentUser, store: Store) -> list[TodoOut]:
    return [TodoOut.of(t) for t in store.list(user.id)]


@app.post("/api/todos", status_code=201, responses=AUTH_RESPONSES)
async def create_todo(body: TodoIn, user: CurrentUser, store: Store) -> TodoOut:
    return TodoOut.of(store.create(user.id, body.title))


@app.patch("/api/todos/{todo_id}", responses={**AUTH_RESPONSES, **NOT_FOUND})
async def update_todo(todo_id: TodoId, body: TodoPatch, user: CurrentUser, store: Store) -> TodoOut:
    todo = store.update(user.id, todo_id, title=body.title, done=body.done)
    if todo is None:
        raise _not_found()
    return TodoOut.of(todo)


@app.delete("/api/todos/{todo_id}", status_code=204, responses={**AUTH_RESPONSES, **NOT_FOUND})
async def delete_todo(todo_id: TodoId, user: CurrentUser, store: Store) -> Response:
    if not store.delete(user.id, todo_id):
        raise _not_found()
    return Response(status_code=204)
