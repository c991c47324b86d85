"""``/api/v1/planning/penyetaraan``: the eligible holders and targets, the proposal workflow with its contract
statuses (403 role, 404 scope, 409 state or stale version, 422 input or not eligible), the effect figures,
masked NIPs for roles without personal data, and bounded query counts on the lists."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.people.models import Pegawai
from abdi.planning.tests.conftest import staff
from abdi.planning.tests.penyetaraan_world import build_holders, build_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def holders(land):
    build_posts()
    return build_holders()
BASE = "/api/v1/planning/penyetaraan"


def client_for(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def post(c, url, body):
    return c.post(url, body, content_type="application/json")


def test_candidates_in_scope_with_paging(holders, planners):
    body = client_for(planners.admin_x).get(f"{BASE}/candidates?limit=2").json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["next"] == "2"
    assert body["rule_version"] == 0
    rest = client_for(planners.admin_x).get(f"{BASE}/candidates?limit=2&cursor=2").json()
    got = {i["nip"]: i["jenjang_tujuan"] for i in body["items"] + rest["items"]}
    assert got == {holders.kabid.nip: "AHLI_MADYA", holders.kasi.nip: "AHLI_MUDA", holders.kaur.nip: "AHLI_PERTAMA"}
    analyst = client_for(planners.analyst).get(f"{BASE}/candidates?tingkat=V").json()
    assert [i["nip"] for i in analyst["items"]] == ["********" + holders.kaur.nip[8:]]  # no personal data
    assert client_for(planners.admin_x).get(f"{BASE}/candidates?tingkat=JPT").status_code == 422
    assert client_for(planners.employee).get(f"{BASE}/candidates").status_code == 403


def test_candidate_list_query_count_is_bounded(holders, planners, django_assert_max_num_queries):
    staff("X1", 30, "KABID")  # the list's queries do not grow with its rows
    c = client_for(planners.national)
    with django_assert_max_num_queries(12):
        body = c.get(f"{BASE}/candidates?limit=100").json()
    assert body["total"] == 34


def test_targets(holders, planners):
    rows = client_for(planners.admin_x).get(f"{BASE}/targets?tingkat=PENGAWAS&rumpun=KOMPUTER").json()
    assert rows[0]["jabatan_id"] == "PRANATA-AMU" and rows[0]["rumpun_sama"]


def test_workflow_and_refusals(holders, planners):
    admin, national = client_for(planners.admin_x), client_for(planners.national)
    r = post(admin, f"{BASE}/proposals", {"nips": [holders.kasi.nip], "jabatan_tujuan_id": "ANALIS-AMU"})
    assert r.status_code == 201
    [u] = r.json()["items"]
    assert (u["status"], u["tingkat_asal"], u["versi"]) == ("DIUSULKAN", "PENGAWAS", 1)
    url = f"{BASE}/proposals/{u['id']}"
    assert post(admin, f"{BASE}/proposals", {"nips": [holders.kasi.nip],
                                             "jabatan_tujuan_id": "ANALIS-AMU"}).status_code == 409
    assert post(admin, f"{BASE}/proposals", {"nips": [holders.kepala.nip],
                                             "jabatan_tujuan_id": "ANALIS-AMU"}).status_code == 422
    r = post(admin, f"{BASE}/proposals", {"nips": [holders.kasi_y.nip], "jabatan_tujuan_id": "ANALIS-AMU"})
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "nips"
    assert post(admin, f"{BASE}/proposals", {"nips": [], "jabatan_tujuan_id": "ANALIS-AMU"}).status_code == 422
    assert post(client_for(planners.hr_x1), f"{BASE}/proposals",
                {"nips": [holders.kabid.nip], "jabatan_tujuan_id": "ANALIS-AMA"}).status_code == 403
    assert post(admin, f"{url}/approve", {}).status_code == 403
    assert client_for(planners.admin_y).get(url).status_code == 404
    assert post(national, f"{url}/apply", {"nomor_sk": "SK-1"}).status_code == 409
    assert post(national, f"{url}/approve", {"versi": 5}).status_code == 409
    r = post(national, f"{url}/approve", {"versi": 1, "catatan": "Sesuai peta jabatan"})
    assert r.status_code == 200 and r.json()["status"] == "DISETUJUI"
    assert post(national, f"{url}/reject", {"alasan": "x"}).status_code == 409
    assert post(admin, f"{url}/apply", {"versi": 2}).status_code == 422  # nomor_sk missing
    r = post(admin, f"{url}/apply", {"versi": 2, "nomor_sk": "821/5/2026", "tanggal_sk": "2026-01-05"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["tmt"]) == ("DITERAPKAN", "2026-01-05")
    assert Pegawai.objects.get(pk=holders.kasi.nip).jabatan_id == "ANALIS-AMU"
    listed = admin.get(f"{BASE}/proposals?status=DITERAPKAN").json()
    assert listed["total"] == 1 and listed["items"][0]["nomor_sk"] == "821/5/2026"
    assert client_for(planners.admin_y).get(f"{BASE}/proposals").json()["total"] == 0


def test_reject_requires_reason(holders, planners):
    national = client_for(planners.national)
    [u] = post(national, f"{BASE}/proposals", {"nips": [holders.kaur.nip],
                                               "jabatan_tujuan_id": "ANALIS-AP"}).json()["items"]
    r = post(national, f"{BASE}/proposals/{u['id']}/reject", {"alasan": " "})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "alasan"
    r = post(national, f"{BASE}/proposals/{u['id']}/reject", {"alasan": "Menandatangani surat izin"})
    assert r.json()["status"] == "DITOLAK" and r.json()["catatan_putusan"] == "Menandatangani surat izin"


def test_effect(holders, planners):
    admin, national = client_for(planners.admin_x), client_for(planners.national)
    [u] = post(admin, f"{BASE}/proposals", {"nips": [holders.kabid.nip],
                                            "jabatan_tujuan_id": "ANALIS-AMA"}).json()["items"]
    post(national, f"{BASE}/proposals/{u['id']}/approve", {})
    post(national, f"{BASE}/proposals/{u['id']}/apply", {"nomor_sk": "SK-2"})
    body = admin.get(f"{BASE}/effect?instansi_id=KAB-X").json()
    rows = {r["kategori"]: (r["sebelum"], r["sekarang"], r["setelah"]) for r in body["rows"]}
    assert rows["ADMINISTRATOR"] == (1, 0, 0) and rows["AHLI_MADYA"] == (0, 1, 1)
    assert body["disetarakan_total"] == 1 and body["disetarakan"][0]["nip"] == holders.kabid.nip
    assert admin.get(f"{BASE}/effect?instansi_id=KAB-Y").status_code == 404
    assert client_for(planners.employee).get(f"{BASE}/effect?instansi_id=KAB-X").status_code == 403


def test_rules_read_and_write(holders, planners):
    body = client_for(planners.admin_x).get(f"{BASE}/rules").json()
    assert body["version"] == 0 and body["kecualikan_pimpinan_unit"] is True
    assert body["pemetaan"] == {"ADMINISTRATOR": "AHLI_MADYA", "PENGAWAS": "AHLI_MUDA", "V": "AHLI_PERTAMA"}
    national = client_for(planners.national)
    r = national.put(f"{BASE}/rules", {"jabatan_dikecualikan": ["KASI"]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["jabatan_dikecualikan"] == ["KASI"]
    r = national.put(f"{BASE}/rules", {"eselon_v": "V"}, content_type="application/json")
    assert r.status_code == 422
    r = national.put(f"{BASE}/rules", {"pemetaan": {"JPT": "AHLI_UTAMA"}}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "aturan"
    assert client_for(planners.admin_x).put(f"{BASE}/rules", {}, content_type="application/json").status_code == 403
