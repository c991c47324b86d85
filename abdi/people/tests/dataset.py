"""A small hand-written dataset directory for loader tests (independent of the synthetic generator)."""

from __future__ import annotations

import csv
from pathlib import Path

INSTANSI = [
    ["instansi_id", "nama", "jenis", "provinsi_kode", "kabkota_kode"],
    ["P-KEU", "Kementerian Keuangan", "PUSAT", "", ""],
    ["KOTA-32.73", "Pemerintah Kota Bandung", "KOTA", "32", "32.73"],
]
UNOR = [
    ["unor_id", "instansi_id", "diatasan_id", "nama", "eselon", "jenis_unor", "lokasi_kabkota_kode", "pemimpin_nip"],
    ["KEU", "P-KEU", "", "Sekretariat Jenderal", "I.a", "KANTOR", "31.71", ""],
    ["KEU-1", "P-KEU", "KEU", "Biro SDM", "II.a", "KANTOR", "31.71", ""],
    ["KEU-1-1", "P-KEU", "KEU-1", "Bagian Mutasi", "III.a", "KANTOR", "31.71", ""],
    ["BDG", "KOTA-32.73", "", "Sekretariat Daerah", "II.a", "KANTOR", "32.73", ""],
    ["BDG-SD1", "KOTA-32.73", "BDG", "SD Negeri 1 Bandung", "", "SEKOLAH", "32.73", ""],
]
JABATAN = [
    ["jabatan_id", "nama", "jenis", "jenjang", "kelas", "rumpun", "bup", "golongan_min", "golongan_max"],
    ["J-ANALIS", "Analis SDM Aparatur Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "8", "SDM", "", "III/a", "III/b"],
    ["J-GURU", "Guru Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "10", "GURU", "60", "III/c", "III/d"],
    ["J-PELAKSANA", "Pengadministrasi Umum", "PELAKSANA", "PELAKSANA", "5", "", "", "", ""],
    ["J-KABAG", "Kepala Bagian Mutasi", "STRUKTURAL", "ADMINISTRATOR", "12", "", "", "III/d", "IV/b"],
]
PEGAWAI_HEADER = ["nip", "nama", "tgl_lahir", "jenis_kelamin", "jenis_pegawai", "status", "kedudukan", "golongan",
                  "pendidikan", "tmt_cpns", "instansi_id", "unor_id", "jabatan_id", "tmt_jabatan",
                  "lokasi_kabkota_kode", "pns_id", "nip_lama", "gelar_depan", "gelar_belakang", "tmt_pns",
                  "tmt_golongan", "instansi_kerja_id"]
# NIPs: birth date YYYYMMDD + TMT YYYYMM + gender digit + sequence
PEGAWAI = [
    ["198609262015051001", "Budi Santoso", "1986-09-26", "L", "PNS", "PNS", "AKTIF", "III/b", "S1", "2015-05-01",
     "P-KEU", "KEU-1-1", "J-ANALIS", "2019-01-01", "31.71", "", "", "", "S.E.", "2016-05-01", "2019-04-01", ""],
    ["199001152014032002", "Siti Rahmawati", "1990-01-15", "P", "PNS", "PNS", "AKTIF", "III/c", "S1", "2014-03-01",
     "KOTA-32.73", "BDG-SD1", "J-GURU", "2018-01-01", "32.73", "", "", "", "S.Pd.", "2015-03-01", "2018-04-01", ""],
    ["197512312000121003", "Agus Wijaya", "1975-12-31", "L", "PNS", "PNS", "AKTIF", "IV/a", "S2", "2000-12-01",
     "P-KEU", "KEU-1-1", "J-KABAG", "2020-01-01", "31.71", "", "", "Dr.", "M.M.", "2001-12-01", "2016-04-01", ""],
    ["199505052022012001", "Dewi Lestari", "1995-05-05", "P", "PPPK", "PPPK", "AKTIF", "IX", "S1", "2022-01-01",
     "KOTA-32.73", "BDG", "J-PELAKSANA", "2022-01-01", "32.73", "", "", "", "", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def write_dataset(directory: Path, *, pegawai: list[list[str]] | None = None, files: tuple[str, ...] = (
        "instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv")) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tables = {"instansi.csv": INSTANSI, "unor.csv": UNOR, "jabatan.csv": JABATAN,
              "pegawai.csv": [PEGAWAI_HEADER] + (PEGAWAI if pegawai is None else pegawai)}
    for name in files:
        write_csv(directory / name, tables[name])
    return directory


def person(**changes: str) -> list[str]:
    """A copy of the first civil servant with some fields changed."""
    row = dict(zip(PEGAWAI_HEADER, PEGAWAI[0], strict=True))
    row.update(changes)
    return [row[c] for c in PEGAWAI_HEADER]
