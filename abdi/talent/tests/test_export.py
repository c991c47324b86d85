"""``abdi export talent`` (CONTRACTS §8): its rows (annual SKP + assessment + a standard), the boxes and JPM
(2 decimals, half-up) from a plain computation, the calibrated box, the default year, scope and currency right
after a load of new ratings; the after-load recompute; ``abdi talent hitung``."""

from __future__ import annotations

import csv
import datetime as dt
import json
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from abdi.competency.models import Asesmen
from abdi.people.masking import mask_nip
from abdi.performance.models import SkpRating
from abdi.talent.models import Kalibrasi, Kotak, SesiKalibrasi
from abdi.talent.tests.test_ninebox import NINE, YEAR, expected_boxes, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db


def export(tmp_path, *args) -> list[dict]:
    out = tmp_path / "talent.csv"
    call_command("export", "talent", "--out", str(out), *args)
    with out.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def half_up(value: Fraction) -> str:
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{cents // 100}.{cents % 100:02d}"


def test_export_rows_boxes_and_jpm(tmp_path, talent_world):  # noqa: F811
    rows = export(tmp_path)
    expected = expected_boxes(talent_world.people)
    assert {r["nip"]: int(r["kotak"]) for r in rows} == expected
    assert list(rows[0]) == ["nip", "sumbu_kinerja", "sumbu_potensial", "kotak", "kotak_kalibrasi", "jpm"]
    assert [r["nip"] for r in rows] == sorted(r["nip"] for r in rows)
    person = next(p for p in talent_world.people if p.jabatan_id == "J-STR" and p.nip in expected)
    latest = Asesmen.objects.filter(pegawai=person).order_by("-tanggal").first()
    jpm = Fraction(sum(getattr(latest, k) for k in NINE) * 100, 2 * 9)  # PENGAWAS: 2 in each competency
    assert next(r for r in rows if r["nip"] == person.nip)["jpm"] == half_up(jpm)
    assert all(r["kotak_kalibrasi"] == "" for r in rows)


def test_calibrated_box_scope_and_currency(tmp_path, talent_world, users):  # noqa: F811
    first = export(tmp_path)
    nip = first[0]["nip"]
    sesi = SesiKalibrasi.objects.create(nama="Kalibrasi", tahun=YEAR, instansi_id="KAB-A", dibuat_oleh="x")
    Kalibrasi.objects.create(sesi=sesi, pegawai_id=nip, tahun=YEAR, kotak_hitung=int(first[0]["kotak"]),
                             kotak_sebelum=int(first[0]["kotak"]), kotak=8, alasan="alasan", oleh="x")
    # a new rating, not yet recomputed into the stored boxes, is already in the file
    SkpRating.objects.filter(pegawai_id=nip, tahun=YEAR, periode="TAHUNAN").update(
        rating_hasil_kerja="DI_BAWAH", rating_perilaku_kerja="DI_BAWAH")
    rows = {r["nip"]: r for r in export(tmp_path)}
    assert rows[nip]["kotak_kalibrasi"] == "8" and rows[nip]["sumbu_kinerja"] == "DI_BAWAH"
    scoped = export(tmp_path, "--as", users.admin_a.username)
    assert scoped and all(r["nip"] in talent_world.a_nips for r in scoped)
    masked = export(tmp_path, "--as", users.national_analyst.username)
    assert {r["nip"] for r in masked} == {mask_nip(n) for n in rows}


def test_default_year_is_the_latest_rated(tmp_path, talent_world):  # noqa: F811
    p = talent_world.people[0]
    SkpRating.objects.create(pegawai=p, tahun=YEAR + 1, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                             rating_perilaku_kerja="SESUAI")
    SkpRating.objects.create(pegawai=p, tahun=YEAR + 2, periode="B01", rating_hasil_kerja="SESUAI",
                             rating_perilaku_kerja="SESUAI")  # monthly only: not a talent year
    assert Asesmen.objects.filter(pegawai=p).exists()  # the first person of the world is assessed
    assert [r["nip"] for r in export(tmp_path)] == [p.nip]
    assert len(export(tmp_path, "--year", str(YEAR))) == len(expected_boxes(talent_world.people))


def test_talent_hitung_command(talent_world):  # noqa: F811
    out = StringIO()
    call_command("talent", "hitung", "--year", str(YEAR), stdout=out)
    body = json.loads(out.getvalue())
    assert body["tahun"] == YEAR and body["ditambah"] == Kotak.objects.filter(tahun=YEAR).count() > 0
    assert dict(Kotak.objects.values_list("pegawai_id", "kotak")) == expected_boxes(talent_world.people)


def test_boxes_follow_a_load_of_ratings_and_assessments(tmp_path, settings):
    from abdi.people.imports import load_directory
    from abdi.people.tests.dataset import PEGAWAI, write_csv, write_dataset

    settings.ABDI_ANALYTICS_ON_LOAD = "on"
    budi, siti, agus, _dewi = (row[0] for row in PEGAWAI)
    d = write_dataset(tmp_path / "d")
    write_csv(d / "skp.csv", [["nip", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja"],
                              [agus, "2025", "TAHUNAN", "DI_ATAS", "DI_ATAS"], [siti, "2025", "TAHUNAN", "SESUAI", "SESUAI"],
                              [budi, "2025", "TAHUNAN", "SESUAI", "SESUAI"]])
    write_csv(d / "asesmen.csv", [["nip", "tanggal", *NINE], [agus, "2025-02-01"] + ["3"] * 9,
                                  [siti, "2025-02-01"] + ["2"] * 9, [budi, "2025-02-01"] + ["4"] * 9])
    report = load_directory(d, today=dt.date(2026, 6, 1))
    assert report.exit_code == 0, report.rejected
    # Agus: Administrator (3 in each by default), all 3s: JPM 100, Sangat Baik -> box 9. Siti: Guru Ahli Muda, a
    # functional post without standard rows: no box. Budi: Analis Ahli Pertama, functional, no rows: no box.
    assert dict(Kotak.objects.values_list("pegawai_id", "kotak")) == {agus: 9}
