"""Benchmark of the set-based SKP recomputation (issue: performance) on PostgreSQL.

    python -m bench.skp [--employees 6000000] [--db abdi_bench_skp] [--reuse] [--year 2025]

1. Prepares ``--db`` with the synthetic roster (as ``bench.api`` does; the aggregate refresh deferred).
2. Writes one annual (TAHUNAN) SKP rating for every active civil servant of ``--year``, with ratings spread as
   a realistic year (about 70 % "Sesuai" on each axis, a fifth "Di Atas", the rest "Di Bawah"), drawn
   deterministically from each NIP by SQL (setup, not timed), and clears any predikat.
3. Times, each in a fresh process: the predikat of every rating from the matrix in force
   (``performance.services.predikat_recompute``, one UPDATE) and the completion and predikat spread per unit
   (``summary_recompute``, one INSERT … SELECT); then a second predikat run, which finds nothing to change.
Writes ``bench/results/skp.json``. Target: predikat and completion together ≤ 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import api as api_bench
from bench.load import run_measured

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 60

STEP = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
from abdi.performance.services import predikat_recompute, summary_recompute
what, year = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
n = predikat_recompute(tahun=year, actor_label="bench") if what == "predikat" else summary_recompute(tahun=year)
print(n, round(time.perf_counter() - t, 2))
"""


def log(msg: str) -> None:
    print(f"[bench.skp {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def seed_ratings(db: str, year: int) -> int:
    rating = ("CASE WHEN v < 20 THEN 'DI_ATAS' WHEN v < 90 THEN 'SESUAI' ELSE 'DI_BAWAH' END")
    with api_bench.pg(db) as conn:
        conn.execute("DELETE FROM performance_skprating WHERE tahun = %s", [year])
        conn.execute(
            f"INSERT INTO performance_skprating (nip, tahun, periode, rating_hasil_kerja, rating_perilaku_kerja, "
            f"predikat, diperbarui_pada) "
            f"SELECT nip, %s, 'TAHUNAN', "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip)), 100) AS v) a), "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip || 'p')), 100) AS v) b), '', now() "
            f"FROM people_pegawai WHERE kedudukan = 'AKTIF'", [year])
        conn.execute("VACUUM (ANALYZE) performance_skprating")
        return conn.execute("SELECT count(*) FROM performance_skprating WHERE tahun = %s", [year]).fetchone()[0]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.skp")
    parser.add_argument("--employees", type=int, default=6_000_000)
    parser.add_argument("--db", default="abdi_bench_skp")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "abdi-bench-skp"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    (work / "home").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, ABDI_DATABASE_URL=f"postgres:///{args.db}", ABDI_HOME=str(work / "home"),
               ABDI_SECRET_KEY="bench-" + "x" * 40, ABDI_ANALYTICS_ON_LOAD="off", ABDI_LOG_LEVEL="WARNING")
    result: dict = {"benchmark": "skp", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "command": "python -m bench.skp " + " ".join(argv or sys.argv[1:])}
    result["data"] = api_bench.prepare_db(args, env, work)
    result["machine"] = api_bench.machine(args.db)
    log("seeding one annual rating per active civil servant (not timed)")
    ratings = seed_ratings(args.db, args.year)
    result["scale"] = {"employees": args.employees, "annual_ratings": ratings, "year": args.year}
    steps = {}
    for name in ("predikat", "summary", "predikat_again"):
        what = "summary" if name == "summary" else "predikat"
        cmd = [sys.executable, "-c", STEP, what, str(args.year)]
        measured = run_measured(cmd, env)
        steps[name] = measured
        log(f"{name}: {measured['seconds']} s (process), {measured['peak_rss_mb']} MB")
    result["steps"] = steps
    total = steps["predikat"]["seconds"] + steps["summary"]["seconds"]
    result["predikat_and_completion_seconds"] = round(total, 2)
    result["target_seconds"] = TARGET_SECONDS
    result["pass"] = total <= TARGET_SECONDS
    with api_bench.pg(args.db) as conn:
        result["spread"] = dict(conn.execute(
            "SELECT predikat, count(*) FROM performance_skprating WHERE tahun = %s GROUP BY predikat",
            [args.year]).fetchall())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "skp.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: result[k] for k in ("scale", "steps", "predikat_and_completion_seconds", "pass",
                                             "spread")}, indent=1))
    return result


if __name__ == "__main__":
    main()
