"""A concurrent burst mixing valid and hostile requests: every answer exact, no 5xx, server still up."""

from __future__ import annotations

import asyncio
import time

import httpx
from cases import CASES, Case
from checks import problems, send_async
from conftest import Server

REQUESTS = 400
CONCURRENCY = 32


async def test_concurrent_burst_of_valid_and_hostile_requests(server: Server) -> None:
    now = int(time.time())
    # Every other request a valid one (37 users, each with fresh tokens), the rest cycling through all cases.
    plan: list[Case | str] = [
        f"burst-user-{i % 37}" if i % 2 == 0 else CASES[(i // 2) % len(CASES)] for i in range(REQUESTS)
    ]
    sem = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async def one(client: httpx.AsyncClient, item: Case | str) -> list[str]:
        async with sem:
            if isinstance(item, str):
                sub = item
                token = server.forge.user(now, sub)
                resp = await client.get("/api/me", headers={"authorization": f"Bearer {token}"})
                if resp.status_code != 200 or resp.json().get("id") != sub:
                    return [f"valid {sub}: {resp.status_code} {resp.text[:200]}"]
                return []
            req = item.build(server.forge, now)
            resp = await send_async(client, req)
            return [f"{item.name}: {p}" for p in problems(resp, item.status, item.code, req)]

    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
        results = await asyncio.gather(*(one(client, item) for item in plan))
        failures = [p for r in results for p in r]
        assert failures == []
        after = await client.get("/api/health")
        assert after.status_code == 200
