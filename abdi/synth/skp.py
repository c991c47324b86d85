"""``skp.csv``: SKP ratings of the reference year (CONTRACTS §3), vectorised and chunked.

Eligible: everyone AKTIF on 31 December of ``year`` whose TMT CPNS is on or before 1 January of ``year``
(employed through the whole year). Each eligible person gets one ``TAHUNAN`` row, except a share not yet
rated (``calibration.SKP_UNRATED``); a deterministic subset (``SKP_MONTHLY``) also gets monthly rows
``B01``–``B12``. Ratings are drawn per row from the cell shares of ``calibration.SKP_CELLS``, tilted per
agency (a log-normal factor on the Sangat Baik cell and its inverse on the cells below expectations, the
Baik cell taking up the difference). Every draw comes from random streams of ``(seed, chunk)`` and
``(seed, agency tilt)`` only, so the same ``(employees, seed, year)`` give the same bytes.
"""

from __future__ import annotations

from typing import BinaryIO

import numpy as np
import pyarrow as pa

from . import calibration as cb
from . import csvout as co

COLUMNS = ("nip", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja")
PERIODS = ("TAHUNAN",) + tuple(f"B{m:02d}" for m in range(1, 13))
TILT_STREAM = 3000
CHUNK_STREAM = 3001  # + chunk number × 1 (streams 3001…)

_HASIL = np.array([cb.SKP_RATINGS.index(h) for (h, _p), _s in cb.SKP_CELLS], np.int64)
_PERILAKU = np.array([cb.SKP_RATINGS.index(p) for (_h, p), _s in cb.SKP_CELLS], np.int64)
_SHARES = np.array([s for _c, s in cb.SKP_CELLS], float)
_TOP = (_HASIL == 0) & (_PERILAKU == 0)
_LOW = (_HASIL == 2) | (_PERILAKU == 2)
_BASE = (_HASIL == 1) & (_PERILAKU == 1)


def agency_tables(seed: int, n_inst: int) -> np.ndarray:
    """Cumulative cell probabilities per agency, shape ``(n_inst, cells)``."""
    rng = np.random.default_rng([seed, TILT_STREAM])
    s = cb.SKP_TILT_SIGMA
    tilt = np.exp(rng.normal(0.0, s, n_inst) - s * s / 2)  # mean 1
    p = np.tile(_SHARES, (n_inst, 1))
    p[:, _TOP] *= tilt[:, None]
    p[:, _LOW] /= tilt[:, None]
    rest = 1.0 - p[:, ~_BASE].sum(axis=1)
    p[:, _BASE] = rest[:, None]
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    return cum


def eligible(kedudukan: np.ndarray, tmt_cpns: np.ndarray, cutoff_days: int, aktif: int) -> np.ndarray:
    """Who has an SKP of the year: active civil servants who started by ``cutoff_days`` (1 July: someone who
    served half the year is assessed for it; an assumption, as are the shares)."""
    return (kedudukan == aktif) & (tmt_cpns <= cutoff_days)


def write_chunk(fh: BinaryIO, rng: np.random.Generator, nip: np.ndarray, inst: np.ndarray, ok: np.ndarray,
                cum: np.ndarray, year: int) -> int:
    """The rows of one chunk of people (``nip`` S18, ``inst`` agency index, ``ok`` eligible)."""
    m = len(nip)
    if not m:
        return 0
    annual = ok & (rng.random(m) >= cb.SKP_UNRATED)
    monthly = ok & (rng.random(m) < cb.SKP_MONTHLY)
    counts = annual.astype(np.int64) + 12 * monthly
    total = int(counts.sum())
    if not total:
        return 0
    who = np.repeat(np.arange(m), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(total) - np.repeat(starts, counts)  # position within the person's rows
    period = pos + (1 - annual[who])  # 0 TAHUNAN, k B{k:02d}
    u = rng.random(total)
    table = cum[inst[who]]
    cell = (u[:, None] >= table[:, :-1]).sum(axis=1)
    cols = [
        pa.array(nip[who]).cast(pa.string()),
        pa.array(np.full(total, year, np.int64)),
        co.labels(PERIODS, period),
        co.labels(cb.SKP_RATINGS, _HASIL[cell]),
        co.labels(cb.SKP_RATINGS, _PERILAKU[cell]),
    ]
    return co.write_rows(fh, cols)
