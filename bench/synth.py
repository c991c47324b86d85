"""Benchmark of ``abdi synth`` (the calibrated synthetic national dataset).

    python -m bench.synth [--employees 6000000] [--out DIR] [--seed 1] [--year 2025] [--siasn]

Generates the dataset directory (instansi, unor, jabatan, pegawai; with ``--siasn`` also the SIASN roster)
in this process, into ``--out`` or a temporary directory that is removed afterwards, and measures the wall
time and the peak resident set (``ru_maxrss`` of this process, and of children if any). Prints the result
and writes ``bench/results/synth.json``. Target at 6 000 000 employees: ≤ 90 s and ≤ 4 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=6_000_000)
    ap.add_argument("--out", type=Path, default=None, help="keep the files here (default: a temporary dir)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--siasn", action="store_true", help="also write siasn_roster.csv")
    ap.add_argument("--results", type=Path, default=RESULTS / "synth.json")
    args = ap.parse_args(argv)

    import numpy as np
    import pyarrow as pa

    from abdi.synth import write_dataset

    tmp = None
    out = args.out
    if out is None:
        tmp = tempfile.mkdtemp(prefix="abdi-bench-synth-")
        out = Path(tmp) / "dataset"
    try:
        start = time.perf_counter()
        summary = write_dataset(out, employees=args.employees, seed=args.seed, year=args.year, siasn=args.siasn)
        seconds = time.perf_counter() - start
        sizes = {p.name: p.stat().st_size for p in sorted(out.glob("*.csv"))}
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "benchmark": "synth",
        "employees": args.employees,
        "seed": args.seed,
        "year": args.year,
        "siasn": args.siasn,
        "seconds": round(seconds, 2),
        "peak_rss_mb": peak_rss_mb(),
        "units": summary["units"],
        "files": summary["files"],
        "bytes": sizes,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0],
                    "numpy": np.__version__, "pyarrow": pa.__version__},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "target": {"seconds": 90, "peak_rss_mb": 4096, "at_employees": 6_000_000},
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
