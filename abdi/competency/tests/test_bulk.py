"""``standar_kompetensi.csv`` and ``asesmen.csv`` in ``abdi load DIR``: what loads, each rejection with its
line and column, the keys, and re-loads that update only what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.people.imports import load_directory
from abdi.people.tests.dataset import PEGAWAI, write_csv, write_dataset

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
BUDI, SITI, AGUS, DEWI = (row[0] for row in PEGAWAI)
STD_HEADER = ["jabatan_id", "kompetensi", "level"]
AS_HEADER = ["nip", "tanggal", "integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
             "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"]


def _load(d, *, standar=None, asesmen=None, roster=True):
    write_dataset(d, files=("instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv") if roster else ())
    if standar is not None:
        write_csv(d / "standar_kompetensi.csv", [STD_HEADER] + standar)
    if asesmen is not None:
        write_csv(d / "asesmen.csv", [AS_HEADER] + asesmen)
    return load_directory(d, today=TODAY)


def test_standards_load_with_their_checks(tmp_path):
    report = _load(tmp_path / "d", standar=[
        ["J-ANALIS", "integritas", "3"], ["J-ANALIS", "KOMUNIKASI", "2"],  # any case
        ["J-TIDAK-ADA", "integritas", "3"],  # line 4: unknown position
        ["J-GURU", "kepemimpinan", "3"],  # line 5: not one of the nine
        ["J-GURU", "integritas", "6"],  # line 6: level 1–5
        ["J-ANALIS", "integritas", "4"],  # line 7: duplicate key of line 2
    ])
    assert report.exit_code == 2
    assert [(r["line"], r["column"]) for r in report.rejected] == [
        (4, "jabatan_id"), (5, "kompetensi"), (6, "level"), (7, "jabatan_id")]
    assert "baris 2" in report.rejected[-1]["reason"]
    assert set(StandarKompetensi.objects.values_list("jabatan_id", "kompetensi", "level")) == {
        ("J-ANALIS", "integritas", 3), ("J-ANALIS", "komunikasi", 2)}


def test_assessments_load_and_reload(tmp_path):
    rows = [[BUDI, "2025-03-01"] + ["3"] * 9, [BUDI, "2026-02-01"] + ["4"] * 9, [SITI, "2025-10-10"] + ["2"] * 9]
    report = _load(tmp_path / "d", asesmen=rows + [
        ["198001012005011001", "2025-01-01"] + ["3"] * 9,  # line 5: not in the roster
        [AGUS, "2027-01-01"] + ["3"] * 9,  # line 6: in the future
        [AGUS, "2025-01-01"] + ["3"] * 8 + ["0"],  # line 7: level 0
        [DEWI, "2025-01-01"] + ["3"] * 8,  # line 8: a field short
        [BUDI, "2025-03-01"] + ["5"] * 9,  # line 9: duplicate key of line 2
    ])
    assert report.exit_code == 2
    assert [(r["line"], r["column"]) for r in report.rejected] == [
        (5, "nip"), (6, "tanggal"), (7, "perekat_bangsa"), (8, "nip"), (9, "nip")]
    assert Asesmen.objects.count() == 3
    budi = {a.tanggal: a.levels() for a in Asesmen.objects.filter(pegawai_id=BUDI)}
    assert budi[dt.date(2026, 2, 1)]["komunikasi"] == 4
    # a re-load: one assessment corrected, the others untouched
    first_batch = report.batch_id
    report = _load(tmp_path / "e", asesmen=[[SITI, "2025-10-10"] + ["2"] * 8 + ["5"]] + rows[:2], roster=False)
    assert report.exit_code == 0, report.rejected
    siti = Asesmen.objects.get(pegawai_id=SITI)
    assert siti.perekat_bangsa == 5 and siti.batch_id == report.batch_id
    assert set(Asesmen.objects.filter(pegawai_id=BUDI).values_list("batch_id", flat=True)) == {first_batch}
