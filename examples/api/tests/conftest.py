"""Starts the example API with uvicorn on loopback (a real socket, a fresh SQLite file) for the session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from forge import Forge

API_DIR = Path(__file__).resolve().parents[1]
SECRET = "tK7#qP2vX9!mZ4rL8wE1yU6oI3aS5dF0gH_jB-nC"  # noqa: S105 (a test-only secret)
ISSUER = "http://localhost:3000"
AUDIENCE = "example-api"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def api_env(**overrides: str | None) -> dict[str, str]:
    """The environment for the example API: ours, with overrides (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETTER_AUTH_")}
    env.update(BETTER_AUTH_SECRET=SECRET, BETTER_AUTH_URL=ISSUER, BETTER_AUTH_AUDIENCE=AUDIENCE)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def uvicorn_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "main:app", "--app-dir", str(API_DIR),
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    forge: Forge
    log: Path


@contextmanager
def running_api(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """Runs the example API under uvicorn on a free loopback port; yields (base URL, pid).

    On exit stops it and checks its log: no traceback, and not the secret.
    """
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(uvicorn_command(port), env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the API exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the API did not answer within 30 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = log.read_text(errors="replace")
    assert env["BETTER_AUTH_SECRET"] not in text, "the server log contains the secret"
    assert "Traceback" not in text, f"the server logged an exception:\n{text}"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("api")
    env = api_env(TODO_DB=str(tmp / "todos.sqlite"), WEB_ORIGIN="http://localhost:3001")
    with running_api(env, tmp / "server.log") as (url, pid):
        yield Server(url=url, pid=pid, forge=Forge(SECRET, ISSUER, AUDIENCE), log=tmp / "server.log")


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c
