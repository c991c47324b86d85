"""``/api/v1/skp``: the cycle through the API, with CONTRACTS §7 statuses (403 a step never allowed, 404
outside reach, 409 the SKP's state or a stale version, 422 bad input) and the JSON error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.core.models import AuditEvent
from abdi.performance.models import SkpRating
from abdi.performance.tests.test_cycle import DOMAIN_MATRIX, IND, YEAR

pytestmark = pytest.mark.django_db
BASE = "/api/v1/skp"


def client_for(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def post(c, url, body=None, method="post"):
    return getattr(c, method)(url, body or {}, content_type="application/json")


@pytest.fixture
def planned(org):
    """The employee's SKP with one result, submitted."""
    me = client_for(org.employee)
    r = post(me, BASE, {"tahun": YEAR})
    assert r.status_code == 201, r.content
    skp = r.json()
    r = post(me, f"{BASE}/{skp['id']}/results", {"uraian": "Laporan mutu", "indikator": IND, "versi": skp["versi"]})
    assert r.status_code == 201, r.content
    r = post(me, f"{BASE}/{skp['id']}/submit", {"versi": r.json()["versi"]})
    assert r.status_code == 200 and r.json()["status"] == "DIAJUKAN"
    return r.json()


def test_plan_approve_and_rate_through_the_api(org, planned):
    boss = client_for(org.penilai)
    r = post(boss, f"{BASE}/{planned['id']}/approve", {"komentar": "Setuju", "versi": planned["versi"]})
    assert r.status_code == 200 and r.json()["status"] == "DISETUJUI"
    r = post(boss, f"{BASE}/{planned['id']}/expectations/KOLABORATIF", {"uraian": "Aktif dalam tim lintas bidang"},
             method="put")
    assert r.json()["ekspektasi"] == {"KOLABORATIF": "Aktif dalam tim lintas bidang"}
    hasil_id = r.json()["hasil"][0]["id"]
    me = client_for(org.employee)
    r = post(me, f"{BASE}/{planned['id']}/evaluations/B01/realisation/{hasil_id}",
             {"realisasi": "1 laporan", "bukti": "arsip/01"}, method="put")
    assert r.status_code == 200, r.content
    r = post(boss, f"{BASE}/{planned['id']}/evaluations/B01", {
        "rating_hasil_kerja": "DI_ATAS", "rating_perilaku_kerja": "DI_BAWAH", "umpan_balik": {str(hasil_id): "Baik"},
        "umpan_balik_perilaku": {"AKUNTABEL": "Terlambat melapor"}}, method="put")
    assert r.status_code == 200, r.content
    b01 = next(e for e in r.json()["evaluasi"] if e["periode"] == "B01")
    assert (b01["status"], b01["predikat"]) == ("FINAL", DOMAIN_MATRIX[("DI_ATAS", "DI_BAWAH")])
    assert b01["realisasi"][0]["bukti"] == "arsip/01" and b01["umpan_balik_perilaku"]["AKUNTABEL"]
    # the employee objects; the atasan pejabat penilai decides
    r = post(me, f"{BASE}/evaluations/{b01['id']}/objection", {"alasan": "Laporan terlambat karena sistem"})
    assert r.status_code == 201
    kid = r.json()["id"]
    atasan = client_for(org.atasan)
    assert [k["id"] for k in atasan.get(f"{BASE}/objections").json()["items"]] == [kid]
    assert post(boss, f"{BASE}/objections/{kid}/decision", {"terima": False, "keputusan": "x"}).status_code == 403
    r = post(atasan, f"{BASE}/objections/{kid}/decision", {
        "terima": True, "keputusan": "Bukti gangguan sistem sah", "rating_hasil_kerja": "DI_ATAS",
        "rating_perilaku_kerja": "SESUAI"})
    assert r.status_code == 200 and r.json()["status"] == "DITERIMA"
    assert SkpRating.objects.get(pegawai_id=org.employee.nip, periode="B01").rating_perilaku_kerja == "SESUAI"
    # the atasan now sees the SKP (objection), and the read is audited
    assert atasan.get(f"{BASE}/{planned['id']}").status_code == 200
    assert AuditEvent.objects.filter(action="skp.view", object_id=str(planned["id"])).exists()


def test_refusals_have_the_contract_statuses(org, planned, users):
    me, boss = client_for(org.employee), client_for(org.penilai)
    r = post(me, f"{BASE}/{planned['id']}/approve", {})
    assert r.status_code == 403 and "sendiri" in r.json()["detail"]
    assert post(client_for(org.supervisor_b), f"{BASE}/{planned['id']}/approve", {}).status_code == 404  # out of reach
    assert client_for(users.employee_b).get(f"{BASE}/{planned['id']}").status_code == 404
    assert post(boss, f"{BASE}/{planned['id']}/approve", {"versi": planned["versi"] + 9}).status_code == 409
    r = post(boss, f"{BASE}/{planned['id']}/return", {"komentar": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "komentar"
    r = post(boss, f"{BASE}/{planned['id']}/evaluations/B01", {"rating_hasil_kerja": "BAGUS",
                                                               "rating_perilaku_kerja": "SESUAI"}, method="put")
    assert r.status_code == 422
    assert post(boss, f"{BASE}/{planned['id']}/evaluations/B01", {"rating_hasil_kerja": "SESUAI",
                                                                  "rating_perilaku_kerja": "SESUAI"},
                method="put").status_code == 409  # not approved yet
    assert post(me, BASE, {"tahun": YEAR}).status_code == 409
    assert post(me, BASE, {"tahun": 1990}).status_code == 422
    assert Client().get(f"{BASE}/mine").status_code == 401
    assert client_for(users.employee_b).get(f"{BASE}/completion/KAB-A").status_code == 403
    assert client_for(users.admin_b).get(f"{BASE}/completion/KAB-A").status_code == 404


def test_team_finalise_with_the_distribution_warning(org, planned):
    boss = client_for(org.penilai)
    post(boss, f"{BASE}/{planned['id']}/approve", {})
    post(client_for(org.atasan), f"{BASE}/org-results/A1/{YEAR}", {"hasil": "BAIK"}, method="put")
    post(boss, f"{BASE}/{planned['id']}/evaluations/TAHUNAN", {"rating_hasil_kerja": "SESUAI",
                                                               "rating_perilaku_kerja": "SESUAI"}, method="put")
    team = boss.get(f"{BASE}/team?tahun={YEAR}").json()
    row = next(r for r in team["items"] if r["skp_id"] == planned["id"])
    assert (row["predikat"], row["tahunan_status"]) == ("BAIK", "DRAFT")
    assert team["distribusi"]["hasil_organisasi"] == "BAIK"
    r = post(boss, f"{BASE}/team/finalise", {"tahun": YEAR})
    assert r.status_code == 200 and r.json()["selesai"] is False
    assert {tuple(v["predikat"]) for v in r.json()["distribusi"]["pelanggaran"]} == {
        ("BAIK",), ("BUTUH_PERBAIKAN", "KURANG")}
    r = post(boss, f"{BASE}/team/finalise", {"tahun": YEAR, "konfirmasi": True})
    assert r.json()["selesai"] is True and r.json()["difinalkan"] == 1
    assert client_for(org.employee).get(f"{BASE}/mine?tahun={YEAR}").json()["predikat_tahunan"] == "BAIK"


def test_completion_and_ratings_are_scoped_and_paged(org, planned, users, world):
    people = [p for p in world.people if p.kedudukan == "AKTIF"]
    SkpRating.objects.bulk_create([SkpRating(pegawai=p, tahun=YEAR, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                                             rating_perilaku_kerja="DI_ATAS") for p in people])
    admin = client_for(users.admin_a)
    body = admin.get(f"{BASE}/completion/KAB-A?tahun={YEAR}&limit=2").json()
    a_active = [p for p in people if p.instansi_id == "KAB-A"]
    assert body["total"]["aktif"] == len(a_active) and body["total"]["dinilai"] == len(a_active)
    assert body["total"]["skp_disusun"] == 1 and len(body["items"]) == 2 and body["next"]
    seen, url = [], f"{BASE}/ratings?tahun={YEAR}&limit=3"
    while url:
        page = admin.get(url).json()
        seen += page["items"]
        url = f"{BASE}/ratings?tahun={YEAR}&limit=3&cursor={page['next']}" if page["next"] else None
    assert sorted(r["nip"] for r in seen) == sorted(p.nip for p in a_active)
    assert {r["predikat"] for r in seen} == {DOMAIN_MATRIX[("SESUAI", "DI_ATAS")]}
    # a supervisor sees masked NIPs of the team (no personal-data role), never the other regency's rows
    rows = client_for(org.penilai).get(f"{BASE}/ratings?tahun={YEAR}&limit=500").json()["items"]
    assert rows and all(r["nip"] not in world.b_nips for r in rows)
    assert any("*" in r["nip"] for r in rows) or all(r["nip"] == org.penilai.nip for r in rows)


def test_delegation_through_the_api(org, users):
    admin = client_for(users.admin_a)
    r = post(admin, f"{BASE}/delegations/{org.employee.nip}/{YEAR}", {"penilai_nip": org.a0_head.nip,
                                                                      "alasan": "Tugas belajar atasan"}, method="put")
    assert r.status_code == 200 and r.json()["penilai_efektif"] == org.a0_head.nip
    assert post(client_for(users.admin_b), f"{BASE}/delegations/{org.employee.nip}/{YEAR}",
                {"penilai_nip": "", "alasan": "x"}, method="put").status_code == 404
    assert post(client_for(org.penilai), f"{BASE}/delegations/{org.employee.nip}/{YEAR}",
                {"penilai_nip": "", "alasan": "x"}, method="put").status_code == 403


def test_the_owner_sees_the_annual_rating_only_when_final(org, planned):
    boss, me = client_for(org.penilai), client_for(org.employee)
    post(boss, f"{BASE}/{planned['id']}/approve", {})
    post(boss, f"{BASE}/{planned['id']}/evaluations/TAHUNAN", {"rating_hasil_kerja": "DI_ATAS",
                                                               "rating_perilaku_kerja": "DI_ATAS"}, method="put")

    def annual(client):
        return next(e for e in client.get(f"{BASE}/{planned['id']}").json()["evaluasi"] if e["periode"] == "TAHUNAN")

    assert annual(boss)["predikat"] == "SANGAT_BAIK"
    assert (annual(me)["rating_hasil_kerja"], annual(me)["predikat"]) == ("", "")  # a draft: not shown to the owner
    post(boss, f"{BASE}/team/finalise", {"tahun": YEAR, "konfirmasi": True})
    assert annual(me)["predikat"] == "SANGAT_BAIK"
