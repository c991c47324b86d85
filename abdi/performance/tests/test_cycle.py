"""The SKP cycle (DOMAIN §1): who the pejabat penilai is, the plan's approval workflow with its refusals,
periodic and annual evaluation with the distribution check, objection to the atasan pejabat penilai,
delegation and the organisational result. Every step is audited."""

from __future__ import annotations

import itertools

import pytest

from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent
from abdi.performance import rules
from abdi.performance.models import Evaluasi, Keberatan, Skp, SkpRating
from abdi.performance.selectors import penilai_for, ratings_with_predikat, team_for_user, team_nips
from abdi.performance.services import (
    SkpError,
    delegation_set,
    evaluation_rate,
    expectation_set,
    objection_decide,
    objection_file,
    org_result_set,
    realisation_set,
    result_add,
    result_remove,
    skp_approve,
    skp_create,
    skp_return,
    skp_submit,
    team_finalise,
)

pytestmark = pytest.mark.django_db
YEAR = 2026
IND = [{"aspek": "KUANTITAS", "uraian": "Jumlah laporan", "target": "12", "satuan": "laporan"}]
# DOMAIN §1, written out here (hasil, perilaku) -> predikat
DOMAIN_MATRIX = {("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK",
                 ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK", ("SESUAI", "DI_BAWAH"): "KURANG",
                 ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK", ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG",
                 ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN", ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN"}


def active(people):
    return [p for p in people if p.kedudukan == "AKTIF"]


def approved_skp(org, user=None) -> Skp:
    user = user or org.employee
    skp = skp_create(actor=user, tahun=YEAR)
    result_add(actor=user, skp=skp, uraian="Menyusun laporan bulanan", indikator=IND)
    skp_submit(actor=user, skp=skp)
    return skp_approve(actor=org.penilai if skp.penilai_nip == org.a1_head.nip else org.atasan, skp=skp)


# --- who assesses whom ----------------------------------------------------------------------------------
def test_penilai_by_unit_tree_and_delegation(world, org, users):
    a11 = active(world.by_unit["A11"])[0]
    assert penilai_for(a11.nip, YEAR) == org.a1_head.nip  # A11 has no head: the head above
    assert penilai_for(org.a1_head.nip, YEAR) == org.a0_head.nip  # a unit head: one level up
    assert penilai_for(org.a0_head.nip, YEAR) == ""  # nobody above
    delegation_set(actor=users.admin_a, nip=a11.nip, tahun=YEAR, penilai_nip=org.a0_head.nip, alasan="tugas khusus")
    assert penilai_for(a11.nip, YEAR) == org.a0_head.nip
    assert penilai_for(a11.nip, YEAR + 1) == org.a1_head.nip  # a delegation is for one year


def test_team_follows_the_tree_and_delegations(world, org, users):
    expected = {p.nip for p in org.staff}
    assert set(team_nips(org.a1_head.nip, YEAR)) == expected
    a0_team = set(team_nips(org.a0_head.nip, YEAR))
    # A0's staff, the staff of A0's headless child units, and the head of A1 (not A1's staff)
    headless = active(world.by_unit["A0"][1:]) + active(world.by_unit["A1X"]) + active(world.by_unit["A2"])
    assert a0_team == {p.nip for p in headless} | {org.a1_head.nip}
    moved = org.staff[1]
    delegation_set(actor=users.admin_a, nip=moved.nip, tahun=YEAR, penilai_nip=org.a0_head.nip, alasan="cuti")
    assert moved.nip not in team_nips(org.a1_head.nip, YEAR)
    assert moved.nip in team_nips(org.a0_head.nip, YEAR)


# --- planning and approval ---------------------------------------------------------------------------------
def test_plan_drafted_submitted_returned_and_approved(org):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    assert (skp.status, skp.penilai_nip, skp.periodik) == ("DRAFT", org.a1_head.nip, "BULANAN")
    boss = skp_create(actor=org.penilai, tahun=YEAR)
    parent = result_add(actor=org.penilai, skp=boss, uraian="Mutu pendidikan meningkat", indikator=IND)
    hasil = result_add(actor=org.employee, skp=skp, uraian="Laporan mutu sekolah", intervensi_id=parent.pk,
                       indikator=IND + [{"aspek": "WAKTU", "uraian": "Tepat waktu", "target": "12", "satuan": "bulan"}])
    assert hasil.intervensi_id == parent.pk and hasil.indikator.count() == 2
    skp_submit(actor=org.employee, skp=skp)
    skp_return(actor=org.penilai, skp=skp, komentar="Tambahkan target kualitas")
    skp.refresh_from_db()
    assert skp.status == "DIKEMBALIKAN"
    result_add(actor=org.employee, skp=skp, uraian="Kualitas laporan", indikator=[
        {"aspek": "KUALITAS", "uraian": "Tanpa revisi", "target": "90", "satuan": "%"}])
    skp_submit(actor=org.employee, skp=skp)
    skp_approve(actor=org.penilai, skp=skp, komentar="Setuju")
    expectation_set(actor=org.penilai, skp=skp, nilai="ADAPTIF", uraian="Cepat menyesuaikan kurikulum baru")
    skp.refresh_from_db()
    assert skp.status == "DISETUJUI"
    assert list(skp.catatan.values_list("aksi", flat=True)) == [
        "BUAT", "HASIL_TAMBAH", "AJUKAN", "KEMBALIKAN", "HASIL_TAMBAH", "AJUKAN", "SETUJUI", "EKSPEKTASI"]
    actions = set(AuditEvent.objects.filter(object_id=str(skp.pk), object_type="skp").values_list("action", flat=True))
    assert {"skp.buat", "skp.ajukan", "skp.kembalikan", "skp.setujui", "skp.ekspektasi"} <= actions
    assert audit_verify()[0]


def _err(fn, **kwargs) -> SkpError:
    with pytest.raises(SkpError) as info:
        fn(**kwargs)
    return info.value


@pytest.mark.parametrize("case, status", [
    ("employee approves own", 403), ("other supervisor approves", 403), ("colleague edits", 403),
    ("return without comment", 422), ("approve a draft", 409), ("submit empty", 422), ("stale version", 409),
    ("edit after approval", 409), ("second SKP of the year", 409), ("cascade from a stranger", 422),
    ("indicator without aspect", 422), ("no indicator", 422),
])
def test_plan_refusals(org, case, status):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    if case == "submit empty":
        err = _err(skp_submit, actor=org.employee, skp=skp)
    elif case == "approve a draft":
        err = _err(skp_approve, actor=org.penilai, skp=skp)
    elif case == "second SKP of the year":
        err = _err(skp_create, actor=org.employee, tahun=YEAR)
    elif case == "colleague edits":
        err = _err(result_add, actor=org.other, skp=skp, uraian="x", indikator=IND)
    elif case == "cascade from a stranger":
        stranger = skp_create(actor=org.other, tahun=YEAR)
        h = result_add(actor=org.other, skp=stranger, uraian="bukan atasan", indikator=IND)
        err = _err(result_add, actor=org.employee, skp=skp, uraian="x", indikator=IND, intervensi_id=h.pk)
    elif case == "indicator without aspect":
        err = _err(result_add, actor=org.employee, skp=skp, uraian="x", indikator=[{"uraian": "u", "target": "1"}])
    elif case == "no indicator":
        err = _err(result_add, actor=org.employee, skp=skp, uraian="x", indikator=[])
    elif case == "stale version":
        err = _err(result_add, actor=org.employee, skp=skp, uraian="x", indikator=IND, versi=skp.versi + 5)
    else:
        result_add(actor=org.employee, skp=skp, uraian="Laporan", indikator=IND)
        skp_submit(actor=org.employee, skp=skp)
        if case == "employee approves own":
            err = _err(skp_approve, actor=org.employee, skp=skp)
            assert "sendiri" in err.message
        elif case == "other supervisor approves":
            err = _err(skp_approve, actor=org.supervisor_b, skp=skp)
            assert "bukan tim Anda" in err.message
        elif case == "return without comment":
            err = _err(skp_return, actor=org.penilai, skp=skp, komentar="  ")
            assert err.field == "komentar"
        elif case == "edit after approval":
            skp_approve(actor=org.penilai, skp=skp)
            err = _err(result_remove, actor=org.employee, skp=skp, hasil_id=skp.hasil.first().pk)
    assert err.status == status, err.message


# --- evaluation ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("hasil, perilaku", list(itertools.product(rules.RATINGS, rules.RATINGS)))
def test_periodic_rating_is_final_and_its_predikat_follows_the_matrix(org, hasil, perilaku):
    skp = approved_skp(org)
    realisation_set(actor=org.employee, skp=skp, periode="B03", hasil_id=skp.hasil.first().pk,
                    realisasi="3 laporan", bukti="https://arsip.example/laporan-maret")
    e = evaluation_rate(actor=org.penilai, skp=skp, periode="B03", rating_hasil_kerja=hasil,
                        rating_perilaku_kerja=perilaku, umpan_balik={skp.hasil.first().pk: "Rapi"},
                        umpan_balik_perilaku={"AKUNTABEL": "Tepat waktu"})
    assert e.status == "FINAL"
    row = ratings_with_predikat(YEAR).get(pegawai_id=org.employee.nip, periode="B03")
    assert (row.rating_hasil_kerja, row.rating_perilaku_kerja, row.predikat) == (hasil, perilaku,
                                                                                DOMAIN_MATRIX[(hasil, perilaku)])
    assert e.realisasi.get().umpan_balik == "Rapi" and e.realisasi.get().bukti.endswith("maret")


def test_evaluation_refusals(org, users):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    assert _err(evaluation_rate, actor=org.penilai, skp=skp, periode="B01", rating_hasil_kerja="SESUAI",
                rating_perilaku_kerja="SESUAI").status == 409  # not approved yet
    skp = approved_skp(org, org.other)
    kwargs = {"skp": skp, "rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}
    assert _err(evaluation_rate, actor=org.supervisor_b, periode="B01", **kwargs).status == 403  # not their team
    assert _err(evaluation_rate, actor=org.other, periode="B01", **kwargs).status == 403  # own SKP
    assert _err(evaluation_rate, actor=org.penilai, periode="TW1", **kwargs).field == "periode"  # monthly cycle
    assert _err(evaluation_rate, actor=org.penilai, periode="B01", skp=skp, rating_hasil_kerja="BAGUS",
                rating_perilaku_kerja="SESUAI").field == "rating_hasil_kerja"
    evaluation_rate(actor=org.penilai, periode="B01", **kwargs)
    assert _err(evaluation_rate, actor=org.penilai, periode="B01", **kwargs).status == 409  # final


def test_annual_rating_waits_for_the_team_finalisation_and_the_distribution_warning(org):
    skps = [approved_skp(org, org.employee), approved_skp(org, org.other)]
    org_result_set(actor=org.atasan, unor_id="A1", tahun=YEAR, hasil="BAIK")
    for skp in skps:
        evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    assert not SkpRating.objects.filter(periode="TAHUNAN").exists()  # a draft until finalised
    # BAIK: at most 70 % Baik and at least one Butuh Perbaikan or Kurang; the team is 100 % Baik
    result = team_finalise(actor=org.penilai, tahun=YEAR)
    assert not result.done and result.finalised == 0
    assert {(v.predikat, v.rule) for v in result.check.violations} == {
        (("BAIK",), "max"), (("BUTUH_PERBAIKAN", "KURANG"), "min_count")}
    assert set(result.missing) == {p.nip for p in org.staff} - {org.employee.nip, org.other.nip}
    assert not Evaluasi.objects.filter(status="FINAL").exists()
    result = team_finalise(actor=org.penilai, tahun=YEAR, konfirmasi=True)
    assert result.done and result.finalised == 2
    assert set(SkpRating.objects.filter(periode="TAHUNAN").values_list("pegawai_id", flat=True)) == {
        org.employee.nip, org.other.nip}
    rows = {r.nip: r for r in team_for_user(org.penilai, YEAR)}
    assert rows[org.employee.nip].tahunan_status == "FINAL" and rows[org.employee.nip].predikat == "BAIK"
    assert AuditEvent.objects.get(action="skp.final").after["dikonfirmasi"] is True


def test_a_unit_heads_rating_of_results_is_the_units_result(org):
    skp = approved_skp(org, org.penilai)  # the A1 head, assessed by the A0 head
    assert skp.penilai_nip == org.a0_head.nip
    org_result_set(actor=org.atasan, unor_id="A1", tahun=YEAR, hasil="ISTIMEWA")
    e = evaluation_rate(actor=org.atasan, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    assert e.rating_hasil_kerja == "DI_ATAS"


# --- objection -----------------------------------------------------------------------------------------------
def test_objection_goes_to_the_atasan_pejabat_penilai(org):
    skp = approved_skp(org)
    e = evaluation_rate(actor=org.penilai, skp=skp, periode="B02", rating_hasil_kerja="DI_BAWAH",
                        rating_perilaku_kerja="SESUAI")
    k = objection_file(actor=org.employee, evaluasi_id=e.pk, alasan="Target bulan ini sudah tercapai")
    assert k.atasan_nip == org.a0_head.nip
    assert _err(objection_file, actor=org.employee, evaluasi_id=e.pk, alasan="lagi").status == 409
    assert _err(objection_decide, actor=org.penilai, keberatan_id=k.pk, terima=True, keputusan="x",
                rating_hasil_kerja="SESUAI", rating_perilaku_kerja="SESUAI").status == 403
    assert _err(objection_decide, actor=org.supervisor_b, keberatan_id=k.pk, terima=False,
                keputusan="x").status == 404
    assert _err(objection_decide, actor=org.atasan, keberatan_id=k.pk, terima=True,
                keputusan="diterima").field == "rating_hasil_kerja"
    objection_decide(actor=org.atasan, keberatan_id=k.pk, terima=True, keputusan="Bukti lengkap",
                     rating_hasil_kerja="SESUAI", rating_perilaku_kerja="SESUAI")
    k.refresh_from_db()
    assert (k.status, k.rating_hasil_semula, k.rating_hasil_baru) == ("DITERIMA", "DI_BAWAH", "SESUAI")
    rating = ratings_with_predikat(YEAR).get(pegawai_id=org.employee.nip, periode="B02")
    assert rating.predikat == DOMAIN_MATRIX[("SESUAI", "SESUAI")]
    assert _err(objection_decide, actor=org.atasan, keberatan_id=k.pk, terima=False, keputusan="x").status == 409
    assert AuditEvent.objects.filter(action="skp.keberatan_putus", object_id=str(k.pk)).exists()


def test_objection_refusals(org):
    skp = approved_skp(org)
    e = evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    assert _err(objection_file, actor=org.employee, evaluasi_id=e.pk, alasan="x").status == 409  # draft
    assert _err(objection_file, actor=org.other, evaluasi_id=e.pk, alasan="x").status == 404  # not theirs
    assert not Keberatan.objects.exists()


# --- HR: delegation, organisational result ------------------------------------------------------------------
def test_delegation_is_scoped_and_moves_an_open_skp(org, users):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    delegation_set(actor=users.admin_a, nip=org.employee.nip, tahun=YEAR, penilai_nip=org.a0_head.nip,
                   alasan="Atasan langsung cuti panjang")
    skp.refresh_from_db()
    assert skp.penilai_nip == org.a0_head.nip
    assert _err(delegation_set, actor=users.admin_b, nip=org.employee.nip, tahun=YEAR, penilai_nip=org.a0_head.nip,
                alasan="x").status == 404
    assert _err(delegation_set, actor=org.penilai, nip=org.employee.nip, tahun=YEAR, penilai_nip=org.a0_head.nip,
                alasan="x").status == 403
    assert _err(delegation_set, actor=users.admin_a, nip=org.employee.nip, tahun=YEAR,
                penilai_nip=org.employee.nip, alasan="x").field == "penilai_nip"
    delegation_set(actor=users.admin_a, nip=org.employee.nip, tahun=YEAR, penilai_nip="", alasan="kembali")
    skp.refresh_from_db()
    assert skp.penilai_nip == org.a1_head.nip
    assert AuditEvent.objects.filter(action="skp.delegasi").count() == 2


def test_org_result_is_set_one_level_up_or_by_hr(org, users):
    org_result_set(actor=org.atasan, unor_id="A1", tahun=YEAR, hasil="BAIK")  # leads the parent unit A0
    org_result_set(actor=users.hr_a1, unor_id="A11", tahun=YEAR, hasil="ISTIMEWA")
    assert _err(org_result_set, actor=org.penilai, unor_id="A1", tahun=YEAR, hasil="ISTIMEWA").status == 403
    assert _err(org_result_set, actor=users.admin_b, unor_id="A1", tahun=YEAR, hasil="BAIK").status == 404
    assert _err(org_result_set, actor=users.admin_a, unor_id="A1", tahun=YEAR, hasil="LUAR_BIASA").field == "hasil"


def test_finalised_annual_ratings_announce_themselves_after_the_commit(org, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    """``core.hooks.after_change`` hears of the annual ratings written (the talent app moves the people's boxes
    with them), once for the team when its year is final; periodic ratings are not announced."""
    from abdi.core.hooks import after_change

    heard = []
    monkeypatch.setattr(after_change, "_handlers", [lambda **kw: heard.append(kw)])
    skps = [approved_skp(org, org.employee), approved_skp(org, org.other)]
    org_result_set(actor=org.atasan, unor_id="A1", tahun=YEAR, hasil="ISTIMEWA")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_rate(actor=org.penilai, skp=skps[0], periode="B02", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
        for skp in skps:
            evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                            rating_perilaku_kerja="SESUAI")
        team_finalise(actor=org.penilai, tahun=YEAR, konfirmasi=True)
    # one announcement for the team's annual ratings: none for the periodic one, none for the drafts
    assert [(h["kind"], h["tahun"], sorted(h["nips"])) for h in heard] == [
        ("skp_tahunan", YEAR, sorted([org.employee.nip, org.other.nip]))]
