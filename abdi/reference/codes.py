"""Code lists and civil-service structure rules of DOMAIN §6, as plain data.

Pure module: no Django. The database copies of these tables (``org.models``) are filled from here by
``abdi migrate``; the synthetic generator and the loader's vectorised checks read them directly.
Rules marked [M]/[U] in DOMAIN.md are defaults that the database copy lets an admin change.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- ranks (pangkat/golongan) of PNS, DOMAIN §6 [V] -------------------------------------------
GOLONGAN_PNS: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
GOLONGAN_PNS_CODES: tuple[str, ...] = tuple(code for code, _ in GOLONGAN_PNS)
# PPPK grades I–XVII [V]
GOLONGAN_PPPK_CODES: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)
GOLONGAN_RANK: dict[str, int] = {code: i + 1 for i, code in enumerate(GOLONGAN_PNS_CODES)}
PPPK_RANK: dict[str, int] = {code: i + 1 for i, code in enumerate(GOLONGAN_PPPK_CODES)}

# --- education levels, entry and regular-max rank [V], PPPK entry grade [V] ----------------------
@dataclass(frozen=True)
class Pendidikan:
    kode: str
    nama: str
    urutan: int
    golongan_awal: str
    golongan_maks: str
    pppk_awal: str


PENDIDIKAN: tuple[Pendidikan, ...] = (
    Pendidikan("SD", "Sekolah Dasar", 1, "I/a", "II/a", "I"),
    Pendidikan("SMP", "Sekolah Menengah Pertama", 2, "I/c", "II/c", "IV"),
    Pendidikan("SMA", "Sekolah Menengah Atas / sederajat", 3, "II/a", "III/b", "V"),
    Pendidikan("D1", "Diploma I", 4, "II/a", "III/b", "V"),
    Pendidikan("D2", "Diploma II", 5, "II/b", "III/b", "VI"),
    Pendidikan("D3", "Diploma III", 6, "II/c", "III/c", "VII"),
    Pendidikan("D4", "Diploma IV", 7, "III/a", "III/d", "IX"),
    Pendidikan("S1", "Sarjana (S1)", 8, "III/a", "III/d", "IX"),
    Pendidikan("S2", "Magister (S2)", 9, "III/b", "IV/a", "X"),
    Pendidikan("S3", "Doktor (S3)", 10, "III/c", "IV/b", "XI"),
)
PENDIDIKAN_CODES: tuple[str, ...] = tuple(p.kode for p in PENDIDIKAN)

# --- position types and levels -----------------------------------------------------------------
JENIS_JABATAN: tuple[str, ...] = ("STRUKTURAL", "FUNGSIONAL", "PELAKSANA")


@dataclass(frozen=True)
class Jenjang:
    kode: str
    nama: str
    jenis: str  # STRUKTURAL, FUNGSIONAL, PELAKSANA
    kelas_min: int
    kelas_max: int
    bup: int  # default retirement age [V]
    golongan_min: str | None  # default rank range [M]
    golongan_max: str | None
    eselon: tuple[str, ...] = ()


JENJANG: tuple[Jenjang, ...] = (
    Jenjang("JPT_UTAMA", "JPT Utama", "STRUKTURAL", 17, 17, 60, "IV/d", "IV/e", ("I.a",)),
    Jenjang("JPT_MADYA", "JPT Madya", "STRUKTURAL", 16, 17, 60, "IV/c", "IV/e", ("I.a", "I.b")),
    Jenjang("JPT_PRATAMA", "JPT Pratama", "STRUKTURAL", 14, 15, 60, "IV/b", "IV/d", ("II.a", "II.b")),
    Jenjang("ADMINISTRATOR", "Administrator", "STRUKTURAL", 11, 12, 58, "III/d", "IV/b", ("III.a", "III.b")),
    Jenjang("PENGAWAS", "Pengawas", "STRUKTURAL", 8, 9, 58, "III/b", "III/d", ("IV.a", "IV.b")),
    Jenjang("AHLI_UTAMA", "Ahli Utama", "FUNGSIONAL", 13, 14, 65, "IV/d", "IV/e"),
    Jenjang("AHLI_MADYA", "Ahli Madya", "FUNGSIONAL", 11, 12, 60, "IV/a", "IV/c"),
    Jenjang("AHLI_MUDA", "Ahli Muda", "FUNGSIONAL", 9, 10, 58, "III/c", "III/d"),
    Jenjang("AHLI_PERTAMA", "Ahli Pertama", "FUNGSIONAL", 8, 8, 58, "III/a", "III/b"),
    Jenjang("PENYELIA", "Penyelia", "FUNGSIONAL", 8, 9, 58, "III/c", "III/d"),
    Jenjang("MAHIR", "Mahir", "FUNGSIONAL", 7, 7, 58, "III/a", "III/b"),
    Jenjang("TERAMPIL", "Terampil", "FUNGSIONAL", 6, 6, 58, "II/b", "II/d"),
    Jenjang("PEMULA", "Pemula", "FUNGSIONAL", 5, 5, 58, "II/a", "II/a"),
    Jenjang("PELAKSANA", "Pelaksana", "PELAKSANA", 1, 7, 58, "I/a", None),
)
JENJANG_BY_CODE: dict[str, Jenjang] = {j.kode: j for j in JENJANG}
# Leadership funnel order used by statistics (lowest first).
JENJANG_PIMPINAN: tuple[str, ...] = (
    "PELAKSANA", "PENGAWAS", "ADMINISTRATOR", "JPT_PRATAMA", "JPT_MADYA", "JPT_UTAMA",
)

# --- other code lists of CONTRACTS §3 -----------------------------------------------------------
JENIS_INSTANSI: tuple[str, ...] = ("PUSAT", "PROVINSI", "KABUPATEN", "KOTA")
ESELON: tuple[str, ...] = ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "V")
# Old eselon rank ranges, PP 13/2002 [V]
ESELON_GOLONGAN: dict[str, tuple[str, str]] = {
    "I.a": ("IV/d", "IV/e"), "I.b": ("IV/c", "IV/e"), "II.a": ("IV/c", "IV/d"),
    "II.b": ("IV/b", "IV/c"), "III.a": ("IV/a", "IV/b"), "III.b": ("III/d", "IV/a"),
    "IV.a": ("III/c", "III/d"), "IV.b": ("III/b", "III/c"), "V": ("III/a", "III/b"),
}
JENIS_UNOR: tuple[str, ...] = ("KANTOR", "SEKOLAH", "PUSKESMAS", "RUMAH_SAKIT", "UPT", "LAINNYA")
JENIS_PEGAWAI: tuple[str, ...] = ("PNS", "PPPK")
STATUS_BY_JENIS: dict[str, tuple[str, ...]] = {"PNS": ("CPNS", "PNS"), "PPPK": ("PPPK",)}
KEDUDUKAN: tuple[str, ...] = (
    "AKTIF", "CLTN", "TUGAS_BELAJAR", "PEMBERHENTIAN_SEMENTARA", "PENSIUN", "BERHENTI", "MENINGGAL",
)
JENIS_KELAMIN: tuple[str, ...] = ("L", "P")
GENERASI: tuple[tuple[str, int | None, int | None], ...] = (
    ("BABY_BOOMER", None, 1964), ("X", 1965, 1980), ("Y", 1981, 1996), ("Z", 1997, None),
)
