"""Successor ranking for key positions (talent management, DOMAIN §2–§3), pure: numpy only, no Django.

For every key position (*jabatan target*), the candidates of the talent pool who may succeed to it, best
first, with their job-person match.

* **Eligible**: the candidate's position family is the position's own, or one that ``family_map`` lists for
  the position's family (``{position family: {other candidate families}}``); the candidate's PNS rank (1–17 =
  I/a…IV/e) lies within ``[rank_min, rank_max]``, where a bound of 0 does not restrict; and the candidate is
  not the position's incumbent (``incumbent`` 0 = vacant, which excludes no one).
* **Score** (job-person match, the JPM of DOMAIN §3 capped per competency): Σ_k min(level_k, standard_k) ÷
  Σ_k standard_k over the nine competencies of ``COMPETENCIES``, a standard of 0 meaning the post sets none
  for that competency. Capping each competency at its standard means that exceeding one competency does not
  hide a gap in another; the score lies in [0, 1] and is 1 exactly when no competency falls short.
* **A position whose standard is all zero** has no score (0 ÷ 0): it gets no candidates (``eligible`` 0,
  every slot padded). Fill its *Standar Kompetensi Jabatan* first.
* **Order**: score descending, then 9-box descending (DOMAIN §2: 9 is the best box), then NIP ascending. NIPs
  must be unique in the pool, so the order is total and the result deterministic. The denominator is the same
  for every candidate of a position, so the engine compares the integer numerators Σ min: exact, no floating
  point in the ranking; the float score is reported alongside.

``rank_successors`` is the engine; ``rank_successors_plain`` is the same result from a plain Python double
loop, the reference for the tests and for the benchmark (``python -m bench.talent``).

How the engine is fast and memory-bounded. Positions are grouped by family and, within it, by their rank
bounds; the candidates of a family (with those of its mapped families) are sorted by rank, so the eligible
candidates of a group are one contiguous slice found by binary search: only eligible pairs are ever computed,
never P × N. A block of a group's positions against its slice (at most ``block_cells`` pairs, in work buffers
reused from block to block) gets its numerators Σ_k min(level_k, standard_k) by nine broadcast
``np.minimum`` + add passes in uint8 (the sum is ≤ 45); no BLAS, so the cost does not depend on how a
threaded BLAS behaves on a busy machine. Each pair then becomes one integer key, (45 − numerator) × N + place,
where place is the candidate's rank in the box-descending, NIP-ascending order (0 = best): smaller is better,
keys are distinct, and a key names its candidate (place = key mod N). The ``top`` smallest keys of every row
are picked with an in-place ``ndarray.partition`` and sorted; the incumbent's key is set past every eligible
key before the pick. Memory is the inputs plus about 6 bytes per pair of one block (1.5 MB by default).

Readiness (``readiness``, ``ready_now_counts``) and bench strength (``bench_strength``) are small pure rules
over the scores. Their thresholds are [M] assumptions (DOMAIN §2: "readiness scales (ready now / 1–2 years)
are [M]"), kept as the versioned rule set ``talent.suksesi`` (``validate_rules``, ``succession_rules``) whose
default is the module constants below; every function takes its rules as an argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

COMPETENCIES = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")
N_COMPETENCIES = len(COMPETENCIES)
MAX_LEVEL = 5

# Readiness [M]: the lowest score of each label, highest first; a score below all is READINESS_OTHERWISE.
READINESS: dict[str, float] = {"siap_sekarang": 1.0, "siap_1_2_tahun": 0.9}
READINESS_OTHERWISE = "siap_3_tahun_lebih"
READY_NOW = "siap_sekarang"
# Bench strength [M]: successors ready now that a position needs, by whether its incumbent retires within 2 years.
BENCH_REQUIRED: dict[bool, int] = {False: 1, True: 2}
# the rule set ``talent.suksesi`` (versioned data; these constants are its default, version 0)
SUKSESI = "talent.suksesi"
SUKSESI_DEFAULT = {"kesiapan": dict(READINESS), "siap_sekarang_minimal": {"biasa": BENCH_REQUIRED[False],
                                                                         "pensiun_dekat": BENCH_REQUIRED[True]},
                   "pensiun_dekat_tahun": 2}
_INT32_KEYS_BELOW = 2**31  # keys fit int32 for a pool of up to 46 million; past it int64 (tests lower it)


def _column(value, dtype, n: int | None, name: str) -> np.ndarray:
    arr = np.ascontiguousarray(value, dtype=dtype)
    if arr.ndim != 1 or (n is not None and arr.shape[0] != n):
        raise ValueError(f"{name}: expected a 1-D array of length {n}, got shape {arr.shape}")
    return arr


def _matrix(value, name: str) -> np.ndarray:
    arr = np.ascontiguousarray(value, dtype=np.uint8)
    if arr.size == 0:
        arr = arr.reshape(0, N_COMPETENCIES)
    if arr.ndim != 2 or arr.shape[1] != N_COMPETENCIES:
        raise ValueError(f"{name}: expected shape (n, {N_COMPETENCIES}), got {arr.shape}")
    return arr


@dataclass(frozen=True, eq=False)
class Positions:
    """Key positions, one row each: ``standard`` P × 9 levels 0–5 in the order of ``COMPETENCIES``."""

    ids: np.ndarray  # int64
    standard: np.ndarray  # uint8, P × 9; 0 = no standard for that competency
    family: np.ndarray  # int32 position-family code
    rank_min: np.ndarray  # int16 PNS rank 1–17; 0 = unbounded
    rank_max: np.ndarray  # int16; 0 = unbounded
    incumbent: np.ndarray  # int64 NIP of the holder, 0 = vacant

    def __post_init__(self):
        standard = _matrix(self.standard, "standard")
        if standard.size and int(standard.max()) > MAX_LEVEL:
            raise ValueError(f"standard: levels are 0–{MAX_LEVEL}")
        n = standard.shape[0]
        object.__setattr__(self, "standard", standard)
        for name, dtype in (("ids", np.int64), ("family", np.int32), ("rank_min", np.int16),
                            ("rank_max", np.int16), ("incumbent", np.int64)):
            object.__setattr__(self, name, _column(getattr(self, name), dtype, n, name))
        if n and (self.rank_min.min() < 0 or self.rank_max.min() < 0):
            raise ValueError("rank_min, rank_max: PNS ranks are 1–17, 0 = unbounded")

    def __len__(self) -> int:
        return self.standard.shape[0]


@dataclass(frozen=True, eq=False)
class Candidates:
    """The talent pool, one row per civil servant: ``levels`` N × 9 assessed levels (1–5; 0 = not assessed)."""

    nip: np.ndarray  # int64 (an 18-digit NIP fits); unique
    levels: np.ndarray  # uint8, N × 9
    family: np.ndarray  # int32 position-family code of the candidate's current post
    rank: np.ndarray  # int16 PNS rank 1–17
    box: np.ndarray  # int8 9-box, 1–9

    def __post_init__(self):
        levels = _matrix(self.levels, "levels")
        n = levels.shape[0]
        object.__setattr__(self, "levels", levels)
        for name, dtype in (("nip", np.int64), ("family", np.int32), ("rank", np.int16), ("box", np.int8)):
            object.__setattr__(self, name, _column(getattr(self, name), dtype, n, name))

    def __len__(self) -> int:
        return self.levels.shape[0]


@dataclass(frozen=True, eq=False)
class Ranking:
    """Per position (rows in the order of the input), the best ``top`` eligible candidates, best first.

    ``index`` points into the candidate arrays (-1 = padding); ``numerator`` is Σ min (-1 = padding),
    ``denominator`` Σ standard, ``score`` their quotient (NaN = padding); ``eligible`` counts every eligible
    candidate of the position, not only those returned.
    """

    index: np.ndarray  # int64, P × top
    score: np.ndarray  # float64, P × top
    numerator: np.ndarray  # int16, P × top
    denominator: np.ndarray  # int16, P
    eligible: np.ndarray  # int32, P

    def equals(self, other: Ranking) -> bool:
        return all(np.array_equal(getattr(self, f), getattr(other, f), equal_nan=(f == "score"))
                   and getattr(self, f).dtype == getattr(other, f).dtype
                   for f in ("index", "score", "numerator", "denominator", "eligible"))


def _empty_ranking(n_positions: int, top: int, denominator: np.ndarray) -> dict:
    return {"index": np.full((n_positions, top), -1, np.int64),
            "numerator": np.full((n_positions, top), -1, np.int16),
            "denominator": denominator, "eligible": np.zeros(n_positions, np.int32)}


def _finish(parts: dict) -> Ranking:
    num, den = parts["numerator"], parts["denominator"]
    score = np.full(num.shape, np.nan)
    np.divide(num, den[:, None], out=score, where=num >= 0)
    return Ranking(score=score, **parts)


def _check(positions: Positions, candidates: Candidates, top: int) -> None:
    if top < 0:
        raise ValueError("top must be ≥ 0")
    if len(np.unique(candidates.nip)) != len(candidates):
        raise ValueError("candidates: NIPs must be unique")


def rank_successors(positions: Positions, candidates: Candidates, *, top: int = 10,
                    family_map: Mapping[int, set[int]] | None = None,
                    block_cells: int = 1 << 18) -> Ranking:
    """The ``top`` best eligible candidates of every position (see the module docstring for the rules).

    ``block_cells`` bounds the position × candidate pairs held at once (about 6 bytes each, or 10 when the pool
    is so large that keys need int64).
    """
    _check(positions, candidates, top)
    family_map = family_map or {}
    n_pos, n = len(positions), len(candidates)
    denominator = positions.standard.sum(axis=1, dtype=np.int16)
    out = _empty_ranking(n_pos, top, denominator)
    if n_pos == 0 or n == 0:
        return _finish(out)
    top_num = N_COMPETENCIES * MAX_LEVEL  # the largest numerator
    excluded = (top_num + 1) * n  # the key of a pair that is not eligible (the incumbent)
    key_dtype = np.int32 if excluded < _INT32_KEYS_BELOW else np.int64
    # every candidate's place in (box descending, NIP ascending), 0 = best: the tie-break inside a key
    best_first = np.lexsort((candidates.nip, -candidates.box.astype(np.int16)))
    place = np.empty(n, key_dtype)
    place[best_first] = np.arange(n, dtype=key_dtype)
    # candidates by family: family -> their indices
    by_family = np.argsort(candidates.family, kind="stable")
    fams, starts = np.unique(candidates.family[by_family], return_index=True)
    ends = np.append(starts[1:], n)
    fam_slice = {int(f): by_family[s:e] for f, s, e in zip(fams, starts, ends, strict=True)}
    # effective rank bounds of the positions (0 = unbounded)
    lo = np.where(positions.rank_min > 0, positions.rank_min, np.iinfo(np.int16).min).astype(np.int32)
    hi = np.where(positions.rank_max > 0, positions.rank_max, np.iinfo(np.int16).max).astype(np.int32)
    scored = np.flatnonzero(denominator > 0)  # an all-zero standard has no score: no candidates
    if len(scored) == 0:
        return _finish(out)
    # positions grouped by (family, lower bound, upper bound): each group's eligible candidates are one slice
    scored = scored[np.lexsort((hi[scored], lo[scored], positions.family[scored]))]
    group_keys = np.stack([positions.family[scored], lo[scored], hi[scored]], axis=1)
    new_group = np.ones(len(scored), bool)
    new_group[1:] = np.any(group_keys[1:] != group_keys[:-1], axis=1)
    group_starts = np.flatnonzero(new_group)
    group_ends = np.append(group_starts[1:], len(scored))
    # work buffers, reused by every block (fresh arrays per block would cost a page fault per pair)
    cells = max(block_cells, n)  # at least one row of the widest slice
    num_buf, tmp_buf = np.empty(cells, np.uint8), np.empty(cells, np.uint8)
    key_buf = np.empty(cells, key_dtype)

    current_family = None
    for g0, g1 in zip(group_starts, group_ends, strict=True):
        rows = scored[g0:g1]
        fam = int(positions.family[rows[0]])
        if fam != current_family:  # the candidate set of this family, sorted by rank
            current_family = fam
            pool = [fam_slice[f] for f in sorted({fam} | set(family_map.get(fam, ()))) if f in fam_slice]
            cidx = np.concatenate(pool) if pool else np.empty(0, np.int64)
            cidx = cidx[np.argsort(candidates.rank[cidx], kind="stable")]
            crank = candidates.rank[cidx]
            clevels = np.ascontiguousarray(candidates.levels[cidx].T)  # 9 × M: one row per competency
            # a candidate's key is top_num × n + place - numerator × n: smaller is better, and it names the candidate
            cbase = top_num * n + place[cidx]
            cnip = candidates.nip[cidx]
            nip_order = np.argsort(cnip)
            nip_sorted = cnip[nip_order]
        c0 = int(np.searchsorted(crank, lo[rows[0]], side="left"))
        c1 = int(np.searchsorted(crank, hi[rows[0]], side="right"))
        width = c1 - c0
        if width <= 0:
            continue
        # the incumbent's column in the slice, if the incumbent is an eligible candidate; else -1
        inc = positions.incumbent[rows]
        at = np.minimum(np.searchsorted(nip_sorted, inc), len(nip_sorted) - 1)
        col = nip_order[at]
        inc_col = np.where((nip_sorted[at] == inc) & (inc != 0) & (col >= c0) & (col < c1), col - c0, -1)
        out["eligible"][rows] = width - (inc_col >= 0)
        k = min(top, width)
        if k == 0:
            continue
        standard = positions.standard[rows]
        window, base = clevels[:, c0:c1], cbase[c0:c1]
        block = max(1, cells // width)
        for b0 in range(0, len(rows), block):
            b = min(block, len(rows) - b0)
            num = num_buf[:b * width].reshape(b, width)
            key = key_buf[:b * width].reshape(b, width)
            tmp = tmp_buf[:b * width].reshape(b, width)
            need = standard[b0:b0 + b]
            np.minimum(need[:, :1], window[0], out=num)  # Σ_k min(level_k, standard_k), in uint8 (≤ 45)
            for c in range(1, N_COMPETENCIES):
                np.minimum(need[:, c:c + 1], window[c], out=tmp)
                np.add(num, tmp, out=num)
            key[...] = num
            np.multiply(key, -n, out=key)
            np.add(key, base, out=key)
            binc = inc_col[b0:b0 + b]
            has = np.flatnonzero(binc >= 0)
            key[has, binc[has]] = excluded
            if width > k:
                key.partition(k - 1, axis=1)
            best = np.sort(key[:, :k], axis=1)
            ok = best < excluded
            brows = rows[b0:b0 + b]
            out["index"][brows, :k] = np.where(ok, best_first[best % n], -1)
            out["numerator"][brows, :k] = np.where(ok, top_num - best // n, -1)
    return _finish(out)


def rank_successors_plain(positions: Positions, candidates: Candidates, *, top: int = 10,
                          family_map: Mapping[int, set[int]] | None = None) -> Ranking:
    """``rank_successors`` as a plain double loop over Python ints: the reference, slow (P × N)."""
    _check(positions, candidates, top)
    family_map = family_map or {}
    std, pfam = positions.standard.tolist(), positions.family.tolist()
    rmin, rmax, incumbent = positions.rank_min.tolist(), positions.rank_max.tolist(), positions.incumbent.tolist()
    levels, cfam = candidates.levels.tolist(), candidates.family.tolist()
    crank, box, nip = candidates.rank.tolist(), candidates.box.tolist(), candidates.nip.tolist()
    index, numerator, denominator, eligible = [], [], [], []
    for p in range(len(std)):
        standard = std[p]
        den = sum(standard)
        allowed = {pfam[p]} | set(family_map.get(pfam[p], ()))
        found = []
        if den > 0:
            for c in range(len(levels)):
                if cfam[c] not in allowed:
                    continue
                if (rmin[p] and crank[c] < rmin[p]) or (rmax[p] and crank[c] > rmax[p]):
                    continue
                if incumbent[p] and nip[c] == incumbent[p]:
                    continue
                num = 0
                for have, need in zip(levels[c], standard, strict=True):
                    num += have if have < need else need
                found.append((-num, -box[c], nip[c], c))
        found.sort()
        best = found[:top]
        index.append([c for *_, c in best] + [-1] * (top - len(best)))
        numerator.append([-neg for neg, *_ in best] + [-1] * (top - len(best)))
        denominator.append(den)
        eligible.append(len(found))
    return _finish({"index": np.array(index, np.int64).reshape(len(std), top),
                    "numerator": np.array(numerator, np.int16).reshape(len(std), top),
                    "denominator": np.array(denominator, np.int16), "eligible": np.array(eligible, np.int32)})


def readiness(score, rules: Mapping[str, float] = READINESS, otherwise: str = READINESS_OTHERWISE) -> np.ndarray:
    """The readiness label of each score: the label of the highest threshold it reaches, else ``otherwise``;
    "" where there is no score (NaN padding)."""
    s = np.asarray(score, dtype=np.float64)
    width = max([len(otherwise), *map(len, rules)])
    out = np.full(s.shape, otherwise, dtype=f"<U{width}")
    for label, threshold in sorted(rules.items(), key=lambda kv: kv[1]):  # higher thresholds overwrite
        out[s >= threshold] = label
    out[np.isnan(s)] = ""
    return out


def ready_now_counts(score: np.ndarray, rules: Mapping[str, float] = READINESS, label: str = READY_NOW) -> np.ndarray:
    """Per position (row of ``Ranking.score``), how many of its listed successors are ready now."""
    return np.count_nonzero(np.asarray(score) >= rules[label], axis=1).astype(np.int32)


def bench_strength(ready_now: np.ndarray, incumbent_retires_within_2y: np.ndarray,
                   required: Mapping[bool, int] = BENCH_REQUIRED) -> np.ndarray:
    """Per position: "kritis" (the incumbent retires within 2 years and no successor is ready now), "rawan"
    (fewer successors ready now than ``required`` for the position's case), else "aman". [M] rules."""
    ready = np.asarray(ready_now)
    retires = np.asarray(incumbent_retires_within_2y, dtype=bool)
    need = np.where(retires, required[True], required[False])
    out = np.full(ready.shape, "aman", dtype="<U6")
    out[ready < need] = "rawan"
    out[retires & (ready == 0)] = "kritis"
    return out


@dataclass(frozen=True)
class SuccessionRules:
    """``talent.suksesi`` read: readiness thresholds, successors ready now required (normal, incumbent retiring
    soon) and how many years ahead "retiring soon" looks."""

    readiness: dict[str, float]
    required: dict[bool, int]
    horizon_years: int


def validate_rules(data) -> None:
    """Raises ``ValueError`` with a clear message when ``data`` is not a valid ``talent.suksesi`` rule set."""
    if not isinstance(data, Mapping):
        raise ValueError("aturan suksesi harus berupa objek")
    ready = data.get("kesiapan")
    if not isinstance(ready, Mapping) or set(ready) != set(READINESS):
        raise ValueError(f"kesiapan harus memuat tepat {', '.join(sorted(READINESS))}")
    for label, value in ready.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ValueError(f"kesiapan.{label} harus angka di atas 0 sampai 1")
    if ready[READY_NOW] < max(ready.values()):
        raise ValueError(f"kesiapan.{READY_NOW} harus ambang tertinggi")
    need = data.get("siap_sekarang_minimal")
    if not isinstance(need, Mapping) or set(need) != {"biasa", "pensiun_dekat"}:
        raise ValueError("siap_sekarang_minimal harus memuat tepat biasa dan pensiun_dekat")
    for key, value in need.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise ValueError(f"siap_sekarang_minimal.{key} harus bilangan bulat 1–10")
    years = data.get("pensiun_dekat_tahun")
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 10:
        raise ValueError("pensiun_dekat_tahun harus bilangan bulat 1–10")


def succession_rules(data) -> SuccessionRules:
    validate_rules(data)
    return SuccessionRules(readiness={k: float(v) for k, v in data["kesiapan"].items()},
                           required={False: int(data["siap_sekarang_minimal"]["biasa"]),
                                     True: int(data["siap_sekarang_minimal"]["pensiun_dekat"])},
                           horizon_years=int(data["pensiun_dekat_tahun"]))

