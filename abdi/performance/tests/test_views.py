"""The SKP screens: who sees which page (404/403 otherwise), each POST view calling through to the services
and showing their refusals, the team's quick annual rating through HTMX, the distribution warning and its
confirmation, objections, agency HR, audit of reads, and bounded query counts as teams and agencies grow."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.core.models import AuditEvent
from abdi.people.masking import employee_ref, mask_nip
from abdi.people.models import Pegawai
from abdi.people.tests.world import make_nip
from abdi.performance.models import (
    Delegasi,
    Evaluasi,
    HasilKerja,
    Keberatan,
    KinerjaOrganisasi,
    Skp,
    SkpRating,
)
from abdi.performance.services import (
    evaluation_rate,
    objection_file,
    result_add,
    skp_approve,
    skp_create,
    skp_submit,
)

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
IND = [{"aspek": "KUANTITAS", "uraian": "Jumlah laporan", "target": "12", "satuan": "laporan"}]
HX = {"HTTP_HX_REQUEST": "true"}


def submitted_skp(user) -> Skp:
    skp = skp_create(actor=user, tahun=YEAR)
    result_add(actor=user, skp=skp, uraian="Menyusun laporan bulanan", indikator=IND)
    return skp_submit(actor=user, skp=skp)


def approved_skp(org, user=None) -> Skp:
    skp = submitted_skp(user or org.employee)
    return skp_approve(actor=org.penilai, skp=skp)


def as_user(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- access -------------------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_sign_in_and_actions_are_post_only(client, org):
    assert client.get("/kinerja/").status_code == 302
    assert client.post("/kinerja/skp/baru/", {"tahun": YEAR}).status_code == 302
    assert not Skp.objects.exists()
    as_user(client, org.employee)
    assert client.get("/kinerja/skp/baru/").status_code == 405
    assert client.get("/kinerja/tim/tetapkan/").status_code == 405


def test_main_navigation_shows_kinerja_to_every_signed_in_user(client, users):
    body = as_user(client, users.norole).get("/").content.decode()
    assert 'href="/kinerja/"' in body and "Kinerja" in body


def test_home_empty_state_then_create_then_redirect(client, org):
    as_user(client, org.employee)
    r = client.get(f"/kinerja/?tahun={YEAR}")
    assert r.status_code == 200 and f"Susun SKP {YEAR}" in r.content.decode()
    r = client.post(reverse("performance:skp_create"), {"tahun": YEAR}, follow=True)
    skp = Skp.objects.get(pegawai_id=org.employee.nip, tahun=YEAR)
    assert r.redirect_chain[-1][0] == f"/kinerja/skp/{skp.pk}/" and "dibuat" in messages_of(r)
    assert client.get(f"/kinerja/?tahun={YEAR}")["Location"] == f"/kinerja/skp/{skp.pk}/"
    r = client.post(reverse("performance:skp_create"), {"tahun": YEAR}, follow=True)  # a second one: 409
    assert "sudah ada" in messages_of(r) and Skp.objects.count() == 1


def test_home_without_nip_says_so(client, users):
    r = as_user(client, users.admin_a).get("/kinerja/")
    assert r.status_code == 200 and "tidak terhubung dengan data pegawai" in r.content.decode()
    assert client.post(reverse("performance:skp_create"), {"tahun": YEAR}).status_code == 403


@pytest.mark.parametrize("who, status", [
    ("employee", 200), ("penilai", 200), ("admin_a", 200), ("hr_a1", 200), ("national_admin", 200),
    ("admin_b", 404), ("employee_b", 404), ("supervisor_b", 404), ("other", 404), ("norole", 404)])
def test_skp_page_is_visible_to_owner_penilai_and_scope_only(client, org, users, who, status):
    skp = submitted_skp(org.employee)
    user = getattr(org, who, None) or getattr(users, who)
    assert as_user(client, user).get(f"/kinerja/skp/{skp.pk}/").status_code == status
    assert client.get(f"/kinerja/skp/{skp.pk}/evaluasi/B01/").status_code == status


def test_reading_someone_elses_skp_is_audited_and_ones_own_is_not(client, org, users):
    skp = submitted_skp(org.employee)
    as_user(client, org.employee).get(f"/kinerja/skp/{skp.pk}/")
    assert not AuditEvent.objects.filter(action="skp.view").exists()
    as_user(client, users.admin_a).get(f"/kinerja/skp/{skp.pk}/")
    event = AuditEvent.objects.get(action="skp.view")
    assert (event.object_type, event.object_id, event.instansi_id) == ("skp", str(skp.pk), "KAB-A")
    assert event.unor_path.startswith("/A0/A1/")


def test_skp_page_shows_plan_labels_and_forms_by_role(client, org):
    boss = skp_create(actor=org.penilai, tahun=YEAR)
    parent = result_add(actor=org.penilai, skp=boss, uraian="Mutu pendidikan meningkat", indikator=IND)
    skp = skp_create(actor=org.employee, tahun=YEAR)
    result_add(actor=org.employee, skp=skp, uraian="Laporan mutu sekolah", intervensi_id=parent.pk, indikator=IND)
    skp.refresh_from_db()
    body = as_user(client, org.employee).get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Laporan mutu sekolah" in body and "Mutu pendidikan meningkat" in body  # mengintervensi
    assert "Kuantitas" in body and "12 laporan" in body and "Draf" in body
    assert "belum ditetapkan" in body and "Berorientasi Pelayanan" in body and "Kolaboratif" in body
    assert "Januari" in body and "Tahunan" in body  # monthly cycle: B01 … B12, then TAHUNAN
    assert f'action="/kinerja/skp/{skp.pk}/ajukan/"' in body and f'name="versi" value="{skp.versi}"' in body
    assert f'value="{parent.pk}"' in body  # the supervisor's result offered to cascade from
    assert "/setujui/" not in body  # the owner does not approve
    body = as_user(client, org.penilai).get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "/ajukan/" not in body and "/hasil/" not in body and "/ekspektasi/" in body


# --- planning ----------------------------------------------------------------------------------------------
def test_result_add_remove_submit_through_the_views(client, org):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    as_user(client, org.employee)
    post = {"versi": skp.versi, "uraian": "Laporan mutu", "jenis": "UTAMA", "intervensi": "",
            "aspek_0": "KUANTITAS", "ind_uraian_0": "Jumlah laporan", "target_0": "12", "satuan_0": "laporan",
            "aspek_1": "WAKTU", "ind_uraian_1": "Tepat waktu", "target_1": "12", "satuan_1": "bulan",
            "aspek_2": "KUALITAS", "ind_uraian_2": "", "target_2": "", "satuan_2": ""}
    r = client.post(f"/kinerja/skp/{skp.pk}/hasil/", post, follow=True)
    hasil = HasilKerja.objects.get(skp=skp)
    assert hasil.indikator.count() == 2 and "ditambahkan" in messages_of(r)
    # the same form again with the old version: a conflict, shown as a message
    r = client.post(f"/kinerja/skp/{skp.pk}/hasil/", post, follow=True)
    assert "diubah orang lain" in messages_of(r) and HasilKerja.objects.filter(skp=skp).count() == 1
    skp.refresh_from_db()
    r = client.post(f"/kinerja/skp/{skp.pk}/hasil/", {**post, "versi": skp.versi, "ind_uraian_0": "",
                                                     "target_0": "", "satuan_0": "", "ind_uraian_1": "",
                                                     "target_1": "", "satuan_1": ""}, follow=True)
    assert "sedikitnya satu indikator" in messages_of(r)
    skp.refresh_from_db()
    r = client.post(f"/kinerja/skp/{skp.pk}/ajukan/", {"versi": skp.versi}, follow=True)
    skp.refresh_from_db()
    assert skp.status == "DIAJUKAN" and "diajukan" in messages_of(r)
    r = client.post(f"/kinerja/skp/{skp.pk}/hasil/{hasil.pk}/hapus/", {"versi": skp.versi}, follow=True)
    assert "tidak dapat diubah" in messages_of(r) and HasilKerja.objects.filter(pk=hasil.pk).exists()


def test_result_remove_by_owner(client, org):
    skp = skp_create(actor=org.employee, tahun=YEAR)
    hasil = result_add(actor=org.employee, skp=skp, uraian="x", indikator=IND)
    skp.refresh_from_db()
    r = as_user(client, org.employee).post(f"/kinerja/skp/{skp.pk}/hasil/{hasil.pk}/hapus/", {"versi": skp.versi})
    assert r.status_code == 302 and not HasilKerja.objects.filter(pk=hasil.pk).exists()


def test_approval_refusals_and_return_with_mandatory_comment(client, org):
    skp = submitted_skp(org.employee)
    # the employee approving their own SKP: 403
    assert as_user(client, org.employee).post(f"/kinerja/skp/{skp.pk}/setujui/").status_code == 403
    # a supervisor of another regency does not even see it
    assert as_user(client, org.supervisor_b).post(f"/kinerja/skp/{skp.pk}/setujui/").status_code == 404
    # the atasan sees the unit but is not the penilai: 403
    assert as_user(client, org.atasan).post(f"/kinerja/skp/{skp.pk}/setujui/").status_code == 403
    as_user(client, org.penilai)
    r = client.post(f"/kinerja/skp/{skp.pk}/kembalikan/", {"komentar": "  ", "versi": skp.versi}, follow=True)
    assert "wajib diisi" in messages_of(r)
    r = client.post(f"/kinerja/skp/{skp.pk}/kembalikan/", {"komentar": "Tambah target kualitas",
                                                         "versi": skp.versi}, follow=True)
    skp.refresh_from_db()
    assert skp.status == "DIKEMBALIKAN" and "Tambah target kualitas" in r.content.decode()
    r = client.post(f"/kinerja/skp/{skp.pk}/setujui/", {"versi": skp.versi}, follow=True)
    assert "hanya SKP yang diajukan" in messages_of(r)


def test_approve_expectation_and_comment(client, org):
    skp = submitted_skp(org.employee)
    as_user(client, org.penilai)
    r = client.post(f"/kinerja/skp/{skp.pk}/setujui/", {"versi": skp.versi, "komentar": "Setuju"}, follow=True)
    skp.refresh_from_db()
    assert skp.status == "DISETUJUI" and "disetujui" in messages_of(r)
    client.post(f"/kinerja/skp/{skp.pk}/ekspektasi/", {"nilai": "ADAPTIF", "uraian": "Cepat menyesuaikan"})
    client.post(f"/kinerja/skp/{skp.pk}/komentar/", {"teks": "Semangat"})
    body = as_user(client, org.employee).get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Cepat menyesuaikan" in body and "Semangat" in body and "Ekspektasi perilaku ditetapkan" in body
    assert as_user(client, org.employee).post(f"/kinerja/skp/{skp.pk}/ekspektasi/",
                                              {"nilai": "ADAPTIF", "uraian": "x"}).status_code == 403


# --- evaluation -----------------------------------------------------------------------------------------------
def test_realisation_and_periodic_rating_with_feedback(client, org):
    skp = approved_skp(org)
    hasil = skp.hasil.get()
    as_user(client, org.employee)
    body = client.get(f"/kinerja/skp/{skp.pk}/evaluasi/B03/").content.decode()
    assert 'name="realisasi"' in body and 'name="rating_hasil_kerja"' not in body
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/B03/realisasi/",
                    {"hasil_id": hasil.pk, "realisasi": "3 laporan", "bukti": "https://arsip.example/maret"},
                    follow=True)
    assert "Realisasi disimpan" in messages_of(r)
    assert client.post(f"/kinerja/skp/{skp.pk}/evaluasi/B03/nilai/", {
        "rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}).status_code == 403  # own SKP
    as_user(client, org.penilai)
    body = client.get(f"/kinerja/skp/{skp.pk}/evaluasi/B03/").content.decode()
    assert "3 laporan" in body and "https://arsip.example/maret" in body
    assert "Di Atas Ekspektasi" in body and 'type="radio" name="rating_perilaku_kerja"' in body
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/B03/nilai/", {
        "rating_hasil_kerja": "DI_ATAS", "rating_perilaku_kerja": "DI_ATAS", "catatan": "Bagus sekali",
        f"ub_{hasil.pk}": "Rapi", "ubp_AKUNTABEL": "Tepat waktu"}, follow=True)
    e = Evaluasi.objects.get(skp=skp, periode="B03")
    assert (e.status, e.catatan, e.realisasi.get().umpan_balik) == ("FINAL", "Bagus sekali", "Rapi")
    assert e.umpan_balik_perilaku.get().umpan_balik == "Tepat waktu"
    body = client.get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Sangat Baik" in body and ">DI_ATAS<" not in body and ">SANGAT_BAIK<" not in body
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/B03/nilai/", {
        "rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}, follow=True)
    assert "sudah final" in messages_of(r)
    assert client.post(f"/kinerja/skp/{skp.pk}/evaluasi/TW1/nilai/", {
        "rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}, follow=True).status_code == 200
    assert client.get(f"/kinerja/skp/{skp.pk}/evaluasi/TW1/").status_code == 404  # monthly cycle


def test_supervisor_outside_the_team_cannot_rate(client, org):
    skp = approved_skp(org)
    data = {"rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "SESUAI"}
    assert as_user(client, org.supervisor_b).post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/",
                                                  data).status_code == 404
    assert as_user(client, org.atasan).post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/", data,
                                            **HX).status_code == 403
    assert not Evaluasi.objects.filter(rating_hasil_kerja="SESUAI").exists()


# --- the team ----------------------------------------------------------------------------------------------------
def test_team_page_tabs_and_inline_approve(client, org):
    submitted = submitted_skp(org.employee)
    approved_skp(org, org.other)
    as_user(client, org.penilai)
    r = client.get(f"/kinerja/tim/?tahun={YEAR}")
    body = r.content.decode()
    assert r.status_code == 200 and mask_nip(org.employee.nip) in body and mask_nip(org.other.nip) in body
    # a supervisor is no personal-data role: the team's NIPs are masked, in the text and in the markup
    assert org.employee.nip not in body and org.other.nip not in body
    assert "Menunggu persetujuan" in body and "Belum menyusun" in body and "Tim saya" in body
    body = client.get(f"/kinerja/tim/?tahun={YEAR}&tab=diajukan").content.decode()
    assert mask_nip(org.employee.nip) in body and mask_nip(org.other.nip) not in body
    assert f'action="/kinerja/skp/{submitted.pk}/setujui/"' in body
    body = client.get(f"/kinerja/tim/?tahun={YEAR}&tab=evaluasi").content.decode()
    assert mask_nip(org.other.nip) in body and mask_nip(org.employee.nip) not in body
    r = client.post(f"/kinerja/skp/{submitted.pk}/setujui/", {"next": f"/kinerja/tim/?tahun={YEAR}"})
    assert r["Location"] == f"/kinerja/tim/?tahun={YEAR}"
    submitted.refresh_from_db()
    assert submitted.status == "DISETUJUI"


def test_team_page_empty_state(client, org, users):
    r = as_user(client, org.employee).get("/kinerja/tim/")
    assert r.status_code == 200 and "tidak menilai siapa pun" in r.content.decode()
    assert as_user(client, users.admin_a).get("/kinerja/tim/").status_code == 200


def test_htmx_rating_returns_the_row_with_the_predikat_label(client, org):
    skp = approved_skp(org)
    as_user(client, org.penilai)
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/",
                    {"rating_hasil_kerja": "DI_ATAS", "rating_perilaku_kerja": "DI_BAWAH", "next": "/kinerja/tim/"},
                    **HX)
    body = r.content.decode()
    assert r.status_code == 200 and body.lstrip().startswith(f'<tr id="tim-{employee_ref(org.employee.nip)}"')
    assert "Kurang/Misconduct" in body and "<html" not in body
    e = Evaluasi.objects.get(skp=skp, periode="TAHUNAN")
    assert (e.rating_hasil_kerja, e.rating_perilaku_kerja, e.status) == ("DI_ATAS", "DI_BAWAH", "DRAFT")
    # an invalid rating comes back in the row, not as a page
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/",
                    {"rating_hasil_kerja": "BAGUS", "rating_perilaku_kerja": "SESUAI"}, **HX)
    assert r.status_code == 200 and "rating harus salah satu" in r.content.decode()
    # the normal POST fallback goes back to the team page
    r = client.post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/",
                    {"rating_hasil_kerja": "SESUAI", "rating_perilaku_kerja": "DI_ATAS", "next": "/kinerja/tim/"})
    assert r.status_code == 302 and r["Location"] == "/kinerja/tim/"
    assert "Baik" in client.get("/kinerja/tim/").content.decode()


def test_quick_rating_keeps_earlier_feedback(client, org):
    skp = approved_skp(org)
    evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                    rating_perilaku_kerja="SESUAI", catatan="Catatan panjang")
    as_user(client, org.penilai).post(f"/kinerja/skp/{skp.pk}/evaluasi/TAHUNAN/nilai/",
                                      {"rating_hasil_kerja": "DI_ATAS", "rating_perilaku_kerja": "SESUAI"}, **HX)
    assert Evaluasi.objects.get(skp=skp, periode="TAHUNAN").catatan == "Catatan panjang"


def test_distribution_warning_then_confirmation_finalises(client, org):
    skps = [approved_skp(org, org.employee), approved_skp(org, org.other)]
    KinerjaOrganisasi.objects.create(unor_id="A1", tahun=YEAR, hasil="BAIK")
    for skp in skps:
        evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    as_user(client, org.penilai)
    body = client.get(f"/kinerja/tim/?tahun={YEAR}").content.decode()
    assert "Baik paling banyak 70%: tim 100%" in body
    assert "sedikitnya 1 orang Butuh Perbaikan dan/atau Kurang/Misconduct: tim 0" in body
    r = client.post("/kinerja/tim/tetapkan/", {"tahun": YEAR})
    assert r["Location"] == f"/kinerja/tim/?tahun={YEAR}&periksa=1"
    assert not Evaluasi.objects.filter(periode="TAHUNAN", status="FINAL").exists()
    body = client.get(r["Location"]).content.decode()
    assert 'name="konfirmasi" value="1"' in body and "pola distribusi" in body
    r = client.post("/kinerja/tim/tetapkan/", {"tahun": YEAR, "konfirmasi": "1"}, follow=True)
    assert "2 penilaian tahunan ditetapkan" in messages_of(r)
    assert SkpRating.objects.filter(periode="TAHUNAN").count() == 2
    assert "final" in r.content.decode()


def test_finalise_without_warning_needs_no_confirmation(client, org):
    skp = approved_skp(org)
    evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                    rating_perilaku_kerja="SESUAI")
    r = as_user(client, org.penilai).post("/kinerja/tim/tetapkan/", {"tahun": YEAR})
    assert r["Location"] == f"/kinerja/tim/?tahun={YEAR}"
    assert Evaluasi.objects.get(skp=skp, periode="TAHUNAN").status == "FINAL"
    assert as_user(client, org.employee).post("/kinerja/tim/tetapkan/", {"tahun": YEAR}).status_code == 302


def _grow_team(world, n: int, start: int) -> None:
    """``n`` more active civil servants in A11 (assessed by the A1 head), each with an approved SKP and a
    draft annual rating, written in bulk."""
    people = [Pegawai(nip=make_nip(dt.date(1980, 1, 1), dt.date(2005, 1, 1), "L", start + i), nama=f"Tambahan {i}",
                      tgl_lahir=dt.date(1980, 1, 1), jenis_kelamin="L", jenis_pegawai="PNS", status="PNS",
                      kedudukan="AKTIF", golongan="III/a", pendidikan="S1", tmt_cpns=dt.date(2005, 1, 1),
                      instansi_id="KAB-A", unor_id="A11", jabatan_id="J-PEL", tmt_jabatan=dt.date(2005, 1, 1),
                      lokasi_kabkota_id="32.04") for i in range(n)]
    Pegawai.objects.bulk_create(people)
    head = world.by_unit["A1"][0].nip
    skps = Skp.objects.bulk_create([Skp(pegawai=p, tahun=YEAR, penilai_nip=head, status="DISETUJUI")
                                    for p in people])
    Evaluasi.objects.bulk_create([Evaluasi(skp=s, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                                           rating_perilaku_kerja="SESUAI") for s in skps])
    SkpRating.objects.bulk_create([SkpRating(pegawai=p, tahun=YEAR, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                                             rating_perilaku_kerja="DI_ATAS") for p in people])


def test_team_and_agency_query_counts_stay_bounded(client, org, world, users, django_assert_max_num_queries):
    approved_skp(org)
    KinerjaOrganisasi.objects.create(unor_id="A1", tahun=YEAR, hasil="BAIK")
    admin = SimpleNamespace()
    for n, start in ((3, 800), (40, 850)):
        _grow_team(world, n, start)
        as_user(client, org.penilai)
        with django_assert_max_num_queries(22):  # 21 measured, whatever the team's size
            r = client.get(f"/kinerja/tim/?tahun={YEAR}")
        assert r.status_code == 200 and "Tambahan 1" in r.content.decode()
        as_user(client, users.admin_a)
        with django_assert_max_num_queries(12):  # 11 measured, whatever the agency's size
            r = client.get(f"/kinerja/instansi/KAB-A/?tahun={YEAR}")
        assert r.status_code == 200
        admin.body = r.content.decode()
    assert "Dinas Pendidikan" in admin.body


# --- objections ---------------------------------------------------------------------------------------------------
def test_objection_filed_from_the_skp_page_and_decided_by_the_atasan(client, org):
    skp = approved_skp(org)
    e = evaluation_rate(actor=org.penilai, skp=skp, periode="B02", rating_hasil_kerja="DI_BAWAH",
                        rating_perilaku_kerja="SESUAI")
    as_user(client, org.employee)
    body = client.get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert f"/kinerja/evaluasi/{e.pk}/keberatan/" in body and "Butuh Perbaikan" in body
    r = client.post(f"/kinerja/evaluasi/{e.pk}/keberatan/", {"alasan": "Target tercapai",
                                                             "next": f"/kinerja/skp/{skp.pk}/"}, follow=True)
    k = Keberatan.objects.get()
    assert "Keberatan diajukan" in messages_of(r) and k.atasan_nip == org.a0_head.nip
    r = client.post(f"/kinerja/evaluasi/{e.pk}/keberatan/", {"alasan": "lagi", "next": f"/kinerja/skp/{skp.pk}/"},
                    follow=True)
    assert "sedang diproses" in messages_of(r)
    assert as_user(client, org.other).post(f"/kinerja/evaluasi/{e.pk}/keberatan/",
                                           {"alasan": "x"}).status_code == 404
    # the penilai cannot decide; the atasan can, and must write the decision
    assert as_user(client, org.penilai).post(f"/kinerja/keberatan/{k.pk}/putus/",
                                             {"terima": "0", "keputusan": "x"}).status_code == 403
    as_user(client, org.atasan)
    body = client.get("/kinerja/keberatan/").content.decode()
    assert "Target tercapai" in body and skp.pegawai.nama in body and ">Keberatan" in body
    r = client.post(f"/kinerja/keberatan/{k.pk}/putus/", {"terima": "1", "keputusan": "Bukti lengkap"}, follow=True)
    assert "tetapkan rating baru" in messages_of(r)
    r = client.post(f"/kinerja/keberatan/{k.pk}/putus/", {"terima": "1", "keputusan": "Bukti lengkap",
                                                          "rating_hasil_kerja": "SESUAI",
                                                          "rating_perilaku_kerja": "SESUAI"}, follow=True)
    k.refresh_from_db()
    assert k.status == "DITERIMA" and "Tidak ada keberatan" in r.content.decode()


def test_objections_page_empty_for_others(client, org, users):
    for user in (org.employee, users.norole, users.admin_a):
        r = as_user(client, user).get("/kinerja/keberatan/")
        assert r.status_code == 200 and "Tidak ada keberatan" in r.content.decode()
    assert as_user(client, org.supervisor_b).post("/kinerja/keberatan/999/putus/",
                                                  {"terima": "0", "keputusan": "x"}).status_code == 404


def test_subnavigation_shows_objections_only_when_open(client, org):
    skp = approved_skp(org)
    e = evaluation_rate(actor=org.penilai, skp=skp, periode="B01", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    as_user(client, org.atasan)
    assert 'href="/kinerja/keberatan/"' not in client.get("/kinerja/tim/").content.decode()
    objection_file(actor=org.employee, evaluasi_id=e.pk, alasan="x")
    body = client.get("/kinerja/tim/").content.decode()
    assert 'href="/kinerja/keberatan/"' in body and 'href="/kinerja/tim/"' in body
    assert 'href="/kinerja/tim/"' not in as_user(client, org.employee).get("/kinerja/").content.decode()


# --- agency HR -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who, status", [
    ("national_admin", 200), ("national_analyst", 200), ("admin_a", 200), ("hr_a1", 200), ("auditor_a", 200),
    ("supervisor_a1", 200), ("admin_b", 404), ("employee_b", 403), ("norole", 403)])
def test_agency_page_by_role(client, org, users, who, status):
    assert as_user(client, getattr(users, who)).get(f"/kinerja/instansi/KAB-A/?tahun={YEAR}").status_code == status


def test_agency_pick(client, users):
    assert as_user(client, users.admin_a).get("/kinerja/instansi/")["Location"] == "/kinerja/instansi/KAB-A/"
    body = as_user(client, users.national_admin).get("/kinerja/instansi/").content.decode()
    assert "/kinerja/instansi/KAB-A/" in body and "/kinerja/instansi/KAB-B/" in body
    assert as_user(client, users.employee_b).get("/kinerja/instansi/").status_code == 403
    assert as_user(client, users.norole).get("/kinerja/instansi/").status_code == 403
    assert as_user(client, users.admin_a).get("/kinerja/instansi/TIDAK-ADA/").status_code == 404


def test_agency_totals_and_distribution_warning(client, org, users):
    skps = [approved_skp(org, org.employee), approved_skp(org, org.other)]
    for skp in skps:
        evaluation_rate(actor=org.penilai, skp=skp, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                        rating_perilaku_kerja="SESUAI")
    KinerjaOrganisasi.objects.create(unor_id="A1", tahun=YEAR, hasil="BAIK")
    from abdi.performance.services import team_finalise

    team_finalise(actor=org.penilai, tahun=YEAR, konfirmasi=True)
    KinerjaOrganisasi.objects.create(unor_id="A11", tahun=YEAR, hasil="BAIK")
    body = as_user(client, users.admin_a).get(f"/kinerja/instansi/KAB-A/?tahun={YEAR}").content.decode()
    assert "SD Negeri 1" in body and "Tidak sesuai pola" in body and "paling banyak 70%: unit 100%" in body
    assert 'id="f-kinerja-organisasi"' in body and 'id="f-delegasi"' in body
    body = as_user(client, users.auditor_a).get(f"/kinerja/instansi/KAB-A/?tahun={YEAR}").content.decode()
    assert 'id="f-delegasi"' not in body  # not an HR role


def test_agency_org_result_and_delegation_forms(client, org, users):
    as_user(client, users.admin_a)
    r = client.post("/kinerja/instansi/KAB-A/kinerja-organisasi/",
                    {"unor_id": "A1", "hasil": "ISTIMEWA", "tahun": YEAR, "next": "/kinerja/instansi/KAB-A/"},
                    follow=True)
    assert "disimpan" in messages_of(r)
    assert KinerjaOrganisasi.objects.get(unor_id="A1", tahun=YEAR).hasil == "ISTIMEWA"
    r = client.post("/kinerja/instansi/KAB-A/delegasi/", {"nip": org.employee.nip, "penilai_nip": org.a0_head.nip,
                                                         "alasan": "Atasan cuti", "tahun": YEAR}, follow=True)
    assert Delegasi.objects.get(pegawai_id=org.employee.nip).penilai_nip == org.a0_head.nip
    r = client.post("/kinerja/instansi/KAB-A/delegasi/", {"nip": org.employee.nip, "penilai_nip": org.employee.nip,
                                                         "alasan": "x", "tahun": YEAR}, follow=True)
    assert "dirinya sendiri" in messages_of(r)
    r = client.post("/kinerja/instansi/KAB-A/delegasi/", {"nip": "", "alasan": "", "tahun": YEAR}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    assert as_user(client, users.admin_b).post("/kinerja/instansi/KAB-A/delegasi/", {
        "nip": org.employee.nip, "penilai_nip": org.a0_head.nip, "alasan": "x", "tahun": YEAR}).status_code == 404
    assert as_user(client, org.penilai).post("/kinerja/instansi/KAB-A/delegasi/", {
        "nip": org.employee.nip, "penilai_nip": org.a0_head.nip, "alasan": "x", "tahun": YEAR}).status_code == 403
    assert as_user(client, org.penilai).post("/kinerja/instansi/KAB-A/kinerja-organisasi/", {
        "unor_id": "A1", "hasil": "BAIK", "tahun": YEAR}).status_code == 403
