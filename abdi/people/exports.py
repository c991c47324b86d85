"""Exports of CONTRACTS §8: the roster (``pegawai.csv`` columns) and the kinds feature apps register,
streamed, formula-escaped.

The rows come from a scoped queryset (``--as USER`` applies that user's scope); writing streams in chunks, so
memory stays flat at any size. A value starting with ``= + - @`` gets a leading ``'`` so that no spreadsheet
runs it; ``abdi load`` strips it again.

``register_export(kind, header, rows_fn)`` adds a kind to ``abdi export`` (DESIGN layering: ``people`` does
not import feature apps; they register from ``AppConfig.ready``). ``rows_fn(pegawai_qs, year, personal)``
yields the rows of the employees in ``pegawai_qs`` (the caller's scope, already narrowed by ``--instansi``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet

from abdi.people.imports.specs import PEGAWAI_OPT, PEGAWAI_REQ

ROSTER_COLUMNS = PEGAWAI_REQ + PEGAWAI_OPT
_ORM_FIELDS = {"lokasi_kabkota_kode": "lokasi_kabkota_id"}
FORMULA_START = ("=", "+", "-", "@")
CHUNK = 5000


def escape_formula(value: str) -> str:
    return "'" + value if value and value[0] in FORMULA_START else value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_formula(str(value))


def roster_rows(qs: QuerySet, *, personal: bool = True) -> Iterator[list[str]]:
    """Rows of the roster export. Without ``personal`` (a role that may not see birth dates, UU 27/2022)
    the birth date is left empty and the NIP's birth-date digits are masked."""
    from abdi.people.masking import mask_nip

    fields = [_ORM_FIELDS.get(c, c) for c in ROSTER_COLUMNS]
    nip_at, birth_at = ROSTER_COLUMNS.index("nip"), ROSTER_COLUMNS.index("tgl_lahir")
    for row in qs.order_by("nip").values_list(*fields).iterator(chunk_size=CHUNK):
        out = [_text(v) for v in row]
        if not personal:
            out[nip_at] = mask_nip(out[nip_at])
            out[birth_at] = ""
        yield out


def write_table(path: Path, header: Iterable[str], rows: Iterable[list[str]], *, fmt: str = "csv") -> int:
    """Write ``rows`` as CSV (UTF-8, header row) or XLSX (write-only, streaming); return the row count."""
    count = 0
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(list(header))
        for row in rows:
            ws.append(row)
            count += 1
        wb.save(path)
        return count
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(list(header))
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


# --- export kinds --------------------------------------------------------------------------------------
RowsFn = Callable[[QuerySet, "int | None", bool], Iterable[list[str]]]


@dataclass(frozen=True)
class ExportKind:
    kind: str
    header: tuple[str, ...]
    rows: RowsFn
    # ``--year`` when not given (``None``: the kind takes no year); may return None when there is no data
    resolve_year: Callable[[], int | None] | None = None
    # options of ``abdi export`` the kind reads, passed to ``rows`` as keywords (e.g. ``scenario`` for plans)
    options: tuple[str, ...] = ()


EXPORTS: dict[str, ExportKind] = {}


def register_export(kind: str, header: Iterable[str], rows_fn: RowsFn, *,
                    resolve_year: Callable[[], int | None] | None = None, options: tuple[str, ...] = ()) -> None:
    """Add ``kind`` to ``abdi export`` (registering it again replaces it)."""
    EXPORTS[kind] = ExportKind(kind, tuple(header), rows_fn, resolve_year, tuple(options))


def export_kinds() -> list[str]:
    return list(EXPORTS)


register_export("roster", ROSTER_COLUMNS, lambda qs, year, personal: roster_rows(qs, personal=personal))
