"""Fast, byte-stable CSV writing with Arrow: comma, ``\\n`` line ends, UTF-8 without BOM, a plain header.

A field is quoted only when it has to be (it contains a comma, a quote or a line break; quotes are
doubled), so digits such as NIPs and codes stay bare. Each chunk's rows are joined in C by Arrow and the
resulting buffer is written as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NEEDS_QUOTES = r'[,"\r\n]'


def text(arr: pa.Array | pa.ChunkedArray, free_text: bool = False) -> pa.Array:
    """Any Arrow array as strings, nulls as empty; ``free_text`` columns are quoted where CSV needs it.

    Columns not marked ``free_text`` (codes, ids, dates, numbers) must not contain a comma, quote or
    line break; the generator guarantees that.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    if free_text and len(arr):
        needs = pc.match_substring_regex(arr, NEEDS_QUOTES)
        if pc.any(needs).as_py():
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
            arr = pc.if_else(needs, quoted, arr)
    return arr


def header(names: Sequence[str]) -> bytes:
    return (",".join(names) + "\n").encode("utf-8")


def write_rows(fh: BinaryIO, columns: Sequence[pa.Array], free_text: Sequence[int] = ()) -> int:
    """Write the CSV lines of equally long columns (``free_text``: indices of columns to quote-check)."""
    if not columns or len(columns[0]) == 0:
        return 0
    cols = [text(c, i in free_text) for i, c in enumerate(columns)]
    cols[-1] = pc.binary_join_element_wise(cols[-1], pa.scalar("\n"), "")
    line = pc.binary_join_element_wise(*cols, ",") if len(cols) > 1 else cols[0]
    offsets = np.frombuffer(line.buffers()[1], dtype=np.int32, count=len(line) + 1 + line.offset)[line.offset:]
    fh.write(memoryview(line.buffers()[2])[int(offsets[0]):int(offsets[-1])])
    return len(line)


def write_table(fh: BinaryIO, names: Sequence[str], columns: Sequence[pa.Array],
                free_text: Sequence[int] = ()) -> int:
    fh.write(header(names))
    return write_rows(fh, columns, free_text)


def dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """date32 array from days since 1970-01-01 (``missing`` → null)."""
    if missing is not None:
        days = np.where(missing, 0, days)
    arr = pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32())
    if missing is not None and missing.any():
        arr = pc.if_else(pa.array(~missing), arr, pa.scalar(None, pa.date32()))
    return arr


def dmy(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """DD-MM-YYYY strings (the SIASN export variant)."""
    return pc.strftime(dates(days, missing), format="%d-%m-%Y")


def labels(values: Sequence[str], index: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Strings by index into a small list of labels (``missing`` → null)."""
    arr = pa.array(list(values), pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))
    if missing is not None and missing.any():
        arr = pc.if_else(pa.array(~missing), arr, pa.scalar(None, pa.string()))
    return arr
