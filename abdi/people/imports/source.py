"""Reading a CSV file of a dataset as typed-less string batches with physical line numbers.

Pure module (pyarrow, no Django). The fast path streams with pyarrow's multi-threaded reader; a file with a
malformed row (wrong number of fields) is read again with Python's csv module, which knows every row's line.
Either way the caller gets ``Batch(columns: dict[name, pa.StringArray], lines: np.ndarray[int64])`` in file
order, memory bounded by the block size.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BOM = codecs.BOM_UTF8
BLOCK_SIZE = 16 << 20  # ~75 000 roster rows a batch: few, large vectorised steps; bounded memory
SLOW_BATCH_ROWS = 50_000


def normalize_header(name: str) -> str:
    """``Nip Baru``, ``NIP_BARU`` and ``nip-baru`` are the same column: ``nip_baru``."""
    name = name.strip().strip('"').strip().lower()
    return re.sub(r"[\s\-./]+", "_", name)


@dataclass
class Issue:
    """A problem of a row (rejection) or a file/row note (warning)."""

    line: int
    column: str
    value: str
    reason: str


@dataclass
class FileInfo:
    delimiter: str = ","
    had_bom: bool = False
    empty: bool = False
    header: list[str] = field(default_factory=list)  # normalized
    raw_header: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class Batch:
    columns: dict[str, pa.Array]  # normalized name -> string array (never null; '' when empty)
    lines: np.ndarray
    bad_utf8: np.ndarray | None = None  # bool per row: some field was not UTF-8 (value blanked)
    bad_utf8_column: list[str] | None = None

    @property
    def num_rows(self) -> int:
        return len(self.lines)


class MalformedRows(Exception):
    pass


def sniff(path: Path) -> FileInfo:
    """Header, delimiter and BOM of ``path``, with warnings for the accepted deviations."""
    info = FileInfo()
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if not head.strip(b"\r\n\t " + BOM):
        info.empty = True
        return info
    if head.startswith(BOM):
        info.had_bom = True
        head = head[len(BOM):]
        info.warnings.append(Issue(1, "", "", "berkas diawali BOM UTF-8; diterima"))
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", errors="replace")
    if first_line.count(";") > first_line.count(","):
        info.delimiter = ";"
        info.warnings.append(Issue(1, "", "", "pemisah kolom ';' (bukan ','); diterima"))
    elif first_line.count("\t") > first_line.count(","):
        info.delimiter = "\t"
        info.warnings.append(Issue(1, "", "", "pemisah kolom tab (bukan ','); diterima"))
    raw = next(csv.reader([first_line], delimiter=info.delimiter))
    info.raw_header = raw
    seen: dict[str, int] = {}
    header = []
    for name in raw:
        norm = normalize_header(name)
        if norm in seen:
            info.warnings.append(Issue(1, norm, name, f"kolom '{name}' muncul dua kali; yang kedua diabaikan"))
            seen[norm] += 1
            norm = f"{norm}__dup{seen[norm]}"
        else:
            seen[norm] = 1
        header.append(norm)
    info.header = header
    return info


def suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f" (mungkin maksudnya '{close[0]}'?)" if close else ""


def _clean_utf8(arr: pa.Array) -> tuple[pa.Array, np.ndarray | None]:
    """Return a valid string array and a mask of rows whose bytes were not UTF-8 (blanked)."""
    try:
        return pc.cast(arr.view(pa.binary()), pa.string()), None
    except pa.ArrowInvalid:
        values = arr.view(pa.binary()).to_pylist()
        bad = np.zeros(len(values), dtype=bool)
        out = []
        for i, v in enumerate(values):
            try:
                out.append(v.decode("utf-8") if v is not None else "")
            except UnicodeDecodeError:
                bad[i] = True
                out.append("")
        return pa.array(out, pa.string()), bad


def _finish_batch(names: list[str], arrays: list[pa.Array], lines: np.ndarray) -> Batch:
    columns: dict[str, pa.Array] = {}
    bad_any = None
    bad_cols: list[str] = [""] * len(lines)
    for name, arr in zip(names, arrays, strict=True):
        arr, bad = _clean_utf8(arr)
        if arr.null_count:
            arr = pc.fill_null(arr, "")
        columns[name] = arr
        if bad is not None:
            bad_any = bad if bad_any is None else (bad_any | bad)
            for i in np.flatnonzero(bad):
                if not bad_cols[i]:
                    bad_cols[i] = name
    return Batch(columns, lines, bad_any, bad_cols if bad_any is not None else None)


def _newline_counts(arrays: list[pa.Array], n: int) -> np.ndarray:
    total = np.zeros(n, dtype=np.int64)
    for arr in arrays:
        counts = pc.count_substring(arr.view(pa.binary()), "\n")
        total += counts.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return total


def read_batches(path: Path, info: FileInfo, *, slow: bool = False) -> Iterator[Batch]:
    """Yield the data rows of ``path`` in order.

    The fast path raises ``MalformedRows`` at the first row with the wrong number of fields, possibly after
    some batches were yielded: the caller discards what it staged and reads again with ``slow=True``, whose
    batches carry a ``__field_count__`` column telling how many fields each row had.
    """
    return _read_slow(path, info) if slow else _read_fast(path, info)


def _read_fast(path: Path, info: FileInfo) -> Iterator[Batch]:
    names = info.header
    try:
        yield from _read_fast_inner(path, info, names)
    except pa.ArrowInvalid as exc:
        if "CSV parse error" in str(exc):
            raise MalformedRows(str(exc)) from exc
        raise


def _read_fast_inner(path: Path, info: FileInfo, names: list[str]) -> Iterator[Batch]:
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=BLOCK_SIZE, column_names=names, skip_rows=1,
                                       use_threads=True),
        parse_options=pacsv.ParseOptions(delimiter=info.delimiter, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, check_utf8=False,
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    next_line = 2
    for rb in reader:
        if rb.num_rows == 0:
            continue
        arrays = [rb.column(i) for i in range(rb.num_columns)]
        nl = _newline_counts(arrays, rb.num_rows)
        # physical line of row i = next_line + i + newlines inside earlier rows of the batch
        lines = next_line + np.arange(rb.num_rows, dtype=np.int64) + np.concatenate(([0], np.cumsum(nl)[:-1]))
        next_line = int(lines[-1] + nl[-1] + 1)
        yield _finish_batch(names, arrays, lines)


def _read_slow(path: Path, info: FileInfo) -> Iterator[Batch]:
    names = info.header
    width = len(names)
    with path.open("rb") as raw:
        if info.had_bom:
            raw.read(len(BOM))
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.reader(text, delimiter=info.delimiter)
        next(reader, None)
        rows: list[list[str]] = []
        lines: list[int] = []
        counts: list[int] = []
        start = reader.line_num + 1
        for row in reader:
            if not row:
                start = reader.line_num + 1
                continue
            counts.append(len(row))
            row = (row + [""] * width)[:width]
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            if len(rows) >= SLOW_BATCH_ROWS:
                yield _slow_batch(names, rows, lines, counts)
                rows, lines, counts = [], [], []
        if rows:
            yield _slow_batch(names, rows, lines, counts)


def _slow_batch(names: list[str], rows: list[list[str]], lines: list[int], counts: list[int]) -> Batch:
    arrays = []
    for j in range(len(names)):
        col = [r[j].encode("utf-8", errors="surrogateescape") for r in rows]
        arrays.append(pa.array(col, pa.binary()).view(pa.string()))
    batch = _finish_batch(names, arrays, np.asarray(lines, dtype=np.int64))
    batch.columns["__field_count__"] = pa.array(counts, pa.int64())
    return batch
