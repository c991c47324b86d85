"""``/api/v1/talent``: grid and members in scope (a committee member of agency A cannot see agency B's grid),
the talent card, recompute jobs, calibration through the API, committee grants and pools; contract statuses."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.accounts.models import Role
from abdi.people.tests.world import make_user
from abdi.talent.models import Kotak
from abdi.talent.services import committee_grant, ninebox_recompute
from abdi.talent.tests.test_ninebox import YEAR, expected_boxes, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/v1/talent"


def client_for(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def send(c, url, body, method="post"):
    return getattr(c, method)(url, body, content_type="application/json")


@pytest.fixture
def member(talent_world, users):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    user = make_user("komite-a", Role.EMPLOYEE)
    committee_grant(actor=users.admin_a, username="komite-a", instansi_id="KAB-A")
    return user


def test_grid_members_and_card(member, users, talent_world):  # noqa: F811
    admin = client_for(users.admin_a)
    body = admin.get(f"{BASE}/grid?instansi_id=KAB-A").json()
    expected = {n: b for n, b in expected_boxes(talent_world.people).items() if n in talent_world.a_nips}
    counts = {b: list(expected.values()).count(b) for b in range(1, 10)}
    assert body["tahun"] == YEAR and {int(k): v for k, v in body["hitung"].items()} == counts
    assert body["nomor"] == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
    box = max(counts, key=counts.get)
    page = admin.get(f"{BASE}/grid/{box}/members?instansi_id=KAB-A&limit=2").json()
    assert page["total"] == counts[box] and len(page["items"]) == min(2, counts[box])
    nip = page["items"][0]["nip"]
    card = admin.get(f"{BASE}/card/{nip}").json()
    assert card["kotak"][0]["kotak"] == box and card["jpm"] is not None and card["tindakan"]
    assert admin.get(f"{BASE}/grid?instansi_id=KAB-B").status_code == 404
    committee = client_for(member)
    assert committee.get(f"{BASE}/grid?instansi_id=KAB-A").status_code == 200
    assert committee.get(f"{BASE}/grid?instansi_id=KAB-B").status_code == 404
    b_nip = next(n for n in expected_boxes(talent_world.people) if n in talent_world.b_nips)
    assert committee.get(f"{BASE}/card/{b_nip}").status_code == 404
    assert client_for(users.supervisor_a1).get(f"{BASE}/grid").status_code == 403
    assert client_for(users.employee_b).get(f"{BASE}/grid").status_code == 403
    own = client_for(users.employee_b).get(f"{BASE}/card/{users.employee_b.nip}")
    assert own.status_code == 200 and own.json()["nip"] == users.employee_b.nip


def test_calibration_through_the_api(member, users):
    c = client_for(member)
    r = send(c, f"{BASE}/sessions", {"nama": "Kalibrasi 2025", "tahun": YEAR, "instansi_id": "KAB-A"})
    assert r.status_code == 201, r.content
    sesi = r.json()["id"]
    five = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A").exclude(kotak=8).first()
    r = send(c, f"{BASE}/sessions/{sesi}/moves", {"nip": five.pegawai_id, "kotak": 8, "alasan": ""})
    assert r.status_code == 422
    r = send(c, f"{BASE}/sessions/{sesi}/moves", {"nip": five.pegawai_id, "kotak": 8, "alasan": "Terbukti memimpin"})
    assert r.status_code == 201 and r.json()["kalibrasi"][0]["ke"] == 8
    grid = client_for(users.admin_a).get(f"{BASE}/grid?instansi_id=KAB-A").json()
    assert grid["dikalibrasi"] == 1
    assert send(client_for(users.admin_a), f"{BASE}/sessions/{sesi}/moves",
                {"nip": five.pegawai_id, "kotak": 9, "alasan": "x"}).status_code == 403
    assert send(client_for(users.admin_b), f"{BASE}/sessions/{sesi}/moves",
                {"nip": five.pegawai_id, "kotak": 9, "alasan": "x"}).status_code == 404
    assert send(c, f"{BASE}/sessions/{sesi}/close", {"catatan": "Selesai"}).json()["status"] == "TUTUP"


def test_recompute_job_committee_and_pools(member, users, django_capture_on_commit_callbacks):
    admin = client_for(users.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = send(admin, f"{BASE}/recompute", {"tahun": YEAR, "instansi_id": "KAB-A"})
    assert r.status_code == 202
    job = admin.get(f"{BASE}/jobs/{r.json()['id']}").json()
    assert job["status"] == "SELESAI" and job["persen"] == 100
    assert send(admin, f"{BASE}/recompute", {"tahun": YEAR, "instansi_id": "KAB-B"}).status_code == 404
    assert send(admin, f"{BASE}/recompute", {"tahun": YEAR}).status_code == 403
    assert send(client_for(users.hr_a1), f"{BASE}/recompute", {"tahun": YEAR, "instansi_id": "KAB-A"}).status_code == 403
    assert send(admin, f"{BASE}/committee", {"username": "sdm-a1", "instansi_id": "KAB-B"}).status_code == 404
    assert send(admin, f"{BASE}/committee", {"username": "sdm-a1", "instansi_id": "KAB-A"}).status_code == 201
    r = send(admin, f"{BASE}/pools", {"nama": "Suksesi Kab. A", "tingkat": "INSTANSI", "instansi_id": "KAB-A"})
    assert r.status_code == 201 and r.json()["kotak"] == [7, 8, 9]
    nat = client_for(users.national_admin)
    assert send(nat, f"{BASE}/pools/refresh", {"tahun": YEAR}).status_code == 200
    pools = admin.get(f"{BASE}/pools").json()["items"]
    top = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak__in=[7, 8, 9], pegawai__kedudukan="AKTIF").count()
    assert pools[0]["anggota"] == top
    assert send(admin, f"{BASE}/pools/refresh", {"tahun": YEAR}).status_code == 403
