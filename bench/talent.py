"""Benchmarks of talent management (issue 6).

    python -m bench.talent [--only succession|ninebox] [--positions 30000] [--candidates 300000]
                           [--sample-positions 1000] [--sample-candidates 10000] [--top 10] [--seed 1]

Parts (each a step; ``--only`` runs one; the results of the others already in the JSON are kept):

* ``succession``: the successor-ranking engine (``abdi.talent.succession``), pure numpy, no database.
  1. Generates, deterministically from ``--seed`` (not timed), ``--positions`` key positions and a
     ``--candidates`` national talent pool: 40 position families of skewed sizes (the largest about 17 % of
     the pool); posts at four levels (Pengawas, Administrator, JPT Pratama, JPT Madya) whose nine
     competency standards are 2–5 around the level's typical standard (DOMAIN §3) and whose rank ranges
     span 3–5 steps from the level's entry rank (2 % without an upper bound); candidates with realistic
     18-digit NIPs, ranks mostly III/a–IV/b, competency levels 1–5 skewed around 3 and rising with rank, and
     a 9-box; 60 % of positions held by a candidate of the pool, 25 % by someone outside it, 15 % vacant.
     The arrays go to an ``.npz`` file.
  2. Times ``rank_successors(top=--top)`` in a fresh process that loads the file: the process's wall seconds
     and peak RSS (``os.wait4``), the seconds of the ranking alone inside it and the peak RSS before it.
  3. In the same run, on a ``--sample-positions`` × ``--sample-candidates`` instance from the same
     generator, times the plain double loop (``rank_successors_plain``) against the engine in a fresh
     process, asserts identical results (indices, order, numerators, scores, eligible counts), and reports
     the ratio.
  Target: the national scale in ≤ 60 s and ≤ 4 GB on a 2-core machine.
* ``ninebox``: the 9-box recompute for 6 M civil servants on PostgreSQL (``--employees``, database ``--db``,
  ``--reuse`` keeps a database of that size). The database is prepared as ``bench.skp`` does (``abdi synth`` and
  ``abdi load``, not timed); then, not timed, every active civil servant gets an annual SKP rating of ``--year``
  (as ``bench.skp``) and an assessment where the synthetic data has none (levels 1–5 drawn from the NIP by SQL
  around 3), so the boxes cover everyone active, and the tables are vacuumed and analysed as autovacuum would
  leave them. Timed, each in a fresh process after a CHECKPOINT (``abdi.talent.services.ninebox_recompute``: the
  job vacuums its inputs, ``ABDI_TALENT_SESSIONS`` sessions build the year's partitions, one NIP range each, and
  the job swaps them in with the counts): the first computation into an empty table, then a recompute after 1 %
  of the annual ratings changed. Target: ≤ 30 s.

Writes ``bench/results/talent.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.api import git_describe
from bench.load import run_measured_output

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
TARGETS = {"succession": {"max_seconds": 60, "max_peak_rss_mb": 4096}}

# --- succession -------------------------------------------------------------------------------------------
FAMILIES = 40
# rank 1–17 = I/a…IV/e: the pool is mostly III/a (9) to IV/b (14)
RANK_WEIGHTS = np.array([0, 0, 0, 0, 1, 2, 3, 4, 12, 14, 15, 15, 10, 7, 4, 2, 1], float)
# key-post levels: (share, typical standard, entry ranks of the range)
POST_LEVELS = {"pengawas": (0.50, 2, (8, 9, 10)), "administrator": (0.35, 3, (10, 11, 12)),
               "jpt_pratama": (0.13, 4, (12, 13)), "jpt_madya": (0.02, 5, (13, 14))}
BOX_WEIGHTS = np.array([3, 7, 5, 8, 35, 10, 12, 12, 8], float)

STEP = r"""
import json, resource, sys, time
import numpy as np
from abdi.talent.succession import Candidates, Positions, rank_successors, rank_successors_plain
what, path, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
z = np.load(path)
pos = Positions(ids=z["ids"], standard=z["standard"], family=z["pfamily"], rank_min=z["rank_min"],
                rank_max=z["rank_max"], incumbent=z["incumbent"])
cand = Candidates(nip=z["nip"], levels=z["levels"], family=z["cfamily"], rank=z["rank"], box=z["box"])
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {"peak_rss_mb_before_ranking": round(rss_before, 1)}
if what == "engine":
    t = time.perf_counter()
    r = rank_successors(pos, cand, top=top)
    out["seconds_ranking"] = round(time.perf_counter() - t, 3)
else:
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        r = rank_successors(pos, cand, top=top)
        runs.append(time.perf_counter() - t)
    t = time.perf_counter()
    plain = rank_successors_plain(pos, cand, top=top)
    out["plain_seconds"] = round(time.perf_counter() - t, 3)
    out["engine_seconds"] = round(min(runs), 4)
    out["ratio"] = round(out["plain_seconds"] / out["engine_seconds"], 1)
    out["identical"] = bool(r.equals(plain))
filled = r.index >= 0
out["positions_with_a_successor"] = int(filled[:, 0].sum())
out["successors_listed"] = int(filled.sum())
out["eligible_pairs"] = int(r.eligible.sum(dtype=np.int64))
out["median_eligible_per_position"] = float(np.median(r.eligible))
out["ready_now_share_of_listed"] = round(float((r.score[filled] >= 1.0).mean()), 3) if filled.any() else 0.0
print(json.dumps(out))
"""


def log(msg: str) -> None:
    print(f"[bench.talent {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def nips(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct 18-digit NIPs: birth date (8), TMT CPNS year and month (6), sex (1), sequence (3)."""
    got = np.empty(0, np.int64)
    while len(got) < n:
        m = int((n - len(got)) * 1.1) + 10
        birth = rng.integers(1966, 1999, m)
        tmt = birth + rng.integers(22, 31, m)
        parts = [(birth, 10**10), (rng.integers(1, 13, m), 10**8), (rng.integers(1, 29, m), 10**6),
                 (tmt, 10**2), (rng.integers(1, 13, m), 1)]
        head = sum(v.astype(np.int64) * f for v, f in parts)
        nip = (head * 10 + rng.integers(1, 3, m)) * 1000 + rng.integers(1, 1000, m)
        got = np.unique(np.concatenate([got, nip]))
    return rng.permutation(got)[:n]


def generate(n_positions: int, n_candidates: int, seed: int, families: int = FAMILIES) -> dict[str, np.ndarray]:
    """A deterministic, realistic succession instance as named arrays (see the module docstring)."""
    rng = np.random.default_rng(seed)
    fam_weight = 1 / np.arange(1, families + 1) ** 0.8
    fam_weight /= fam_weight.sum()
    # candidates
    nip = nips(rng, n_candidates)
    cfamily = rng.choice(families, n_candidates, p=fam_weight).astype(np.int32)
    rank = (rng.choice(17, n_candidates, p=RANK_WEIGHTS / RANK_WEIGHTS.sum()) + 1).astype(np.int16)
    person = rng.normal(0, 0.5, n_candidates)
    mu = 3 + (rank - 11) * 0.2 + person
    levels = np.clip(np.rint(mu[:, None] + rng.normal(0, 0.7, (n_candidates, 9))), 1, 5).astype(np.uint8)
    box = (rng.choice(9, n_candidates, p=BOX_WEIGHTS / BOX_WEIGHTS.sum()) + 1).astype(np.int8)
    # positions
    names = list(POST_LEVELS)
    level = rng.choice(len(names), n_positions, p=[POST_LEVELS[k][0] for k in names])
    base = np.array([POST_LEVELS[k][1] for k in names])[level]
    standard = np.clip(base[:, None] + rng.choice([-1, 0, 1], (n_positions, 9), p=[0.15, 0.7, 0.15]), 2, 5)
    entry = np.array([rng.choice(POST_LEVELS[names[lv]][2]) for lv in level], np.int16)
    width = rng.integers(3, 6, n_positions)
    rank_max = np.minimum(17, entry + width - 1).astype(np.int16)
    rank_max[rng.random(n_positions) < 0.02] = 0
    pfamily = rng.choice(families, n_positions, p=fam_weight).astype(np.int32)
    # incumbents: 60 % a candidate of the position's family, 25 % someone outside the pool, 15 % vacant
    incumbent = np.zeros(n_positions, np.int64)
    kind = rng.random(n_positions)
    order = np.argsort(cfamily, kind="stable")
    starts = np.searchsorted(cfamily[order], np.arange(families + 1))
    for p in np.flatnonzero(kind < 0.60):
        s, e = starts[pfamily[p]], starts[pfamily[p] + 1]
        if e > s:
            incumbent[p] = nip[order[rng.integers(s, e)]]
    outside = np.flatnonzero((kind >= 0.60) & (kind < 0.85))
    incumbent[outside] = 199_001_011_000_000_000 + np.arange(len(outside))  # born 1990, not in the pool
    return {"ids": np.arange(1, n_positions + 1, dtype=np.int64), "standard": standard.astype(np.uint8),
            "pfamily": pfamily, "rank_min": entry, "rank_max": rank_max, "incumbent": incumbent,
            "nip": nip, "levels": levels, "cfamily": cfamily, "rank": rank, "box": box}


def describe(d: dict[str, np.ndarray]) -> dict:
    fam_sizes = np.bincount(d["cfamily"])
    return {"positions": len(d["ids"]), "candidates": len(d["nip"]), "families": int((fam_sizes > 0).sum()),
            "largest_family_candidates": int(fam_sizes.max()), "smallest_family_candidates": int(fam_sizes.min()),
            "level_shares_1_to_5": [round(float(x), 3) for x in np.bincount(d["levels"].ravel(), minlength=6)[1:]
                                    / d["levels"].size],
            "standard_shares_2_to_5": [round(float(x), 3) for x in
                                       np.bincount(d["standard"].ravel(), minlength=6)[2:] / d["standard"].size],
            "positions_without_upper_rank_bound": int((d["rank_max"] == 0).sum()),
            "incumbents_in_pool": int(np.isin(d["incumbent"], d["nip"]).sum()),
            "vacant": int((d["incumbent"] == 0).sum())}


def run_step(what: str, path: Path, top: int, work: Path) -> dict:
    cmd = [sys.executable, "-c", STEP, what, str(path), str(top)]
    measured, text = run_measured_output(cmd, dict(os.environ), work / f"{what}-out.txt")
    if measured["exit_code"] == 0:
        measured.update(json.loads(text.strip().splitlines()[-1]))
    return measured


def succession(args, work: Path) -> dict:
    full, sample = work / "succession-full.npz", work / "succession-sample.npz"
    log(f"generating {args.positions:,} positions × {args.candidates:,} candidates and the "
        f"{args.sample_positions:,} × {args.sample_candidates:,} sample (not timed)")
    data = generate(args.positions, args.candidates, args.seed)
    np.savez(full, **data)
    small = generate(args.sample_positions, args.sample_candidates, args.seed + 1)
    np.savez(sample, **small)
    part = {"scale": describe(data), "top": args.top}
    log("national scale: rank_successors in a fresh process")
    part["national"] = run_step("engine", full, args.top, work)
    log(f"national: {part['national']}")
    log("sample: plain double loop vs engine in a fresh process")
    part["sample"] = {"scale": describe(small), **run_step("compare", sample, args.top, work)}
    log(f"sample: {part['sample']}")
    n, t = part["national"], TARGETS["succession"]
    part["target"] = t
    part["pass"] = bool(n["exit_code"] == 0 and n["seconds"] <= t["max_seconds"]
                        and n["peak_rss_mb"] <= t["max_peak_rss_mb"] and part["sample"].get("identical"))
    return part


# --- ninebox ----------------------------------------------------------------------------------------------
NINEBOX_TARGET_SECONDS = 30
NINEBOX_STEP = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
import django
django.setup()
from abdi.talent.services import ninebox_recompute
t = time.perf_counter()
r = ninebox_recompute(tahun=int(sys.argv[1]), actor_label="bench")
print(r["ditambah"], r["diubah"], r["dihapus"], r.get("detik_vacuum", 0), round(time.perf_counter() - t, 2))
"""
LEVEL = "(1 + (CASE WHEN v < 5 THEN 0 WHEN v < 25 THEN 1 WHEN v < 70 THEN 2 WHEN v < 93 THEN 3 ELSE 4 END))"


def seed_assessments(db: str) -> int:
    """An assessment for every active civil servant without one (levels drawn from the NIP), compacted."""
    from bench import api as api_bench

    comps = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
             "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")
    levels = ", ".join(f"(SELECT {LEVEL} FROM (SELECT mod(abs(hashtext(p.nip || '{k}')), 100) AS v) x)" for k in comps)
    with api_bench.pg(db) as conn:
        conn.execute(
            f"INSERT INTO competency_asesmen (nip, tanggal, {', '.join(comps)}, asesor, catatan, dicatat_oleh, "
            f"diperbarui_pada) SELECT p.nip, DATE '2025-06-30', {levels}, 'bench', '', '', now() "
            f"FROM people_pegawai p WHERE p.kedudukan = 'AKTIF' AND NOT EXISTS "
            f"(SELECT 1 FROM competency_asesmen a WHERE a.nip = p.nip)")
        conn.execute("VACUUM (ANALYZE) competency_asesmen")
        return conn.execute("SELECT count(DISTINCT nip) FROM competency_asesmen").fetchone()[0]


def ninebox(args, work: Path) -> dict:
    from bench import api as api_bench
    from bench import skp as skp_bench
    from bench.load import run_measured_output

    env = dict(os.environ, ABDI_DATABASE_URL=f"postgres:///{args.db}", ABDI_HOME=str(work / "home"),
               ABDI_SECRET_KEY="bench-" + "x" * 40, ABDI_ANALYTICS_ON_LOAD="off", ABDI_LOG_LEVEL="WARNING")
    (work / "home").mkdir(parents=True, exist_ok=True)
    out: dict = {"data": api_bench.prepare_db(args, env, work)}
    log("ninebox: one annual rating per active civil servant, an assessment for everyone active (not timed)")
    annual = skp_bench.seed_ratings(args.db, args.year)
    assessed = seed_assessments(args.db)
    with api_bench.pg(args.db) as conn:
        conn.execute("TRUNCATE talent_kotak")
        # the roster as autovacuum leaves it after the load (the job vacuums its three inputs itself as well, timed:
        # a moment when there is nothing to do)
        conn.execute("VACUUM (ANALYZE) people_pegawai")
        active = conn.execute("SELECT count(*) FROM people_pegawai WHERE kedudukan = 'AKTIF'").fetchone()[0]
    out["scale"] = {"employees": args.employees, "active": active, "annual_ratings": annual,
                    "people_assessed": assessed, "year": args.year}
    steps = {}
    for name in ("first", "recompute_after_1pct_change"):
        if name != "first":
            with api_bench.pg(args.db) as conn:  # 1 % of the annual ratings change (not timed)
                conn.execute("UPDATE performance_skprating SET rating_hasil_kerja = CASE rating_hasil_kerja WHEN "
                             "'SESUAI' THEN 'DI_ATAS' ELSE 'SESUAI' END WHERE tahun = %s AND periode = 'TAHUNAN' "
                             "AND mod(abs(hashtext(nip || 'chg')), 100) = 0", [args.year])
                conn.execute("VACUUM (ANALYZE) performance_skprating")
        with api_bench.pg(args.db) as conn:  # the setup's writes flushed now, not during the timed step
            conn.execute("CHECKPOINT")
        measured, text = run_measured_output([sys.executable, "-c", NINEBOX_STEP, str(args.year)], env,
                                             work / f"ninebox-{name}.txt")
        if measured["exit_code"] == 0:
            added, changed, deleted, vacuum, inner = text.strip().split()[-5:]
            measured.update(inserted=int(added), updated=int(changed), deleted=int(deleted),
                            seconds_in_process=float(inner), seconds_vacuum_of_inputs=float(vacuum))
        steps[name] = measured
        log(f"ninebox {name}: {measured}")
    with api_bench.pg(args.db) as conn:
        out["boxes"] = dict(conn.execute("SELECT kotak, count(*) FROM talent_kotak WHERE tahun = %s GROUP BY 1 "
                                         "ORDER BY 1", [args.year]).fetchall())
    out["steps"] = steps
    out["target_seconds"] = NINEBOX_TARGET_SECONDS
    out["pass"] = all(s.get("exit_code") == 0 and s["seconds"] <= NINEBOX_TARGET_SECONDS for s in steps.values())
    return out


PARTS = {"succession": succession, "ninebox": ninebox}


def other_benchmarks() -> list[str]:
    """Other ``python -m bench.*`` processes running now (their timings and ours would disturb each other)."""
    found = subprocess.run(["pgrep", "-af", r" -m bench\."], capture_output=True, text=True).stdout.splitlines()
    mine = {str(os.getpid()), str(os.getppid())}
    return [ln[:160] for ln in found if ln.split(" ", 1)[0] not in mine]


def machine() -> dict:
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal:"))
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.machine())
    blas = np.__config__.CONFIG.get("Build Dependencies", {}).get("blas", {})
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "platform": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
            "blas": f"{blas.get('name', '')} {blas.get('version', '')}".strip(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "other_benchmarks_at_start": other_benchmarks()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.talent")
    parser.add_argument("--only", choices=list(PARTS))
    parser.add_argument("--positions", type=int, default=30_000)
    parser.add_argument("--candidates", type=int, default=300_000)
    parser.add_argument("--sample-positions", type=int, default=1_000)
    parser.add_argument("--sample-candidates", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--employees", type=int, default=6_000_000, help="ninebox: civil servants")
    parser.add_argument("--db", default="abdi_bench_talent", help="ninebox: the PostgreSQL database")
    parser.add_argument("--year", type=int, default=2025, help="ninebox: the SKP year")
    parser.add_argument("--reuse", action="store_true", help="ninebox: keep a database of that size")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "abdi-bench-talent"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "talent.json"
    result = json.loads(out.read_text()) if out.exists() else {}
    result.update({"benchmark": "talent", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                   "command": "python -m bench.talent " + " ".join(argv if argv is not None else sys.argv[1:]),
                   "source": git_describe(BENCH.parent), "machine": machine()})
    parts = result.setdefault("parts", {})
    for name, run in PARTS.items():
        if args.only in (None, name):
            parts[name] = run(args, work)
    RESULTS.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(parts, indent=1))
    return result


if __name__ == "__main__":
    main()
