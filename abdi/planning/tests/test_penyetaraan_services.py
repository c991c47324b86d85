"""Penyetaraan jabatan over the database: who is eligible (each level, the exclusions, inactive people),
the workflow proposed → approved/refused → applied with its refusals, the history and audit an application
writes, and the effect on the agency's structure."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.core.models import AuditEvent
from abdi.core.rulesets import rules_version_add
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.planning import penyetaraan_rules as prules
from abdi.planning import penyetaraan_selectors as sel
from abdi.planning import penyetaraan_services as svc
from abdi.planning.models import UsulanPenyetaraan
from abdi.planning.tests.penyetaraan_world import build_holders, build_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def holders(land):
    build_posts()
    return build_holders()
S = UsulanPenyetaraan.Status


def nips(rows) -> set[str]:
    return {r.nip for r in rows}


def set_rules(actor, **change) -> None:
    data = prules.DEFAULTS[prules.PENYETARAAN] | change
    rules_version_add(code=prules.PENYETARAAN, data=data, valid_from=dt.date(2000, 1, 1), actor=actor,
                      validate=prules.validate)


# --- eligibility -------------------------------------------------------------------------------------------
def test_lists_each_level_with_its_target(holders, planners):
    rows, total = sel.candidates_for_user(planners.national)
    got = {r.nip: (r.tingkat, r.jenjang_tujuan) for r in rows}
    assert got == {holders.kabid.nip: ("ADMINISTRATOR", "AHLI_MADYA"), holders.kasi.nip: ("PENGAWAS", "AHLI_MUDA"),
                   holders.kaur.nip: ("V", "AHLI_PERTAMA"), holders.kasi_y.nip: ("PENGAWAS", "AHLI_MUDA")}
    assert total == 4


def test_excludes_unit_heads_inactive_jpt_and_functional(holders, planners):
    seen = nips(sel.candidates_for_user(planners.national)[0])
    for h in (holders.kepala, holders.cltn, holders.kadis, holders.guru):
        assert h.nip not in seen


def test_configured_exclusions(holders, planners):
    set_rules(planners.national, kecualikan_pimpinan_unit=False, jabatan_dikecualikan=["KABID"])
    seen = nips(sel.candidates_for_user(planners.national)[0])
    assert holders.kepala.nip in seen and holders.kabid.nip not in seen


def test_filters_by_level_and_scope(holders, planners):
    assert nips(sel.candidates_for_user(planners.national, tingkat="V")[0]) == {holders.kaur.nip}
    assert nips(sel.candidates_for_user(planners.national, tingkat="PENGAWAS")[0]) == {
        holders.kasi.nip, holders.kasi_y.nip}
    assert holders.kasi_y.nip not in nips(sel.candidates_for_user(planners.admin_x)[0])
    assert nips(sel.candidates_for_user(planners.hr_x1)[0]) == {holders.kabid.nip}


def test_roles_without_view_are_refused(holders, planners):
    with pytest.raises(sel.PenyetaraanError) as err:
        sel.candidates_for_user(planners.employee)
    assert err.value.status == 403


def test_targets_prefer_same_family(holders):
    targets = sel.targets_for("PENGAWAS", rumpun={"KOMPUTER"})
    assert [t.jabatan_id for t in targets] == ["PRANATA-AMU", "ANALIS-AMU", "GURU-AM"]  # then by name
    assert targets[0].rumpun_sama and not targets[1].rumpun_sama
    assert sel.targets_for("JPT_PRATAMA") == []


# --- workflow ----------------------------------------------------------------------------------------------
def propose(actor, *people, target="ANALIS-AMU"):
    return svc.proposal_create(actor=actor, nips=[p.nip for p in people], jabatan_tujuan_id=target)


def test_full_workflow_writes_history_and_audit(holders, planners):
    [u] = propose(planners.admin_x, holders.kasi)
    assert (u.status, u.tingkat_asal, u.jenjang_tujuan, u.instansi_id) == (S.DIUSULKAN, "PENGAWAS", "AHLI_MUDA",
                                                                          "KAB-X")
    u = svc.proposal_approve(actor=planners.national, usulan=u, versi=u.versi)
    assert u.status == S.DISETUJUI
    sk_date = dt.date.today() - dt.timedelta(days=3)
    u = svc.proposal_apply(actor=planners.admin_x, usulan=u, nomor_sk="800/12/BKPSDM/2026", tanggal_sk=sk_date,
                           versi=u.versi)
    assert u.status == S.DITERAPKAN and u.tmt == sk_date
    p = Pegawai.objects.get(pk=holders.kasi.nip)
    assert (p.jabatan_id, p.tmt_jabatan, p.golongan) == ("ANALIS-AMU", sk_date, "IV/a")  # rank unchanged
    h = RiwayatPegawai.objects.get(pegawai=p)
    assert (h.perubahan, h.jabatan_id, h.nomor_sk, h.tanggal_sk, h.tmt) == (
        "JABATAN", "ANALIS-AMU", "800/12/BKPSDM/2026", sk_date, sk_date)
    actions = list(AuditEvent.objects.filter(object_type="usulan_penyetaraan", object_id=str(u.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["planning.penyetaraan_usul", "planning.penyetaraan_setujui", "planning.penyetaraan_terapkan"]
    assert holders.kasi.nip not in nips(sel.candidates_for_user(planners.national)[0])


def test_proposes_many_at_once_all_or_none(holders, planners):
    svc.proposal_create(actor=planners.national, nips=[holders.kasi.nip, holders.kasi_y.nip],
                        jabatan_tujuan_id="PRANATA-AMU")
    assert UsulanPenyetaraan.objects.count() == 2
    with pytest.raises(sel.PenyetaraanError) as err:  # the eselon V holder maps to Ahli Pertama
        propose(planners.admin_x, holders.kabid, holders.kaur, target="ANALIS-AMA")
    assert err.value.status == 422 and err.value.field == "jabatan_tujuan_id"
    assert UsulanPenyetaraan.objects.count() == 2


@pytest.mark.parametrize(("who", "status"), [("kepala", 422), ("cltn", 422), ("guru", 422), ("kasi_y", 404)])
def test_refuses_ineligible_or_out_of_scope(holders, planners, who, status):
    with pytest.raises(sel.PenyetaraanError) as err:
        propose(planners.admin_x, getattr(holders, who))
    assert err.value.status == status


def test_refuses_wrong_target_and_roles(holders, planners):
    for target in ("KASI", "ANALIS-AMA", "NOPE"):
        with pytest.raises(sel.PenyetaraanError) as err:
            propose(planners.admin_x, holders.kasi, target=target)
        assert (err.value.status, err.value.field) == (422, "jabatan_tujuan_id")
    for actor in (planners.hr_x1, planners.analyst, planners.employee):
        with pytest.raises(sel.PenyetaraanError) as err:
            propose(actor, holders.kasi)
        assert err.value.status == 403


def test_one_open_proposal_per_holder(holders, planners):
    propose(planners.admin_x, holders.kasi)
    with pytest.raises(sel.PenyetaraanError) as err:
        propose(planners.national, holders.kasi)
    assert err.value.status == 409


def test_reject_needs_reason_and_frees_the_holder(holders, planners):
    [u] = propose(planners.admin_x, holders.kasi)
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_reject(actor=planners.national, usulan=u, alasan="  ")
    assert (err.value.status, err.value.field) == (422, "alasan")
    u = svc.proposal_reject(actor=planners.national, usulan=u, alasan="Jabatan ini menandatangani izin")
    assert (u.status, u.catatan_putusan) == (S.DITOLAK, "Jabatan ini menandatangani izin")
    propose(planners.admin_x, holders.kasi)  # a refused proposal does not block a new one


def test_state_role_and_stale_refusals(holders, planners):
    [u] = propose(planners.admin_x, holders.kasi)
    for actor in (planners.admin_x, planners.analyst):
        with pytest.raises(sel.PenyetaraanError) as err:
            svc.proposal_approve(actor=actor, usulan=u)
        assert err.value.status == 403
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_apply(actor=planners.national, usulan=u, nomor_sk="1")
    assert err.value.status == 409  # not approved yet
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_approve(actor=planners.national, usulan=u, versi=u.versi + 1)
    assert (err.value.status, err.value.field) == (409, "versi")
    u = svc.proposal_approve(actor=planners.national, usulan=u)
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_approve(actor=planners.national, usulan=u)
    assert err.value.status == 409
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_apply(actor=planners.admin_y, usulan=u, nomor_sk="1")
    assert err.value.status == 403
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_apply(actor=planners.admin_x, usulan=u, nomor_sk=" ")
    assert (err.value.status, err.value.field) == (422, "nomor_sk")


def test_apply_refused_when_holder_moved(holders, planners):
    [u] = propose(planners.admin_x, holders.kasi)
    u = svc.proposal_approve(actor=planners.national, usulan=u)
    Pegawai.objects.filter(pk=holders.kasi.nip).update(jabatan_id="ADM")
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.proposal_apply(actor=planners.national, usulan=u, nomor_sk="SK-1")
    assert err.value.status == 409
    assert not RiwayatPegawai.objects.filter(pegawai_id=holders.kasi.nip).exists()


def test_proposal_visibility(holders, planners):
    [u] = propose(planners.national, holders.kasi_y)
    assert sel.proposal_get_for_user(planners.admin_y, u.pk) == u
    with pytest.raises(sel.PenyetaraanError) as err:
        sel.proposal_get_for_user(planners.admin_x, u.pk)
    assert err.value.status == 404
    assert sel.proposals_for_user(planners.admin_x)[1] == 0
    assert sel.status_counts_for_user(planners.admin_y)["DIUSULKAN"] == 1


# --- the effect on the structure ------------------------------------------------------------------------------
def test_effect_counts_before_now_after(holders, planners):
    [u] = propose(planners.admin_x, holders.kasi)
    u = svc.proposal_approve(actor=planners.national, usulan=u)
    svc.proposal_apply(actor=planners.admin_x, usulan=u, nomor_sk="SK-1")
    propose(planners.admin_x, holders.kabid, target="ANALIS-AMA")
    e = sel.effect_for_user(planners.admin_x, "KAB-X")
    rows = {r.kategori: (r.sebelum, r.sekarang, r.setelah) for r in e.rows}
    # Pengawas now: the head of X2 (KASI), the eselon V holder counts as V; before: + the converted one
    assert rows["PENGAWAS"] == (2, 1, 1)
    assert rows["AHLI_MUDA"] == (0, 1, 1)
    assert rows["ADMINISTRATOR"] == (1, 1, 0)  # the CLTN holder is not active, so not counted
    assert rows["AHLI_MADYA"] == (0, 0, 1)
    assert rows["V"] == (1, 1, 1) and rows["STRUKTURAL_LAIN"] == (1, 1, 1)
    assert e.administrasi == (4, 3, 2) and e.converted_total == 1
    assert [c.pegawai_id for c in e.converted] == [holders.kasi.nip]
    with pytest.raises(sel.PenyetaraanError) as err:
        sel.effect_for_user(planners.admin_x, "KAB-Y")
    assert err.value.status == 404


# --- configuring the rule set ------------------------------------------------------------------------------------
def test_rules_update_makes_a_new_version(holders, planners):
    rules = svc.rules_update(actor=planners.national, change={"kecualikan_pimpinan_unit": False,
                                                              "jabatan_dikecualikan": ["KABID", "KABID"]})
    assert (rules.version, rules.data["jabatan_dikecualikan"]) == (1, ["KABID"])
    assert rules.data["pemetaan"]["PENGAWAS"] == "AHLI_MUDA"  # untouched keys kept
    seen = nips(sel.candidates_for_user(planners.national)[0])
    assert holders.kepala.nip in seen and holders.kabid.nip not in seen
    [u] = propose(planners.admin_x, holders.kepala)
    assert u.rule_version == 1
    assert AuditEvent.objects.filter(action="rules.version", object_id="planning.penyetaraan:v1").exists()


def test_rules_update_refusals(holders, planners):
    for actor in (planners.admin_x, planners.analyst):
        with pytest.raises(sel.PenyetaraanError) as err:
            svc.rules_update(actor=actor, change={"kecualikan_pimpinan_unit": False})
        assert err.value.status == 403
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.rules_update(actor=planners.national, change={"jabatan_dikecualikan": ["TIDAK-ADA"]})
    assert (err.value.status, err.value.field) == (422, "jabatan_dikecualikan")
    with pytest.raises(sel.PenyetaraanError) as err:
        svc.rules_update(actor=planners.national, change={"pemetaan": {"PENGAWAS": "PELAKSANA"}})
    assert (err.value.status, err.value.field) == (422, "aturan")
