"""Runs each benchmark script in a tiny mode so they cannot rot. No timed assertions: only that each
runs, answers in its documented shape and (for the soak) sees no 5xx and no wrong answer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str, timeout: float = 180) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / script), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.stdout, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return done.returncode, report


def test_micro_bench_quick() -> None:
    code, report = run("micro_bench.py", "--quick")
    assert code == 0
    assert len(report["us_per_op"]) == 5
    assert all(v > 0 for v in report["us_per_op"].values())
    assert set(report["targets"]) == {"cache miss <= 1.5 x jwt.decode", "cache hit < 2 us"}


def test_soak_two_seconds() -> None:
    code, report = run("soak.py", "--seconds", "2", "--concurrency", "8")
    assert report["server_errors_5xx"] == 0
    assert report["wrong_answers"] == 0, report["examples"]
    assert report["alive_after"]
    assert report["server_log_clean"]
    assert report["requests"] > 0
    assert code == 0


def test_http_bench_one_second() -> None:
    # wrk comes from Debian (`apt-get install wrk`); npm test installs it when run as root.
    assert shutil.which("wrk") is not None, "wrk is not installed: apt-get install wrk"
    code, report = run("http_bench.py", "--seconds", "1", "--rounds", "1", "--warmup", "0", "--connections", "4")
    assert code == 0
    assert set(report["rps"]) >= {"open", "CurrentUser, cache", "no cache, same app", "tutorial, sync def"}
    assert set(report["targets"]) >= {"cache >= 0.75 x open", "no cache >= 0.55 x open"}
    assert all(v == 0 for v in report["broken"].values())


def test_asgi_bench_quick() -> None:
    code, report = run("asgi_bench.py", "--quick")
    assert code == 0
    assert report["x_open"]["open"] == 1.0
    assert all(v > 0 for v in report["us_per_request"].values())


def test_workers_bench_one_second() -> None:
    assert shutil.which("wrk") is not None, "wrk is not installed: apt-get install wrk"
    code, report = run("workers_bench.py", "--seconds", "1", "--rounds", "1", "--warmup", "0", "--connections", "4")
    assert code == 0
    assert set(report["two_workers_over_one"]) == {"open", "CurrentUser, cache"}
    assert all(v > 0 for v in report["two_workers_over_one"].values())
    assert "CPUs" in report["caveat"]
    assert report["broken"] == 0
