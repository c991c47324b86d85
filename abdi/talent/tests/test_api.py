"""``/api/v1/talent``: grid and members in scope (a committee member of agency A cannot see agency B's grid),
the talent card, recompute jobs, calibration through the API, committee grants and pools; contract statuses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from abdi.accounts.models import Role
from abdi.org.models import Unor
from abdi.people.tests.world import make_user
from abdi.talent.models import (
    AnggotaKelompok,
    JabatanTarget,
    Kalibrasi,
    KelompokTalenta,
    Kotak,
    SesiKalibrasi,
    Suksesor,
)
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


def test_a_unit_committee_runs_its_units_sessions_only(member, users):
    """A grant for unit A1 of KAB-A: opens, moves and closes a session of A1 (people of its subtree only); the
    sessions of the sibling unit A1X, of all of KAB-A and of KAB-B are outside its scope (404), as are the cards
    of people outside A1; opening a session elsewhere is refused."""
    unit_member = make_user("komite-a1", Role.EMPLOYEE)
    committee_grant(actor=users.admin_a, username="komite-a1", instansi_id="KAB-A", unor_id="A1")
    b_member = make_user("komite-b", Role.EMPLOYEE)
    committee_grant(actor=users.admin_b, username="komite-b", instansi_id="KAB-B")
    c, whole = client_for(unit_member), client_for(member)
    r = send(c, f"{BASE}/sessions", {"nama": "Kalibrasi A1", "tahun": YEAR, "instansi_id": "KAB-A", "unor_id": "A1"})
    assert r.status_code == 201, r.content
    own = r.json()["id"]
    others = {}
    for who, unit, instansi in ((whole, "A1X", "KAB-A"), (whole, "", "KAB-A"), (client_for(b_member), "", "KAB-B")):
        r = send(who, f"{BASE}/sessions", {"nama": f"Sesi {unit or instansi}", "tahun": YEAR, "instansi_id": instansi,
                                           "unor_id": unit})
        assert r.status_code == 201, r.content
        others[unit or instansi] = r.json()["id"]
    inside = Kotak.objects.filter(tahun=YEAR, pegawai__unor_id="A11").exclude(kotak=9).first()  # A1's subtree
    sibling = Kotak.objects.filter(tahun=YEAR, pegawai__unor_id="A1X").exclude(kotak=9).first()
    move = {"nip": inside.pegawai_id, "kotak": 9, "alasan": "Dibahas komite unit"}
    r = send(c, f"{BASE}/sessions/{own}/moves", move)
    assert r.status_code == 201 and r.json()["kalibrasi"][0]["ke"] == 9
    assert send(c, f"{BASE}/sessions/{own}/moves", {**move, "nip": sibling.pegawai_id}).status_code == 404
    assert [s["id"] for s in c.get(f"{BASE}/sessions").json()["items"]] == [own]
    for name, sesi in others.items():
        assert c.get(f"{BASE}/sessions/{sesi}").status_code == 404, name
        assert send(c, f"{BASE}/sessions/{sesi}/moves", {**move, "nip": sibling.pegawai_id}).status_code == 404, name
        assert send(c, f"{BASE}/sessions/{sesi}/close", {}).status_code == 404, name
    assert c.get(f"{BASE}/card/{inside.pegawai_id}").status_code == 200
    assert c.get(f"{BASE}/card/{sibling.pegawai_id}").status_code == 404
    # opening elsewhere: a unit or agency outside the grant is absent (404); the unit's own agency as a whole is
    # a step only its agency-wide committee may take (403)
    for unit, instansi, status in (("A1X", "KAB-A", 404), ("", "KAB-A", 403), ("B1", "KAB-B", 404)):
        r = send(c, f"{BASE}/sessions", {"nama": "x", "tahun": YEAR, "instansi_id": instansi, "unor_id": unit})
        assert r.status_code == status, (unit, instansi)
    assert SesiKalibrasi.objects.filter(nama="x").count() == 0
    assert send(c, f"{BASE}/sessions/{own}/close", {"catatan": "Selesai"}).json()["status"] == "TUTUP"


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


# --- the paged lists (CONTRACTS §7) ------------------------------------------------------------------------
def _walk(c, path: str, limit: int, query: str = "") -> list[list[dict]]:
    """Every page of a list, following ``next`` with the other parameters repeated."""
    pages, url = [], f"{BASE}/{path}?limit={limit}{query}"
    while True:
        r = c.get(url)
        assert r.status_code == 200, r.content
        body = r.json()
        assert set(body) == {"items", "next"}
        pages.append(body["items"])
        if body["next"] is None:
            return pages
        assert len(pages) < 50, "the cursor does not advance"
        url = f"{BASE}/{path}?limit={limit}{query}&cursor={body['next']}"


@pytest.fixture
def listed(talent_world, users):  # noqa: F811
    """Sessions (with moves), pools (two with the same name) and key positions of both regencies: 7 of each."""
    nips = sorted(talent_world.a_nips)
    for i in range(7):
        sesi = SesiKalibrasi.objects.create(nama=f"Sesi {i}", tahun=YEAR, instansi_id="KAB-A" if i % 3 else "KAB-B",
                                            dibuat_oleh="komite")
        Kalibrasi.objects.bulk_create([Kalibrasi(sesi=sesi, pegawai_id=nips[(i + k) % len(nips)], tahun=YEAR,
                                                 kotak_hitung=5, kotak_sebelum=5, kotak=8, alasan="uji", oleh="komite",
                                                 berlaku=False) for k in range(2)])
    for name in ("Kelompok D", "Kelompok B", "Kelompok A", "Kelompok B", "Kelompok E", "Kelompok C", "Kelompok F"):
        KelompokTalenta.objects.create(nama=name, tingkat="NASIONAL", kotak=[7, 8, 9])
    for unit, jab in (("A1", "J-STR"), ("A0", "J-FUN"), ("A1", "J-FUN"), ("B1", "J-STR"), ("A11", "J-STR"),
                      ("A0", "J-STR"), ("A1X", "J-PEL")):
        JabatanTarget.objects.create(instansi_id=Unor.objects.get(pk=unit).instansi_id, unor_id=unit, jabatan_id=jab)


def _order(path: str) -> list[int]:
    """The documented order of each list, computed here: sessions newest (highest id) first; pools by name then
    id; key positions in tree order (the unit's path) then id."""
    if path == "sessions":
        return sorted(SesiKalibrasi.objects.values_list("id", flat=True), reverse=True)
    if path == "pools":
        return [pk for _n, pk in sorted(KelompokTalenta.objects.values_list("nama", "id"))]
    return [pk for _p, pk in sorted(JabatanTarget.objects.values_list("unor__path", "id"))]


@pytest.mark.parametrize("path", ["sessions", "pools", "key-positions"])
def test_lists_page_with_a_cursor_and_cover_every_row_once(listed, users, path):
    c = client_for(users.national_admin)
    everything = _order(path)
    assert len(everything) == 7
    pages = _walk(c, path, 3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [item["id"] for page in pages for item in page] == everything  # each once, in order
    assert [item["id"] for item in _walk(c, path, 7)[0]] == everything  # a full last page has no next
    first = c.get(f"{BASE}/{path}").json()  # default limit 50
    assert [item["id"] for item in first["items"]] == everything and first["next"] is None
    # an agency admin pages through their own scope only
    if path != "pools":  # (pools here are national: everyone sees them)
        own = [item for page in _walk(client_for(users.admin_a), path, 2) for item in page]
        assert [i["id"] for i in own] == [pk for pk in everything if _instansi_of(path, pk) == "KAB-A"]


def _instansi_of(path: str, pk: int) -> str:
    model = SesiKalibrasi if path == "sessions" else JabatanTarget
    return model.objects.get(pk=pk).instansi_id


def test_key_positions_filtered_by_agency_page_too(listed, users):
    c = client_for(users.national_admin)
    pages = _walk(c, "key-positions", 2, "&instansi_id=KAB-A")
    ids = [item["id"] for page in pages for item in page]
    assert ids == [pk for pk in _order("key-positions") if _instansi_of("key-positions", pk) == "KAB-A"]
    assert {item["instansi_id"] for page in pages for item in page} == {"KAB-A"} and len(pages) == 3


@pytest.mark.parametrize("path", ["sessions", "pools", "key-positions"])
def test_list_limit_and_cursor_are_checked(listed, users, path):
    c = client_for(users.national_admin)
    for query in ("limit=0", "limit=501", "limit=-1", "limit=x", "cursor=not-a-cursor", "cursor=" + "A" * 501):
        r = c.get(f"{BASE}/{path}?{query}")
        assert r.status_code == 422, (query, r.content)
        assert r.json()["errors"][0]["field"] == query.split("=")[0]
    assert c.get(f"{BASE}/{path}?limit=500").status_code == 200
    assert c.get(f"{BASE}/{path}?limit=1").json()["next"]
    if path == "sessions":  # a cursor of another list: pools and key positions carry a name, sessions none
        foreign = c.get(f"{BASE}/pools?limit=1").json()["next"]
        assert c.get(f"{BASE}/sessions?cursor={foreign}").status_code == 422


def _grow_lists(talent_world, n: int, start: int) -> None:  # noqa: F811
    """``n`` more sessions of KAB-A with three moves each, pools with members, and key positions with
    successors (KAB-A units × a post of their own)."""
    from django.utils import timezone

    from abdi.org.models import Jabatan

    nips = sorted(talent_world.a_nips)
    for i in range(start, start + n):
        sesi = SesiKalibrasi.objects.create(nama=f"Sesi {i}", tahun=YEAR, instansi_id="KAB-A", dibuat_oleh="komite")
        Kalibrasi.objects.bulk_create([Kalibrasi(sesi=sesi, pegawai_id=nips[(i + k) % len(nips)], tahun=YEAR,
                                                 kotak_hitung=5, kotak_sebelum=5, kotak=8, alasan="uji", oleh="komite",
                                                 berlaku=False) for k in range(3)])
        pool = KelompokTalenta.objects.create(nama=f"Kelompok {i:03d}", tingkat="INSTANSI", instansi_id="KAB-A",
                                              kotak=[7, 8, 9])
        AnggotaKelompok.objects.bulk_create([AnggotaKelompok(kelompok=pool, pegawai_id=nips[(i + k) % len(nips)],
                                                             tahun=YEAR, kotak=8, masuk_pada=timezone.now())
                                             for k in range(3)])
        jab = Jabatan.objects.create(jabatan_id=f"J-K{i:03d}", nama=f"Kepala {i}", jenis="STRUKTURAL",
                                     jenjang_id="PENGAWAS", kelas=9, bup=58)
        target = JabatanTarget.objects.create(instansi_id="KAB-A", unor_id="A1", jabatan_id=jab.pk)
        Suksesor.objects.bulk_create([Suksesor(jabatan_target=target, pegawai_id=nips[(i + k) % len(nips)],
                                               peringkat=k + 1, skor=0.9, kotak=8, kesiapan="siap_1_2_tahun",
                                               dihitung_pada=timezone.now()) for k in range(3)])


def test_list_query_counts_do_not_grow_with_the_rows(talent_world, users, django_assert_max_num_queries):  # noqa: F811
    c = client_for(users.admin_a)
    paths = ("sessions", "pools", "key-positions")
    _grow_lists(talent_world, 2, 0)
    small = {}
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            body = c.get(f"{BASE}/{path}").json()
        assert len(body["items"]) == 2
        small[path] = len(ctx.captured_queries)
    _grow_lists(talent_world, 25, 100)
    for path in paths:
        with django_assert_max_num_queries(small[path]):
            body = c.get(f"{BASE}/{path}").json()
        assert len(body["items"]) == 27
        if path == "sessions":  # every session's moves, in order, without a query per session
            assert all(len(s["kalibrasi"]) == 3 for s in body["items"])
        if path == "pools":
            assert all(p["anggota"] == 3 for p in body["items"])
        if path == "key-positions":
            assert all(len(k["suksesor"]) == 3 for k in body["items"])
