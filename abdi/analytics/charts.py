"""The dashboard's charts as data: for each chart, its title, how the browser draws it (``kind``), its columns
and the rows of exactly its numbers, taken from one ``dashboard_for_user`` result. The page's table view, the
chart itself (``analytics/dashboard.js`` reads the same rows), the CSV/XLSX download and the API's
``/analytics/series/{chart}`` all come from ``table`` here, so they cannot disagree.

Rows hold codes and numbers as the dashboard gives them; a code column is followed by its words where the
code is not self-explanatory. Shares are fractions (0.2512 = 25.12 %), as in the dashboard data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abdi.reference import codes

CALIBRATION = Path(codes.__file__).resolve().parent / "calibration.json"


def _label(code: str) -> str:
    from abdi.core.labels import kode_label  # the app's words for codes (same as the pages)

    return kode_label(code)


@lru_cache(maxsize=1)
def asean_reference() -> dict:
    """The ASEAN comparison reference rows with their source note (``reference/calibration.json``)."""
    return json.loads(CALIBRATION.read_text(encoding="utf-8"))["asean_comparison"]


ASEAN_SOURCE = _("Artikel 'Indonesia Pelopor Kerja Sama Pembangunan ASN di ASEAN' (2023), mengutip data BKN")
ASEAN_YEAR = 2021
ABDI_SOURCE = _("Abdi (data terkini)")


@dataclass(frozen=True)
class Chart:
    slug: str
    title: Promise
    kind: str  # how dashboard.js draws it: peta, batang, rasio, kolom, donat, piramida, kepemimpinan, asean
    columns: tuple[tuple[str, Promise], ...]  # (key, header); keys name the columns for the browser
    rows: Callable[[dict], list[list]]
    note: Promise | str = ""
    national_only: bool = False  # shown (and served) only for the unfiltered national view
    empty: Promise | str = ""  # shown instead of the chart when the scope gives it no rows

    def available(self, data: dict) -> bool:
        if self.national_only:
            return data["cakupan"]["jenis"] == "nasional" and not data["saringan"]
        return True


def _counts(name: str, *, words: bool = True) -> Callable[[dict], list[list]]:
    def rows(data: dict) -> list[list]:
        return [[k, _label(k), v] if words else [k, v] for k, v in data[name].items()]
    return rows


def _provinces(data: dict) -> list[list]:
    return [[r["provinsi"], r["nama"], r["lon"], r["lat"], r["asn"], r["penduduk"], r["per_100_penduduk"],
             r["rasio_median"]] for r in data["ketimpangan_provinsi"]]


def _provinces_ranked(data: dict) -> list[list]:
    ranked = sorted(data["ketimpangan_provinsi"], key=lambda r: (-r["per_100_penduduk"], r["provinsi"]))
    return [[r["provinsi"], r["nama"], r["asn"], r["per_100_penduduk"], r["rasio_median"]] for r in ranked]


def _family(measure: str) -> Callable[[dict], list[list]]:
    """Staff of a position family per unit of its kind, by province, highest ratio first
    (``ketimpangan_rumpun``; a scope without such units has no rows)."""
    def rows(data: dict) -> list[list]:
        family = next((f for f in data.get("ketimpangan_rumpun", ()) if f["ukuran"] == measure), None)
        ranked = sorted(family["provinsi"] if family else (), key=lambda r: (-r["rasio"], r["provinsi"]))
        return [[r["provinsi"], r["nama"], r["pegawai"], r["unit"], r["rasio"], r["rasio_median"]] for r in ranked]
    return rows


def _leadership(data: dict) -> list[list]:
    lead = data["kepemimpinan_perempuan"]
    rows = [[r["jenjang"], _label(r["jenjang"]), r["jumlah"], r["perempuan"], r["porsi_perempuan"]]
            for r in lead["jenjang"]]
    women = data["by_jenis_kelamin"].get("P", 0)
    rows.append(["SEMUA", str(_("Semua pegawai")), data["total"], women, lead["porsi_perempuan_semua"]])
    return rows


def _pyramid(data: dict) -> list[list]:
    return [[r["kelompok"], r["L"], r["P"]] for r in data["piramida_usia"]]


def _wave(data: dict) -> list[list]:
    return [[int(year), n] for year, n in data["gelombang_pensiun"].items()]


def _generations(data: dict) -> list[list]:
    names = {"BABY_BOOMER": _("Baby boomer"), "X": _("Generasi X"), "Y": _("Generasi Y (milenial)"),
             "Z": _("Generasi Z")}
    return [[k, str(names.get(k, k)), v] for k, v in data["by_generasi"].items()]


def _asean(data: dict) -> list[list]:
    own = ["Indonesia", "ABDI", data["total"], data["per_100_penduduk"].get("NASIONAL"), str(ABDI_SOURCE),
           data["tahun_acuan"]]
    ref = [[r["negara"], "REFERENSI", r["asn"], r["persen_penduduk"], str(ASEAN_SOURCE), ASEAN_YEAR]
           for r in asean_reference()["rows"]]
    return [own, *ref]


COUNT = _("Jumlah ASN")
CODE = _("Kode")
NAME = _("Nama")
FAMILY_NOTE = _("Garis putus-putus: median provinsi dalam tampilan ini (rasio terhadap median = 1). Merah: di bawah "
                "median (kurang), biru: di atas median (lebih).")

CHARTS: tuple[Chart, ...] = (
    Chart("provinsi-peta", _("Sebaran ASN per provinsi (titik di ibu kota provinsi)"), "peta",
          (("kode", CODE), ("nama", _("Provinsi")), ("lon", _("Bujur")), ("lat", _("Lintang")), ("asn", COUNT),
           ("penduduk", _("Penduduk")), ("per_100", _("ASN per 100 penduduk")),
           ("rasio_median", _("Rasio terhadap median"))),
          _provinces, _("Ukuran dan warna titik: ASN per 100 penduduk. Tanpa batas wilayah (ECharts tidak "
                        "menyertakan peta Indonesia).")),
    Chart("provinsi-peringkat", _("ASN per 100 penduduk, diurutkan"), "batang",
          (("kode", CODE), ("nama", _("Provinsi")), ("asn", COUNT), ("per_100", _("ASN per 100 penduduk")),
           ("rasio_median", _("Rasio terhadap median"))),
          _provinces_ranked, _("Rasio terhadap median: 1 = median provinsi dalam tampilan ini.")),
    Chart("guru-per-sekolah", _("Guru per sekolah menurut provinsi"), "rasio",
          (("kode", CODE), ("nama", _("Provinsi")), ("pegawai", _("Guru")), ("unit", _("Sekolah")),
           ("rasio", _("Guru per sekolah")), ("rasio_median", _("Rasio terhadap median"))),
          _family("guru_per_sekolah"), FAMILY_NOTE,
          empty=_("Tidak ada sekolah dalam cakupan ini, sehingga rasio guru per sekolah tidak dapat dihitung.")),
    Chart("nakes-per-faskes", _("Tenaga kesehatan per fasilitas kesehatan menurut provinsi"), "rasio",
          (("kode", CODE), ("nama", _("Provinsi")), ("pegawai", _("Tenaga kesehatan")),
           ("unit", _("Fasilitas kesehatan (puskesmas dan rumah sakit)")),
           ("rasio", _("Tenaga kesehatan per fasilitas kesehatan")), ("rasio_median", _("Rasio terhadap median"))),
          _family("nakes_per_faskes"), FAMILY_NOTE,
          empty=_("Tidak ada puskesmas atau rumah sakit dalam cakupan ini, sehingga rasio tenaga kesehatan per "
                  "fasilitas kesehatan tidak dapat dihitung.")),
    Chart("kepemimpinan-perempuan", _("Perempuan di tiap jenjang kepemimpinan"), "kepemimpinan",
          (("kode", CODE), ("nama", _("Jenjang")), ("jumlah", COUNT), ("perempuan", _("Perempuan")),
           ("porsi", _("Porsi perempuan"))),
          _leadership, _("Porsi sebagai pecahan (0,25 = 25 %); baris terakhir: porsi perempuan seluruh ASN.")),
    Chart("piramida-usia", _("Piramida usia menurut jenis kelamin"), "piramida",
          (("kelompok", _("Kelompok usia")), ("L", _("Laki-laki")), ("P", _("Perempuan"))),
          _pyramid, _("Usia yang dicapai pada tahun acuan.")),
    Chart("gelombang-pensiun", _("Gelombang pensiun 10 tahun ke depan (PNS)"), "kolom",
          (("tahun", _("Tahun")), ("jumlah", _("Jumlah pensiun"))),
          _wave, _("Yang telah melewati batas usia pensiun dan masih aktif dihitung pada tahun acuan.")),
    Chart("pendidikan", _("Komposisi menurut pendidikan"), "kolom",
          (("kode", CODE), ("jumlah", COUNT)), _counts("by_pendidikan", words=False)),
    Chart("golongan", _("Komposisi menurut golongan"), "kolom",
          (("kode", CODE), ("jumlah", COUNT)), _counts("by_golongan", words=False)),
    Chart("jenis-jabatan", _("Komposisi menurut jenis jabatan"), "donat",
          (("kode", CODE), ("nama", NAME), ("jumlah", COUNT)), _counts("by_jenis_jabatan")),
    Chart("jenis-pegawai", _("PNS dan PPPK"), "donat",
          (("kode", CODE), ("jumlah", COUNT)), _counts("by_jenis_pegawai", words=False)),
    Chart("generasi", _("Generasi"), "donat",
          (("kode", CODE), ("nama", NAME), ("jumlah", COUNT)), _generations),
    Chart("pusat-daerah", _("Instansi pusat dan daerah"), "donat",
          (("kode", CODE), ("nama", NAME), ("jumlah", COUNT)), _counts("by_pusat_daerah")),
    Chart("asean", _("Perbandingan ASEAN: ASN sebagai persen penduduk"), "asean",
          (("negara", _("Negara")), ("jenis", _("Jenis data")), ("asn", COUNT),
           ("persen", _("Persen penduduk")), ("sumber", _("Sumber")), ("tahun", _("Tahun"))),
          _asean, _("Angka negara lain: sumber sekunder, bukan statistik resmi negara tersebut; Indonesia "
                    "(ABDI) dari data Abdi saat ini."), national_only=True),
)
BY_SLUG = {c.slug: c for c in CHARTS}


def table(chart: Chart, data: dict) -> tuple[list[str], list[list]]:
    """The header and the rows of ``chart`` for one dashboard result."""
    return [str(label) for _key, label in chart.columns], chart.rows(data)


def charts_for(data: dict) -> list[dict]:
    """Every chart available for this dashboard result, as plain data for the page and the browser."""
    out = []
    for chart in CHARTS:
        if not chart.available(data):
            continue
        header, rows = table(chart, data)
        out.append({"slug": chart.slug, "title": str(chart.title), "kind": chart.kind, "note": str(chart.note),
                    "keys": [k for k, _label in chart.columns], "header": header, "rows": rows,
                    "empty": str(chart.empty) if chart.empty and not rows else ""})
    return out


def cell_text(value) -> str:
    """A cell as the table view and the CSV show it (the same text)."""
    return "" if value is None else str(value)
