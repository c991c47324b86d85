"""Needs: entry, the workload analysis (ABK) with its 1 250 effective hours, and the gap analysis by quantity
and quality, projected with the plan year's retirements, rolled up by agency, province, position, family."""

import datetime as dt
from decimal import Decimal

import pytest

from abdi.core.models import AuditEvent
from abdi.core.rulesets import rules_version_add
from abdi.planning import needs, rules
from abdi.planning.models import Kebutuhan
from abdi.planning.tests.conftest import TODAY, need, person, staff


def test_need_set_creates_replaces_and_audits(planners):
    row = needs.need_set(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP", kebutuhan=4, prioritas=2)
    assert (row.kebutuhan, row.prioritas, row.sumber) == (4, 2, "ISIAN")
    needs.need_set(actor=planners.hr_x1, unor_id="X1", jabatan_id="GURU-AP", kebutuhan=5)
    assert Kebutuhan.objects.get().kebutuhan == 5
    events = AuditEvent.objects.filter(action="planning.kebutuhan_isi").order_by("id")
    assert [e.after["kebutuhan"] for e in events] == [4, 5]
    assert events.last().before["kebutuhan"] == 4


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("admin_y", "X1", 404), ("hr_x1", "X2", 404), ("employee", "X1", 403), ("analyst", "X1", 403)])
def test_need_set_is_refused_outside_scope_and_for_readers(planners, who, unit, status):
    with pytest.raises(needs.NeedsError) as e:
        needs.need_set(actor=getattr(planners, who), unor_id=unit, jabatan_id="GURU-AP", kebutuhan=1)
    assert e.value.status == status
    assert not Kebutuhan.objects.exists()


def test_need_set_validates(planners):
    for kw, field in (({"kebutuhan": -1}, "kebutuhan"), ({"kebutuhan": 1, "prioritas": 0}, "prioritas"),
                      ({"kebutuhan": 1, "jabatan_id": "NOPE"}, "jabatan_id")):
        args = {"unor_id": "X1", "jabatan_id": "GURU-AP"} | kw
        with pytest.raises(needs.NeedsError) as e:
            needs.need_set(actor=planners.national, **args)
        assert e.value.field == field


@pytest.mark.parametrize(("tasks", "rounding", "expected"), [
    ([("1000", "1.5")], "ATAS", 2),  # 1 500 h ÷ 1 250 = 1.2 → 2 (a fraction still needs a person)
    ([("1000", "1.5")], "BIASA", 1),  # → 1 (half up)
    ([("500", "2"), ("250", "1")], "ATAS", 1),  # exactly 1 250 h → 1
    ([("500", "2"), ("250", "1.01")], "ATAS", 2),  # 1 252.5 h → 2
    ([("3125", "1")], "BIASA", 3),  # 2.5 → 3 (half up)
])
def test_workload_analysis_rounding(tasks, rounding, expected):
    data = {"jam_kerja_efektif": 1250, "pembulatan": rounding}
    assert rules.need_from_workload([(Decimal(v), Decimal(n)) for v, n in tasks], data) == expected


def test_abk_tasks_set_the_need_with_the_hours_in_force(planners):
    with pytest.raises(needs.NeedsError) as e:
        needs.abk_apply(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP")
    assert e.value.status == 409
    needs.abk_task_add(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP", uraian="Mengajar tatap muka",
                       satuan="jam pelajaran", volume="1000", norma_jam="1.5")
    extra = needs.abk_task_add(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP", uraian="Koreksi",
                               volume="100", norma_jam="1")
    row = needs.abk_apply(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP")
    assert (row.kebutuhan, row.sumber) == (2, "ABK")  # 1 600 h ÷ 1 250
    rules_version_add(code=rules.ABK, data={"jam_kerja_efektif": 800, "pembulatan": "ATAS"},
                      valid_from=TODAY - dt.timedelta(days=1), actor=planners.national, validate=rules.validate_abk)
    assert needs.abk_apply(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP").kebutuhan == 2  # 1 600 ÷ 800
    needs.abk_task_remove(actor=planners.admin_x, tugas_id=extra.pk)
    assert needs.abk_apply(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP").kebutuhan == 2  # 1 500 ÷ 800
    with pytest.raises(needs.NeedsError) as e:
        needs.abk_task_add(actor=planners.admin_x, unor_id="X1", jabatan_id="GURU-AP", uraian="x", volume="0",
                           norma_jam="1")
    assert e.value.field == "volume"
    assert AuditEvent.objects.filter(action="planning.kebutuhan_abk").count() == 3


@pytest.fixture
def gaps(planners):
    staff("X1", 3)  # 3 teachers, need 1: surplus 2
    person("X1", born=dt.date(TODAY.year - 60, 3, 10))  # a fourth who retires this year
    person("X1", kedudukan="CLTN")  # not counted
    staff("X2", 2, "ADM")
    Pegawai_low = person("X2", "ADM")
    from abdi.people.models import Pegawai

    Pegawai.objects.filter(pk=Pegawai_low.pk).update(pendidikan="SD")  # below the pelaksana minimum (SMA)
    need("X1", "GURU-AP", 1)
    need("Y1", "GURU-AP", 4)  # nobody there: deficit 4
    need("Z1", "GURU-AP", 2)
    staff("Z1", 2)
    return planners


def test_gap_by_agency(gaps):
    rows = {r.key: r for r in needs.gaps_for_user(gaps.national, tahun=TODAY.year, by="instansi")}
    x = rows["KAB-X"]
    assert (x.kebutuhan, x.bezetting, x.pensiun, x.proyeksi) == (1, 7, 1, 6)
    assert (x.surplus, x.kekurangan, x.pendidikan_kurang) == (5, 0, 1)  # 3 − 1 teachers, 3 clerks without need
    y = rows["KAB-Y"]
    assert (y.kebutuhan, y.bezetting, y.kekurangan, y.surplus) == (4, 0, 4, 0)
    assert (rows["KOTA-Z"].surplus, rows["KOTA-Z"].kekurangan) == (0, 0)
    assert list(rows)[0] == "KAB-Y"  # the largest deficit first


def test_gap_without_projection_counts_the_retiree(gaps):
    next_year = needs.gaps_for_user(gaps.national, tahun=TODAY.year - 1, by="instansi")
    assert {r.key: r.pensiun for r in next_year}["KAB-X"] == 0


def test_gap_by_province_position_and_scope(gaps):
    prov = {r.key: (r.kekurangan, r.surplus) for r in needs.gaps_for_user(gaps.national, tahun=TODAY.year, by="provinsi")}
    assert prov == {"32": (4, 5), "33": (0, 0)}
    pos = {r.key: r for r in needs.gaps_for_user(gaps.national, tahun=TODAY.year, by="jabatan")}
    assert (pos["GURU-AP"].kebutuhan, pos["GURU-AP"].kekurangan, pos["ADM"].surplus) == (7, 4, 3)
    mine = needs.gaps_for_user(gaps.admin_x, tahun=TODAY.year, by="instansi")
    assert [r.key for r in mine] == ["KAB-X"]
    unit = needs.gaps_for_user(gaps.hr_x1, tahun=TODAY.year, by="pasangan")
    assert [(r.key, r.surplus) for r in unit] == [("X1 × GURU-AP", 2)]
    with pytest.raises(needs.NeedsError):
        needs.gaps_for_user(gaps.employee, tahun=TODAY.year)


def test_gap_quality_counts_assessed_staff_below_the_jpm_minimum(planners):
    from abdi.competency.models import Asesmen, StandarKompetensi

    StandarKompetensi.objects.bulk_create([StandarKompetensi(jabatan_id="GURU-AP", kompetensi="integritas", level=3),
                                           StandarKompetensi(jabatan_id="GURU-AP", kompetensi="komunikasi", level=3)])
    low, fit, unassessed = staff("X1", 3)
    base = dict.fromkeys(("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                          "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"), 5)
    # low: 2 + 2 of 6 = 66.7 < 78; an older, better assessment does not count (the latest does)
    Asesmen.objects.create(pegawai_id=low.nip, tanggal=dt.date(2020, 1, 1), **base)
    Asesmen.objects.create(pegawai_id=low.nip, tanggal=dt.date(2024, 1, 1), **(base | {"integritas": 2, "komunikasi": 2}))
    # fit: 3 + 2 of 6 = 83.3
    Asesmen.objects.create(pegawai_id=fit.nip, tanggal=dt.date(2024, 1, 1), **(base | {"integritas": 3, "komunikasi": 2}))
    need("X1", "GURU-AP", 3)
    [row] = needs.gaps_for_user(planners.national, tahun=TODAY.year, by="pasangan")
    assert (row.kompetensi_kurang, row.pendidikan_kurang, row.bezetting) == (1, 0, 3)
    for scoped in (planners.admin_x, planners.hr_x1):  # the scoped reads look up their own people's assessments
        [row] = needs.gaps_for_user(scoped, tahun=TODAY.year, by="pasangan")
        assert row.kompetensi_kurang == 1
    rules_version_add(code=rules.REDISTRIBUSI, data={**rules.DEFAULTS[rules.REDISTRIBUSI], "jpm_minimum": 90},
                      valid_from=TODAY - dt.timedelta(days=1), actor=planners.national,
                      validate=rules.validate_redistribusi)
    [row] = needs.gaps_for_user(planners.national, tahun=TODAY.year, by="pasangan")
    assert row.kompetensi_kurang == 2
