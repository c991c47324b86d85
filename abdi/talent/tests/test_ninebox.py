"""The 9-box recomputed set-based against a plain computation written from DOMAIN §1–§3's tables: the
predikat matrix, the performance axis, JPM over the position's standard (its own rows or its level's default),
the potential cut-offs (exact at 90), the box numbering; the latest assessment counts; people without an annual
rating, an assessment or a standard have no box; a recompute applies changes and keeps calibrations."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction

import pytest

from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.core.models import AuditEvent
from abdi.org.models import Jabatan
from abdi.performance.models import SkpRating
from abdi.talent.models import Kotak, KotakRingkas
from abdi.talent.services import ninebox_counts_rebuild, ninebox_recompute

pytestmark = pytest.mark.django_db
YEAR = 2025
NINE = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
        "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")
# DOMAIN §1 matrix and §2's axis and boxes, written out here
PREDIKAT = {("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK", ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
            ("SESUAI", "DI_BAWAH"): "KURANG", ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK",
            ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG", ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
            ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN"}
AXIS = {"SANGAT_BAIK": "DI_ATAS", "BAIK": "SESUAI"}
BOX = {("DI_ATAS", "TINGGI"): 9, ("SESUAI", "TINGGI"): 8, ("DI_ATAS", "MENENGAH"): 7, ("DI_BAWAH", "TINGGI"): 6,
       ("SESUAI", "MENENGAH"): 5, ("DI_ATAS", "RENDAH"): 4, ("DI_BAWAH", "MENENGAH"): 3, ("SESUAI", "RENDAH"): 2,
       ("DI_BAWAH", "RENDAH"): 1}
DEFAULT_LEVEL = {"PENGAWAS": 2, "PELAKSANA": 1}  # DOMAIN §3 typical standards of the world's levels
FUN_STANDARD = {"integritas": 4, "kerja_sama": 3, "komunikasi": 3}  # J-FUN's own rows: sum 10, so 90 % is exact


def expected_boxes(people) -> dict[str, int]:
    out = {}
    for p in people:
        rating = SkpRating.objects.filter(pegawai_id=p.nip, tahun=YEAR, periode="TAHUNAN").first()
        latest = Asesmen.objects.filter(pegawai_id=p.nip).order_by("-tanggal").first()
        jab = p.jabatan_id
        standard = FUN_STANDARD if jab == "J-FUN" else dict.fromkeys(NINE, DEFAULT_LEVEL.get(
            {"J-STR": "PENGAWAS", "J-PEL": "PELAKSANA"}[jab]))
        if rating is None or latest is None:
            continue
        jpm = Fraction(sum(getattr(latest, k) for k in standard) * 100, sum(standard.values()))
        potential = "TINGGI" if jpm >= 90 else "MENENGAH" if jpm >= 78 else "RENDAH"
        performance = AXIS.get(PREDIKAT[(rating.rating_hasil_kerja, rating.rating_perilaku_kerja)], "DI_BAWAH")
        out[p.nip] = BOX[(performance, potential)]
    return out


@pytest.fixture
def talent_world(world):
    StandarKompetensi.objects.bulk_create([StandarKompetensi(jabatan_id="J-FUN", kompetensi=k, level=v)
                                           for k, v in FUN_STANDARD.items()])
    cells = list(itertools.product(("DI_ATAS", "SESUAI", "DI_BAWAH"), repeat=2))
    level_sets = [[2] * 9, [1] * 9, [3, 3, 3, 1, 1, 1, 1, 1, 1], [4, 3, 2, 2, 2, 2, 2, 2, 2], [5] * 9,
                  [2, 2, 2, 2, 2, 2, 2, 1, 1], [3, 3, 2, 1, 1, 1, 1, 1, 1]]
    ratings, assessments = [], []
    for i, p in enumerate(world.people):
        if i % 9 != 8:  # every ninth has no annual rating
            h, b = cells[i % len(cells)]
            ratings.append(SkpRating(pegawai=p, tahun=YEAR, periode="TAHUNAN", rating_hasil_kerja=h,
                                     rating_perilaku_kerja=b))
        if i % 11 != 10:  # every eleventh has no assessment
            levels = level_sets[i % len(level_sets)]
            assessments.append(Asesmen(pegawai=p, tanggal=dt.date(2025, 3, 1), **dict(zip(NINE, levels, strict=True))))
            if i % 4 == 0:  # an older assessment that must not count
                assessments.append(Asesmen(pegawai=p, tanggal=dt.date(2023, 3, 1), **dict.fromkeys(NINE, 5)))
    SkpRating.objects.bulk_create(ratings)
    Asesmen.objects.bulk_create(assessments)
    return world


def stored() -> dict[str, int]:
    return dict(Kotak.objects.filter(tahun=YEAR).values_list("pegawai_id", "kotak"))


def assert_counts_match_the_boxes() -> None:
    """``KotakRingkas`` equals a plain count of the stored boxes per year × agency × level × gender × box."""
    plain: dict[tuple, int] = {}
    for key in Kotak.objects.values_list("tahun", "instansi_id", "jenjang", "jenis_kelamin", "kotak"):
        plain[key] = plain.get(key, 0) + 1
    kept = {tuple(r[:5]): r[5] for r in KotakRingkas.objects.values_list("tahun", "instansi_id", "jenjang",
                                                                            "jenis_kelamin", "kotak", "jumlah")}
    assert kept == plain and plain


def test_recompute_matches_the_plain_computation(talent_world):
    expected = expected_boxes(talent_world.people)
    assert len(set(expected.values())) >= 5  # the world covers many boxes
    result = ninebox_recompute(tahun=YEAR)
    assert stored() == expected
    assert result["ditambah"] == len(expected)
    for row in Kotak.objects.filter(tahun=YEAR):
        person = next(p for p in talent_world.people if p.nip == row.pegawai_id)
        assert (row.instansi_id, row.jenis_kelamin) == (person.instansi_id, person.jenis_kelamin)
        assert row.jenjang == (Jabatan.objects.get(pk=person.jabatan_id).jenjang_id or "")
        assert BOX[(row.sumbu_kinerja, row.sumbu_potensial)] == row.kotak  # the axes follow from the box
    assert_counts_match_the_boxes()
    assert AuditEvent.objects.filter(action="talent.sembilan_kotak", object_id=f"{YEAR}:nasional").exists()


def test_jpm_of_exactly_90_is_high_potential(talent_world):
    fun = next(p for p in talent_world.people if p.jabatan_id == "J-FUN" and p.kedudukan == "AKTIF")
    Asesmen.objects.filter(pegawai=fun).delete()
    Asesmen.objects.create(pegawai=fun, tanggal=dt.date(2025, 5, 1), **dict(zip(NINE, [3, 3, 3, 1, 1, 1, 1, 1, 1],
                                                                                  strict=True)))
    SkpRating.objects.update_or_create(pegawai=fun, tahun=YEAR, periode="TAHUNAN", defaults={
        "rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"})
    ninebox_recompute(tahun=YEAR)
    row = Kotak.objects.get(pegawai=fun, tahun=YEAR)
    assert (row.nilai, row.standar, row.sumbu_potensial, row.kotak) == (9, 10, "TINGGI", 8)


def test_recompute_applies_changes_and_scopes(talent_world):
    ninebox_recompute(tahun=YEAR)
    first = stored()
    changed = next(iter(first))
    SkpRating.objects.filter(pegawai_id=changed, tahun=YEAR).update(rating_hasil_kerja="DI_BAWAH",
                                                                    rating_perilaku_kerja="DI_BAWAH")
    gone = [n for n in first if n != changed][0]
    SkpRating.objects.filter(pegawai_id=gone, tahun=YEAR).delete()
    result = ninebox_recompute(tahun=YEAR)
    assert gone not in stored()
    assert result["dihapus"] == 1  # compared row by row (inside the test's transaction)
    assert stored() == expected_boxes(talent_world.people)
    assert_counts_match_the_boxes()
    # an agency's recompute touches only that agency
    b_person = next(n for n in stored() if n in talent_world.b_nips)
    Kotak.objects.filter(pegawai_id=b_person).update(kotak=1)
    ninebox_recompute(tahun=YEAR, instansi_id="KAB-A")
    assert Kotak.objects.get(pegawai_id=b_person).kotak == 1
    ninebox_recompute(tahun=YEAR, instansi_id="KAB-B")
    assert stored() == expected_boxes(talent_world.people)
    assert_counts_match_the_boxes()


KOTAK_FIELDS = ("pegawai_id", "tahun", "kotak", "nilai", "standar", "instansi_id", "jenjang", "jenis_kelamin",
                "rule_version")


def partitions() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c "
                    "ON c.oid = i.inhrelid WHERE i.inhparent = 'talent_kotak'::regclass")
        return dict(cur.fetchall())


def stray_tables() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname ~ '^talent_kotak_[0-9]{4}_' "
                    "AND NOT relispartition")
        return [r[0] for r in cur.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_refill_equals_the_single_statement(talent_world, monkeypatch):
    """PostgreSQL outside a caller's transaction: two sessions compute the boxes of one NIP range each under the
    job's snapshot into tables of their own, which the job attaches as the year's partitions. The rows, counts
    and audit are those of the single INSERT … SELECT that runs inside a caller's transaction (where another
    session could not see uncommitted rows); a second refill replaces the partitions; another year's rows stay;
    a failed refill leaves the boxes as they were and no table behind."""
    from django.db import connection, transaction

    from abdi.talent import compute

    assert connection.vendor == "postgresql"  # the sessions are PostgreSQL's (marked: not in the SQLite run)
    with connection.cursor() as cur:  # the roster's statistics give the NIP that splits the work in two
        cur.execute("ANALYZE people_pegawai")
    calls = []
    real = compute.build_partitions
    monkeypatch.setattr(compute, "build_partitions", lambda *a, **k: calls.append(1) or real(*a, **k))
    expected = expected_boxes(talent_world.people)
    other = Kotak.objects.create(pegawai=talent_world.people[0], tahun=YEAR - 1, kotak=9, nilai=1, standar=1,
                                 instansi_id="KAB-A")
    ninebox_counts_rebuild(tahun=YEAR - 1)
    first = ninebox_recompute(tahun=YEAR)
    rows = set(Kotak.objects.filter(tahun=YEAR).values_list(*KOTAK_FIELDS))
    assert stored() == expected and first["ditambah"] == len(expected) == len(rows) and calls == [1]
    bounds = partitions()
    assert len(bounds) == 3 and "DEFAULT" in bounds.values()  # two NIP ranges of the year, and the default
    assert_counts_match_the_boxes()
    again = ninebox_recompute(tahun=YEAR)  # the year's partitions replaced
    assert again["diganti"] == again["ditambah"] == len(expected) and calls == [1, 1]
    assert set(Kotak.objects.filter(tahun=YEAR).values_list(*KOTAK_FIELDS)) == rows
    assert len(partitions()) == 3 and set(partitions()) != set(bounds) and not stray_tables()
    assert Kotak.objects.filter(pk=(other.pegawai_id, YEAR - 1)).exists()

    def broken(*args, **kwargs):
        raise RuntimeError("swap failed")

    monkeypatch.setattr(compute, "swap_in", broken)
    with pytest.raises(RuntimeError):
        ninebox_recompute(tahun=YEAR)
    assert set(Kotak.objects.filter(tahun=YEAR).values_list(*KOTAK_FIELDS)) == rows and not stray_tables()
    with transaction.atomic():  # inside a caller's transaction: the single statement
        Kotak.objects.filter(tahun=YEAR).delete()
        inside = ninebox_recompute(tahun=YEAR)
    assert calls == [1, 1, 1] and inside["ditambah"] == len(expected)
    assert set(Kotak.objects.filter(tahun=YEAR).values_list(*KOTAK_FIELDS)) == rows
    assert_counts_match_the_boxes()
    assert AuditEvent.objects.filter(action="talent.sembilan_kotak").count() == 3
