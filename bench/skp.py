"""Benchmark of the set-based SKP recomputation (issue: performance) on PostgreSQL.

    python -m bench.skp [--employees 6000000] [--db abdi_bench_skp] [--reuse] [--year 2025]

1. Prepares ``--db`` with the synthetic roster (as ``bench.api`` does; the aggregate refresh deferred).
2. Writes one annual (TAHUNAN) SKP rating for every active civil servant of ``--year``, with ratings spread as
   a realistic year (about 70 % "Sesuai" on each axis, a fifth "Di Atas", the rest "Di Bawah"), drawn
   deterministically from each NIP by SQL (setup, not timed), and clears any predikat.
3. Times, each in a fresh process: the completion and predikat spread per unit with every rating's predikat
   from the matrix in force (``performance.services.summary_recompute``, one INSERT … SELECT), and the predikat
   of every single rating counted by the database (``selectors.ratings_with_predikat``, as an export reads it).
Writes ``bench/results/skp.json``. Target: predikat and completion ≤ 60 s.
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
from django.db.models import Count
from abdi.performance.selectors import ratings_with_predikat
from abdi.performance.services import summary_recompute
what, year = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
if what == "summary":
    n = summary_recompute(tahun=year, actor_label="bench")
else:
    n = dict(ratings_with_predikat(year).values_list("predikat").annotate(n=Count("*")).order_by())
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
            f"diperbarui_pada) "
            f"SELECT nip, %s, 'TAHUNAN', "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip)), 100) AS v) a), "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip || 'p')), 100) AS v) b), now() "
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
    for name in ("summary", "predikat_per_rating"):
        what = "summary" if name == "summary" else "predikat"
        cmd = [sys.executable, "-c", STEP, what, str(args.year)]
        measured = run_measured(cmd, env)
        steps[name] = measured
        log(f"{name}: {measured['seconds']} s (process), {measured['peak_rss_mb']} MB")
    result["steps"] = steps
    total = steps["summary"]["seconds"]
    result["predikat_and_completion_seconds"] = round(total, 2)
    result["target_seconds"] = TARGET_SECONDS
    result["pass"] = total <= TARGET_SECONDS
    with api_bench.pg(args.db) as conn:
        result["spread"] = dict(zip(
            ("aktif", "dinilai", "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"),
            conn.execute("SELECT sum(aktif), sum(dinilai), sum(sangat_baik), sum(baik), sum(butuh_perbaikan), "
                         "sum(kurang), sum(sangat_kurang) FROM performance_skpsummary WHERE tahun = %s",
                         [args.year]).fetchone(), strict=True))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "skp.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: result[k] for k in ("scale", "steps", "predikat_and_completion_seconds", "pass",
                                             "spread")}, indent=1))
    return result


if __name__ == "__main__":
    main()
