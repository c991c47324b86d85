"""Benchmark of the workforce dashboards (issue: analytics) on PostgreSQL.

    python -m bench.analytics [--employees 6000000] [--db abdi_bench_analytics] [--reuse] [--requests 200]

1. Prepares ``--db`` with ``--employees`` synthetic civil servants (as ``bench.api`` does), loading with
   ``ABDI_ANALYTICS_ON_LOAD=off`` so that the load and the aggregate refresh are timed apart.
2. Times the full aggregate refresh after that national load (``abdi analytics refresh`` in a fresh process:
   wall seconds and peak memory).
3. Serves the app with gunicorn (2 sync workers) and asks, warm and one request at a time, ``--requests``
   times each: the national dashboard data as a national analyst and the largest agency's as its admin
   (``GET /api/v1/analytics/dashboard``, else ``/api/v1/stats`` if the dashboard API is absent): p50/p95/p99.
4. In the same run, the same figures computed the plain way, with ORM group-bys over the roster on each
   request (``dashboard_for_user(..., prefer_raw=True)``), against the aggregate path in the same process:
   the ratio.
Writes ``bench/results/analytics.json``. Targets: p95 ≤ 50 ms for both dashboards, refresh ≤ 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import api as api_bench
from bench.load import run_measured

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"dashboard_p95_ms": 50, "refresh_seconds": 30}

RAW_SCRIPT = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
from abdi.accounts.models import User
from abdi.analytics.selectors import dashboard_for_user
spec = json.loads(sys.argv[1])
out = {}
for name, username, kind, scope_id, raw_runs in spec:
    user = User.objects.get(username=username)
    times = {"agregat": [], "mentah": []}
    same = None
    for _ in range(20):
        t = time.perf_counter(); agg = dashboard_for_user(user, kind=kind, scope_id=scope_id)
        times["agregat"].append(time.perf_counter() - t)
    for _ in range(raw_runs):
        t = time.perf_counter(); raw = dashboard_for_user(user, kind=kind, scope_id=scope_id, prefer_raw=True)
        times["mentah"].append(time.perf_counter() - t)
    drop = ("sumber", "diperbarui")
    same = {k: v for k, v in agg.items() if k not in drop} == {k: v for k, v in raw.items() if k not in drop}
    out[name] = {"aggregate_ms": round(min(times["agregat"]) * 1000, 2),
                 "orm_group_by_ms": round(min(times["mentah"]) * 1000, 1),
                 "ratio": round(min(times["mentah"]) / min(times["agregat"]), 1), "identical": same}
print(json.dumps(out))
"""


def log(msg: str) -> None:
    print(f"[bench.analytics {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def user_token(env: dict, work: Path, username: str, role: str, scope: str | None) -> str:
    pw = work / f"{username}.password"
    if not pw.exists():
        pw.write_text(secrets.token_urlsafe(18) + "\n", encoding="utf-8")
    args = ["user", "add", username, "--role", role, "--password-file", str(pw)]
    if scope:
        args += ["--scope", scope]
    api_bench.abdi(args, env, capture=True)
    return api_bench.abdi(["token", "create", username, "--days", "1"], env, capture=True).stdout.split()[-1]


def timed_gets(server, path: str, token: str, n: int) -> dict:
    for _ in range(10):  # warm: workers, connections, prepared statements
        status, _ = api_bench.get(server.url(path), token)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        status, body = api_bench.get(server.url(path), token)
        times.append((time.perf_counter() - t) * 1000)
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}: {body[:300]!r}")
    return {"requests": n, "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "p99_ms": round(percentile(times, 99), 2), "bytes": len(body)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics")
    parser.add_argument("--employees", type=int, default=6_000_000)
    parser.add_argument("--db", default="abdi_bench_analytics")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--raw-runs", type=int, default=2)
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "abdi-bench-analytics"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    (work / "home").mkdir(exist_ok=True)
    env = dict(os.environ, ABDI_DATABASE_URL=f"postgres:///{args.db}", ABDI_HOME=str(work / "home"),
               ABDI_SECRET_KEY="bench-" + "x" * 40, ABDI_ANALYTICS_ON_LOAD="off", ABDI_LOG_LEVEL="WARNING")
    env.pop("ABDI_DEBUG", None)
    result: dict = {"benchmark": "analytics", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "command": "python -m bench.analytics " + " ".join(argv or sys.argv[1:]),
                    "machine": api_bench.machine(args.db) if api_bench.db_exists(args.db) else {},
                    "targets": TARGETS}
    result["data"] = api_bench.prepare_db(args, env, work)
    result["scale"] = {"employees": args.employees, "database": args.db}

    log("abdi analytics refresh (full, fresh process)")
    refresh = run_measured([sys.executable, "-m", "abdi", "analytics", "refresh"], env)
    if refresh["exit_code"]:
        raise RuntimeError("abdi analytics refresh failed")
    result["refresh_full"] = refresh
    log(f"refresh: {refresh['seconds']} s, {refresh['peak_rss_mb']} MB")

    instansi_id, nama, staff = api_bench.biggest_instansi(args.db)
    national_token = user_token(env, work, "bench-analis", "national_analyst", None)
    agency_token = user_token(env, work, "bench-admin-instansi", "agency_admin", f"instansi:{instansi_id}")
    server = api_bench.Server(env, api_bench.free_port(), 2, work / "gunicorn.log")
    try:
        server.wait_ready(national_token)
        status, _ = api_bench.get(server.url("/api/v1/analytics/dashboard"), national_token)
        base = "/api/v1/analytics/dashboard" if status == 200 else "/api/v1/stats"
        result["endpoint"] = base
        log(f"HTTP, {args.requests} sequential requests each, on {base}")
        result["http"] = {
            "nasional": timed_gets(server, f"{base}?cakupan=nasional", national_token, args.requests),
            "instansi": timed_gets(server, f"{base}?cakupan=instansi&id={instansi_id}", agency_token,
                                   args.requests) | {"instansi_id": instansi_id, "nama": nama, "pegawai": staff},
        }
    finally:
        server.stop()

    log("aggregates against ORM group-bys on each request (in-process)")
    spec = [["nasional", "bench-analis", "nasional", "", args.raw_runs],
            ["instansi", "bench-admin-instansi", "instansi", instansi_id, args.raw_runs]]
    out = subprocess.run([sys.executable, "-c", RAW_SCRIPT, json.dumps(spec)], env=env, cwd=api_bench.SRC,
                         check=True, text=True, capture_output=True).stdout
    result["versus_orm_group_by"] = json.loads(out.strip().splitlines()[-1])
    result["pass"] = {
        "refresh": refresh["seconds"] <= TARGETS["refresh_seconds"],
        **{f"p95_{k}": v["p95_ms"] <= TARGETS["dashboard_p95_ms"] for k, v in result["http"].items()},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: result[k] for k in ("refresh_full", "http", "versus_orm_group_by", "pass")}, indent=1))
    return result


if __name__ == "__main__":
    main()
