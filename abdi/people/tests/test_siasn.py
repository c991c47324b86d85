"""``abdi load --siasn``: SIASN "Export Data ASN" rosters load as they come (CONTRACTS §3b)."""

from __future__ import annotations

import pytest

from abdi.org.models import Instansi, Jabatan, Unor
from abdi.people.imports.siasn import guess_jenjang, load_siasn
from abdi.people.models import Pegawai, SiasnMapping
from abdi.people.tests.dataset import write_csv

pytestmark = pytest.mark.django_db

HEADER = ["PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BELAKANG", "TANGGAL_LAHIR",
          "JENIS_KELAMIN", "NIK", "NOMOR_HP", "ALAMAT", "JENIS_PEGAWAI_NAMA", "KEDUDUKAN_HUKUM_NAMA",
          "STATUS_CPNS_PNS", "TMT_CPNS", "TMT_PNS", "GOL_AKHIR_ID", "GOL_AKHIR_NAMA", "TMT_GOLONGAN",
          "JENIS_JABATAN_ID", "JABATAN_ID", "JABATAN_NAMA", "TMT_JABATAN", "TINGKAT_PENDIDIKAN_NAMA",
          "LOKASI_KERJA_ID", "LOKASI_KERJA_NAMA", "UNOR_ID", "UNOR_NAMA", "INSTANSI_INDUK_ID",
          "INSTANSI_INDUK_NAMA", "INSTANSI_KERJA_ID", "INSTANSI_KERJA_NAMA"]


def row(**kw):
    base = {
        "PNS_ID": "A1B2", "NIP_BARU": "198609262015051001", "NIP_LAMA": "", "NAMA": "Budi Santoso",
        "GELAR_DEPAN": "", "GELAR_BELAKANG": "S.E.", "TANGGAL_LAHIR": "26-09-1986", "JENIS_KELAMIN": "M",
        "NIK": "3273012609860001", "NOMOR_HP": "081234567890", "ALAMAT": "Jl. Asia Afrika 1",
        "JENIS_PEGAWAI_NAMA": "PNS Daerah", "KEDUDUKAN_HUKUM_NAMA": "Aktif", "STATUS_CPNS_PNS": "P",
        "TMT_CPNS": "01-05-2015", "TMT_PNS": "01-05-2016", "GOL_AKHIR_ID": "32", "GOL_AKHIR_NAMA": "III/b",
        "TMT_GOLONGAN": "01-04-2019", "JENIS_JABATAN_ID": "2", "JABATAN_ID": "JF-ANALIS-1",
        "JABATAN_NAMA": "Analis SDM Aparatur Ahli Pertama", "TMT_JABATAN": "01-01-2019",
        "TINGKAT_PENDIDIKAN_NAMA": "S-1/Sarjana", "LOKASI_KERJA_ID": "32.73", "LOKASI_KERJA_NAMA": "KOTA BANDUNG",
        "UNOR_ID": "8ae483a5", "UNOR_NAMA": "Badan Kepegawaian dan Pengembangan SDM",
        "INSTANSI_INDUK_ID": "A5EB03E2", "INSTANSI_INDUK_NAMA": "Kota Bandung",
        "INSTANSI_KERJA_ID": "A5EB03E2", "INSTANSI_KERJA_NAMA": "Kota Bandung",
    }
    base.update(kw)
    return [base[c] for c in HEADER]


def test_siasn_export_with_its_variants_loads_and_builds_the_org(tmp_path):
    rows = [HEADER,
            row(),
            row(NIP_BARU="199001152014032002", NAMA="Siti", TANGGAL_LAHIR="1990-01-15", JENIS_KELAMIN="F",
                TMT_CPNS="2014-03-01", TINGKAT_PENDIDIKAN_NAMA="Diploma III", GOL_AKHIR_NAMA="", GOL_AKHIR_ID="23",
                STATUS_CPNS_PNS="C"),
            row(NIP_BARU="199505052022012001", NAMA="Dewi", TANGGAL_LAHIR="05-05-1995", JENIS_KELAMIN="Perempuan",
                JENIS_PEGAWAI_NAMA="PPPK", STATUS_CPNS_PNS="", GOL_AKHIR_ID="", GOL_AKHIR_NAMA="IX",
                TINGKAT_PENDIDIKAN_NAMA="SLTA", JENIS_JABATAN_ID="4", JABATAN_ID="JU-1",
                JABATAN_NAMA="Pengadministrasi Umum", TMT_CPNS="01-01-2022")]
    path = write_csv(tmp_path / "Export Data ASN.csv", rows, delimiter=";")
    report = load_siasn(path)
    assert report.exit_code == 0, report.rejected
    inst = Instansi.objects.get(pk="A5EB03E2")
    assert (inst.jenis, inst.provinsi_id, inst.kabkota_id) == ("KOTA", "32", "32.73")
    assert Unor.objects.get(pk="8ae483a5").path == "/8ae483a5/"
    assert Jabatan.objects.get(pk="JF-ANALIS-1").jenjang_id == "AHLI_PERTAMA"
    assert Jabatan.objects.get(pk="JU-1").jenis == "PELAKSANA"
    budi, siti, dewi = (Pegawai.objects.get(nip=n) for n in
                        ("198609262015051001", "199001152014032002", "199505052022012001"))
    assert (budi.jenis_kelamin, str(budi.tgl_lahir), budi.golongan, budi.pendidikan, budi.status) == (
        "L", "1986-09-26", "III/b", "S1", "PNS")
    assert (siti.jenis_kelamin, siti.golongan, siti.pendidikan, siti.status) == ("P", "II/c", "D3", "CPNS")
    assert (dewi.jenis_pegawai, dewi.status, dewi.golongan, dewi.pendidikan) == ("PPPK", "PPPK", "IX", "SMA")
    # personal fields Abdi does not need are not stored anywhere
    assert not hasattr(budi, "nik")
    assert report.files["Export Data ASN.csv"]["loaded"] == 3


def test_siasn_rejections_name_the_export_column_and_line(tmp_path):
    rows = [HEADER, row(),
            row(NIP_BARU="199001152014032002", JENIS_KELAMIN="X", TANGGAL_LAHIR="15-01-1990"),
            row(NIP_BARU="199001152014032003", TANGGAL_LAHIR="31-02-1990", JENIS_KELAMIN="F"),
            row(NIP_BARU="199001152014032004", TANGGAL_LAHIR="15-01-1990", JENIS_KELAMIN="F",
                TINGKAT_PENDIDIKAN_NAMA="Kursus Menjahit")]
    report = load_siasn(write_csv(tmp_path / "siasn.csv", rows))
    assert report.exit_code == 2
    rej = {r["line"]: r for r in report.rejected}
    assert rej[3]["column"] == "jenis_kelamin" and rej[3]["value"] == "X"
    assert rej[4]["column"] == "tanggal_lahir"
    assert rej[5]["column"] == "tingkat_pendidikan_nama" and rej[5]["value"] == "Kursus Menjahit"
    assert Pegawai.objects.count() == 1


def test_admin_mapping_extends_the_known_variants(tmp_path):
    SiasnMapping.objects.create(field="pendidikan", source_value="S1 Kependidikan", target_code="S1")
    rows = [HEADER, row(TINGKAT_PENDIDIKAN_NAMA="S1 KEPENDIDIKAN")]
    assert load_siasn(write_csv(tmp_path / "siasn.csv", rows)).exit_code == 0
    assert Pegawai.objects.get().pendidikan == "S1"


@pytest.mark.parametrize("jenis, nama, expected", [
    ("FUNGSIONAL", "Guru Ahli Madya", "AHLI_MADYA"),
    ("FUNGSIONAL", "Perawat Terampil", "TERAMPIL"),
    ("STRUKTURAL", "Kepala Dinas Pendidikan", "JPT_PRATAMA"),
    ("STRUKTURAL", "Kepala Bidang Mutasi", "ADMINISTRATOR"),
    ("STRUKTURAL", "Kepala Seksi Data", "PENGAWAS"),
    ("PELAKSANA", "Pengadministrasi Umum", "PELAKSANA"),
])
def test_position_level_is_guessed_from_siasn_names(jenis, nama, expected):
    assert guess_jenjang(jenis, nama) == expected
