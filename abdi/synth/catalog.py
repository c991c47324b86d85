"""The national position catalog (``jabatan.csv``) of the synthetic dataset.

Ids:

* structural ``JS-NN`` (e.g. ``JS-18`` Kepala Dinas Kabupaten/Kota, JPT Pratama, eselon II.b, kelas 14);
* functional ``JF-<FAMILY>-<LEVEL>`` with LEVEL ``AU`` Ahli Utama, ``AMD`` Ahli Madya, ``AM`` Ahli Muda,
  ``AP`` Ahli Pertama, ``PY`` Penyelia, ``MH`` Mahir, ``TR`` Terampil, ``PM`` Pemula (e.g. ``JF-GURU-AP``
  Guru Ahli Pertama, ``JF-DOSEN-AU`` Profesor);
* pelaksana ``JP-NN`` (e.g. ``JP-05`` Pengadministrasi Perkantoran).

``rumpun`` is ``GURU``, ``KESEHATAN`` and ``DOSEN`` for the three functional families that
calibration.json's ``fungsional_mix`` counts; any other rumpun counts as LAINNYA. Rank ranges follow
DOMAIN §6 (``codes.JENJANG`` for functional levels, ``codes.ESELON_GOLONGAN`` for structural posts, the
education's entry rank and regular maximum for pelaksana posts). Retirement ages: the level's default from
``codes.JENJANG``, except teachers 60 at every level, lecturers 65 and professors 70 (DOMAIN §6 [M]).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abdi.reference import codes

JENJANG_CODES: tuple[str, ...] = tuple(j.kode for j in codes.JENJANG)
JENJANG_INDEX: dict[str, int] = {c: i for i, c in enumerate(JENJANG_CODES)}
J = JENJANG_INDEX
EDU_INDEX: dict[str, int] = {c: i for i, c in enumerate(codes.PENDIDIKAN_CODES)}
RANK = codes.GOLONGAN_RANK  # "III/a" -> 9

FUNCTIONAL_KELAS = {"AHLI_UTAMA": 14, "AHLI_MADYA": 12, "AHLI_MUDA": 10, "AHLI_PERTAMA": 8,
                    "PENYELIA": 8, "MAHIR": 7, "TERAMPIL": 6, "PEMULA": 5}
LEVEL_SUFFIX = {"AHLI_UTAMA": "AU", "AHLI_MADYA": "AMD", "AHLI_MUDA": "AM", "AHLI_PERTAMA": "AP",
                "PENYELIA": "PY", "MAHIR": "MH", "TERAMPIL": "TR", "PEMULA": "PM"}
LEVEL_WORDS = {"AHLI_UTAMA": "Ahli Utama", "AHLI_MADYA": "Ahli Madya", "AHLI_MUDA": "Ahli Muda",
               "AHLI_PERTAMA": "Ahli Pertama", "PENYELIA": "Penyelia", "MAHIR": "Mahir",
               "TERAMPIL": "Terampil", "PEMULA": "Pemula"}
EXPERT = ("AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "AHLI_UTAMA")
SKILLED = ("TERAMPIL", "MAHIR", "PENYELIA")
SKILLED_P = ("PEMULA", "TERAMPIL", "MAHIR", "PENYELIA")

# categories of calibration.json's fungsional_mix
CAT_NONE, CAT_GURU, CAT_KES, CAT_DOSEN, CAT_LAIN = 0, 1, 2, 3, 4

# --- structural posts: (id, nama, jenjang, eselon) — kelas by eselon (DOMAIN §6 [M]) -------------------
ESELON_KELAS = {"I.a": 17, "I.b": 16, "II.a": 15, "II.b": 14, "III.a": 12, "III.b": 11, "IV.a": 9, "IV.b": 8}
STRUCTURAL: tuple[tuple[str, str, str, str], ...] = (
    ("JS-01", "Kepala Lembaga Pemerintah Nonkementerian", "JPT_UTAMA", "I.a"),
    ("JS-02", "Sekretaris Jenderal", "JPT_MADYA", "I.a"),
    ("JS-03", "Sekretaris Utama", "JPT_MADYA", "I.a"),
    ("JS-04", "Direktur Jenderal", "JPT_MADYA", "I.a"),
    ("JS-05", "Inspektur Jenderal", "JPT_MADYA", "I.a"),
    ("JS-06", "Kepala Badan Kementerian", "JPT_MADYA", "I.a"),
    ("JS-07", "Deputi", "JPT_MADYA", "I.a"),
    ("JS-08", "Sekretaris Daerah Provinsi", "JPT_MADYA", "I.b"),
    ("JS-10", "Direktur", "JPT_PRATAMA", "II.a"),
    ("JS-11", "Kepala Biro", "JPT_PRATAMA", "II.a"),
    ("JS-12", "Kepala Pusat", "JPT_PRATAMA", "II.a"),
    ("JS-13", "Kepala Kantor Wilayah", "JPT_PRATAMA", "II.a"),
    ("JS-14", "Kepala Dinas Provinsi", "JPT_PRATAMA", "II.a"),
    ("JS-15", "Kepala Badan Daerah Provinsi", "JPT_PRATAMA", "II.a"),
    ("JS-16", "Inspektur Daerah Provinsi", "JPT_PRATAMA", "II.a"),
    ("JS-17", "Sekretaris Daerah Kabupaten/Kota", "JPT_PRATAMA", "II.a"),
    ("JS-18", "Kepala Dinas Kabupaten/Kota", "JPT_PRATAMA", "II.b"),
    ("JS-19", "Kepala Badan Daerah Kabupaten/Kota", "JPT_PRATAMA", "II.b"),
    ("JS-20", "Inspektur Daerah Kabupaten/Kota", "JPT_PRATAMA", "II.b"),
    ("JS-21", "Sekretaris DPRD Kabupaten/Kota", "JPT_PRATAMA", "II.b"),
    ("JS-22", "Sekretaris DPRD Provinsi", "JPT_PRATAMA", "II.a"),
    ("JS-23", "Kepala Bagian", "ADMINISTRATOR", "III.a"),
    ("JS-24", "Kepala Subdirektorat", "ADMINISTRATOR", "III.a"),
    ("JS-25", "Kepala Kantor", "ADMINISTRATOR", "III.a"),
    ("JS-26", "Kepala Balai", "ADMINISTRATOR", "III.a"),
    ("JS-27", "Sekretaris Dinas/Badan", "ADMINISTRATOR", "III.a"),
    ("JS-28", "Camat", "ADMINISTRATOR", "III.a"),
    ("JS-29", "Kepala Bidang", "ADMINISTRATOR", "III.b"),
    ("JS-30", "Kepala Cabang Dinas", "ADMINISTRATOR", "III.b"),
    ("JS-31", "Kepala Seksi", "PENGAWAS", "IV.a"),
    ("JS-32", "Kepala Subbagian", "PENGAWAS", "IV.a"),
    ("JS-33", "Kepala Subbidang", "PENGAWAS", "IV.a"),
    ("JS-34", "Lurah", "PENGAWAS", "IV.a"),
    ("JS-35", "Kepala Unit Pelaksana Teknis Daerah", "PENGAWAS", "IV.a"),
    ("JS-36", "Kepala Subbagian Tata Usaha", "PENGAWAS", "IV.b"),
)


@dataclass(frozen=True)
class Family:
    code: str
    nama: str
    rumpun: str
    category: int
    levels: tuple[str, ...]
    names: dict[str, str] | None = None  # level -> full name (default "<nama> <level words>")
    bup: dict[str, int] | None = None  # level -> retirement age override


FAMILIES: tuple[Family, ...] = (
    Family("GURU", "Guru", "GURU", CAT_GURU, EXPERT, bup=dict.fromkeys(EXPERT, 60)),
    Family("DOSEN", "Dosen", "DOSEN", CAT_DOSEN, EXPERT,
           names={"AHLI_PERTAMA": "Asisten Ahli", "AHLI_MUDA": "Lektor", "AHLI_MADYA": "Lektor Kepala",
                  "AHLI_UTAMA": "Profesor"},
           bup={"AHLI_PERTAMA": 65, "AHLI_MUDA": 65, "AHLI_MADYA": 65, "AHLI_UTAMA": 70}),
    # health
    Family("DOKTER", "Dokter", "KESEHATAN", CAT_KES, EXPERT),
    Family("DOKTERGIGI", "Dokter Gigi", "KESEHATAN", CAT_KES, EXPERT),
    Family("APOTEKER", "Apoteker", "KESEHATAN", CAT_KES, EXPERT),
    Family("PERAWAT", "Perawat", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("BIDAN", "Bidan", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("NUTRISIONIS", "Nutrisionis", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("SANITARIAN", "Tenaga Sanitasi Lingkungan", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("LABKES", "Pranata Laboratorium Kesehatan", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("FARMASI", "Asisten Apoteker", "KESEHATAN", CAT_KES, SKILLED),
    Family("REKAMMEDIS", "Perekam Medis", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("RADIOGRAFER", "Radiografer", "KESEHATAN", CAT_KES, SKILLED + EXPERT),
    Family("EPIDEMIOLOG", "Epidemiolog Kesehatan", "KESEHATAN", CAT_KES, EXPERT),
    Family("PROMKES", "Penyuluh Kesehatan Masyarakat", "KESEHATAN", CAT_KES, EXPERT),
    Family("ADMINKES", "Administrator Kesehatan", "KESEHATAN", CAT_KES, EXPERT),
    # other functional families
    Family("ANALISKEBIJAKAN", "Analis Kebijakan", "KEBIJAKAN", CAT_LAIN, EXPERT),
    Family("AUDITOR", "Auditor", "PENGAWASAN", CAT_LAIN, SKILLED + EXPERT),
    Family("PRAKOM", "Pranata Komputer", "TEKNOLOGI_INFORMASI", CAT_LAIN, SKILLED + EXPERT),
    Family("ARSIPARIS", "Arsiparis", "KEARSIPAN", CAT_LAIN, SKILLED + EXPERT),
    Family("PUSTAKAWAN", "Pustakawan", "PERPUSTAKAAN", CAT_LAIN, SKILLED + EXPERT),
    Family("STATISTISI", "Statistisi", "STATISTIK", CAT_LAIN, SKILLED + EXPERT),
    Family("PENYULUHTANI", "Penyuluh Pertanian", "PERTANIAN", CAT_LAIN, SKILLED + EXPERT),
    Family("PENELITI", "Peneliti", "PENELITIAN", CAT_LAIN, EXPERT, bup={"AHLI_UTAMA": 70}),
    Family("PERENCANA", "Perencana", "PERENCANAAN", CAT_LAIN, EXPERT),
    Family("ANALISSDM", "Analis Sumber Daya Manusia Aparatur", "SDM_APARATUR", CAT_LAIN, EXPERT),
    Family("PENGADAAN", "Pengelola Pengadaan Barang/Jasa", "PENGADAAN", CAT_LAIN, EXPERT),
    Family("PENYULUHAGAMA", "Penyuluh Agama", "KEAGAMAAN", CAT_LAIN, EXPERT),
    Family("PENGAWASSEKOLAH", "Pengawas Sekolah", "PENDIDIKAN", CAT_LAIN, EXPERT),
    Family("PAMONGBELAJAR", "Pamong Belajar", "PENDIDIKAN", CAT_LAIN, EXPERT),
    Family("PRALAB", "Pranata Laboratorium Pendidikan", "PENDIDIKAN", CAT_LAIN, SKILLED + EXPERT),
    Family("ANALISKEUANGAN", "Analis Keuangan Pusat dan Daerah", "KEUANGAN", CAT_LAIN, EXPERT),
    Family("PRANATAKEUANGAN", "Pranata Keuangan APBN", "KEUANGAN", CAT_LAIN, SKILLED),
    Family("PEMERIKSAPAJAK", "Pemeriksa Pajak", "PERPAJAKAN", CAT_LAIN, SKILLED + EXPERT),
    Family("BEACUKAI", "Pemeriksa Bea dan Cukai", "KEPABEANAN", CAT_LAIN, SKILLED + EXPERT),
    Family("JAKSA", "Jaksa", "HUKUM", CAT_LAIN, EXPERT),
    Family("ANALISHUKUM", "Analis Hukum", "HUKUM", CAT_LAIN, EXPERT),
    Family("PEKSOS", "Pekerja Sosial", "SOSIAL", CAT_LAIN, SKILLED + EXPERT),
    Family("PENYULUHKB", "Penyuluh Keluarga Berencana", "KEPENDUDUKAN", CAT_LAIN, EXPERT),
    Family("TEKNIKJALAN", "Teknik Jalan dan Jembatan", "TEKNIK", CAT_LAIN, SKILLED + EXPERT),
    Family("TEKNIKPENGAIRAN", "Teknik Pengairan", "TEKNIK", CAT_LAIN, SKILLED + EXPERT),
    Family("WIDYAISWARA", "Widyaiswara", "PENDIDIKAN", CAT_LAIN, EXPERT),
    Family("HUMAS", "Pranata Hubungan Masyarakat", "KOMUNIKASI", CAT_LAIN, SKILLED + EXPERT),
    Family("PENYULUHPERIKANAN", "Penyuluh Perikanan", "PERIKANAN", CAT_LAIN, SKILLED + EXPERT),
    Family("PEH", "Pengendali Ekosistem Hutan", "KEHUTANAN", CAT_LAIN, SKILLED + EXPERT),
    Family("POLHUT", "Polisi Kehutanan", "KEHUTANAN", CAT_LAIN, SKILLED_P),
    Family("POLPP", "Polisi Pamong Praja", "KETERTIBAN", CAT_LAIN, SKILLED_P + ("AHLI_PERTAMA", "AHLI_MUDA")),
    Family("DAMKAR", "Analis Kebakaran", "KEBAKARAN", CAT_LAIN, SKILLED_P,
           names={lv: f"Pemadam Kebakaran {LEVEL_WORDS[lv]}" for lv in SKILLED_P}),
    Family("PENGAWASKERJA", "Pengawas Ketenagakerjaan", "KETENAGAKERJAAN", CAT_LAIN, EXPERT),
    Family("PENATARUANG", "Penata Ruang", "TATA_RUANG", CAT_LAIN, EXPERT),
)
FAMILY_INDEX: dict[str, int] = {f.code: i for i, f in enumerate(FAMILIES)}

# family pools used when assigning functional posts: (family code, weight)
POOLS: dict[str, tuple[tuple[str, float], ...]] = {
    "KES_EXPERT": (("DOKTER", 22), ("DOKTERGIGI", 4), ("APOTEKER", 5), ("PERAWAT", 25), ("BIDAN", 12),
                   ("NUTRISIONIS", 4), ("SANITARIAN", 3), ("LABKES", 3), ("EPIDEMIOLOG", 2),
                   ("PROMKES", 5), ("ADMINKES", 6), ("REKAMMEDIS", 1), ("RADIOGRAFER", 1)),
    "KES_SKILLED": (("PERAWAT", 40), ("BIDAN", 33), ("LABKES", 6), ("FARMASI", 6), ("REKAMMEDIS", 4),
                    ("RADIOGRAFER", 3), ("SANITARIAN", 4), ("NUTRISIONIS", 4)),
    "LAIN_EXPERT": (("ANALISKEBIJAKAN", 6), ("AUDITOR", 6), ("PRAKOM", 5), ("ARSIPARIS", 3),
                    ("PUSTAKAWAN", 3), ("STATISTISI", 4), ("PENYULUHTANI", 9), ("PENELITI", 4),
                    ("PERENCANA", 4), ("ANALISSDM", 5), ("PENGADAAN", 3), ("PENYULUHAGAMA", 5),
                    ("PENGAWASSEKOLAH", 6), ("PAMONGBELAJAR", 1), ("PRALAB", 1), ("ANALISKEUANGAN", 3),
                    ("PEMERIKSAPAJAK", 4), ("BEACUKAI", 3), ("JAKSA", 5), ("ANALISHUKUM", 3), ("PEKSOS", 2),
                    ("PENYULUHKB", 4), ("TEKNIKJALAN", 3), ("TEKNIKPENGAIRAN", 2), ("WIDYAISWARA", 2),
                    ("HUMAS", 2), ("PENYULUHPERIKANAN", 2), ("PEH", 2), ("PENGAWASKERJA", 1),
                    ("PENATARUANG", 1)),
    "LAIN_SKILLED": (("AUDITOR", 4), ("PRAKOM", 8), ("ARSIPARIS", 6), ("PUSTAKAWAN", 5), ("STATISTISI", 5),
                     ("PENYULUHTANI", 12), ("PRALAB", 4), ("PRANATAKEUANGAN", 6), ("PEMERIKSAPAJAK", 3),
                     ("BEACUKAI", 4), ("PEKSOS", 2), ("TEKNIKJALAN", 3), ("TEKNIKPENGAIRAN", 3), ("HUMAS", 2),
                     ("PENYULUHPERIKANAN", 2), ("PEH", 2), ("POLHUT", 3), ("POLPP", 8), ("DAMKAR", 6)),
    "LAIN_LOW": (("POLPP", 5), ("DAMKAR", 3), ("POLHUT", 2)),
}

# pelaksana posts: (id, nama, kelas, nominal education)
PELAKSANA: tuple[tuple[str, str, int, str], ...] = (
    ("JP-01", "Pramu Bakti", 1, "SD"),
    ("JP-02", "Petugas Keamanan", 3, "SMP"),
    ("JP-03", "Pengemudi", 3, "SMP"),
    ("JP-04", "Operator Layanan Operasional", 5, "SMA"),
    ("JP-05", "Pengadministrasi Perkantoran", 5, "SMA"),
    ("JP-06", "Pengadministrasi Keuangan", 5, "SMA"),
    ("JP-07", "Pengolah Data dan Informasi", 6, "D3"),
    ("JP-08", "Pengelola Layanan Operasional", 6, "D3"),
    ("JP-09", "Pengelola Keuangan", 6, "D3"),
    ("JP-10", "Penata Layanan Operasional", 7, "S1"),
    ("JP-11", "Penelaah Teknis Kebijakan", 7, "S1"),
    ("JP-12", "Penata Kelola Sistem dan Teknologi Informasi", 7, "S1"),
)
# nominal education of the pelaksana posts each education level may hold
PELAKSANA_FOR_EDU = {"SD": ("SD",), "SMP": ("SMP", "SD"), "SMA": ("SMA",), "D1": ("SMA",), "D2": ("SMA",),
                     "D3": ("D3",), "D4": ("S1",), "S1": ("S1",), "S2": ("S1",), "S3": ("S1",)}


@dataclass
class Catalog:
    ids: list[str]
    names: list[str]
    jenis: list[str]
    jenjang: np.ndarray  # int8 index into JENJANG_CODES
    kelas: np.ndarray
    rumpun: list[str]
    bup: np.ndarray  # int16
    gmin: np.ndarray  # rank 1..17 (0 = none)
    gmax: np.ndarray
    category: np.ndarray  # CAT_*
    structural: dict[str, int]  # id -> index
    func: np.ndarray  # [family, jenjang] -> index or -1
    pelaksana_by_edu: list[np.ndarray]  # edu index -> candidate indices

    def __len__(self) -> int:
        return len(self.ids)


def build_catalog() -> Catalog:
    ids, names, jenis, jenjang, kelas, rumpun, bup, gmin, gmax, cat = ([] for _ in range(10))
    structural: dict[str, int] = {}

    def add(i: str, nama: str, jn: str, jj: str, kl: int, rp: str, b: int, lo: int, hi: int, c: int) -> int:
        ids.append(i), names.append(nama), jenis.append(jn), jenjang.append(J[jj]), kelas.append(kl)
        rumpun.append(rp), bup.append(b), gmin.append(lo), gmax.append(hi), cat.append(c)
        return len(ids) - 1

    for jid, nama, jj, es in STRUCTURAL:
        lo, hi = codes.ESELON_GOLONGAN[es]
        structural[jid] = add(jid, nama, "STRUKTURAL", jj, ESELON_KELAS[es], "", codes.JENJANG_BY_CODE[jj].bup,
                              RANK[lo], RANK[hi], CAT_NONE)
    func = np.full((len(FAMILIES), len(JENJANG_CODES)), -1, dtype=np.int32)
    for fi, fam in enumerate(FAMILIES):
        for lv in fam.levels:
            level = codes.JENJANG_BY_CODE[lv]
            nama = (fam.names or {}).get(lv, f"{fam.nama} {LEVEL_WORDS[lv]}")
            b = (fam.bup or {}).get(lv, level.bup)
            func[fi, J[lv]] = add(f"JF-{fam.code}-{LEVEL_SUFFIX[lv]}", nama, "FUNGSIONAL", lv,
                                  FUNCTIONAL_KELAS[lv], fam.rumpun, b, RANK[level.golongan_min],
                                  RANK[level.golongan_max], fam.category)
    by_nominal: dict[str, list[int]] = {}
    edu = {p.kode: p for p in codes.PENDIDIKAN}
    for jid, nama, kl, nominal in PELAKSANA:
        p = edu[nominal]
        k = add(jid, nama, "PELAKSANA", "PELAKSANA", kl, "PELAKSANA", codes.JENJANG_BY_CODE["PELAKSANA"].bup,
                RANK[p.golongan_awal], RANK[p.golongan_maks], CAT_NONE)
        by_nominal.setdefault(nominal, []).append(k)
    pel_by_edu = [np.array([k for nom in PELAKSANA_FOR_EDU[e] for k in by_nominal[nom]], dtype=np.int32)
                  for e in codes.PENDIDIKAN_CODES]
    return Catalog(
        ids=ids, names=names, jenis=jenis, jenjang=np.array(jenjang, np.int8), kelas=np.array(kelas, np.int8),
        rumpun=rumpun, bup=np.array(bup, np.int16), gmin=np.array(gmin, np.int8), gmax=np.array(gmax, np.int8),
        category=np.array(cat, np.int8), structural=structural, func=func, pelaksana_by_edu=pel_by_edu,
    )


def pool(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(family indices, normalised weights) of a family pool."""
    fams = np.array([FAMILY_INDEX[c] for c, _ in POOLS[name]], dtype=np.int16)
    w = np.array([w for _, w in POOLS[name]], dtype=float)
    return fams, w / w.sum()
