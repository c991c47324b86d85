"""The plan's workflow: review, approval by every agency that sends or receives, apply with history; and
the refusals on the way."""

import datetime as dt

import pytest

from abdi.core.models import AuditEvent
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.planning.models import Mutasi
from abdi.planning.services import (
    PlanningError,
    agencies_of,
    plan_apply,
    plan_approve,
    plan_review,
    scenario_create,
    scenario_run,
)
from abdi.planning.tests.conftest import TODAY, need, staff


@pytest.fixture
def plan(planners):
    """Two teachers of X1 (Kab. X) to Y1 (Kab. Y), one to X2: a plan that crosses agencies."""
    staff("X1", 3)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 2, prioritas=2)
    need("X2", "GURU-AP", 1)
    sk = scenario_create(actor=planners.national, nama="Guru", cakupan="NASIONAL", tahun=TODAY.year)
    scenario_run(sk.pk)
    sk.refresh_from_db()
    return sk


def test_the_agencies_involved_are_senders_and_receivers(plan):
    assert Mutasi.objects.filter(skenario=plan).count() == 3
    assert agencies_of(plan) == {"KAB-X", "KAB-Y"}


def test_review_approve_by_both_agencies_and_apply(plan, planners):
    moves = list(Mutasi.objects.filter(skenario=plan))
    plan = plan_review(actor=planners.national, skenario=plan)
    assert plan.status == "DITINJAU" and plan.ditinjau_oleh == "plan-nasional"
    plan = plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-X")
    assert plan.status == "DITINJAU"  # Kab. Y has not approved yet
    with pytest.raises(PlanningError) as e:
        plan_apply(actor=planners.national, skenario=plan, nomor_sk="800/1/BKD")
    assert e.value.status == 409
    plan = plan_approve(actor=planners.admin_y, skenario=plan, instansi_id="KAB-Y")
    assert plan.status == "DISETUJUI"
    effective = dt.date(TODAY.year, 1, 2)
    plan = plan_apply(actor=planners.national, skenario=plan, nomor_sk="800/1/BKD", tanggal=effective)
    assert plan.status == "DITERAPKAN" and plan.nomor_sk == "800/1/BKD"
    for m in moves:
        p = Pegawai.objects.get(pk=m.nip)
        assert (p.unor_id, p.jabatan_id, p.instansi_id, p.tmt_jabatan) == (m.unor_tujuan, m.jabatan_tujuan,
                                                                           m.instansi_tujuan, effective)
        last = RiwayatPegawai.objects.filter(pegawai_id=m.nip).order_by("-id").first()
        assert (last.unor_id, last.nomor_sk, last.tmt) == (m.unor_tujuan, "800/1/BKD", effective)
        assert last.perubahan == ("UNOR,INSTANSI" if m.instansi_tujuan != m.instansi_asal else "UNOR")
    y_people = Pegawai.objects.filter(unor_id="Y1")
    assert y_people.count() == 2 and set(y_people.values_list("lokasi_kabkota_id", flat=True)) == {"32.01"}
    actions = set(AuditEvent.objects.filter(object_type="skenario", object_id=str(plan.pk)).values_list("action", flat=True))
    assert {"planning.skenario_buat", "planning.rencana_tinjau", "planning.rencana_setujui",
            "planning.rencana_terapkan"} <= actions


def test_refusals_along_the_way(plan, planners):
    with pytest.raises(PlanningError) as e:  # not reviewed yet
        plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-X")
    assert e.value.status == 409
    with pytest.raises(PlanningError) as e:  # an analyst plans but does not review
        plan_review(actor=planners.analyst, skenario=plan)
    assert e.value.status == 403
    with pytest.raises(PlanningError) as e:  # stale form
        plan_review(actor=planners.national, skenario=plan, versi=plan.versi - 1)
    assert e.value.status == 409
    plan = plan_review(actor=planners.national, skenario=plan, versi=plan.versi)
    with pytest.raises(PlanningError) as e:  # approving for another agency
        plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-Y")
    assert e.value.status == 403
    with pytest.raises(PlanningError) as e:  # an agency with no move in the plan
        plan_approve(actor=planners.admin_z, skenario=plan, instansi_id="KOTA-Z")
    assert e.value.field == "instansi_id"
    plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-X")
    with pytest.raises(PlanningError) as e:  # twice
        plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-X")
    assert e.value.status == 409
    plan = plan_approve(actor=planners.national, skenario=plan, instansi_id="KAB-Y")  # on Kab. Y's behalf
    with pytest.raises(PlanningError) as e:  # a cross-agency plan is applied nationally
        plan_apply(actor=planners.admin_x, skenario=plan, nomor_sk="800/2")
    assert e.value.status == 403
    with pytest.raises(PlanningError) as e:
        plan_apply(actor=planners.national, skenario=plan, nomor_sk=" ")
    assert e.value.field == "nomor_sk"


def test_apply_is_refused_whole_when_someone_moved_meanwhile(plan, planners):
    plan = plan_review(actor=planners.national, skenario=plan)
    plan_approve(actor=planners.admin_x, skenario=plan, instansi_id="KAB-X")
    plan = plan_approve(actor=planners.admin_y, skenario=plan, instansi_id="KAB-Y")
    moved = Mutasi.objects.filter(skenario=plan).first()
    Pegawai.objects.filter(pk=moved.nip).update(unor_id="X0")
    before = dict(Pegawai.objects.values_list("nip", "unor_id"))
    with pytest.raises(PlanningError) as e:
        plan_apply(actor=planners.national, skenario=plan, nomor_sk="800/3")
    assert e.value.status == 409 and moved.nip in e.value.message
    assert dict(Pegawai.objects.values_list("nip", "unor_id")) == before


def test_a_plan_inside_one_agency_is_applied_by_its_admin(planners):
    staff("X1", 1)
    need("X1", "GURU-AP", 0)
    need("X2", "GURU-AP", 1)
    sk = scenario_create(actor=planners.admin_x, nama="Internal", cakupan="INSTANSI", cakupan_id="KAB-X",
                         tahun=TODAY.year)
    scenario_run(sk.pk)
    sk = plan_review(actor=planners.admin_x, skenario=sk)
    sk = plan_approve(actor=planners.admin_x, skenario=sk, instansi_id="KAB-X")
    assert sk.status == "DISETUJUI"
    sk = plan_apply(actor=planners.admin_x, skenario=sk, nomor_sk="821/7")
    assert sk.status == "DITERAPKAN" and Pegawai.objects.filter(unor_id="X2").count() == 1


def test_an_empty_plan_cannot_be_reviewed(planners):
    sk = scenario_create(actor=planners.national, nama="Kosong", cakupan="NASIONAL")
    scenario_run(sk.pk)
    with pytest.raises(PlanningError) as e:
        plan_review(actor=planners.national, skenario=sk)
    assert e.value.status == 409


def test_plan_export_lists_the_moves(plan, tmp_path):
    import csv

    from django.core.management import call_command

    out = tmp_path / "plan.csv"
    call_command("export", "plan", "--out", str(out), "--scenario", str(plan.pk))
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["nip", "unor_asal", "unor_tujuan", "jabatan_tujuan", "biaya"]
    expected = [[m.nip, m.unor_asal, m.unor_tujuan, m.jabatan_tujuan, str(m.biaya)]
                for m in Mutasi.objects.filter(skenario=plan).order_by("nip")]
    assert rows[1:] == expected and len(expected) == 3
    assert sorted(r[2] for r in rows[1:]) == ["X2", "Y1", "Y1"]
