"""Soak: a bounded, mixed valid/hostile load against the example API over loopback.

    .venv/bin/python bench/python/soak.py [--seconds 30] [--concurrency 32] [--max-growth-mib 50] [--json]

Starts examples/api (uvicorn, one worker, a fresh SQLite file), then for --seconds sends: half
GET /api/me with valid tokens of many distinct users (more than the verified-token cache holds, so
it keeps evicting), a tenth create-then-delete of a to-do item, the rest hostile tokens from every
stage of the checklist. Every answer is checked (status and code). Reports the 5xx count (must be
0), wrong answers (must be 0) and the server's RSS growth from the end of a warm-up to the end
(/proc/<pid>/status VmRSS; must stay under --max-growth-mib). Exit status 1 if any of these fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvloop
from bench_tokens import AUDIENCE, ISSUER, SECRET, hostile_tokens, valid_token
from rawhttp import Answer, Connection
from server import REPO, rss_kib, serve

STATUS = {c["code"]: c["status"] for c in json.loads((REPO / "spec" / "codes.json").read_text())["codes"]}
USERS = 3000  # distinct valid tokens in rotation (the default cache holds 1024)


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0
    wrong: int = 0
    transport_errors: int = 0
    examples: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def check(self, kind: str, resp: Answer, status: int, code: str | None = None) -> None:
        self.requests += 1
        self.kinds[kind] += 1
        if resp.status >= 500:
            self.server_errors += 1
        body: Any = None
        if code is not None:
            try:
                body = resp.json()
            except ValueError:
                body = None
        wrong_code = code is not None and (not isinstance(body, dict) or body.get("code") != code)
        if resp.status != status or wrong_code:
            self.wrong += 1
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: want {status} {code}, got {resp.status} {resp.body[:120]!r}")


async def load(url: str, seconds: float, concurrency: int, tally: Tally, on_warm: asyncio.Event, warmup: float) -> None:
    host, port = url.removeprefix("http://").split(":")
    pool = [valid_token(f"soak-{i}") for i in range(USERS)]
    hostile = hostile_tokens()
    born = time.monotonic()
    deadline = time.monotonic() + seconds

    async def worker(w: int) -> None:
        nonlocal pool, hostile, born
        conn = Connection(host, int(port))
        i = w
        while time.monotonic() < deadline:
            if time.monotonic() - born > 600:  # tokens live 900 s: renew them for long soaks
                pool = [valid_token(f"soak-{j}") for j in range(USERS)]
                hostile, born = hostile_tokens(), time.monotonic()
            auth = [("Authorization", f"Bearer {pool[i % USERS]}")]
            slot = i % 20
            try:
                if slot < 10:
                    resp = await conn.request("GET", "/api/me", auth)
                    tally.check("me", resp, 200)
                    if resp.status == 200 and resp.json().get("id") != f"soak-{i % USERS}":
                        tally.wrong += 1
                elif slot < 12:
                    created = await conn.request("POST", "/api/todos", auth, {"title": f"soak {i}"})
                    tally.check("todo create", created, 201)
                    if created.status == 201:
                        gone = await conn.request("DELETE", f"/api/todos/{created.json()['id']}", auth)
                        tally.check("todo delete", gone, 204)
                else:
                    token, code = hostile[i % len(hostile)]
                    resp = await conn.request("GET", "/api/me", [("Authorization", f"Bearer {token}")])
                    tally.check(f"hostile {code}", resp, STATUS[code], code)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.transport_errors += 1
                if len(tally.examples) < 10:
                    tally.examples.append(f"transport: {exc!r}")
            i += concurrency
        await conn.close()

    warm_task = asyncio.create_task(_set_after(on_warm, warmup))
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    await warm_task


async def _set_after(event: asyncio.Event, delay: float) -> None:
    await asyncio.sleep(delay)
    event.set()


async def soak(url: str, pid: int, seconds: float, concurrency: int) -> dict[str, Any]:
    tally = Tally()
    warm = asyncio.Event()
    warmup = min(5.0, seconds / 5)
    rss_idle = rss_kib(pid)
    started = time.monotonic()
    task = asyncio.create_task(load(url, seconds, concurrency, tally, warm, warmup))
    await warm.wait()
    rss_warm = rss_kib(pid)
    peak = rss_warm
    while not task.done():
        peak = max(peak, rss_kib(pid))
        await asyncio.sleep(0.2)
    await task
    elapsed = time.monotonic() - started
    rss_end = rss_kib(pid)
    async with httpx.AsyncClient(base_url=url) as client:
        alive = (await client.get("/api/health")).status_code == 200
    return {
        "seconds": round(elapsed, 1),
        "requests": tally.requests,
        "requests_per_second": round(tally.requests / elapsed),
        "server_errors_5xx": tally.server_errors,
        "wrong_answers": tally.wrong,
        "transport_errors": tally.transport_errors,
        "examples": tally.examples,
        "kinds": dict(tally.kinds),
        "rss_mib": {
            "idle": round(rss_idle / 1024, 1),
            "after_warmup": round(rss_warm / 1024, 1),
            "peak": round(max(peak, rss_end) / 1024, 1),
            "end": round(rss_end / 1024, 1),
        },
        "rss_growth_mib": round((rss_end - rss_warm) / 1024, 1),
        "alive_after": alive,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30, help="load duration (default 30)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight (default 32)")
    parser.add_argument("--max-growth-mib", type=float, default=50, help="RSS growth allowed (default 50)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "BETTER_AUTH_SECRET": SECRET,
            "BETTER_AUTH_URL": ISSUER,
            "BETTER_AUTH_AUDIENCE": AUDIENCE,
            "TODO_DB": str(Path(tmp) / "todos.sqlite"),
        }
        log = Path(tmp) / "server.log"
        with serve("main:app", REPO / "examples" / "api", env, ready_path="/api/health", log=log) as srv:
            report = uvloop.run(soak(srv.url, srv.pid, args.seconds, args.concurrency))
        server_log = log.read_text(errors="replace")
    report["server_log_clean"] = "Traceback" not in server_log and SECRET not in server_log
    ok = (
        report["server_errors_5xx"] == 0
        and report["wrong_answers"] == 0
        and report["transport_errors"] == 0
        and report["alive_after"]
        and report["server_log_clean"]
        and report["rss_growth_mib"] < args.max_growth_mib
    )
    report["pass"] = ok
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        rss = report["rss_mib"]
        print(f"soak: {report['requests']} requests in {report['seconds']} s ({report['requests_per_second']}/s), "
              f"concurrency {args.concurrency}")  # fmt: skip
        print(f"  5xx answers:       {report['server_errors_5xx']} (must be 0)")
        print(f"  wrong answers:     {report['wrong_answers']} (must be 0)")
        print(f"  transport errors:  {report['transport_errors']} (must be 0)")
        for example in report["examples"]:
            print(f"    {example}")
        print(f"  RSS MiB:           idle {rss['idle']}, after warm-up {rss['after_warmup']}, "
              f"peak {rss['peak']}, end {rss['end']}")  # fmt: skip
        print(f"  RSS growth:        {report['rss_growth_mib']} MiB (must stay under {args.max_growth_mib:g})")
        print(f"  alive after:       {report['alive_after']}; server log clean: {report['server_log_clean']}")
        print(f"  {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
