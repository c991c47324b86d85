"""``abdi stats`` (CONTRACTS §6) against a straightforward count over the loaded file's rows."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from abdi.people.imports import load_directory
from abdi.people.stats import retirement_year, workforce_stats
from abdi.people.tests.dataset import JABATAN, PEGAWAI, PEGAWAI_HEADER, person, write_dataset

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _rows(extra):
    rows = [dict(zip(PEGAWAI_HEADER, r, strict=True)) for r in PEGAWAI + extra]
    return rows


@pytest.fixture
def loaded(tmp_path):
    extra = [
        person(nip="196812012000031001", tgl_lahir="1968-12-01", nama="Pensiun Januari", tmt_cpns="2000-03-01",
               jabatan_id="J-PELAKSANA", golongan="III/a"),
        person(nip="197001012000031002", tgl_lahir="1970-01-01", nama="Sudah Pensiun", tmt_cpns="2000-03-01",
               kedudukan="PENSIUN"),
        person(nip="196601012000031003", tgl_lahir="1966-01-01", nama="Lewat BUP", tmt_cpns="2000-03-01",
               jabatan_id="J-PELAKSANA"),
    ]
    report = load_directory(write_dataset(tmp_path / "d", pegawai=PEGAWAI + extra), today=TODAY)
    assert report.exit_code == 0, report.rejected
    return _rows(extra)


def test_breakdowns_match_an_independent_count(loaded):
    stats = workforce_stats(today=TODAY)
    active = [r for r in loaded if r["kedudukan"] == "AKTIF"]
    assert stats["total"] == len(active) == 6
    assert stats["by_jenis_kelamin"] == dict(Counter(r["jenis_kelamin"] for r in active))
    assert stats["by_jenis_pegawai"] == {"PNS": 5, "PPPK": 1}
    assert stats["by_instansi"] == dict(Counter(r["instansi_id"] for r in active))
    assert stats["by_provinsi"] == dict(Counter(r["lokasi_kabkota_kode"][:2] for r in active))
    assert stats["by_pusat_daerah"] == {"PUSAT": sum(r["instansi_id"] == "P-KEU" for r in active),
                                        "DAERAH": sum(r["instansi_id"] != "P-KEU" for r in active)}
    assert stats["by_pendidikan"] == dict(Counter(r["pendidikan"] for r in active))
    assert stats["by_golongan"] == dict(Counter(r["golongan"] for r in active))
    jenis = {j[0]: j[2] for j in JABATAN[1:]}
    expected_jj = Counter(jenis[r["jabatan_id"]] for r in active)
    assert stats["by_jenis_jabatan"] == {k: expected_jj.get(k, 0) for k in ("STRUKTURAL", "FUNGSIONAL", "PELAKSANA")}


def test_generations_women_and_population_ratio(loaded):
    stats = workforce_stats(today=TODAY)
    active = [r for r in loaded if r["kedudukan"] == "AKTIF"]

    def gen(year):
        return "BABY_BOOMER" if year <= 1964 else "X" if year <= 1980 else "Y" if year <= 1996 else "Z"
    expected = Counter(gen(int(r["tgl_lahir"][:4])) for r in active)
    assert stats["by_generasi"] == {k: expected.get(k, 0) for k in ("BABY_BOOMER", "X", "Y", "Z")}
    women_pelaksana = [r for r in active if r["jabatan_id"] == "J-PELAKSANA"]
    share = sum(r["jenis_kelamin"] == "P" for r in women_pelaksana) / len(women_pelaksana)
    assert stats["perempuan_pimpinan"]["PELAKSANA"] == round(share, 4)
    assert stats["perempuan_pimpinan"]["SEMUA"] == round(sum(r["jenis_kelamin"] == "P" for r in active) / 6, 4)
    # Jawa Barat (32): population from the shipped BPS table
    from abdi.org.models import Provinsi
    pop = Provinsi.objects.get(pk="32").penduduk
    n32 = sum(r["lokasi_kabkota_kode"].startswith("32") for r in active)
    assert stats["per_100_penduduk"]["32"] == round(n32 / pop * 100, 2)


def test_retirement_wave_has_six_years_and_counts_overdue_in_this_year(loaded):
    stats = workforce_stats(today=TODAY)
    wave = stats["pensiun_5_tahun"]
    assert list(wave) == [str(y) for y in range(2026, 2032)]
    # born 1966-01-01 in a 58 post: due 2024-02-01, still AKTIF -> counts in 2026
    # born 1968-12-01 in a 58 post: birthday 2026-12-01 -> retires 2027-01-01
    assert retirement_year(1968, 12, 58) == 2027 and retirement_year(1966, 1, 58) == 2024
    assert wave["2026"] == 1 and wave["2027"] == 1
    # PPPK never counts; the PENSIUN person is not active
    assert sum(wave.values()) == 2


def test_scoped_to_one_instansi_and_cli_json(loaded):
    stats = workforce_stats(instansi_id="KOTA-32.73", today=TODAY)
    assert stats["total"] == 2 and stats["by_instansi"] == {"KOTA-32.73": 2}
    out = StringIO()
    call_command("stats", "--json", "--instansi", "P-KEU", stdout=out)
    body = json.loads(out.getvalue())
    assert body["total"] == sum(1 for r in loaded if r["kedudukan"] == "AKTIF" and r["instansi_id"] == "P-KEU")
    assert set(body) >= {"total", "by_jenis_pegawai", "by_jenis_kelamin", "by_pusat_daerah", "by_instansi",
                         "by_provinsi", "by_pendidikan", "by_jenis_jabatan", "by_golongan", "by_generasi",
                         "perempuan_pimpinan", "per_100_penduduk", "pensiun_5_tahun"}
