"""The penyetaraan screens: who gets which page, the Indonesian text, the empty states, and the proposal's
steps through the forms (a refusal comes back as a message, a step out of reach as 403/404)."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.people.masking import employee_ref
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.planning import penyetaraan_services as svc
from abdi.planning.models import UsulanPenyetaraan
from abdi.planning.tests.penyetaraan_world import build_holders, build_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def holders(land):
    build_posts()
    return build_holders()
BASE = "/perencanaan/penyetaraan/"


def client_of(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


def test_home_lists_holders_of_the_level(holders, planners):
    c = client_of(planners.admin_x)
    page = c.get(BASE + "?tingkat=PENGAWAS")
    assert page.status_code == 200
    body = text(page)
    assert "Penyetaraan jabatan" in body and "Usulkan penyetaraan pegawai terpilih" in body
    assert holders.kasi.nama in body and holders.kabid.nama not in body and holders.kasi_y.nama not in body
    assert holders.kepala.nama not in body  # the unit head is excluded
    assert "Analis Kebijakan Ahli Muda" in body and "Analis Kebijakan Ahli Madya" not in body


def test_home_empty_state_and_readers(holders, planners):
    body = text(client_of(planners.hr_x1).get(BASE + "?tingkat=V"))
    assert "Tidak ada pegawai yang memenuhi syarat penyetaraan" in body
    body = text(client_of(planners.analyst).get(BASE + "?tingkat=ADMINISTRATOR"))
    assert "Pilih instansi untuk melihat pegawai" in body and holders.kabid.nama not in body  # nation: pick first
    body = text(client_of(planners.analyst).get(BASE + "?tingkat=ADMINISTRATOR&instansi=KAB-X"))
    assert holders.kabid.nama in body and "Ajukan usulan" not in body  # an analyst reads, never proposes


def test_home_htmx_returns_the_list_only(holders, planners):
    page = client_of(planners.national).get(BASE + "?tingkat=V&instansi=KAB-X", headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<html" not in text(page) and holders.kaur.nama in text(page)


@pytest.mark.parametrize("who", ["employee"])
def test_roles_without_view_get_403(holders, planners, who):
    c = client_of(getattr(planners, who))
    for url in (BASE, BASE + "usulan/", BASE + "dampak/"):
        assert c.get(url).status_code == 403


def test_propose_approve_apply_through_the_screens(holders, planners):
    admin, national = client_of(planners.admin_x), client_of(planners.national)
    r = admin.post(BASE + "usulkan/", {"pegawai": [employee_ref(holders.kasi.nip)], "jabatan_tujuan_id": "ANALIS-AMU",
                                       "tingkat": "PENGAWAS"})
    u = UsulanPenyetaraan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{BASE}usulan/{u.pk}/"
    page = admin.get(r["Location"])
    assert "Diusulkan oleh plan-admin-x" in text(page) and "Setujui usulan" not in text(page)
    assert admin.post(f"{BASE}usulan/{u.pk}/setujui/", {"versi": u.versi}).status_code == 403
    assert "Setujui usulan" in text(national.get(r["Location"]))
    r = national.post(f"{BASE}usulan/{u.pk}/setujui/", {"versi": u.versi})
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.status == "DISETUJUI"
    stale = admin.post(f"{BASE}usulan/{u.pk}/terapkan/", {"versi": u.versi - 1, "nomor_sk": "SK-9"}, follow=True)
    assert "muat ulang" in text(stale)
    r = admin.post(f"{BASE}usulan/{u.pk}/terapkan/", {"versi": u.versi, "nomor_sk": "SK-9"}, follow=True)
    assert "Penyetaraan diterapkan" in text(r) and "SK SK-9" in text(r)
    assert Pegawai.objects.get(pk=holders.kasi.nip).jabatan_id == "ANALIS-AMU"
    assert RiwayatPegawai.objects.filter(pegawai_id=holders.kasi.nip, nomor_sk="SK-9").exists()


def test_refusals_come_back_as_messages(holders, planners):
    admin = client_of(planners.admin_x)
    r = admin.post(BASE + "usulkan/", {"pegawai": [employee_ref(holders.kepala.nip)], "jabatan_tujuan_id": "ANALIS-AMU"},
                   follow=True)
    assert "pimpinan unit kerja" in text(r) and not UsulanPenyetaraan.objects.exists()
    r = admin.post(BASE + "usulkan/", {"jabatan_tujuan_id": "ANALIS-AMU"}, follow=True)
    assert "Isian tidak valid" in text(r)
    assert admin.post(BASE + "usulkan/", {"pegawai": [employee_ref(holders.kasi_y.nip)],
                                          "jabatan_tujuan_id": "ANALIS-AMU"}).status_code == 404
    [u] = svc.proposal_create(actor=planners.national, nips=[holders.kasi.nip], jabatan_tujuan_id="ANALIS-AMU")
    r = client_of(planners.national).post(f"{BASE}usulan/{u.pk}/tolak/", {"alasan": ""}, follow=True)
    assert "alasan penolakan wajib diisi" in text(r)
    assert client_of(planners.admin_y).get(f"{BASE}usulan/{u.pk}/").status_code == 404


def test_proposal_list_and_its_empty_state(holders, planners):
    c = client_of(planners.admin_x)
    assert "Belum ada usulan penyetaraan" in text(c.get(BASE + "usulan/"))
    svc.proposal_create(actor=planners.national, nips=[holders.kasi.nip, holders.kasi_y.nip],
                        jabatan_tujuan_id="ANALIS-AMU")
    body = text(c.get(BASE + "usulan/?status=DIUSULKAN"))
    assert holders.kasi.nama in body and holders.kasi_y.nama not in body


def test_effect_page(holders, planners):
    [u] = svc.proposal_create(actor=planners.admin_x, nips=[holders.kasi.nip], jabatan_tujuan_id="ANALIS-AMU")
    u = svc.proposal_approve(actor=planners.national, usulan=u)
    svc.proposal_apply(actor=planners.admin_x, usulan=u, nomor_sk="SK-7")
    body = text(client_of(planners.admin_x).get(BASE + "dampak/"))  # one agency: straight to it
    assert "Dampak penyetaraan pada struktur" in body and "Fungsional Ahli Muda" in body
    assert "1 pegawai telah disetarakan" in body and holders.kasi.nama in body
    assert "Pilih instansi" in text(client_of(planners.national).get(BASE + "dampak/"))
    assert client_of(planners.admin_x).get(BASE + "dampak/?instansi=KAB-Y").status_code == 404


def test_english_when_asked(holders, planners):
    c = client_of(planners.admin_x)
    c.cookies["django_language"] = "en"
    assert "Position conversion" in text(c.get(BASE))


def test_rules_form_for_national_admins_only(holders, planners):
    assert "Ubah aturan pengecualian" not in text(client_of(planners.admin_x).get(BASE))
    national = client_of(planners.national)
    assert "Ubah aturan pengecualian" in text(national.get(BASE))
    r = national.post(BASE + "aturan/", {"jabatan_dikecualikan": "KASI, KABID"}, follow=True)
    assert "Aturan penyetaraan versi 1 berlaku mulai hari ini" in text(r)
    assert "2 jabatan berkewenangan dikecualikan" in text(r)
    assert client_of(planners.admin_x).post(BASE + "aturan/", {}).status_code == 403
