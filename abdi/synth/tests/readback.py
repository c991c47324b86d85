"""Independent reading of a written dataset for the tests: plain CSV parsing, no generator code."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv


def read(path: Path) -> dict[str, np.ndarray]:
    """Every column as a numpy array of str ('' for empty), read with Arrow's CSV parser."""
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    opts = pacsv.ConvertOptions(column_types={name: pa.string() for name in header}, strings_can_be_null=False)
    table = pacsv.read_csv(path, convert_options=opts)
    return {name: np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=str) for name in header}


def header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[keys == w] for each w in wanted (every w must be a key)."""
    order = np.argsort(keys)
    pos = np.searchsorted(keys[order], wanted)
    pos = np.clip(pos, 0, len(keys) - 1)
    found = keys[order][pos] == wanted
    assert found.all(), f"{(~found).sum()} unresolved, e.g. {wanted[~found][:3]}"
    return values[order][pos]
