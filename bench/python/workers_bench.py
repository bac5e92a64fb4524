"""Workers benchmark: `uvicorn --workers 2` against one worker, in the same run, with wrk.

    .venv/bin/python bench/python/workers_bench.py [--seconds 3] [--rounds 5] [--connections 32] [--json]

Serves ``bench_app.py`` twice, with one worker and with two, and loads the cached ``CurrentUser`` route
and the open route of each in turn, rounds interleaved. Reports requests/s and, within each round, the
two-worker / one-worker ratio of the ``CurrentUser`` route next to the same ratio of the open route:
when both are alike, verification scales with the workers as the rest of the app does (no shared state,
no lock). On a two-core machine the load generator competes with the workers for the same cores, so the
ratio there says little about what more cores give; the report says so next to the figure. A benchmark
reports; the exit status is non-zero only if a run broke (non-2xx answers, socket errors).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from bench_tokens import valid_token
from http_bench import Run, wrk
from server import serve

HERE = Path(__file__).resolve().parent
ROUTES = {"open": "/open", "CurrentUser, cache": "/cache"}
WORKERS = (1, 2)


def caveat() -> str:
    cpus = os.cpu_count() or 1
    if cpus <= 2:
        return (
            f"{cpus} CPUs: wrk competes with the two workers for the same cores, so the ratio is a floor, "
            "not what a machine with spare cores would show"
        )
    return f"{cpus} CPUs: wrk still shares the machine with the workers"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per route and round (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of unmeasured load per run first")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("workers_bench: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2

    token = valid_token()
    load_before = os.getloadavg()[0]
    runs: dict[tuple[int, str], list[Run]] = {(w, r): [] for w in WORKERS for r in ROUTES}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        urls = {
            w: stack.enter_context(
                serve("bench_app:app", HERE, {}, ready_path="/open", log=Path(tmp) / f"w{w}.log", workers=w)
            ).url
            for w in WORKERS
        }
        for w, url in urls.items():
            for name, path in ROUTES.items():
                answer = httpx.get(url + path, headers={"authorization": f"Bearer {token}"})
                if answer.status_code != 200:
                    raise RuntimeError(f"{w} workers, {name}: {answer.status_code} {answer.text}")
                if args.warmup > 0:
                    wrk(url + path, token, seconds=args.warmup, connections=args.connections, threads=args.threads)
        for _ in range(args.rounds):
            for w, url in urls.items():
                for name, path in ROUTES.items():
                    seconds, conns, threads = args.seconds, args.connections, args.threads
                    runs[(w, name)].append(wrk(url + path, token, seconds=seconds, connections=conns, threads=threads))

    load_after = os.getloadavg()[0]
    rps = {f"{w} worker{'s' if w > 1 else ''}, {r}": statistics.median(x.rps for x in runs[(w, r)]) for w, r in runs}
    scaling = {
        name: statistics.median(two.rps / one.rps for one, two in zip(runs[(1, name)], runs[(2, name)], strict=True))
        for name in ROUTES
    }
    broken = sum(x.non_2xx + x.errors for rs in runs.values() for x in rs)
    note = caveat()
    if args.json:
        report = {
            "rps": rps,
            "two_workers_over_one": scaling,
            "cpus": os.cpu_count(),
            "caveat": note,
            "load_average": [load_before, load_after],
            "broken": broken,
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"uvicorn 1 vs 2 workers, wrk -t{args.threads} -c{args.connections} -d{args.seconds}s x {args.rounds} "
            f"rounds; load average {load_before:.2f} before, {load_after:.2f} after"
        )
        for name, value in rps.items():
            print(f"  {name:<32} {value:9.0f} req/s")
        for name, value in scaling.items():
            print(f"  2 workers / 1 worker, {name:<20} {value:5.2f}")
        print(f"  note: {note}")
    if broken:
        print(f"workers_bench: {broken} non-2xx answers or socket errors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
