"""The decision list of a plan (lampiran SK mutasi): one row per move — no, NIP, nama, position, unit and
agency of origin and of destination, km — under a header with the scenario's name, the decree number (once
applied) and the date; written as XLSX (openpyxl, write-only) or PDF (fpdf2, core fonts).

The rows stream from one query (a server-side cursor on PostgreSQL) in NIP order, so a national plan of
hundreds of thousands of moves is written in linear time; the NIP goes through the caller's ``nip_view``
(masked for roles without personal data). Text is formula-escaped in the spreadsheet; the PDF's core
fonts are Latin-1, so other characters are mapped to ASCII first.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db import connection
from django.utils.translation import gettext as _

CHUNK = 5000
_SQL = (
    "SELECT m.nip, p.nama, ja.nama, ua.nama, ia.nama, jt.nama, ut.nama, it.nama, m.jarak_km, "
    "m.jabatan_asal, m.unor_asal, m.instansi_asal, m.jabatan_tujuan, m.unor_tujuan, m.instansi_tujuan "
    "FROM planning_mutasi m "
    "LEFT JOIN people_pegawai p ON p.nip = m.nip "
    "LEFT JOIN org_jabatan ja ON ja.jabatan_id = m.jabatan_asal "
    "LEFT JOIN org_unor ua ON ua.unor_id = m.unor_asal "
    "LEFT JOIN org_instansi ia ON ia.instansi_id = m.instansi_asal "
    "LEFT JOIN org_jabatan jt ON jt.jabatan_id = m.jabatan_tujuan "
    "LEFT JOIN org_unor ut ON ut.unor_id = m.unor_tujuan "
    "LEFT JOIN org_instansi it ON it.instansi_id = m.instansi_tujuan "
    "WHERE m.skenario_id = %s {scope}ORDER BY m.nip"
)


@dataclass(frozen=True)
class Head:
    nama: str
    nomor_sk: str
    tanggal: dt.date
    tahun: int
    cakupan: str
    jumlah: int


@dataclass(frozen=True)
class Row:
    no: int
    nip: str
    nama: str
    jabatan_asal: str
    unor_asal: str
    instansi_asal: str
    jabatan_tujuan: str
    unor_tujuan: str
    instansi_tujuan: str
    jarak_km: int

    def cells(self) -> list:
        return [self.no, self.nip, self.nama, self.jabatan_asal, self.unor_asal, self.instansi_asal,
                self.jabatan_tujuan, self.unor_tujuan, self.instansi_tujuan, self.jarak_km]


def columns() -> list[str]:
    return [_("No. urut"), _("NIP"), _("Nama"), _("Jabatan asal"), _("Unit asal"), _("Instansi asal"),
            _("Jabatan tujuan"), _("Unit tujuan"), _("Instansi tujuan"), _("Jarak (km)")]


def head_of(sk) -> Head:
    from abdi.planning.models import Mutasi

    when = (sk.diterapkan_pada.date() if sk.diterapkan_pada else dt.date.today())
    return Head(nama=sk.nama, nomor_sk=sk.nomor_sk, tanggal=when, tahun=sk.tahun,
                cakupan=f"{sk.cakupan} {sk.cakupan_id}".strip(), jumlah=Mutasi.objects.filter(skenario=sk).count())


def rows_of(skenario_id: int, nip_view: Callable[[str], str] = lambda nip: nip,
            instansi_ids: frozenset[str] | None = None) -> Iterator[Row]:
    """The plan's moves in NIP order, numbered from 1; a name missing from the registry shows its id. With
    ``instansi_ids``, only the moves from or to those agencies (an agency's own part of the plan)."""
    no = 0
    scope, params = "", [skenario_id]
    if instansi_ids is not None:
        marks = ", ".join(["%s"] * len(instansi_ids)) or "NULL"
        scope = f"AND (m.instansi_asal IN ({marks}) OR m.instansi_tujuan IN ({marks})) "
        params += sorted(instansi_ids) * 2
    with connection.chunked_cursor() as cur:
        cur.execute(_SQL.format(scope=scope), params)
        while chunk := cur.fetchmany(CHUNK):
            for (nip, nama, ja, ua, ia, jt, ut, it, km, ja_id, ua_id, ia_id, jt_id, ut_id, it_id) in chunk:
                no += 1
                yield Row(no, nip_view(nip), nama or "", ja or ja_id, ua or ua_id, ia or ia_id, jt or jt_id,
                          ut or ut_id, it or it_id, int(km))


# --- XLSX ------------------------------------------------------------------------------------------------------
def _title_lines(head: Head) -> list[str]:
    return [
        _("Daftar mutasi pegawai: %(nama)s") % {"nama": head.nama},
        _("Nomor SK: %(nomor)s") % {"nomor": head.nomor_sk or _("(belum diterapkan)")},
        _("Tanggal: %(tanggal)s") % {"tanggal": head.tanggal.isoformat()},
        _("Tahun rencana %(tahun)d · cakupan %(cakupan)s · %(n)d mutasi") % {
            "tahun": head.tahun, "cakupan": head.cakupan, "n": head.jumlah},
    ]


def write_xlsx(out: BinaryIO, head: Head, rows: Iterable[Row]) -> int:
    """The list as one sheet (title lines, a blank line, the header row, the rows); returns the row count."""
    from openpyxl import Workbook

    from abdi.people.exports import escape_formula

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("SK mutasi")[:31])
    for line in _title_lines(head):
        ws.append([escape_formula(line)])
    ws.append([])
    ws.append(columns())
    n = 0
    for row in rows:
        ws.append([escape_formula(v) if isinstance(v, str) else v for v in row.cells()])
        n += 1
    wb.save(out)
    return n


# --- PDF -------------------------------------------------------------------------------------------------------
_ASCII = str.maketrans({"×": "x", "—": "-", "–": "-", "−": "-", "→": "->", "←": "<-", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "…": "...", "≤": "<=", "≥": ">=", "·": "-", "•": "-", "\u00a0": " "})


def latin1(text: str) -> str:
    """``text`` in the PDF core fonts' Latin-1: known symbols as ASCII, accents kept where Latin-1 has
    them, other letters without their marks, anything else ``?``."""
    text = str(text).translate(_ASCII)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


# column widths in mm on landscape A4 (277 mm between the margins)
_WIDTHS = (10, 34, 34, 31, 31, 25, 31, 31, 25, 15)
_SIZE = 6.5


def _fit(text: str, width_mm: float) -> str:
    """Cut ``text`` to about the characters Helvetica at the table's size fits in the column (an estimate
    per character: linear time, no font metrics per cell)."""
    room = int(width_mm / (_SIZE * 0.1764 * 0.5)) - 1
    return text if len(text) <= room else text[: max(room - 2, 1)] + ".."


def write_pdf(head: Head, rows: Iterable[Row], *, compress: bool = True) -> bytes:
    """The list as a landscape A4 PDF with the header on the first page and the column titles on every page."""
    from fpdf import FPDF

    titles = [latin1(c) for c in columns()]

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1:
                _table_head(self)

        def footer(self):
            self.set_y(-10)
            self.set_font("Helvetica", size=7)
            self.cell(0, 5, latin1(_("Halaman %(n)d") % {"n": self.page_no()}), align="R")

    def _table_head(pdf):
        pdf.set_font("Helvetica", style="B", size=_SIZE)
        for w, t in zip(_WIDTHS, titles, strict=True):
            pdf.cell(w, 5, _fit(t, w), border=1)
        pdf.ln(5)
        pdf.set_font("Helvetica", size=_SIZE)

    pdf = Doc(orientation="L", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(latin1(head.nama))
    pdf.add_page()
    lines = _title_lines(head)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(0, 7, latin1(lines[0]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for line in lines[1:]:
        pdf.cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table_head(pdf)
    for row in rows:
        for w, v in zip(_WIDTHS, row.cells(), strict=True):
            pdf.cell(w, 4, _fit(latin1(str(v)), w), border=1)
        pdf.ln(4)
    return bytes(pdf.output())
