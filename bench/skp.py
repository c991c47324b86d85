"""Benchmark of the set-based SKP recomputation (issue: performance) on PostgreSQL.

    python -m bench.skp [--employees 6000000] [--db abdi_bench_skp] [--reuse] [--year 2025]

1. Prepares ``--db`` with the synthetic dataset (as ``bench.api`` does: ``abdi synth`` + ``abdi load``, the
   aggregate refresh and the SKP summary recompute deferred). The load also loads the dataset's ``skp.csv``:
   annual ratings for about 88 % of active staff and monthly ones (B01–B12) for about 5 %.
2. Replaces the loaded annual (TAHUNAN) ratings of ``--year`` with one annual rating for *every* active civil
   servant (the worst case for the recompute: everyone rated), with ratings spread as a realistic year (about
   70 % "Sesuai" on each axis, a fifth "Di Atas", the rest "Di Bawah"), drawn deterministically from each NIP
   by SQL, then compacts and analyses the table (setup, not timed). The loaded monthly ratings are kept.
3. Times, each in a fresh process: the completion and predikat spread per unit with every annual rating's
   predikat from the matrix in force (``performance.services.summary_recompute``, one INSERT … SELECT), and
   the predikat of every single rating of the year, annual and monthly, counted by the database
   (``selectors.ratings_with_predikat``, as an export reads it).
Writes ``bench/results/skp.json`` (with the ratings found after the load and those timed). Target: predikat
and completion ≤ 60 s.
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
from bench.load import run_measured_output

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


def rating_counts(db: str, year: int) -> dict:
    """Ratings of ``year`` by kind: annual (TAHUNAN) and periodic (monthly or quarterly)."""
    with api_bench.pg(db) as conn:
        annual, periodic = conn.execute(
            "SELECT count(*) FILTER (WHERE periode = 'TAHUNAN'), count(*) FILTER (WHERE periode <> 'TAHUNAN') "
            "FROM performance_skprating WHERE tahun = %s", [year]).fetchone()
    return {"annual": annual, "periodic": periodic}


def seed_ratings(db: str, year: int) -> int:
    """Replace the annual ratings of ``year`` with one per active civil servant; the periodic ones stay."""
    rating = ("CASE WHEN v < 20 THEN 'DI_ATAS' WHEN v < 90 THEN 'SESUAI' ELSE 'DI_BAWAH' END")
    with api_bench.pg(db) as conn:
        conn.execute("DELETE FROM performance_skprating WHERE tahun = %s AND periode = 'TAHUNAN'", [year])
        conn.execute(
            f"INSERT INTO performance_skprating (nip, tahun, periode, rating_hasil_kerja, rating_perilaku_kerja, "
            f"diperbarui_pada) "
            f"SELECT nip, %s, 'TAHUNAN', "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip)), 100) AS v) a), "
            f"(SELECT {rating} FROM (SELECT mod(abs(hashtext(nip || 'p')), 100) AS v) b), now() "
            f"FROM people_pegawai WHERE kedudukan = 'AKTIF'", [year])
        # rewritten compact (no dead rows of the replaced ratings), as after a first load, and analysed
        conn.execute("VACUUM (FULL, ANALYZE) performance_skprating")
        return conn.execute("SELECT count(*) FROM performance_skprating WHERE tahun = %s AND periode = 'TAHUNAN'",
                            [year]).fetchone()[0]


def machine(db: str) -> dict:
    """As ``bench.api.machine`` without gunicorn and wrk, which this benchmark does not use (nor need)."""
    import platform

    import django

    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal:"))
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.machine())
    with api_bench.pg(db) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        settings = {k: conn.execute(f"SHOW {k}").fetchone()[0]
                    for k in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections", "autovacuum")}
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "platform": platform.platform(), "python": platform.python_version(), "django": django.__version__,
            "postgresql": pg_version, "postgresql_settings": settings,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


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
    result["machine"] = machine(args.db)
    loaded = rating_counts(args.db, args.year)
    log(f"ratings of {args.year} after the load: {loaded}; replacing the annual ones with one per active civil "
        f"servant (not timed)")
    seed_ratings(args.db, args.year)
    timed = rating_counts(args.db, args.year)
    with api_bench.pg(args.db) as conn:
        active = conn.execute("SELECT count(*) FROM people_pegawai WHERE kedudukan = 'AKTIF'").fetchone()[0]
    result["scale"] = {"employees": args.employees, "active": active, "annual_ratings": timed["annual"],
                       "periodic_ratings": timed["periodic"], "ratings_of_year": timed["annual"] + timed["periodic"],
                       "before_setup": loaded, "year": args.year}
    log(f"ratings timed: {result['scale']}")
    steps = {}
    for name in ("summary", "predikat_per_rating"):
        what = "summary" if name == "summary" else "predikat"
        cmd = [sys.executable, "-c", STEP, what, str(args.year)]
        with api_bench.pg(args.db) as conn:  # the setup's writes flushed now, not during the timed step
            conn.execute("CHECKPOINT")
        measured, text = run_measured_output(cmd, env, work / f"{name}-out.txt")
        if measured["exit_code"] == 0:  # the child prints what it computed and its seconds inside the process
            answer, inner = text.strip().rsplit(" ", 1)
            measured.update(seconds_in_process=float(inner), answer=answer)
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
