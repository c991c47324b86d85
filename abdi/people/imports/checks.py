"""Vectorised column checks for dataset files (pure: pyarrow and numpy, no Django).

Every check marks rows with the index of the failing column and a reason; a row keeps the failure of its
first failing column in the file's column order (CONTRACTS §4: "naming the first failing column").
The reasons are the rows of the README's rejection table.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Reasons (README "What a load rejects").
R_REQUIRED = "wajib diisi"
R_TOO_LONG = "terlalu panjang (maksimum {n} karakter)"
R_CODE = "kode tidak dikenal (yang diterima: {codes})"
R_DATE = "bukan tanggal yang benar (format YYYY-MM-DD)"
R_DATE_DMY = "bukan tanggal yang benar (format YYYY-MM-DD atau DD-MM-YYYY)"
R_DATE_IMPOSSIBLE = "tanggal mustahil: {why}"
R_INT = "harus bilangan bulat {lo}–{hi}"
R_UTF8 = "bukan teks UTF-8 yang sah"
R_FIELDS = "jumlah kolom baris {got}, seharusnya {want}"
R_MISSING_COLUMN = "kolom wajib '{col}' tidak ada di header{hint}"
R_UNKNOWN_REF = "{what} '{value}' tidak dikenal"
R_DUPLICATE = "duplikat: kunci yang sama sudah ada di baris {line}"
R_NIP_BIRTH = "tanggal lahir dalam NIP ({nip_date}) tidak sama dengan tgl_lahir"
R_NIP_GENDER = "digit jenis kelamin NIP tidak sama dengan jenis_kelamin"
R_MISMATCH = "{why}"

MIN_YEAR = 1900
FORMULA_PREFIXES = ("=", "+", "-", "@")


class RowErrors:
    """First failing column per row, with its reason and offending value."""

    def __init__(self, n: int, columns: list[str]):
        self.columns = columns
        self.index = {c: i for i, c in enumerate(columns)}
        self.col = np.full(n, len(columns) + 1, dtype=np.int32)  # sentinel: no error
        self.reason = np.empty(n, dtype=object)

    def mark(self, mask: np.ndarray, column: str, reason: str | np.ndarray) -> None:
        ci = self.index.get(column, len(self.columns))
        hit = np.asarray(mask, dtype=bool) & (ci < self.col)
        if not hit.any():
            return
        self.col[hit] = ci
        self.reason[hit] = reason[hit] if isinstance(reason, np.ndarray) else reason

    @property
    def rejected(self) -> np.ndarray:
        return self.col <= len(self.columns)

    def column_name(self, i: int) -> str:
        c = int(self.col[i])
        return self.columns[c] if c < len(self.columns) else ""


def strip_formula_escape(arr: pa.Array) -> pa.Array:
    """Undo the export's formula escape: a leading ``'`` before ``= + - @`` is removed."""
    starts = pc.match_substring_regex(arr, r"^'[=+\-@]")
    if not pc.any(starts).as_py():
        return arr
    return pc.if_else(starts, pc.utf8_slice_codeunits(arr, 1), arr)


def to_numpy_str(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def blank(arr: pa.Array) -> np.ndarray:
    return pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(arr)), 0).to_numpy(zero_copy_only=False)


def check_required(err: RowErrors, name: str, arr: pa.Array) -> np.ndarray:
    missing = blank(arr)
    err.mark(missing, name, R_REQUIRED)
    return missing


def check_length(err: RowErrors, name: str, arr: pa.Array, limit: int) -> None:
    too_long = pc.greater(pc.utf8_length(arr), limit).to_numpy(zero_copy_only=False)
    err.mark(too_long, name, R_TOO_LONG.format(n=limit))


def check_code(err: RowErrors, name: str, arr: pa.Array, codes: tuple[str, ...] | list[str],
               *, required: bool = True) -> np.ndarray:
    present = ~blank(arr)
    known = pc.is_in(arr, value_set=pa.array(list(codes), pa.string())).to_numpy(zero_copy_only=False)
    shown = ", ".join(codes) if len(codes) <= 20 else ", ".join(codes[:20]) + ", …"
    err.mark(present & ~known, name, R_CODE.format(codes=shown))
    if required:
        err.mark(~present, name, R_REQUIRED)
    return present & known


_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _leap(year: np.ndarray) -> np.ndarray:
    return ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)


def parse_dates(arr: pa.Array, *, dmy_allowed: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``YYYY-MM-DD`` (and ``DD-MM-YYYY`` when allowed) strictly.

    Returns ``(dates datetime64[D] with NaT where not a real date, present mask)``.
    """
    trimmed = pc.utf8_trim_whitespace(arr)
    present = ~pc.equal(pc.utf8_length(trimmed), 0).to_numpy(zero_copy_only=False)
    n = len(arr)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    iso = pc.match_substring_regex(trimmed, r"^\d{4}-\d{2}-\d{2}$").to_numpy(zero_copy_only=False)
    dmy = (pc.match_substring_regex(trimmed, r"^\d{2}[-/]\d{2}[-/]\d{4}$").to_numpy(zero_copy_only=False)
           if dmy_allowed else np.zeros(n, dtype=bool))
    values = trimmed.to_numpy(zero_copy_only=False)
    for mask, ys, ms, ds in ((iso, 0, 5, 8), (dmy, 6, 3, 0)):
        idx = np.flatnonzero(mask)
        if not len(idx):
            continue
        sub = np.asarray(values[idx], dtype="U10")
        b = sub.view(np.uint32).reshape(len(idx), 10) - ord("0")

        def num(start: int, width: int, b=b) -> np.ndarray:
            acc = np.zeros(len(b), dtype=np.int64)
            for k in range(width):
                acc = acc * 10 + b[:, start + k]
            return acc

        y, m, d = num(ys, 4), num(ms, 2), num(ds, 2)
        ok = (m >= 1) & (m <= 12) & (d >= 1)
        mi = np.clip(m - 1, 0, 11)
        dim = _DAYS[mi] + ((mi == 1) & _leap(y))
        ok &= d <= dim
        good = idx[ok]
        out[good] = (
            (y[ok] - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m[ok] - 1)
        ).astype("datetime64[D]") + (d[ok] - 1)
    return out, present


def check_date(err: RowErrors, name: str, arr: pa.Array, today: dt.date, *, required: bool = True,
               dmy_allowed: bool = False, not_future: bool = False) -> np.ndarray:
    dates, present = parse_dates(arr, dmy_allowed=dmy_allowed)
    bad = present & np.isnat(dates)
    err.mark(bad, name, R_DATE_DMY if dmy_allowed else R_DATE)
    if required:
        err.mark(~present, name, R_REQUIRED)
    ok = ~np.isnat(dates)
    too_old = ok & (dates < np.datetime64(f"{MIN_YEAR}-01-01"))
    err.mark(too_old, name, R_DATE_IMPOSSIBLE.format(why=f"sebelum tahun {MIN_YEAR}"))
    if not_future:
        future = ok & (dates > np.datetime64(today))
        err.mark(future, name, R_DATE_IMPOSSIBLE.format(why="setelah hari ini"))
    return dates


def check_int(err: RowErrors, name: str, arr: pa.Array, lo: int, hi: int, *, required: bool = True) -> np.ndarray:
    trimmed = pc.utf8_trim_whitespace(arr)
    present = ~blank(trimmed)
    digits = pc.match_substring_regex(trimmed, r"^\d{1,6}$").to_numpy(zero_copy_only=False)
    values = np.zeros(len(arr), dtype=np.int64)
    if digits.any():
        values[digits] = np.asarray(trimmed.filter(pa.array(digits)).to_numpy(zero_copy_only=False)).astype(np.int64)
    ok = digits & (values >= lo) & (values <= hi)
    err.mark(present & ~ok, name, R_INT.format(lo=lo, hi=hi))
    if required:
        err.mark(~present, name, R_REQUIRED)
    return np.where(ok, values, 0)


def check_refs(err: RowErrors, name: str, arr: pa.Array, known: pa.Array, what: str,
               *, required: bool = True) -> np.ndarray:
    present = ~blank(arr)
    found = pc.is_in(arr, value_set=known).to_numpy(zero_copy_only=False) if len(known) else np.zeros(len(arr), bool)
    _mark_unknown(err, name, present & ~found, lambda: to_numpy_str(arr), what, required, present)
    return present & found


def _mark_unknown(err: RowErrors, name: str, missing: np.ndarray, values, what: str, required: bool,
                  present: np.ndarray) -> None:
    """Reject rows whose reference is absent (naming the value), and empty required references."""
    if missing.any():
        shown = values()
        reasons = np.empty(len(missing), dtype=object)
        for i in np.flatnonzero(missing):
            reasons[i] = R_UNKNOWN_REF.format(what=what, value=shown[i][:60])
        err.mark(missing, name, reasons)
    if required:
        err.mark(~present, name, R_REQUIRED)


def check_refs_indexed(err: RowErrors, name: str, arr: pa.Array, index: dict[str, int], what: str,
                       *, required: bool = True) -> np.ndarray:
    """Like ``check_refs`` for a large key set (hundreds of thousands of units): ``index`` maps each key to
    its position and is built once per load, where ``pc.is_in`` would hash the whole set for every batch.
    Returns each row's position in the key set, -1 where absent."""
    values = arr.to_pylist()
    pos = np.fromiter((index.get(v, -1) for v in values), dtype=np.int64, count=len(values))
    present = ~blank(arr)
    _mark_unknown(err, name, present & (pos < 0), lambda: values, what, required, present)
    return np.where(present, pos, -1)


def years_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole years from ``start`` to ``end`` (datetime64[D]); NaT gives -1."""
    sy = start.astype("datetime64[Y]").astype(np.int64)
    ey = end.astype("datetime64[Y]").astype(np.int64)
    s_md = start - start.astype("datetime64[Y]").astype("datetime64[D]")
    e_md = end - end.astype("datetime64[Y]").astype("datetime64[D]")
    years = ey - sy - (e_md < s_md)
    return np.where(np.isnat(start) | np.isnat(end), -1, years)


class NipDeduper:
    """First occurrence of each key across all batches of a file, in bounded memory (8 bytes per NIP).

    18-digit keys are kept as a sorted int64 array with the line of their first occurrence; anything else
    (always an invalid NIP, and rare) in a dict. ``check(keys, lines)`` returns, per row, the line of an
    earlier occurrence or 0, and remembers the rows' keys.
    """

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.lines = np.zeros(0, dtype=np.int64)
        self.other: dict[str, int] = {}

    def check(self, keys: pa.Array, lines: np.ndarray) -> np.ndarray:
        n = len(keys)
        earlier = np.zeros(n, dtype=np.int64)
        digits = pc.match_substring_regex(keys, r"^\d{18}$").to_numpy(zero_copy_only=False)
        if (~digits).any():
            values = to_numpy_str(keys)
            for i in np.flatnonzero(~digits):
                k = values[i]
                if not k:
                    continue
                if k in self.other:
                    earlier[i] = self.other[k]
                else:
                    self.other[k] = int(lines[i])
        idx = np.flatnonzero(digits)
        if not len(idx):
            return earlier
        k = pc.cast(keys.filter(pa.array(digits)), pa.int64()).to_numpy()
        ln = lines[idx]
        order = np.argsort(k, kind="stable")  # stable: the first line of equal keys comes first
        ks, ls, ids = k[order], ln[order], idx[order]
        first_in_batch = np.ones(len(ks), dtype=bool)
        first_in_batch[1:] = ks[1:] != ks[:-1]
        group_start = np.maximum.accumulate(np.where(first_in_batch, np.arange(len(ks)), 0))
        earlier[ids[~first_in_batch]] = ls[group_start[~first_in_batch]]
        pos = np.searchsorted(self.keys, ks)
        seen = (pos < len(self.keys)) & (self.keys[np.minimum(pos, len(self.keys) - 1)] == ks) if len(self.keys) \
            else np.zeros(len(ks), dtype=bool)
        earlier[ids[seen]] = self.lines[pos[seen]]
        new = first_in_batch & ~seen
        self.keys = np.insert(self.keys, pos[new], ks[new])
        self.lines = np.insert(self.lines, pos[new], ls[new])
        return earlier
