"""Scenarios end to end on hand-checked instances: every constraint of the redistribution, the cost, the
projection with retirements, the scope, and empty inputs."""

import datetime as dt

import pytest

from abdi.core.models import AuditEvent
from abdi.planning import rules
from abdi.planning.models import Hukdis, Mutasi, Skenario
from abdi.planning.services import PlanningError, scenario_create, scenario_run
from abdi.planning.tests.conftest import TODAY, need, person, staff

CAPITALS = {"32.04": (-7.0207, 107.5287), "32.01": (-6.4802, 106.8233), "33.74": (-6.9835, 110.4453)}


def km(a, b):
    return round(rules.km_between(*CAPITALS[a], *CAPITALS[b]))


def run(actor, cakupan="NASIONAL", cakupan_id="", **parameter):
    sk = scenario_create(actor=actor, nama="uji", cakupan=cakupan, cakupan_id=cakupan_id, tahun=TODAY.year,
                         parameter=parameter)
    scenario_run(sk.pk)
    sk.refresh_from_db()
    return sk, list(Mutasi.objects.filter(skenario=sk).order_by("nip"))


def test_surplus_fills_deficit_at_the_distance_and_penalty_cost(planners):
    movers = staff("X1", 3)
    need("X1", "GURU-AP", 1)
    need("Y1", "GURU-AP", 2)
    sk, moves = run(planners.national)
    assert sk.job == "SELESAI"
    assert len(moves) == 2
    assert {m.nip for m in moves} <= {p.nip for p in movers}
    expected_km = km("32.04", "32.01")
    for m in moves:
        assert (m.unor_asal, m.unor_tujuan, m.jabatan_tujuan) == ("X1", "Y1", "GURU-AP")
        assert m.jarak_km == expected_km
        assert m.biaya == expected_km + 200  # crosses agencies, same province, same post
        assert m.lintas_instansi and not m.lintas_provinsi
    assert sk.ringkasan["kursi_terisi"] == 2 and sk.ringkasan["total_km"] == 2 * expected_km
    assert sk.ringkasan["sisa_kekurangan_provinsi"] == {}


def test_a_unit_never_gives_more_than_its_surplus(planners):
    staff("X1", 3)
    need("X1", "GURU-AP", 2)
    need("Y1", "GURU-AP", 3)
    sk, moves = run(planners.national)
    assert len(moves) == 1
    assert sk.ringkasan["sisa_kekurangan_provinsi"] == {"32": 2}


def test_a_seat_group_is_never_over_filled_and_the_nearest_surplus_goes(planners):
    staff("X1", 3)  # Kab. Bandung
    staff("Z1", 3)  # Semarang, farther from Bogor
    need("X1", "GURU-AP", 0)
    need("Z1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 2)
    sk, moves = run(planners.national)
    assert len(moves) == 2
    assert {m.unor_asal for m in moves} == {"X1"}


def test_each_person_moves_at_most_once(planners):
    [only] = staff("X1", 1)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 1)
    need("Z1", "GURU-AP", 1)
    _, moves = run(planners.national)
    assert [m.nip for m in moves] == [only.nip]


def test_priority_beats_distance(planners):
    staff("X1", 1)
    need("X1", "GURU-AP", 0)
    need("X2", "GURU-AP", 1, prioritas=1)  # same agency, same regency
    need("Z1", "GURU-AP", 1, prioritas=3)  # another province, more urgent
    _, moves = run(planners.national)
    assert [m.unor_tujuan for m in moves] == ["Z1"]
    assert moves[0].biaya == km("32.04", "33.74") + 200 + 300


def test_by_default_a_person_keeps_the_post(planners):
    staff("X1", 1, "BK-AP")  # the same rumpun (GURU), another post
    need("X1", "BK-AP", 0)
    need("X2", "GURU-AP", 1)
    _, moves = run(planners.national)
    assert moves == []


def test_rumpun_family_costs_the_mismatch_penalty_and_other_families_never(planners):
    staff("X1", 2, "ADM")  # pelaksana: another family
    staff("X1", 1, "BK-AP")
    need("X1", "ADM", 0)
    need("X1", "BK-AP", 0)
    need("X2", "GURU-AP", 2)
    _, moves = run(planners.national, keluarga="RUMPUN")
    assert [(m.jabatan_asal, m.jabatan_tujuan, m.biaya) for m in moves] == [("BK-AP", "GURU-AP", 150)]


def test_an_allowed_mapping_opens_another_family(planners):
    staff("X1", 1, "ADM")
    staff("X1", 1, "BK-AP")
    need("X1", "ADM", 0)
    need("X1", "BK-AP", 0)
    need("X2", "GURU-AP", 2)
    _, none = run(planners.national, keluarga="RUMPUN")
    _, by_rumpun = run(planners.national, keluarga="RUMPUN", pemetaan=[["PELAKSANA", "GURU"]])
    _, by_post = run(planners.national, pemetaan=[["BK-AP", "GURU-AP"]])
    assert [m.jabatan_asal for m in none] == ["BK-AP"]
    assert sorted(m.jabatan_asal for m in by_rumpun) == ["ADM", "BK-AP"]
    assert [(m.jabatan_asal, m.biaya) for m in by_post] == [("BK-AP", 150)]


def test_rank_must_be_within_the_target_range(planners):
    staff("X1", 1, golongan="III/c")  # Guru Ahli Pertama takes III/a–III/b
    ok = person("X1", golongan="III/b")
    need("X1", "GURU-AP", 0)
    need("X2", "GURU-AP", 2)
    _, moves = run(planners.national)
    assert [m.nip for m in moves] == [ok.nip]
    _, unchecked = run(planners.national, cek_golongan=False)
    assert len(unchecked) == 2


def test_eligibility_years_in_post_retirement_status_and_sanctions(planners):
    fresh = person("X1", in_post_since=dt.date(TODAY.year - 1, TODAY.month, 1))  # < 2 years in post
    # retires within a year: reaches 60 in about six months
    born = dt.date(TODAY.year - 60, TODAY.month, 1) + dt.timedelta(days=180)
    retiring = person("X1", born=born)
    person("X1", kedudukan="CLTN")  # not active: neither counted nor moved
    sanctioned = person("X1")
    Hukdis.objects.create(nip=sanctioned.nip, jenis="SEDANG", tmt_mulai=TODAY - dt.timedelta(days=30))
    served = person("X1")
    Hukdis.objects.create(nip=served.nip, jenis="RINGAN", tmt_mulai=TODAY - dt.timedelta(days=400),
                          tmt_selesai=TODAY - dt.timedelta(days=35))
    pppk = person("X1", jenis_pegawai="PPPK", golongan="IX")
    good = person("X1")
    need("X1", "GURU-AP", 0)
    need("X2", "GURU-AP", 10)
    _, moves = run(planners.national)
    assert {m.nip for m in moves} == {served.nip, good.nip}
    assert not {fresh.nip, retiring.nip, sanctioned.nip, pppk.nip} & {m.nip for m in moves}
    _, relaxed = run(planners.national, min_tahun_di_jabatan=0, cek_hukdis=False, jenis_pegawai=["PNS", "PPPK"])
    assert {m.nip for m in relaxed} == {fresh.nip, sanctioned.nip, served.nip, pppk.nip, good.nip}


def test_retirements_in_the_plan_year_open_seats(planners):
    born = dt.date(TODAY.year - 60, 1, 15)  # reaches 60 this January: retired by the end of the year
    person("Y1", born=born)
    mover = person("X1")
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 1)
    sk, moves = run(planners.national)
    assert [m.nip for m in moves] == [mover.nip]


def test_scope_keeps_moves_inside_the_agency_or_province(planners):
    staff("X1", 2)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 1, prioritas=3)
    need("X2", "GURU-AP", 1)
    need("Z1", "GURU-AP", 1, prioritas=3)
    _, agency = run(planners.national, "INSTANSI", "KAB-X")
    assert [m.unor_tujuan for m in agency] == ["X2"]
    _, unit = run(planners.national, "UNOR", "X1")
    assert unit == []  # the subtree of X1 has no deficit
    _, province = run(planners.national, "PROVINSI", "32")
    assert sorted(m.unor_tujuan for m in province) == ["X2", "Y1"]


def test_agencies_without_needs_are_left_out(planners):
    staff("X1", 2)  # KAB-X entered no needs: its staff are not "surplus"
    need("Y1", "GURU-AP", 2)
    sk, moves = run(planners.national)
    assert moves == []
    assert sk.ringkasan["keterangan"] == ["Tidak ada kelebihan pegawai dalam cakupan ini pada tahun rencana."]


def test_empty_scenario_is_a_valid_empty_plan_with_the_reason(planners):
    sk, moves = run(planners.national)
    assert moves == [] and sk.job == "SELESAI" and sk.ringkasan["kursi_terisi"] == 0
    assert "Belum ada data kebutuhan" in sk.ringkasan["keterangan"][0]


def test_the_reasons_of_an_unfilled_plan(planners):
    person("X1", in_post_since=dt.date(TODAY.year - 1, 1, 1))  # over need, but only a year in post
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 1)
    sk, _ = run(planners.national)
    assert any("tidak seorang pun memenuhi syarat" in n for n in sk.ringkasan["keterangan"])
    staff("X2", 1, "ADM")
    need("X2", "ADM", 0)
    need("Y1", "ADM", 3)
    sk, moves = run(planners.national, min_tahun_di_jabatan=0)
    assert len(moves) == 2  # the teacher and the clerk
    assert any(n.startswith("2 kursi tidak terisi") for n in sk.ringkasan["keterangan"])


def test_create_validates_and_audits(planners):
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.national, nama="", cakupan="NASIONAL")
    assert e.value.field == "nama"
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.national, nama="a", cakupan="NASIONAL", parameter={"kursi_terdekat": -1})
    assert e.value.field == "parameter"
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.national, nama="a", cakupan="NASIONAL", parameter={"nope": 1})
    assert "nope" in e.value.message
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.admin_x, nama="a", cakupan="NASIONAL")
    assert e.value.status == 403
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.admin_x, nama="a", cakupan="INSTANSI", cakupan_id="KAB-Y")
    assert e.value.status == 404
    with pytest.raises(PlanningError) as e:
        scenario_create(actor=planners.employee, nama="a", cakupan="UNOR", cakupan_id="X1")
    assert e.value.status == 403
    sk = scenario_create(actor=planners.hr_x1, nama="Unit X1", cakupan="UNOR", cakupan_id="X1")
    assert sk.instansi_id == "KAB-X" and sk.parameter["kursi_terdekat"] == 30
    assert AuditEvent.objects.filter(action="planning.skenario_buat", object_id=str(sk.pk)).exists()
    assert Skenario.objects.count() == 1
