"""Per-user to-do items in SQLite (stdlib sqlite3).

Every query is scoped by the owner (the token's ``sub``), so one user can neither read nor change
another's items: a foreign id is indistinguishable from a missing one.

The queries run directly on the event loop, on one connection: on a local file they take
microseconds, far less than a threadpool hop would, and a single thread needs no locking.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS todos_owner ON todos (owner, id);
"""

_COLUMNS = "id, title, done, created_at"

MAX_ID = 2**63 - 1
"""The largest id SQLite stores (a signed 64-bit integer); ids start at 1."""


@dataclass(frozen=True, slots=True)
class Todo:
    id: int
    title: str
    done: bool
    created_at: str


def _row(row: tuple[int, str, int, str]) -> Todo:
    return Todo(id=row[0], title=row[1], done=bool(row[2]), created_at=row[3])


class TodoStore:
    """To-do items of all users in one SQLite file; every method takes the owner."""

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread=False: the app opens the store in its lifespan and uses it on the
        # event loop thread; uvicorn runs both on the same thread, but TestClient may not.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, no fsync per write
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def list(self, owner: str) -> list[Todo]:
        cur = self._db.execute(f"SELECT {_COLUMNS} FROM todos WHERE owner = ? ORDER BY id", (owner,))  # noqa: S608
        return [_row(r) for r in cur.fetchall()]

    def get(self, owner: str, todo_id: int) -> Todo | None:
        if not 1 <= todo_id <= MAX_ID:  # sqlite3 would raise OverflowError; no such row can exist
            return None
        cur = self._db.execute(f"SELECT {_COLUMNS} FROM todos WHERE owner = ? AND id = ?", (owner, todo_id))  # noqa: S608
        rows = cur.fetchall()
        return _row(rows[0]) if rows else None

    def create(self, owner: str, title: str) -> Todo:
        cur = self._db.execute(
            f"INSERT INTO todos (owner, title) VALUES (?, ?) RETURNING {_COLUMNS}",  # noqa: S608
            (owner, title),
        )
        # fetchall: a RETURNING statement completes (and commits) only once stepped to the end.
        return _row(cur.fetchall()[0])

    def update(self, owner: str, todo_id: int, *, title: str | None, done: bool | None) -> Todo | None:
        if not 1 <= todo_id <= MAX_ID:  # sqlite3 would raise OverflowError; no such row can exist
            return None
        cur = self._db.execute(
            f"UPDATE todos SET title = coalesce(?, title), done = coalesce(?, done) "  # noqa: S608
            f"WHERE owner = ? AND id = ? RETURNING {_COLUMNS}",
            (title, None if done is None else int(done), owner, todo_id),
        )
        rows = cur.fetchall()
        return _row(rows[0]) if rows else None

    def delete(self, owner: str, todo_id: int) -> bool:
        if not 1 <= todo_id <= MAX_ID:  # sqlite3 would raise OverflowError; no such row can exist
            return False
        cur = self._db.execute("DELETE FROM todos WHERE owner = ? AND id = ?", (owner, todo_id))
        return cur.rowcount > 0
