"""Benchmark of ``abdi load`` (issue: foundation).

    python -m bench.load [--employees 6000000] [--sqlite-employees 1000000] [--ratio-employees 100000]

Generates synthetic datasets (not timed; ``skp.csv`` and any other non-roster file are moved out of each
dataset directory, ``skp.csv`` into its own, so steps 1–4 load the roster files only), then times, each in a fresh ``abdi`` process measured from outside:
1. the full roster (instansi, unor, jabatan, pegawai) into an empty PostgreSQL database;
1b. ``abdi load`` of a directory holding only ``skp.csv`` (the SKP ratings of the reference year) into the
   database of step 1, right after it (before step 2), and then, in another fresh process, the SKP summary
   recompute that a load triggers (``performance.services.summary_recompute``; every timed load here runs with
   ``ABDI_ANALYTICS_ON_LOAD=off``, so it is timed on its own): once right after the load, on the statistics
   the load left (bounded by ``--summary-timeout``), and once after an ANALYZE of the two tables;
2. a re-load of the same roster with 1 % of civil servants changed (position and rank), into that database
   (which then also holds the ratings of step 1b);
3. ``--sqlite-employees`` into an empty SQLite database;
4. at ``--ratio-employees`` on PostgreSQL: ``abdi load`` of pegawai.csv against a plain Django ``bulk_create``
   loader with the same per-row validation (``bench/naive_loader.py``), both into a database that already
   holds the org files.
Peak memory is the largest resident set of the loading process (``ru_maxrss`` of the child); the PostgreSQL
server's own memory is not part of it. Writes ``bench/results/load.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

RESULTS = Path(__file__).resolve().parent / "results"


def run_measured(cmd: list[str], env: dict) -> dict:
    """Run ``cmd`` in a fresh process; wall seconds and that process's peak RSS in MB."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: exec the command
        os.execvpe(cmd[0], cmd, env)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "exit_code": code}


def run_measured_output(cmd: list[str], env: dict, out: Path) -> tuple[dict, str]:
    """``run_measured`` with the child's standard output written to ``out`` and returned."""
    sys.stdout.flush()
    with out.open("w") as fh:
        saved = os.dup(1)
        os.dup2(fh.fileno(), 1)
        try:
            r = run_measured(cmd, env)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    return r, out.read_text()


def pg_env(base: dict, name: str) -> dict:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = dict(base, ABDI_DATABASE_URL=f"postgres:///{name}")
    subprocess.run([sys.executable, "-m", "abdi", "migrate", "-v", "0"], env=env, check=True)
    return env


def sqlite_env(base: dict, home: Path) -> dict:
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {k: v for k, v in base.items() if k != "ABDI_DATABASE_URL"}
    env["ABDI_HOME"] = str(home)
    subprocess.run([sys.executable, "-m", "abdi", "migrate", "-v", "0"], env=env, check=True)
    return env


YEAR = 2025

SUMMARY_STEP = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
from abdi.performance.services import summary_recompute
t = time.perf_counter()
units = summary_recompute(tahun=int(sys.argv[1]), actor_label="bench.load")
print(units, round(time.perf_counter() - t, 2))
"""


ROSTER = ("instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv")


def synth(out: Path, employees: int, seed: int) -> Path:
    """The dataset in ``out`` with the roster files only: its ``skp.csv`` (if the generator wrote one) is moved
    to the sibling directory ``skp-<out name>``, which is returned, and any other file it wrote besides the
    roster (``asesmen.csv``, …) to ``extra-<out name>``, not loaded here."""
    skp_dir = out.parent / f"skp-{out.name}"
    if not (out / "pegawai.csv").exists():
        from abdi.synth import write_dataset

        write_dataset(out, employees=employees, seed=seed, year=YEAR)
    for path in sorted(out.iterdir()):
        if path.name not in ROSTER:
            dst = skp_dir if path.name == "skp.csv" else out.parent / f"extra-{out.name}"
            dst.mkdir(parents=True, exist_ok=True)
            shutil.move(path, dst / path.name)
    return skp_dir


def csv_rows(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 24), b"")) - 1


def pg_count(name: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(dbname=name, autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchone()[0] if cur.description else 0


def changed_copy(src: Path, dst: Path, share: float, seed: int) -> int:
    """Copy the dataset with ``share`` of civil servants moved to another position of theirs and ranked up."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("instansi.csv", "unor.csv", "jabatan.csv"):
        shutil.copy(src / name, dst / name)
    with (src / "pegawai.csv").open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    # every column as text: inference would turn region codes such as 32.10 into the float 32.1
    opts = pacsv.ConvertOptions(column_types={c: pa.string() for c in header}, strings_can_be_null=False)
    table = pacsv.read_csv(src / "pegawai.csv", convert_options=opts)
    rng = np.random.default_rng(seed)
    n = table.num_rows
    pick = np.zeros(n, dtype=bool)
    pick[rng.choice(n, size=int(n * share), replace=False)] = True
    mask = pa.array(pick)
    tmt = pc.if_else(mask, "2025-12-01", table.column("tmt_jabatan"))
    # rotate the picked people's positions among themselves: another existing position for almost all of them,
    # with unit and instansi unchanged, so every changed row stays valid
    jab = table.column("jabatan_id").to_numpy(zero_copy_only=False).astype(object)
    idx = np.flatnonzero(pick)
    jab[idx] = np.roll(jab[idx], 1)
    table = table.set_column(table.schema.get_field_index("jabatan_id"), "jabatan_id", pa.array(jab, pa.string()))
    table = table.set_column(table.schema.get_field_index("tmt_jabatan"), "tmt_jabatan", tmt)
    pacsv.write_csv(table, dst / "pegawai.csv")
    return int(pick.sum())


def summary_step(env: dict, work: Path, timeout_s: float | None) -> dict:
    """``summary_recompute`` of ``YEAR`` in a fresh process (``SUMMARY_STEP``), with a server-side statement
    timeout if ``timeout_s``: its seconds and peak, units written and the seconds inside the process."""
    proc_env = dict(env, ABDI_LOG_LEVEL="WARNING")
    if timeout_s:
        proc_env["PGOPTIONS"] = f"-c statement_timeout={int(timeout_s * 1000)}"
    r, text = run_measured_output([sys.executable, "-c", SUMMARY_STEP, str(YEAR)], proc_env, work / "summary-out.txt")
    if r["exit_code"] != 0:
        return {**r, "timeout_s": timeout_s, "completed": False}
    units, inner = text.split()[-2:]  # the child's stdout: units written, seconds inside the process
    return {"units": int(units), "seconds_in_process": float(inner), "completed": True,
            "dinilai": pg_count("abdi_bench_load", f"SELECT sum(dinilai) FROM performance_skpsummary "
                                                   f"WHERE tahun = {YEAR}"), **r}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=6_000_000)
    parser.add_argument("--sqlite-employees", type=int, default=1_000_000)
    parser.add_argument("--ratio-employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=None, help="directory for generated data (kept between runs)")
    parser.add_argument("--summary-timeout", type=float, default=600,
                        help="seconds allowed to the SKP summary recompute right after the load")
    parser.add_argument("--skip", action="append", default=[], choices=["pg", "skp", "reload", "sqlite", "ratio"])
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="abdi-bench-load-"))
    work.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items()}
    base.setdefault("ABDI_HOME", str(work / "home"))
    # The load alone: with workers the aggregate refresh runs after it, on a worker (bench/analytics.py
    # times that refresh); without a broker it would run in this process and be counted here.
    base["ABDI_ANALYTICS_ON_LOAD"] = "off"
    abdi = [sys.executable, "-m", "abdi"]
    result: dict = {"date": dt.date.today().isoformat(), "cores": os.cpu_count(), "machine": platform.machine(),
                    "python": platform.python_version()}

    if "pg" not in args.skip or "reload" not in args.skip:
        data = work / f"synth-{args.employees}"
        skp_dir = synth(data, args.employees, args.seed)
        assert sorted(p.name for p in data.iterdir()) == sorted(ROSTER)
        env = pg_env(base, "abdi_bench_load")
        r = run_measured(abdi + ["load", str(data), "--report", str(work / "pg-report.json")], env)
        if "pg" not in args.skip:  # otherwise it only prepares the re-load
            result["postgres_full"] = {"employees": args.employees, "files": sorted(p.name for p in data.iterdir()),
                                       **r}
            print("postgres_full", result["postgres_full"], file=sys.stderr)
        if "skp" not in args.skip and (skp_dir / "skp.csv").exists():
            # skp.csv alone into the database of step 1 (its ratings table empty), before the re-load
            r = run_measured(abdi + ["load", str(skp_dir), "--report", str(work / "skp-report.json")], env)
            result["postgres_skp"] = {
                "employees": args.employees, "year": YEAR, "into": "the database of postgres_full, before the re-load",
                "file_rows": csv_rows(skp_dir / "skp.csv"),
                "rows": pg_count("abdi_bench_load", "SELECT count(*) FROM performance_skprating"),
                "annual_rows": pg_count("abdi_bench_load", "SELECT count(*) FROM performance_skprating "
                                                           "WHERE periode = 'TAHUNAN'"),
                **r}
            print("postgres_skp", result["postgres_skp"], file=sys.stderr)
            # The recompute a load triggers runs right after it, on the statistics the load left: time it so
            # (bounded: without statistics the planner may pick a nested loop), then once more after ANALYZE
            r = summary_step(env, work, args.summary_timeout)
            result["postgres_skp_summary_recompute"] = {"employees": args.employees, "year": YEAR,
                                                        "statistics": "as left by the load (no ANALYZE)", **r}
            print("postgres_skp_summary_recompute", result["postgres_skp_summary_recompute"], file=sys.stderr)
            pg_count("abdi_bench_load", "ANALYZE people_pegawai, performance_skprating")
            r = summary_step(env, work, None)
            result["postgres_skp_summary_recompute_analyzed"] = {
                "employees": args.employees, "year": YEAR,
                "statistics": "after ANALYZE people_pegawai, performance_skprating (not timed)", **r}
            print("postgres_skp_summary_recompute_analyzed", result["postgres_skp_summary_recompute_analyzed"],
                  file=sys.stderr)
        if "reload" not in args.skip:
            changed = work / f"changed-{args.employees}"
            k = changed_copy(data, changed, 0.01, args.seed)
            r = run_measured(abdi + ["load", str(changed), "--report", str(work / "reload-report.json")], env)
            result["postgres_reload_1pct"] = {"employees": args.employees, "changed": k, **r}
            print("postgres_reload_1pct", result["postgres_reload_1pct"], file=sys.stderr)

    if "sqlite" not in args.skip:
        data = work / f"synth-{args.sqlite_employees}"
        synth(data, args.sqlite_employees, args.seed)  # the roster files only
        assert sorted(p.name for p in data.iterdir()) == sorted(ROSTER)
        env = sqlite_env(base, work / "sqlite-home")
        r = run_measured(abdi + ["load", str(data)], env)
        result["sqlite_full"] = {"employees": args.sqlite_employees, **r}
        print("sqlite_full", result["sqlite_full"], file=sys.stderr)

    if "ratio" not in args.skip:
        data = work / f"synth-{args.ratio_employees}"
        synth(data, args.ratio_employees, args.seed)
        org_only = work / f"org-{args.ratio_employees}"
        org_only.mkdir(exist_ok=True)
        for name in ("instansi.csv", "unor.csv", "jabatan.csv"):
            shutil.copy(data / name, org_only / name)
        peg_only = work / f"peg-{args.ratio_employees}"
        peg_only.mkdir(exist_ok=True)
        shutil.copy(data / "pegawai.csv", peg_only / "pegawai.csv")
        env = pg_env(base, "abdi_bench_ratio_fast")
        subprocess.run(abdi + ["load", str(org_only)], env=env, check=True, capture_output=True)
        fast = run_measured(abdi + ["load", str(peg_only)], env)
        env = pg_env(base, "abdi_bench_ratio_naive")
        subprocess.run(abdi + ["load", str(org_only)], env=env, check=True, capture_output=True)
        naive = run_measured([sys.executable, "-m", "bench.naive_loader", str(peg_only / "pegawai.csv")], env)
        result["ratio_vs_bulk_create"] = {"employees": args.ratio_employees, "abdi_load": fast,
                                          "bulk_create": naive,
                                          "ratio": round(naive["seconds"] / max(fast["seconds"], 1e-9), 2)}
        print("ratio", result["ratio_vs_bulk_create"], file=sys.stderr)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
