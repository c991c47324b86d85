"""Benchmark of a national redistribution scenario (issue: needs planning) on PostgreSQL.

    python -m bench.planning [--employees 6000000] [--db abdi_bench_plan] [--reuse] [--k 30]

1. Prepares ``--db`` with the synthetic dataset (as ``bench.api`` does: ``abdi synth`` + ``abdi load``); the
   dataset's ``kebutuhan.csv`` (needs per unit × position, with the national imbalance) and ``hukdis.csv``
   (sanctions) load with it.
2. Times, in a fresh process, a national scenario end to end: from the database (units, needs, staff and
   retirements of the plan year, eligible people) through the layered network and its min-cost flow to the
   stored plan (``planning.services.scenario_run``). Reports the process's wall time and peak RSS (the
   database server's memory is its own), the candidates, seats, network nodes and arcs, and the plan's
   figures.
3. In a second process, not part of the timed run: the same generated set of eligible moves solved by a
   greedy baseline (nearest eligible seat first, candidates in class order, unit surpluses respected), and
   the seats filled and total km of both.
Writes ``bench/results/planning.json``. Targets: ≤ 120 s and ≤ 6 GB, ≥ 200 000 eligible surplus
candidates and ≥ 300 000 deficit seats, ≤ 10 M arcs.
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
from bench.skp import machine

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS, TARGET_MB = 120, 6 * 1024

RUN = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
from abdi.core.rulesets import rules_in_force
from abdi.planning import rules
from abdi.planning.models import Skenario
from abdi.planning.services import scenario_run
from django.utils import timezone
k, tahun = int(sys.argv[1]), int(sys.argv[2])
data = {**rules_in_force(rules.REDISTRIBUSI, timezone.localdate()).data, "kursi_terdekat": k}
sk = Skenario.objects.create(nama="bench nasional", cakupan="NASIONAL", tahun=tahun, parameter=data,
                             dibuat_oleh="bench")
t = time.perf_counter()
summary = scenario_run(sk.pk)
print(json.dumps({"skenario": sk.pk, "seconds_in_process": round(time.perf_counter() - t, 2), **summary}))
"""

GREEDY = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
import numpy as np
from django.db import transaction
from django.utils import timezone
from abdi.planning.generate import Scope, generate
from abdi.planning.services import acuan_of
from abdi.planning.models import Skenario
sk = Skenario.objects.get(pk=int(sys.argv[1]))
with transaction.atomic():
    gen = generate(Scope("NASIONAL"), sk.tahun, acuan_of(sk.tahun, timezone.localdate()), sk.parameter)
net = gen.network
t = time.perf_counter()
pair_km = gen.km[gen.origin_loc[net.pair_origin], gen.dest_loc[net.pair_dest]]
order = np.lexsort((pair_km, net.pair_origin))  # each origin type's pairs, nearest first
starts = np.searchsorted(net.pair_origin[order], np.arange(net.n_origins + 1))
dest_left = np.bincount(net.seat_dest, weights=net.seat_kekurangan, minlength=net.n_dests).astype(np.int64)
unit_left = net.unit_capacity.astype(np.int64).copy()
filled = total_km = 0
for c in range(len(net.class_count)):
    u, o = int(net.class_unit[c]), int(net.class_origin[c])
    want = min(int(net.class_count[c]), int(unit_left[u]))
    for p in order[starts[o]:starts[o + 1]]:
        if want == 0:
            break
        d = int(net.pair_dest[p])
        take = min(want, int(dest_left[d]))
        if take:
            dest_left[d] -= take
            unit_left[u] -= take
            want -= take
            filled += take
            total_km += take * int(pair_km[p])
print(json.dumps({"kursi_terisi": filled, "total_km": total_km, "seconds": round(time.perf_counter() - t, 2)}))
"""


def log(msg: str) -> None:
    print(f"[bench.planning {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.planning")
    parser.add_argument("--employees", type=int, default=6_000_000)
    parser.add_argument("--db", default="abdi_bench_plan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=None, help="tahun rencana (bawaan: tahun depan)")
    parser.add_argument("--k", type=int, default=30, help="kursi_terdekat: tipe tujuan termurah per tipe asal")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "abdi-bench-plan"))
    args = parser.parse_args(argv)
    year = args.year or time.localtime().tm_year + 1
    work = Path(args.work)
    (work / "home").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, ABDI_DATABASE_URL=f"postgres:///{args.db}", ABDI_HOME=str(work / "home"),
               ABDI_SECRET_KEY="bench-" + "x" * 40, ABDI_ANALYTICS_ON_LOAD="off", ABDI_LOG_LEVEL="WARNING")
    result: dict = {"benchmark": "planning", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "command": "python -m bench.planning " + " ".join(argv or sys.argv[1:])}
    result["data"] = api_bench.prepare_db(args, env, work)
    result["machine"] = machine(args.db)
    with api_bench.pg(args.db) as conn:
        result["scale"] = dict(zip(("employees", "active", "needs_rows", "sanctions"), conn.execute(
            "SELECT (SELECT count(*) FROM people_pegawai), (SELECT count(*) FROM people_pegawai WHERE kedudukan = "
            "'AKTIF'), (SELECT count(*) FROM planning_kebutuhan), (SELECT count(*) FROM planning_hukdis)").fetchone(),
            strict=True))
    log(f"scale: {result['scale']}; national scenario for {year}, K = {args.k}")
    measured, text = run_measured_output([sys.executable, "-c", RUN, str(args.k), str(year)], env,
                                         work / "run-out.txt")
    if measured["exit_code"] != 0:
        raise SystemExit(f"the scenario failed:\n{text}")
    optimal = json.loads(text.strip().splitlines()[-1])
    result["optimal"] = {"process": measured, **optimal}
    log(f"optimal: {measured['seconds']} s, {measured['peak_rss_mb']} MB; {optimal['kursi_terisi']} seats filled, "
        f"{optimal['total_km']} km; network {optimal['jaringan']}")
    measured, text = run_measured_output([sys.executable, "-c", GREEDY, str(optimal["skenario"])], env,
                                         work / "greedy-out.txt")
    greedy = json.loads(text.strip().splitlines()[-1]) if measured["exit_code"] == 0 else {"failed": text[-2000:]}
    result["greedy"] = greedy
    log(f"greedy: {greedy}")
    net = optimal["jaringan"]
    result["targets"] = {
        "seconds": [measured_s := result["optimal"]["process"]["seconds"], TARGET_SECONDS, measured_s <= TARGET_SECONDS],
        "peak_rss_mb": [mb := result["optimal"]["process"]["peak_rss_mb"], TARGET_MB, mb <= TARGET_MB],
        "eligible_candidates": [net["kandidat"], 200_000, net["kandidat"] >= 200_000],
        "deficit_seats": [net["kursi"], 300_000, net["kursi"] >= 300_000],
        "arcs": [net["busur"], 10_000_000, net["busur"] <= 10_000_000],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "planning.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: result[k] for k in ("scale", "targets", "greedy")} | {
        "optimal": {k: optimal[k] for k in ("kursi_terisi", "bobot_terisi", "total_km", "median_km", "mutasi",
                                            "lintas_instansi", "lintas_provinsi", "durasi_s", "jaringan")}}, indent=1))
    return result


if __name__ == "__main__":
    main()
