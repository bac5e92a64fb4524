"""HTTP benchmark: one uvicorn worker on loopback, routes side by side, loaded in turn with wrk.

    .venv/bin/python bench/python/http_bench.py [--seconds 3] [--rounds 5] [--connections 32] [--json]

Routes (all sent the same Authorization header): an open route; CurrentUser with the verified-token
cache; without it (cache_size=0: a second configuration, measured in the same app through the public
API and as CurrentUser in a mounted sub-app beside an open route there; see bench_app.py); the
FastAPI-tutorial style (HTTPBearer + jwt.decode in a sync `def` dependency, so every request hops to
the threadpool); the same in `async def`; and an empty `async def` dependency, FastAPI's floor for
any dependency-based authentication.

Rounds are interleaved (every route once per round) so drift hits all routes alike; each ratio is
taken within a round, then the median over rounds is reported, as are requests/s and p99 latency.
The load average is printed too: other work on the machine makes every number noisy. Prints the
ratios to the open route and to both tutorial variants, then the issue 3 targets as PASS/FAIL.
A benchmark reports; the exit status is non-zero only if a run broke (non-2xx answers, wrk or the
server failing), never for a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import fastapi
import httpx
import jwt
from bench_tokens import valid_token
from server import serve

HERE = Path(__file__).resolve().parent
ROUTES = {
    "open": "/open",
    "empty async dependency": "/empty-dependency",
    "CurrentUser, cache": "/cache",
    "no cache, same app": "/nocache",
    "CurrentUser, no cache, mounted": "/m/nocache",
    "open, mounted": "/m/open",
    "tutorial, sync def": "/tutorial-sync",
    "tutorial, async def": "/tutorial-async",
}
_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class Run:
    rps: float
    p99_ms: float
    non_2xx: int
    errors: int


def _ms(text: str) -> float:
    m = re.fullmatch(r"([0-9.]+)(us|ms|s)", text)
    if m is None:
        raise ValueError(f"unreadable latency {text!r}")
    return float(m.group(1)) * _UNIT[m.group(2)]


def parse_wrk(out: str) -> Run:
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if rps is None or p99 is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return Run(
        rps=float(rps.group(1)),
        p99_ms=_ms(p99.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(g) for g in errors.groups()) if errors else 0,
    )


def wrk(url: str, token: str, *, seconds: int, connections: int, threads: int) -> Run:
    cmd = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
        "-H", f"Authorization: Bearer {token}", url,
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)  # noqa: S603
    return parse_wrk(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per route and round (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of unmeasured load per route first")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("http_bench: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2

    token = valid_token()
    load_before = os.getloadavg()[0]
    runs: dict[str, list[Run]] = {name: [] for name in ROUTES}
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve("bench_app:app", HERE, {}, ready_path="/open", log=Path(tmp) / "server.log") as srv,
    ):
        headers = {"authorization": f"Bearer {token}"}
        for name, path in ROUTES.items():  # every route answers 200 to the token, and 401 without it
            answer = httpx.get(srv.url + path, headers=headers)
            if answer.status_code != 200:
                raise RuntimeError(f"{name}: {answer.status_code} {answer.text}")
            if (
                "open" not in path
                and "dependency" not in path
                and httpx.get(srv.url + path).status_code not in (401, 403)
            ):
                raise RuntimeError(f"{name} answers without a token")
        for path in ROUTES.values():
            if args.warmup > 0:
                wrk(srv.url + path, token, seconds=args.warmup, connections=args.connections, threads=args.threads)
        for _ in range(args.rounds):
            for name, path in ROUTES.items():
                seconds, conns, threads = args.seconds, args.connections, args.threads
                runs[name].append(wrk(srv.url + path, token, seconds=seconds, connections=conns, threads=threads))

    load_after = os.getloadavg()[0]
    rps = {name: statistics.median(r.rps for r in rs) for name, rs in runs.items()}
    p99 = {name: statistics.median(r.p99_ms for r in rs) for name, rs in runs.items()}
    broken = {name: sum(r.non_2xx + r.errors for r in rs) for name, rs in runs.items()}

    def ratio(a: str, b: str) -> float:
        """Median over rounds of a/b within each round (robust to drift between rounds)."""
        return statistics.median(x.rps / y.rps for x, y in zip(runs[a], runs[b], strict=True))

    open_ratio = {name: ratio(name, "open") for name in ROUTES}
    sync_ratio = {name: ratio(name, "tutorial, sync def") for name in ROUTES}
    async_ratio = {name: ratio(name, "tutorial, async def") for name in ROUTES}
    cache, no_cache = "CurrentUser, cache", "no cache, same app"
    mounted = ratio("CurrentUser, no cache, mounted", "open, mounted")
    targets = {
        "cache >= 0.75 x open": open_ratio[cache] >= 0.75,
        "no cache >= 0.55 x open": open_ratio[no_cache] >= 0.55,
        "CurrentUser no cache, mounted >= 0.55 x open, mounted": mounted >= 0.55,
        "cache >= 1.5 x tutorial (sync def)": sync_ratio[cache] >= 1.5,
        "no cache >= 1.5 x tutorial (sync def)": sync_ratio[no_cache] >= 1.5,
    }
    if args.json:
        report = {
            "rps": rps,
            "p99_ms": p99,
            "x_open": open_ratio,
            "x_tutorial_sync": sync_ratio,
            "x_tutorial_async": async_ratio,
            "load_average": [load_before, load_after],
            "broken": broken,
            "targets": targets,
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"uvicorn 1 worker, wrk -t{args.threads} -c{args.connections} -d{args.seconds}s x {args.rounds} rounds; "
            f"Python {platform.python_version()}, FastAPI {fastapi.__version__}, PyJWT {jwt.__version__}; "
            f"{os.cpu_count()} CPUs, load average {load_before:.2f} before, {load_after:.2f} after"
        )
        print("  medians over rounds; ratios are taken within each round")
        print(f"  {'route':<31} {'req/s':>9} {'p99 ms':>8} {'x open':>7} {'x tut.sync':>10} {'x tut.async':>11}")
        for name in ROUTES:
            print(
                f"  {name:<31} {rps[name]:9.0f} {p99[name]:8.2f} {open_ratio[name]:7.2f} {sync_ratio[name]:10.2f}"
                f" {async_ratio[name]:11.2f}"
            )
        for name, passed in targets.items():
            print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    if any(broken.values()):
        print(f"http_bench: non-2xx answers or socket errors: {broken}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
