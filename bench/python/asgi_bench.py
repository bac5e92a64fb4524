"""In-process cost per request of each bench_app route: the ASGI app called directly, no server, no
socket, the minimum over repeats. Much less sensitive to other work on the machine than http_bench.py
(which it complements, not replaces: it leaves out uvicorn's own per-request cost, so its ratios to
the open route are lower than over HTTP).

    .venv/bin/python bench/python/asgi_bench.py [--quick] [--json]

The routes include an empty `async def` dependency and one that only reads the Authorization header
(bench_app.py): FastAPI's own floor for any dependency-based authentication.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import uvloop
from bench_app import app
from bench_tokens import valid_token
from starlette.types import Message

ROUTES = {
    "open": "/open",
    "empty async dependency": "/empty-dependency",
    "dependency reading the header": "/header-dependency",
    "CurrentUser, cache": "/cache",
    "no cache, same app": "/nocache",
    "tutorial, sync def": "/tutorial-sync",
    "tutorial, async def": "/tutorial-async",
}


async def _call(scope: dict[str, Any]) -> int:
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def _scope(path: str, token: str) -> dict[str, Any]:
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 80),
    }  # fmt: skip


async def measure(*, calls: int, repeats: int) -> dict[str, float]:
    token = valid_token()
    scopes = {name: _scope(path, token) for name, path in ROUTES.items()}
    for name, scope in scopes.items():
        if await _call(scope) != 200:
            raise RuntimeError(f"{name} did not answer 200")
        for _ in range(calls // 4):  # warm up
            await _call(scope)
    best = dict.fromkeys(ROUTES, float("inf"))
    for _ in range(repeats):  # interleaved, the minimum kept
        for name, scope in scopes.items():
            start = time.perf_counter()
            for _ in range(calls):
                await _call(scope)
            best[name] = min(best[name], (time.perf_counter() - start) / calls * 1e6)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few short repeats (smoke test; numbers are rough)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    calls, repeats = (200, 2) if args.quick else (5000, 7)
    us = uvloop.run(measure(calls=calls, repeats=repeats))
    ratio = {name: us["open"] / v for name, v in us.items()}
    if args.json:
        print(json.dumps({"us_per_request": us, "x_open": ratio}, indent=2))
        return 0
    print(f"in-process ASGI calls, min of {repeats} x {calls}; x open = throughput relative to the open route")
    for name, v in us.items():
        print(f"  {name:<30} {v:7.1f} us/request   {ratio[name]:5.2f} x open   +{v - us['open']:5.1f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
