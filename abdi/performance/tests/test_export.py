"""``abdi export skp`` (CONTRACTS §8): every rating of the year with its predikat, which the test derives from
DOMAIN §1's table itself; the default year; the scope of ``--as USER`` and ``--instansi``; XLSX; the audit
event; unknown kinds."""

from __future__ import annotations

import csv
import datetime as dt
import itertools

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from abdi.core.models import AuditEvent
from abdi.people.imports import load_directory
from abdi.people.tests.dataset import PEGAWAI, write_csv, write_dataset
from abdi.performance.models import SkpRating

pytestmark = pytest.mark.django_db
HEADER = ["nip", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja", "predikat"]
LEVELS = ["DI_ATAS", "SESUAI", "DI_BAWAH"]
# DOMAIN §1: rows Hasil Kerja, columns Perilaku (Di Bawah, Sesuai, Di Atas)
DOMAIN_TABLE = {
    "DI_ATAS": {"DI_BAWAH": "KURANG", "SESUAI": "BAIK", "DI_ATAS": "SANGAT_BAIK"},
    "SESUAI": {"DI_BAWAH": "KURANG", "SESUAI": "BAIK", "DI_ATAS": "BAIK"},
    "DI_BAWAH": {"DI_BAWAH": "SANGAT_KURANG", "SESUAI": "BUTUH_PERBAIKAN", "DI_ATAS": "BUTUH_PERBAIKAN"},
}
BUDI, SITI = PEGAWAI[0][0], PEGAWAI[1][0]


def _read(path, fmt="csv"):
    if fmt == "csv":
        return list(csv.reader(path.open(encoding="utf-8")))
    return [["" if v is None else str(v) for v in r] for r in load_workbook(path).active.iter_rows(values_only=True)]


@pytest.fixture
def loaded(tmp_path):
    """Budi has all nine cells (TAHUNAN and B01–B08) in 2025, Siti one annual rating in 2025 and one in 2024."""
    d = write_dataset(tmp_path / "d")
    periods = ["TAHUNAN"] + [f"B{m:02d}" for m in range(1, 9)]
    cells = list(itertools.product(LEVELS, LEVELS))
    rows = [[BUDI, "2025", p, h, b] for p, (h, b) in zip(periods, cells, strict=True)]
    rows += [[SITI, "2025", "TAHUNAN", "SESUAI", "DI_ATAS"], [SITI, "2024", "TAHUNAN", "DI_BAWAH", "SESUAI"]]
    write_csv(d / "skp.csv", [HEADER[:5]] + rows)
    report = load_directory(d, today=dt.date(2026, 6, 1))
    assert report.exit_code == 0, report.rejected
    return rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_a_year_has_every_rating_with_the_domain_predikat(tmp_path, loaded, fmt):
    out = tmp_path / f"skp.{fmt}"
    call_command("export", "skp", "--out", str(out), "--format", fmt, "--year", "2025")
    got = _read(out, fmt)
    assert got[0] == HEADER
    expected = sorted([r + [DOMAIN_TABLE[r[3]][r[4]]] for r in loaded if r[1] == "2025"], key=lambda r: (r[0], r[2]))
    assert got[1:] == expected
    assert len(got) - 1 == 10


def test_default_year_is_the_latest_with_any_rating(tmp_path, loaded):
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out))
    assert {r[1] for r in _read(out)[1:]} == {"2025"}
    call_command("export", "skp", "--out", str(out), "--year", "2024")
    assert _read(out)[1:] == [[SITI, "2024", "TAHUNAN", "DI_BAWAH", "SESUAI", "BUTUH_PERBAIKAN"]]
    event = AuditEvent.objects.filter(action="export.skp").order_by("-id").first()
    assert event.after["rows"] == 1 and event.after["year"] == 2024


def test_export_right_after_a_reload_shows_the_new_predikat(tmp_path, loaded):
    d = tmp_path / "again"
    d.mkdir()
    write_csv(d / "skp.csv", [HEADER[:5], [SITI, "2025", "TAHUNAN", "DI_ATAS", "DI_ATAS"]])
    assert load_directory(d, today=dt.date(2026, 6, 1)).exit_code == 0
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out), "--year", "2025")
    siti = [r for r in _read(out)[1:] if r[0] == SITI]
    assert siti == [[SITI, "2025", "TAHUNAN", "DI_ATAS", "DI_ATAS", "SANGAT_BAIK"]]


def test_instansi_narrows_the_export(tmp_path, loaded):
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out), "--instansi", "KOTA-32.73", "--year", "2025")
    assert [r[0] for r in _read(out)[1:]] == [SITI]


@pytest.fixture
def world_ratings(world):
    ratings = [SkpRating(pegawai=p, tahun=2025, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                         rating_perilaku_kerja="SESUAI") for p in world.people]
    SkpRating.objects.bulk_create(ratings)
    return world


def test_as_user_exports_only_the_users_scope(tmp_path, world_ratings, users):
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out), "--as", "admin-a")
    rows = _read(out)[1:]
    assert {r[0] for r in rows} == world_ratings.a_nips  # agency admin: personal data, NIPs in full
    assert [r[0] for r in rows] == sorted(world_ratings.a_nips)
    assert {r[5] for r in rows} == {"BAIK"}
    call_command("export", "skp", "--out", str(out), "--as", "analis")
    rows = _read(out)[1:]
    masked = {"********" + n[8:] for n in world_ratings.a_nips | world_ratings.b_nips}
    assert {r[0] for r in rows} == masked  # national analyst: everything, NIP birth dates masked
    event = AuditEvent.objects.filter(action="export.skp").order_by("-id").first()
    assert event.after["personal_data"] is False and event.after["rows"] == len(masked)


def test_formula_text_is_escaped(tmp_path, world_ratings):
    SkpRating.objects.filter(pk=SkpRating.objects.order_by("pegawai_id").first().pk).update(periode="=B01")
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out), "--year", "2025")
    assert _read(out)[1][2] == "'=B01"


def test_no_ratings_gives_a_header_only_file(tmp_path, db):
    out = tmp_path / "skp.csv"
    call_command("export", "skp", "--out", str(out))
    assert _read(out) == [HEADER]


def test_unknown_kind_is_a_usage_error_listing_the_kinds(tmp_path, db):
    with pytest.raises(CommandError) as exc:
        call_command("export", "kinerja", "--out", str(tmp_path / "x.csv"))
    assert exc.value.returncode == 64
    assert "roster" in str(exc.value) and "skp" in str(exc.value)
