"""The agency scorecard's SKP indicators: completion (active staff with an annual rating of the latest rated
year) and the predikat spread, against counts made here from the test world."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.analytics.scorecard import scorecard_for_user
from abdi.performance.models import SkpRating
from abdi.performance.tests.test_cycle import DOMAIN_MATRIX

pytestmark = pytest.mark.django_db
CELLS = [("DI_ATAS", "DI_ATAS"), ("SESUAI", "SESUAI"), ("DI_BAWAH", "SESUAI"), ("SESUAI", "DI_BAWAH")]


def test_skp_indicators_on_the_agency_scorecard(world, users):
    a_active = [p for p in world.people if p.instansi_id == "KAB-A" and p.kedudukan == "AKTIF"]
    rated = a_active[:10]
    rows = [SkpRating(pegawai=p, tahun=2025, periode="TAHUNAN", rating_hasil_kerja=CELLS[i % 4][0],
                      rating_perilaku_kerja=CELLS[i % 4][1]) for i, p in enumerate(rated)]
    inactive = next(p for p in world.people if p.instansi_id == "KAB-A" and p.kedudukan != "AKTIF")
    rows.append(SkpRating(pegawai=inactive, tahun=2025, periode="TAHUNAN", rating_hasil_kerja="DI_ATAS",
                          rating_perilaku_kerja="DI_ATAS"))  # not active: not counted
    rows.append(SkpRating(pegawai=rated[0], tahun=2024, periode="TAHUNAN", rating_hasil_kerja="DI_BAWAH",
                          rating_perilaku_kerja="DI_BAWAH"))  # an older year: not the latest
    SkpRating.objects.bulk_create(rows)
    card = scorecard_for_user(users.national_admin, "KAB-A", today=dt.date(2026, 6, 1))
    ind = {i["kode"]: i for i in card["indikator"]}
    completion = ind["penyelesaian_skp"]
    assert completion["tersedia"] and completion["penyebut"] == len(a_active)
    assert completion["nilai"] == round(100 * 10 / len(a_active), 1)
    spread = ind["sebaran_predikat_skp"]
    expected = {}
    for i in range(10):
        code = DOMAIN_MATRIX[CELLS[i % 4]]
        expected[code] = expected.get(code, 0) + 1
    assert spread["penyebut"] == 10 and spread["nilai"] == round(100 * expected["SANGAT_BAIK"] / 10, 1)
    by_label = {s["label"]: s["nilai"] for s in spread["seri"]}
    assert by_label["Kurang/Misconduct"] == expected["KURANG"] and by_label["Baik"] == expected["BAIK"]
    assert "2025" in spread["catatan"]
