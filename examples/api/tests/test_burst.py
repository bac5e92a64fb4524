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
    # Every other request valid (each user with its own fresh token), the rest cycling through all cases.
    plan: list[tuple[Case, str | None]] = []
    for i in range(REQUESTS):
        if i % 2 == 0:
            plan.append((CASES[0], f"burst-user-{i % 37}"))
        else:
            plan.append((CASES[(i // 2) % len(CASES)], None))
    sem = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async def one(client: httpx.AsyncClient, case: Case, sub: str | None) -> list[str]:
        async with sem:
            if sub is not None:
                token = server.forge.user(now, sub)
                resp = await client.get("/api/me", headers={"authorization": f"Bearer {token}"})
                if resp.status_code != 200 or resp.json().get("id") != sub:
                    return [f"valid {sub}: {resp.status_code} {resp.text[:200]}"]
                return []
            req = case.build(server.forge, now)
            resp = await send_async(client, req)
            return [f"{case.name}: {p}" for p in problems(resp, case.status, case.code, req)]

    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
        results = await asyncio.gather(*(one(client, case, sub) for case, sub in plan))
        failures = [p for r in results for p in r]
        assert failures == []
        after = await client.get("/api/health")
        assert after.status_code == 200
