"""``standar_kompetensi.csv`` and ``asesmen.csv`` (CONTRACTS §3, DOMAIN §3), vectorised and chunked.

* Standards: every FUNGSIONAL position of the catalogue gets nine rows (functional levels have no default
  standard), at ``calibration.FUNCTIONAL_STANDARD`` of its jenjang; a share of STRUKTURAL positions
  (``STRUCTURAL_EXPLICIT``) gets explicit rows at the default of its level (``rules.DEFAULT_STANDARD``). Each
  position with rows has one or two competencies moved by ±1 (towards the inside at level 1 or 5, so the rows
  always differ from the plain level value). Every other position uses the default of its level.
* Assessments: active civil servants are assessed with the probability of their jenjang
  (``ASESMEN_SHARE``), on a date within the ``ASESMEN_YEARS`` years up to 31 December of the year and not
  before their TMT CPNS; a share (``ASESMEN_REPEAT``) also has an older one, 180–900 days earlier (less for recent
  recruits, none for those with under 180 days). Each
  assessment first draws its JPM mapping category (``JPM_CATEGORY_SHARES``, tilted so that people whose
  standard makes a category impossible do not lower the overall share), then a total score inside that band
  of the person's position standard, then spreads the total over the nine competencies in proportion to the
  standard (levels 1–5).

Every draw comes from the random streams ``(seed, STANDAR_STREAM)`` and ``(seed, ASESMEN_STREAM, chunk)`` only,
separate from every other file's, so the other files stay byte-identical and the same ``(employees, seed,
year)`` give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from abdi.competency.rules import COMPETENCIES, DEFAULT_STANDARD

from . import calibration as cb
from . import catalog as ct
from . import csvout as co

STANDAR_COLUMNS = ("jabatan_id", "kompetensi", "level")
ASESMEN_COLUMNS = ("nip", "tanggal") + COMPETENCIES
STANDAR_STREAM = 5000
ASESMEN_STREAM = 5001  # chunk k draws from the stream (seed, ASESMEN_STREAM, k)
K = len(COMPETENCIES)
LEVEL_LABELS = ("1", "2", "3", "4", "5")
KO, CO, OPT = 0, 1, 2  # JPM mapping categories, lowest first


@dataclass
class Standards:
    level: np.ndarray  # (positions, 9) int64: every position's standard (its rows, or its level's default)
    explicit: np.ndarray  # bool per position: written to standar_kompetensi.csv
    lowest: np.ndarray  # per position: the lowest JPM category a score can reach (KO, CO or OPT)


def build_standards(seed: int, cat: ct.Catalog) -> Standards:
    rng = np.random.default_rng([seed, STANDAR_STREAM])
    n = len(cat)
    codes = [ct.JENJANG_CODES[j] for j in cat.jenjang.tolist()]
    jenis = np.array(cat.jenis)
    func = jenis == "FUNGSIONAL"
    base = np.array([cb.FUNCTIONAL_STANDARD[c] if f else DEFAULT_STANDARD.get(c, 1)
                     for c, f in zip(codes, func.tolist(), strict=True)], np.int64)
    struct = np.flatnonzero(jenis == "STRUKTURAL")
    chosen = rng.choice(struct, int(np.ceil(cb.STRUCTURAL_EXPLICIT * len(struct))), replace=False) \
        if len(struct) else np.zeros(0, np.int64)
    explicit = func.copy()
    explicit[chosen] = True
    n_var = rng.choice(np.array(cb.STANDARD_VARIED), n)
    which = np.argsort(rng.random((n, K)), axis=1)  # a random order of the competencies per position
    sign = np.where(rng.random((n, K)) < 0.5, -1, 1)
    sign = np.where(base[:, None] >= 5, -1, np.where(base[:, None] <= 1, 1, sign))
    level = np.repeat(base[:, None], K, axis=1)
    for j in range(max(cb.STANDARD_VARIED)):
        rows = np.flatnonzero(explicit & (n_var > j))
        level[rows, which[rows, j]] += sign[rows, j]
    level = np.clip(level, 1, 5)
    lo_ko, hi_ko, lo_co, hi_co, _lo, _hi = _bands(level.sum(axis=1))
    lowest = np.where(lo_ko <= hi_ko, KO, np.where(lo_co <= hi_co, CO, OPT))
    return Standards(level=level, explicit=explicit, lowest=lowest)


def _bands(total: np.ndarray) -> tuple[np.ndarray, ...]:
    """Integer score ranges (lo, hi) of each category for standard totals ``total`` (exact integer arithmetic:
    Optimal ≥ 90 %, Cukup Optimal ≥ 78 %, within what nine levels 1–5 can reach)."""
    t = np.asarray(total, np.int64)
    s_opt = (9 * t + 9) // 10  # ceil(0.9 t)
    s_co = (78 * t + 99) // 100  # ceil(0.78 t)
    lo_ko = np.maximum(K, np.floor(cb.JPM_RANGE[0] * t).astype(np.int64))
    hi_ko = s_co - 1
    lo_co, hi_co = np.maximum(K, s_co), s_opt - 1
    lo_o = np.maximum(K, s_opt)
    hi_o = np.maximum(lo_o, np.minimum(5 * K, np.floor(cb.JPM_RANGE[1] * t).astype(np.int64)))
    return lo_ko, hi_ko, lo_co, hi_co, lo_o, hi_o


def write_standards(fh: BinaryIO, cat: ct.Catalog, std: Standards) -> int:
    rows = np.flatnonzero(std.explicit)
    ids = pa.array(cat.ids, pa.string()).take(pa.array(np.repeat(rows, K)))
    cols = [ids, co.labels(COMPETENCIES, np.tile(np.arange(K), len(rows))),
            co.labels(LEVEL_LABELS, std.level[rows].ravel() - 1)]
    return co.write_table(fh, STANDAR_COLUMNS, cols)


def assess_share(cat: ct.Catalog) -> np.ndarray:
    """The probability of being assessed, per position."""
    return np.array([cb.ASESMEN_SHARE[ct.JENJANG_CODES[j]] for j in cat.jenjang.tolist()])


def category_thresholds(std: Standards, weight: np.ndarray) -> tuple[float, float]:
    """(k, c): a uniform draw below k is Kurang Optimal, below k + c Cukup Optimal, else Optimal, for people
    whose standard allows every category; where it does not, the draw moves up to the lowest reachable one.
    ``weight``: the expected number of assessed people per position. k and c make the overall expected shares
    those of ``calibration.JPM_CATEGORY_SHARES``."""
    t_ko, t_co = cb.JPM_CATEGORY_SHARES["KURANG_OPTIMAL"], cb.JPM_CATEGORY_SHARES["CUKUP_OPTIMAL"]
    w = float(weight.sum())
    w_all = float(weight[std.lowest == KO].sum())
    w_co = float(weight[std.lowest == CO].sum())
    if w <= 0 or w_all <= 0:
        return t_ko, t_co
    k = min(0.6, t_ko * w / w_all)
    c = max(0.0, min(0.95 - k, (t_co * w - k * w_co) / (w_all + w_co)))
    return k, c


def days(y: int, m: int, d: int) -> int:
    return int((np.datetime64(f"{y:04d}-{m:02d}-{d:02d}") - np.datetime64("1970-01-01")).astype(np.int64))


def scores(rng: np.random.Generator, standard: np.ndarray, lowest: np.ndarray, k: float, c: float) -> np.ndarray:
    """Levels (rows, 9) for assessments against ``standard`` (rows, 9)."""
    n = len(standard)
    total = standard.sum(axis=1)
    u = rng.random(n)
    cat = np.maximum(np.where(u < k, KO, np.where(u < k + c, CO, OPT)), lowest)
    lo_ko, hi_ko, lo_co, hi_co, lo_o, hi_o = _bands(total)
    lo = np.choose(cat, (lo_ko, lo_co, lo_o))
    hi = np.maximum(lo, np.choose(cat, (hi_ko, hi_co, hi_o)))
    target = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    x = standard * (target / total)[:, None] + rng.uniform(-0.35, 0.35, (n, K))
    level = np.clip(np.floor(x).astype(np.int64), 1, 5)
    frac = x - np.floor(x)
    idx = np.broadcast_to(np.arange(K), (n, K))
    for _ in range(3):
        rest = target - level.sum(axis=1)
        if not rest.any():
            break
        up = rest > 0
        room = np.where(up[:, None], level < 5, level > 1)
        key = np.where(room, np.where(up[:, None], -frac, frac), np.inf)  # the likeliest to move first
        rank = np.empty((n, K), np.int64)
        np.put_along_axis(rank, np.argsort(key, axis=1, kind="stable"), idx, axis=1)
        move = room & (rank < np.abs(rest)[:, None])
        level += np.where(move, np.where(up, 1, -1)[:, None], 0)
    return level


def write_chunk(fh: BinaryIO, rng: np.random.Generator, nip: np.ndarray, jab: np.ndarray, ok: np.ndarray,
                tmt_cpns: np.ndarray, p_jab: np.ndarray, std: Standards, kc: tuple[float, float],
                year: int) -> int:
    """The rows of one chunk of people (``ok``: active; ``jab`` catalog index; ``tmt_cpns`` days)."""
    m = len(nip)
    if not m:
        return 0
    end = days(year, 12, 31)
    first = days(year - cb.ASESMEN_YEARS, 12, 31) + 1
    lo = np.maximum(first, tmt_cpns.astype(np.int64))
    assessed = ok & (lo <= end) & (rng.random(m) < p_jab[jab])
    gap = np.minimum(rng.integers(cb.ASESMEN_GAP_DAYS[0], cb.ASESMEN_GAP_DAYS[1] + 1, m), end - lo)
    can = assessed & (gap >= cb.ASESMEN_GAP_DAYS[0])
    p_repeat = min(1.0, cb.ASESMEN_REPEAT * int(assessed.sum()) / max(int(can.sum()), 1))  # of all assessed
    repeat = can & (rng.random(m) < p_repeat)
    start = lo + np.where(repeat, gap, 0)
    latest = start + np.floor(rng.random(m) * (end - start + 1)).astype(np.int64)
    counts = assessed.astype(np.int64) + repeat
    total = int(counts.sum())
    if not total:
        return 0
    who = np.repeat(np.arange(m), counts)
    starts = np.cumsum(counts) - counts
    is_latest = (np.arange(total) - np.repeat(starts, counts)) == counts[who] - 1  # the older row first
    tanggal = np.where(is_latest, latest[who], latest[who] - gap[who])
    job = jab[who]
    level = scores(rng, std.level[job], std.lowest[job], *kc)
    cols = [pa.array(nip[who]).cast(pa.string()), co.dates(tanggal)]
    cols += [co.labels(LEVEL_LABELS, level[:, i] - 1) for i in range(K)]
    return co.write_rows(fh, cols)
