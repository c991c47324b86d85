"""Reference data the generator reads: regions from ``abdi/reference`` and the list of central agencies.

Pure module (numpy only). Regions come from the shipped reference files, never from ``../shared``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from abdi.reference import path as ref_path

# DKI Jakarta's five administrative cities and the administrative regency employ no staff of their own.
DKI = "31"
ADMINISTRATIVE_AREAS = frozenset({"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"})
# capitals that are not found by name in idn_regencies.csv
CAPITAL_OVERRIDES = {"31": "31.71", "65": "65.01", "82": "82.72", "95": "95.01"}
_KEEP_UPPER = {"DKI", "II", "III", "IV", "RI"}


def title_case(name: str) -> str:
    """``KABUPATEN ACEH SELATAN`` → ``Kabupaten Aceh Selatan`` (upper-casing gives the original back)."""
    words = []
    for w in name.split(" "):
        if w in _KEEP_UPPER:
            words.append(w)
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


@dataclass(frozen=True)
class Regions:
    prov_codes: tuple[str, ...]  # 38, in file order
    prov_names: tuple[str, ...]  # upper case, as in provinces.csv
    prov_population: np.ndarray  # float64
    prov_capital: np.ndarray  # index into kab arrays
    kab_codes: tuple[str, ...]  # 514, in file order
    kab_names: tuple[str, ...]  # upper case ("KABUPATEN …", "KOTA …")
    kab_prov: np.ndarray  # index into prov arrays
    kab_is_kota: np.ndarray  # bool
    kab_autonomous: np.ndarray  # bool: False for the 6 DKI administrative areas
    kab_place: tuple[str, ...]  # "Aceh Selatan", "Bandung" (title case, without KABUPATEN/KOTA)

    @property
    def n_prov(self) -> int:
        return len(self.prov_codes)

    @property
    def n_kab(self) -> int:
        return len(self.kab_codes)

    def kabs_of(self, prov: int) -> np.ndarray:
        return np.flatnonzero(self.kab_prov == prov)


def _place(name: str) -> str:
    for prefix in ("KABUPATEN ADMINISTRASI ", "KOTA ADMINISTRASI ", "KABUPATEN ", "KOTA "):
        if name.startswith(prefix):
            return title_case(name[len(prefix):])
    return title_case(name)


@lru_cache(maxsize=1)
def regions() -> Regions:
    with open(ref_path("provinces.csv"), encoding="utf-8") as fh:
        prov_rows = list(csv.DictReader(fh))
    with open(ref_path("idn_regencies.csv"), encoding="utf-8") as fh:
        kab_rows = list(csv.DictReader(fh))
    prov_codes = tuple(r["code"] for r in prov_rows)
    prov_index = {c: i for i, c in enumerate(prov_codes)}
    kab_codes = tuple(r["code"] for r in kab_rows)
    kab_names = tuple(r["name"].strip().upper() for r in kab_rows)
    kab_prov = np.array([prov_index[r["province_code"]] for r in kab_rows], dtype=np.int16)
    kab_index = {c: i for i, c in enumerate(kab_codes)}

    def norm(s: str) -> str:
        return s.upper().replace(" ", "").replace("-", "")

    capitals = []
    for i, r in enumerate(prov_rows):
        code = r["code"]
        if code in CAPITAL_OVERRIDES:
            capitals.append(kab_index[CAPITAL_OVERRIDES[code]])
            continue
        cap = norm(r["capital"])
        cands = [k for k in np.flatnonzero(kab_prov == i) if norm(kab_names[k]).endswith(cap)]
        kota = [k for k in cands if kab_names[k].startswith("KOTA")]
        pick = (kota or cands or list(np.flatnonzero(kab_prov == i)))[0]
        capitals.append(int(pick))
    return Regions(
        prov_codes=prov_codes,
        prov_names=tuple(r["name"].strip().upper() for r in prov_rows),
        prov_population=np.array([float(r["population_2024"]) for r in prov_rows]),
        prov_capital=np.array(capitals, dtype=np.int32),
        kab_codes=kab_codes,
        kab_names=kab_names,
        kab_prov=kab_prov,
        kab_is_kota=np.array([n.startswith("KOTA") for n in kab_names]),
        kab_autonomous=np.array([c not in ADMINISTRATIVE_AREAS for c in kab_codes]),
        kab_place=tuple(_place(n) for n in kab_names),
    )


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    with open(ref_path("calibration.json"), encoding="utf-8") as fh:
        return json.load(fh)


# --- central agencies ------------------------------------------------------------------------------
# kind: K = ministry-like, root "Sekretariat Jenderal <name>" headed by a Sekretaris Jenderal (JPT Madya);
#       B = non-ministerial agency, root "<name>" headed by its Kepala (JPT Utama);
#       S = institution whose head is not a civil servant, root "Sekretariat <name>" (Sekretaris Utama).
# weight: relative size of the general workforce (structural, other functional, pelaksana);
# vertical: share of the office units that are regional (Kanwil/Kantor/Balai) rather than in Jakarta;
# guru/kes/dosen: the agency's share of the central teachers / health workers / lecturers.


@dataclass(frozen=True)
class CentralAgency:
    nama: str
    short: str
    kind: str
    weight: float
    vertical: float
    guru: float = 0.0
    kes: float = 0.0
    dosen: float = 0.0


CENTRAL_AGENCIES: tuple[CentralAgency, ...] = (
    CentralAgency("Kementerian Sekretariat Negara", "Kemensetneg", "K", 4, 0.05),
    CentralAgency("Kementerian Dalam Negeri", "Kemendagri", "K", 6, 0.1, dosen=0.02),
    CentralAgency("Kementerian Luar Negeri", "Kemlu", "K", 4, 0.05),
    CentralAgency("Kementerian Pertahanan", "Kemhan", "K", 40, 0.7, kes=0.05),
    CentralAgency("Kementerian Hukum", "Kemenkum", "K", 10, 0.8),
    CentralAgency("Kementerian Hak Asasi Manusia", "KemenHAM", "K", 1.5, 0.5),
    CentralAgency("Kementerian Imigrasi dan Pemasyarakatan", "Kemenimipas", "K", 50, 0.9, kes=0.02),
    CentralAgency("Kementerian Keuangan", "Kemenkeu", "K", 75, 0.75, dosen=0.01),
    CentralAgency("Kementerian Pendidikan Dasar dan Menengah", "Kemendikdasmen", "K", 15, 0.5),
    CentralAgency("Kementerian Pendidikan Tinggi, Sains, dan Teknologi", "Kemdiktisaintek", "K", 25, 0.6,
                  dosen=0.71),
    CentralAgency("Kementerian Kebudayaan", "Kemenbud", "K", 3, 0.5),
    CentralAgency("Kementerian Kesehatan", "Kemenkes", "K", 35, 0.7, kes=0.8, dosen=0.04),
    CentralAgency("Kementerian Agama", "Kemenag", "K", 110, 0.9, guru=1.0, kes=0.01, dosen=0.2),
    CentralAgency("Kementerian Ketenagakerjaan", "Kemnaker", "K", 4, 0.4),
    CentralAgency("Kementerian Perindustrian", "Kemenperin", "K", 6, 0.4, dosen=0.01),
    CentralAgency("Kementerian Perdagangan", "Kemendag", "K", 4, 0.2),
    CentralAgency("Kementerian Energi dan Sumber Daya Mineral", "KESDM", "K", 5, 0.2),
    CentralAgency("Kementerian Pekerjaan Umum", "KemenPU", "K", 18, 0.75),
    CentralAgency("Kementerian Perumahan dan Kawasan Permukiman", "KemenPKP", "K", 3, 0.4),
    CentralAgency("Kementerian Desa dan Pembangunan Daerah Tertinggal", "Kemendes", "K", 2, 0.1),
    CentralAgency("Kementerian Transmigrasi", "Kementrans", "K", 1.5, 0.2),
    CentralAgency("Kementerian Perhubungan", "Kemenhub", "K", 25, 0.75, dosen=0.01),
    CentralAgency("Kementerian Komunikasi dan Digital", "Komdigi", "K", 4, 0.2),
    CentralAgency("Kementerian Pertanian", "Kementan", "K", 22, 0.75),
    CentralAgency("Kementerian Kehutanan", "Kemenhut", "K", 12, 0.8),
    CentralAgency("Kementerian Kelautan dan Perikanan", "KKP", "K", 12, 0.75),
    CentralAgency("Kementerian Lingkungan Hidup", "KLH", "K", 3, 0.3),
    CentralAgency("Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "ATR/BPN", "K", 30, 0.9),
    CentralAgency("Kementerian Perencanaan Pembangunan Nasional/Bappenas", "Bappenas", "K", 1.5, 0.0),
    CentralAgency("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "KemenPANRB", "K",
                  0.6, 0.0),
    CentralAgency("Kementerian Badan Usaha Milik Negara", "KemenBUMN", "K", 0.5, 0.0),
    CentralAgency("Kementerian Sosial", "Kemensos", "K", 5, 0.5),
    CentralAgency("Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "KemenPPPA", "K", 0.6, 0.0),
    CentralAgency("Kementerian Pemuda dan Olahraga", "Kemenpora", "K", 0.8, 0.1),
    CentralAgency("Kementerian Pariwisata", "Kemenpar", "K", 1, 0.1),
    CentralAgency("Kementerian Ekonomi Kreatif", "Kemenekraf", "K", 0.5, 0.0),
    CentralAgency("Kementerian Koperasi", "Kemenkop", "K", 1, 0.1),
    CentralAgency("Kementerian Usaha Mikro, Kecil, dan Menengah", "KemenUMKM", "K", 0.7, 0.0),
    CentralAgency("Kementerian Investasi dan Hilirisasi/BKPM", "BKPM", "K", 1.2, 0.1),
    CentralAgency("Kementerian Kependudukan dan Pembangunan Keluarga/BKKBN", "BKKBN", "K", 8, 0.85),
    CentralAgency("Kementerian Pelindungan Pekerja Migran Indonesia", "KP2MI", "K", 1.5, 0.6),
    CentralAgency("Kementerian Koordinator Bidang Politik dan Keamanan", "Kemenko Polkam", "K", 0.5, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Perekonomian", "Kemenko Perekonomian", "K", 0.6, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", "Kemenko PMK", "K",
                  0.4, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Infrastruktur dan Pembangunan Kewilayahan",
                  "Kemenko IPK", "K", 0.3, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Pangan", "Kemenko Pangan", "K", 0.3, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Hukum, Hak Asasi Manusia, Imigrasi, dan Pemasyarakatan",
                  "Kemenko Kumham Imipas", "K", 0.3, 0.0),
    CentralAgency("Kementerian Koordinator Bidang Pemberdayaan Masyarakat", "Kemenko PM", "K", 0.3, 0.0),
    CentralAgency("Kepolisian Negara Republik Indonesia", "Polri", "S", 30, 0.85, kes=0.07),
    CentralAgency("Kejaksaan Republik Indonesia", "Kejaksaan", "S", 25, 0.9),
    CentralAgency("Mahkamah Agung", "MA", "S", 30, 0.95),
    CentralAgency("Mahkamah Konstitusi", "MK", "K", 0.3, 0.0),
    CentralAgency("Badan Pemeriksa Keuangan", "BPK", "K", 5, 0.55),
    CentralAgency("Badan Pengawasan Keuangan dan Pembangunan", "BPKP", "B", 4, 0.7),
    CentralAgency("Badan Kepegawaian Negara", "BKN", "B", 2.5, 0.4),
    CentralAgency("Lembaga Administrasi Negara", "LAN", "B", 0.8, 0.2, dosen=0.005),
    CentralAgency("Badan Pusat Statistik", "BPS", "B", 14, 0.9, dosen=0.002),
    CentralAgency("Badan Meteorologi, Klimatologi, dan Geofisika", "BMKG", "B", 5, 0.85),
    CentralAgency("Badan Riset dan Inovasi Nasional", "BRIN", "B", 12, 0.2),
    CentralAgency("Badan Pengawas Obat dan Makanan", "BPOM", "B", 5, 0.8),
    CentralAgency("Badan Narkotika Nasional", "BNN", "B", 3, 0.8, kes=0.01),
    CentralAgency("Badan Nasional Penanggulangan Bencana", "BNPB", "B", 0.6, 0.0),
    CentralAgency("Badan Nasional Penanggulangan Terorisme", "BNPT", "B", 0.3, 0.0),
    CentralAgency("Badan Siber dan Sandi Negara", "BSSN", "B", 0.8, 0.1, dosen=0.001),
    CentralAgency("Badan Informasi Geospasial", "BIG", "B", 0.6, 0.0),
    CentralAgency("Badan Standardisasi Nasional", "BSN", "B", 0.4, 0.0),
    CentralAgency("Badan Pengawas Tenaga Nuklir", "Bapeten", "B", 0.4, 0.0),
    CentralAgency("Badan Karantina Indonesia", "Barantin", "B", 5, 0.9),
    CentralAgency("Badan Gizi Nasional", "BGN", "B", 1.5, 0.6),
    CentralAgency("Badan Pangan Nasional", "Bapanas", "B", 0.4, 0.0),
    CentralAgency("Badan Keamanan Laut", "Bakamla", "B", 0.6, 0.5),
    CentralAgency("Badan Nasional Pencarian dan Pertolongan", "Basarnas", "B", 3, 0.85),
    CentralAgency("Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah", "LKPP", "B", 0.3, 0.0),
    CentralAgency("Arsip Nasional Republik Indonesia", "ANRI", "B", 0.5, 0.0),
    CentralAgency("Perpustakaan Nasional Republik Indonesia", "Perpusnas", "B", 0.7, 0.0),
    CentralAgency("Lembaga Ketahanan Nasional", "Lemhannas", "B", 0.3, 0.0),
    CentralAgency("Badan Nasional Pengelola Perbatasan", "BNPP", "B", 0.2, 0.0),
    CentralAgency("Badan Penyelenggara Jaminan Produk Halal", "BPJPH", "B", 0.5, 0.3),
    CentralAgency("Sekretariat Kabinet", "Setkab", "S", 0.4, 0.0),
    CentralAgency("Dewan Perwakilan Rakyat", "DPR", "K", 1.2, 0.0),
    CentralAgency("Majelis Permusyawaratan Rakyat", "MPR", "K", 0.3, 0.0),
    CentralAgency("Dewan Perwakilan Daerah", "DPD", "K", 0.6, 0.5),
    CentralAgency("Komisi Pemilihan Umum", "KPU", "K", 6, 0.95),
    CentralAgency("Badan Pengawas Pemilihan Umum", "Bawaslu", "K", 3, 0.95),
    CentralAgency("Komisi Pemberantasan Korupsi", "KPK", "K", 0.8, 0.0),
    CentralAgency("Komisi Yudisial", "KY", "K", 0.2, 0.0),
    CentralAgency("Ombudsman Republik Indonesia", "Ombudsman", "K", 0.3, 0.6),
    CentralAgency("Komisi Nasional Hak Asasi Manusia", "Komnas HAM", "K", 0.2, 0.0),
)
assert len(CENTRAL_AGENCIES) == 88, len(CENTRAL_AGENCIES)

# --- unit-name material -----------------------------------------------------------------------------

TOPICS: tuple[str, ...] = (
    "Perencanaan", "Keuangan", "Umum", "Kepegawaian", "Hukum", "Kerja Sama", "Data dan Informasi",
    "Pengawasan", "Pembinaan", "Pelayanan", "Evaluasi dan Pelaporan", "Pengembangan", "Sarana dan Prasarana",
    "Program dan Anggaran", "Organisasi dan Tata Laksana", "Hubungan Masyarakat", "Perlengkapan",
    "Penelitian", "Standardisasi", "Pengendalian", "Teknis", "Operasional", "Perizinan", "Pemantauan",
    "Pemberdayaan", "Penyuluhan", "Informasi dan Komunikasi", "Sistem Informasi", "Tata Usaha",
    "Rumah Tangga", "Protokol", "Perbendaharaan", "Akuntansi", "Aset", "Pengadaan", "Kearsipan",
    "Penegakan", "Fasilitasi", "Kelembagaan", "Kemitraan", "Sumber Daya", "Mutu", "Bina Program",
    "Analisis Kebijakan", "Pendapatan", "Anggaran", "Verifikasi", "Dokumentasi", "Pengaduan",
    "Pengembangan Kompetensi", "Mutasi", "Kesejahteraan", "Penilaian Kinerja", "Statistik",
    "Tata Ruang", "Infrastruktur", "Lingkungan", "Ketertiban", "Pemerintahan", "Kewilayahan",
)

# Regional agencies (OPD): name, head kind. Kinds: DINAS, BADAN, INSPEKTORAT, DPRD, BIRO.
OPD_COMMON: tuple[tuple[str, str], ...] = (
    ("Dinas Pendidikan", "DINAS"),
    ("Dinas Kesehatan", "DINAS"),
    ("Badan Perencanaan Pembangunan Daerah", "BADAN"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BADAN"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BADAN"),
    ("Inspektorat Daerah", "INSPEKTORAT"),
    ("Sekretariat DPRD", "DPRD"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DINAS"),
    ("Dinas Sosial", "DINAS"),
    ("Badan Pendapatan Daerah", "BADAN"),
    ("Dinas Perhubungan", "DINAS"),
    ("Dinas Komunikasi dan Informatika", "DINAS"),
    ("Dinas Lingkungan Hidup", "DINAS"),
    ("Dinas Pertanian dan Ketahanan Pangan", "DINAS"),
    ("Satuan Polisi Pamong Praja", "DINAS"),
    ("Badan Penanggulangan Bencana Daerah", "BADAN"),
    ("Dinas Perumahan dan Kawasan Permukiman", "DINAS"),
    ("Dinas Tenaga Kerja dan Transmigrasi", "DINAS"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DINAS"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DINAS"),
    ("Dinas Koperasi, Usaha Kecil, dan Menengah", "DINAS"),
    ("Dinas Perindustrian dan Perdagangan", "DINAS"),
    ("Dinas Kelautan dan Perikanan", "DINAS"),
    ("Dinas Pariwisata dan Kebudayaan", "DINAS"),
    ("Dinas Kepemudaan dan Olahraga", "DINAS"),
    ("Dinas Perpustakaan dan Kearsipan", "DINAS"),
    ("Badan Kesatuan Bangsa dan Politik", "BADAN"),
    ("Badan Riset dan Inovasi Daerah", "BADAN"),
)
OPD_KABKOTA_ONLY: tuple[tuple[str, str], ...] = (
    ("Dinas Kependudukan dan Pencatatan Sipil", "DINAS"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DINAS"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DINAS"),
    ("Dinas Pemadam Kebakaran dan Penyelamatan", "DINAS"),
)
OPD_PROVINSI_ONLY: tuple[tuple[str, str], ...] = (
    ("Biro Pemerintahan dan Otonomi Daerah", "BIRO"),
    ("Biro Hukum", "BIRO"),
    ("Biro Organisasi", "BIRO"),
    ("Biro Perekonomian", "BIRO"),
    ("Biro Umum", "BIRO"),
    ("Biro Administrasi Pimpinan", "BIRO"),
    ("Biro Kesejahteraan Rakyat", "BIRO"),
    ("Biro Pengadaan Barang dan Jasa", "BIRO"),
    ("Dinas Energi dan Sumber Daya Mineral", "DINAS"),
    ("Dinas Kehutanan", "DINAS"),
)
