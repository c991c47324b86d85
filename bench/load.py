"""Benchmark of ``abdi load`` (issue: foundation).

    python -m bench.load [--employees 6000000] [--sqlite-employees 1000000] [--ratio-employees 100000]

Generates synthetic datasets (not timed), then times, each in a fresh ``abdi`` process measured from outside:
1. the full roster (instansi, unor, jabatan, pegawai) into an empty PostgreSQL database;
2. a re-load of the same roster with 1 % of civil servants changed (position and rank);
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


def synth(out: Path, employees: int, seed: int) -> None:
    if (out / "pegawai.csv").exists():
        return
    from abdi.synth import write_dataset

    write_dataset(out, employees=employees, seed=seed, year=2025)


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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=6_000_000)
    parser.add_argument("--sqlite-employees", type=int, default=1_000_000)
    parser.add_argument("--ratio-employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=None, help="directory for generated data (kept between runs)")
    parser.add_argument("--skip", action="append", default=[], choices=["pg", "reload", "sqlite", "ratio"])
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
        synth(data, args.employees, args.seed)
        env = pg_env(base, "abdi_bench_load")
        r = run_measured(abdi + ["load", str(data), "--report", str(work / "pg-report.json")], env)
        if "pg" not in args.skip:  # otherwise it only prepares the re-load
            result["postgres_full"] = {"employees": args.employees, **r}
            print("postgres_full", result["postgres_full"], file=sys.stderr)
        if "reload" not in args.skip:
            changed = work / f"changed-{args.employees}"
            k = changed_copy(data, changed, 0.01, args.seed)
            r = run_measured(abdi + ["load", str(changed), "--report", str(work / "reload-report.json")], env)
            result["postgres_reload_1pct"] = {"employees": args.employees, "changed": k, **r}
            print("postgres_reload_1pct", result["postgres_reload_1pct"], file=sys.stderr)

    if "sqlite" not in args.skip:
        data = work / f"synth-{args.sqlite_employees}"
        synth(data, args.sqlite_employees, args.seed)
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
