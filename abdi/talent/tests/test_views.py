"""The talent screens: who sees which page (403 for roles that never see talent data, 404 outside the scope),
each POST view calling through to the services and showing their refusals, the HTMX members fragment, the
recompute job fragment, masking of NIPs for roles without personal data, the audited card read, the menu entry,
and bounded query counts of the grid and the succession board as data grows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.accounts.models import Role
from abdi.competency.models import Asesmen
from abdi.core.models import AuditEvent
from abdi.people.masking import employee_ref, mask_nip
from abdi.people.models import Pegawai
from abdi.people.tests.world import make_user
from abdi.performance.models import SkpRating
from abdi.talent.models import (
    AnggotaKelompok,
    HitungKotak,
    JabatanTarget,
    Kalibrasi,
    KelompokTalenta,
    KomiteTalenta,
    Kotak,
    SesiKalibrasi,
    Suksesor,
)
from abdi.talent.services import (
    committee_grant,
    key_position_add,
    ninebox_counts_rebuild,
    ninebox_recompute,
    session_open,
)
from abdi.talent.tests.test_ninebox import NINE, YEAR, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def boxed(talent_world, users):  # noqa: F811
    """The 9-box of YEAR computed; ``komite-a`` (an employee account without a NIP) on KAB-A's committee."""
    ninebox_recompute(tahun=YEAR)
    member = make_user("komite-a", Role.EMPLOYEE, nip="")
    committee_grant(actor=users.admin_a, username="komite-a", instansi_id="KAB-A")
    return member


def as_user(client, user):
    client.force_login(user)
    return client


def body(response) -> str:
    return response.content.decode()


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def cell_count(html: str, box: int) -> int:
    """The count in force shown in the grid cell of canonical box ``box``."""
    match = re.search(rf'id="kotak-{box}".*?class="nb-berlaku">(\d+)<', html, re.S)
    assert match, f"no cell for box {box}"
    return int(match.group(1))


def a_person(instansi: str = "KAB-A", box: int | None = None) -> Kotak:
    qs = Kotak.objects.filter(tahun=YEAR, instansi_id=instansi)
    if box is not None:
        qs = qs.filter(kotak=box)
    return qs.order_by("pegawai_id").first()


# --- who sees what --------------------------------------------------------------------------------------------
def test_grid_renders_for_the_talent_roles_and_403_for_the_others(client, boxed, users):
    for user in (users.national_admin, users.national_analyst, users.admin_a, users.hr_a1, users.auditor_a, boxed):
        r = as_user(client, user).get(reverse("talent:home"))
        assert r.status_code == 200, user.username
        assert f"Grid 9-box {YEAR}" in body(r) and 'id="grid-9box"' in body(r)
    for user in (users.supervisor_a1, users.employee_b, users.norole):
        assert as_user(client, user).get(reverse("talent:home")).status_code == 403, user.username
        assert client.get(reverse("talent:board")).status_code == 403
        assert client.get(reverse("talent:pools")).status_code == 403
        assert client.get(reverse("talent:sessions")).status_code == 403


def test_grid_counts_match_the_boxes_in_force_by_rows_and_columns(client, boxed, users):
    html = body(as_user(client, users.admin_a).get(reverse("talent:home"), {"tahun": YEAR}))
    for box in range(1, 10):
        assert cell_count(html, box) == Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak=box).count()
    # rows Di Atas / Sesuai / Di Bawah, columns Rendah / Menengah / Tinggi: [4 7 9 / 2 5 8 / 1 3 6]
    order = [int(n) for n in re.findall(r'id="kotak-(\d)"', html)]
    assert order == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    assert html.index("Di Atas Ekspektasi") < html.index("Sesuai Ekspektasi") < html.index("Di Bawah Ekspektasi")
    assert "Hitung ulang 9-box" in html  # an admin's form
    assert "Hitung ulang 9-box" not in body(as_user(client, users.hr_a1).get(reverse("talent:home")))


def test_committee_member_of_a_cannot_see_b(client, boxed, users):
    as_user(client, boxed)
    assert client.get(reverse("talent:home"), {"instansi": "KAB-A"}).status_code == 200
    assert client.get(reverse("talent:home"), {"instansi": "KAB-B"}).status_code == 404
    assert client.get(reverse("talent:members", args=[5]), {"instansi": "KAB-B"}, **HX).status_code == 404
    b = a_person("KAB-B")
    assert client.get(reverse("talent:card", args=[employee_ref(b.pegawai_id)])).status_code == 404
    a = a_person("KAB-A")
    assert client.get(reverse("talent:card", args=[employee_ref(a.pegawai_id)])).status_code == 200
    assert client.get(reverse("talent:board"), {"instansi": "KAB-B"}).status_code == 404


def test_empty_state_without_boxes(client, talent_world, users):  # noqa: F811
    r = as_user(client, users.admin_a).get(reverse("talent:home"))
    assert r.status_code == 200 and "Belum ada 9-box yang dihitung" in body(r)


def test_filters_narrow_the_grid(client, boxed, users):
    as_user(client, users.national_admin)
    html = body(client.get(reverse("talent:home"), {"tahun": YEAR, "instansi": "KAB-A", "unit": "A1", "jk": "P"}))
    expected = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", pegawai__unor_id__in=["A1", "A11"],
                                    jenis_kelamin="P")
    assert sum(cell_count(html, b) for b in range(1, 10)) == expected.count()
    assert 'name="instansi"' in html  # several agencies in scope: a select
    html = body(client.get(reverse("talent:home"), {"tahun": YEAR, "jenjang": "PENGAWAS"}))
    assert sum(cell_count(html, b) for b in range(1, 10)) == Kotak.objects.filter(tahun=YEAR, jenjang="PENGAWAS").count()
    assert client.get(reverse("talent:home"), {"tahun": YEAR, "unit": "NOPE"}).status_code == 404


def test_an_agency_admin_picks_units_of_their_agency(client, boxed, users):
    html = body(as_user(client, users.admin_a).get(reverse("talent:home"), {"tahun": YEAR}))
    assert '<select id="f-unit" name="unit">' in html
    assert 'value="A1"' in html and 'value="B1"' not in html  # the only agency's units, not the other's


# --- members -----------------------------------------------------------------------------------------------------
def test_members_fragment_over_htmx_and_the_page_without(client, boxed, users):
    as_user(client, users.admin_a)
    box = a_person("KAB-A").kotak
    r = client.get(reverse("talent:members", args=[box]), {"tahun": YEAR}, **HX)
    html = body(r)
    assert r.status_code == 200 and "<html" not in html and "HX-Request" in r["Vary"]
    nips = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak=box).values_list("pegawai_id", flat=True)
    for nip in nips:
        assert nip in html and reverse("talent:card", args=[employee_ref(nip)]) in html
    r = client.get(reverse("talent:members", args=[box]), {"tahun": YEAR})
    assert r.status_code == 302 and f"kotak={box}" in r["Location"] and r["Location"].startswith("/talenta/?")
    page = body(client.get(r["Location"]))
    assert 'id="anggota-kotak"' in page and all(nip in page for nip in nips)
    assert client.get(reverse("talent:members", args=[0]), **HX).status_code == 404


def test_members_are_paged_by_50(client, boxed, users, world):
    extra = []
    base = Kotak.objects.filter(tahun=YEAR).first()
    people = [Pegawai(nip=f"19800101200501{1000 + i:04d}", nama=f"Tambahan {i:02d}", tgl_lahir=dt.date(1980, 1, 1),
                      jenis_kelamin="L", jenis_pegawai="PNS", status="PNS", kedudukan="AKTIF", golongan="III/b",
                      pendidikan="S1", tmt_cpns=dt.date(2005, 1, 1), instansi_id="KAB-A", unor_id="A2",
                      jabatan_id="J-PEL", tmt_jabatan=dt.date(2005, 1, 1), lokasi_kabkota_id="32.04") for i in range(60)]
    Pegawai.objects.bulk_create(people)
    for p in people:
        extra.append(Kotak(pegawai=p, tahun=YEAR, kotak=5, nilai=8, standar=9, instansi_id="KAB-A",
                           jenjang="PELAKSANA", jenis_kelamin="L", rule_version=base.rule_version))
    Kotak.objects.bulk_create(extra)
    ninebox_counts_rebuild(tahun=YEAR)
    as_user(client, users.admin_a)
    total = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak=5).count()
    html = body(client.get(reverse("talent:members", args=[5]), {"tahun": YEAR}, **HX))
    assert html.count('id="anggota-r') == 50 and "Halaman 1 dari 2" in html
    html = body(client.get(reverse("talent:members", args=[5]), {"tahun": YEAR, "halaman": 2}, **HX))
    assert html.count('id="anggota-r') == total - 50


def test_nips_are_masked_for_roles_without_personal_data(client, boxed, users):
    box = a_person("KAB-A").kotak
    nips = list(Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak=box).values_list("pegawai_id", flat=True))
    for user in (users.national_analyst, boxed):
        html = body(as_user(client, user).get(reverse("talent:members", args=[box]),
                                              {"tahun": YEAR, "instansi": "KAB-A"}, **HX))
        assert all(nip not in html and mask_nip(nip) in html for nip in nips), user.username
        card = body(client.get(reverse("talent:card", args=[employee_ref(nips[0])])))
        assert nips[0] not in card and mask_nip(nips[0]) in card
    html = body(as_user(client, users.admin_a).get(reverse("talent:members", args=[box]), {"tahun": YEAR}, **HX))
    assert all(nip in html for nip in nips)


# --- the card ----------------------------------------------------------------------------------------------------
def test_card_shows_history_gaps_and_is_audited(client, boxed, users):
    row = a_person("KAB-A")
    nip = row.pegawai_id
    Asesmen.objects.create(pegawai_id=nip, tanggal=dt.date(2020, 1, 1), **dict.fromkeys(NINE, 1))
    r = as_user(client, users.admin_a).get(reverse("talent:card", args=[nip]))
    html = body(r)
    assert r.status_code == 200 and "Kartu talenta" in html
    assert "Riwayat kinerja" in html and str(YEAR) in html
    rating = SkpRating.objects.filter(pegawai_id=nip, tahun=YEAR, periode="TAHUNAN").first()
    assert rating is not None
    assert "Integritas" in html and "JPM" in html and "1 Januari 2020".split()[2] in html
    assert 'class="gap-negative"' in html or "gap-neg" in html or "+" in html
    event = AuditEvent.objects.get(action="talent.view", object_id=nip)
    assert event.object_type == "talenta" and event.instansi_id == "KAB-A"
    # the opaque reference works too
    assert as_user(client, users.admin_a).get(reverse("talent:card", args=[employee_ref(nip)])).status_code == 200
    assert client.get(reverse("talent:card", args=["bukan-nip"])).status_code == 404


def test_employee_sees_own_card_only(client, boxed, users):
    own = users.employee_b.nip
    r = as_user(client, users.employee_b).get(reverse("talent:card", args=[own]))
    assert r.status_code == 200 and own in body(r)
    assert not AuditEvent.objects.filter(action="talent.view", object_id=own).exists()
    other = a_person("KAB-B").pegawai_id
    if other == own:
        other = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-B").exclude(pegawai_id=own).first().pegawai_id
    assert client.get(reverse("talent:card", args=[other])).status_code == 403
    # the supervisor (no talent role) has their own card too, and a 403 for others'
    r = as_user(client, users.supervisor_a1).get(reverse("talent:card", args=[users.supervisor_a1.nip]))
    assert r.status_code == 200
    assert client.get(reverse("talent:card", args=[a_person("KAB-A").pegawai_id])).status_code in (403, 404)


def test_card_shows_calibrations_with_their_reason(client, boxed, users):
    row = a_person("KAB-A")
    target = 9 if row.kotak != 9 else 8
    sesi = session_open(actor=boxed, nama="Sesi A", tahun=YEAR, instansi_id="KAB-A")
    r = as_user(client, boxed).post(reverse("talent:move", args=[sesi.pk]),
                                    {"pegawai": employee_ref(row.pegawai_id), "kotak": target,
                                     "alasan": "Kinerja lintas unit luar biasa"})
    assert r.status_code == 302
    html = body(as_user(client, users.admin_a).get(reverse("talent:card", args=[row.pegawai_id])))
    assert "Kinerja lintas unit luar biasa" in html and "Sesi A" in html and "komite-a" in html
    assert f"{row.kotak} → {target}" in html


# --- recompute and its job ------------------------------------------------------------------------------------------
def test_recompute_queues_a_job_that_the_fragment_follows(client, boxed, users, django_capture_on_commit_callbacks):
    as_user(client, users.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("talent:recompute"), {"tahun": YEAR, "instansi_id": "KAB-A"})
    job = HitungKotak.objects.get(oleh="admin-a")
    assert r.status_code == 302 and f"job={job.pk}" in r["Location"]
    assert job.status == HitungKotak.Status.SELESAI and job.persen == 100
    page = body(client.get(r["Location"]))
    assert f'id="job-{job.pk}"' in page and "Selesai" in page
    html = body(client.get(reverse("talent:job", args=[job.pk]), **HX))
    assert "<html" not in html and "Selesai" in html and "every 2s" not in html
    queued = HitungKotak.objects.create(tahun=YEAR, instansi_id="KAB-A", oleh="admin-a")
    html = body(client.get(reverse("talent:job", args=[queued.pk]), **HX))
    assert 'hx-trigger="every 2s"' in html and "Dalam antrean" in html
    assert client.get(reverse("talent:job", args=[queued.pk])).status_code == 200  # the whole page without HTMX
    # someone else's job, an agency outside the admin's scope, a role that may not recompute
    assert as_user(client, users.admin_b).get(reverse("talent:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("talent:recompute"), {"tahun": YEAR, "instansi_id": "KAB-A"}).status_code == 404
    assert as_user(client, users.hr_a1).post(reverse("talent:recompute"), {"tahun": YEAR,
                                                                            "instansi_id": "KAB-A"}).status_code == 403
    r = as_user(client, users.admin_a).post(reverse("talent:recompute"), {"tahun": "x"}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    assert client.get(reverse("talent:recompute")).status_code == 405


# --- calibration -------------------------------------------------------------------------------------------------
def test_committee_member_opens_a_session_and_moves_people(client, boxed, users):
    as_user(client, boxed)
    html = body(client.get(reverse("talent:sessions")))
    assert 'id="f-buka-sesi"' in html and 'id="f-komite"' not in html
    r = client.post(reverse("talent:session_open"), {"nama": "Kalibrasi Kab. A", "tahun": YEAR,
                                                      "instansi_id": "KAB-A"})
    sesi = SesiKalibrasi.objects.get(nama="Kalibrasi Kab. A")
    assert r.status_code == 302 and r["Location"] == reverse("talent:session", args=[sesi.pk])
    row = a_person("KAB-A")
    target = 8 if row.kotak != 8 else 9
    page = body(client.get(reverse("talent:session", args=[sesi.pk])))
    before_target, before_origin = cell_count(page, target), cell_count(page, row.kotak)
    fragment = body(client.get(reverse("talent:members", args=[row.kotak]), {"sesi": sesi.pk}, **HX))
    assert reverse("talent:move", args=[sesi.pk]) in fragment and 'name="alasan"' in fragment
    # the reason is required
    r = client.post(reverse("talent:move", args=[sesi.pk]), {"pegawai": employee_ref(row.pegawai_id),
                                                              "kotak": target, "alasan": "  ", "dari": row.kotak},
                    follow=True)
    assert "alasan" in messages_of(r) and not Kalibrasi.objects.exists()
    r = client.post(reverse("talent:move", args=[sesi.pk]), {"pegawai": employee_ref(row.pegawai_id),
                                                              "kotak": target, "alasan": "Potensi terbukti",
                                                              "dari": row.kotak})
    assert r.status_code == 302 and f"kotak={row.kotak}" in r["Location"]
    move = Kalibrasi.objects.get(pegawai_id=row.pegawai_id)
    assert (move.kotak_sebelum, move.kotak, move.alasan, move.sesi_id) == (row.kotak, target, "Potensi terbukti", sesi.pk)
    page = body(client.get(r["Location"]))
    assert cell_count(page, target) == before_target + 1 and cell_count(page, row.kotak) == before_origin - 1
    assert "Potensi terbukti" in page and 'id="pemindahan"' in page
    # a second move to the same box is a conflict shown as a message
    r = client.post(reverse("talent:move", args=[sesi.pk]), {"pegawai": employee_ref(row.pegawai_id),
                                                              "kotak": target, "alasan": "lagi"}, follow=True)
    assert "sudah berada" in messages_of(r)
    # someone outside the session's grid
    b = a_person("KAB-B")
    assert client.post(reverse("talent:move", args=[sesi.pk]), {"pegawai": employee_ref(b.pegawai_id), "kotak": 1,
                                                                 "alasan": "x"}).status_code == 404


def test_non_members_cannot_move_and_closed_sessions_refuse(client, boxed, users):
    sesi = session_open(actor=boxed, nama="Sesi", tahun=YEAR, instansi_id="KAB-A")
    row = a_person("KAB-A")
    target = 1 if row.kotak != 1 else 2
    data = {"pegawai": employee_ref(row.pegawai_id), "kotak": target, "alasan": "Alasan yang cukup"}
    # the agency admin sees the session but is not on the committee
    as_user(client, users.admin_a)
    page = body(client.get(reverse("talent:session", args=[sesi.pk])))
    assert 'id="f-tutup"' not in page
    fragment = body(client.get(reverse("talent:members", args=[row.kotak]), {"sesi": sesi.pk}, **HX))
    assert reverse("talent:move", args=[sesi.pk]) not in fragment
    assert client.post(reverse("talent:move", args=[sesi.pk]), data).status_code == 403
    assert client.post(reverse("talent:session_close", args=[sesi.pk])).status_code == 403
    # another agency's admin does not see it at all
    assert as_user(client, users.admin_b).get(reverse("talent:session", args=[sesi.pk])).status_code == 404
    assert client.post(reverse("talent:move", args=[sesi.pk]), data).status_code == 404
    assert as_user(client, users.employee_b).get(reverse("talent:session", args=[sesi.pk])).status_code == 403
    # the member closes it; a move is then refused with a message
    as_user(client, boxed)
    r = client.post(reverse("talent:session_close", args=[sesi.pk]), {"catatan": "Selesai dibahas"})
    sesi.refresh_from_db()
    assert r.status_code == 302 and sesi.status == "TUTUP" and sesi.catatan == "Selesai dibahas"
    r = client.post(reverse("talent:move", args=[sesi.pk]), data, follow=True)
    assert "sudah ditutup" in messages_of(r) and not Kalibrasi.objects.exists()
    assert 'id="f-tutup"' not in body(r)


def test_a_committee_member_of_a_does_not_see_b_sessions(client, boxed, users):
    make_user("komite-b", Role.EMPLOYEE)
    committee_grant(actor=users.admin_b, username="komite-b", instansi_id="KAB-B")
    from abdi.accounts.models import User

    sesi_b = session_open(actor=User.objects.get(username="komite-b"), nama="Sesi B", tahun=YEAR, instansi_id="KAB-B")
    as_user(client, boxed)
    assert "Sesi B" not in body(client.get(reverse("talent:sessions")))
    assert client.get(reverse("talent:session", args=[sesi_b.pk])).status_code == 404
    r = client.post(reverse("talent:session_open"), {"nama": "x", "tahun": YEAR, "instansi_id": "KAB-B"})
    assert r.status_code == 404  # B is outside the member's grants, as if absent


def test_admins_grant_the_committee_permission(client, boxed, users):
    make_user("calon-komite", Role.EMPLOYEE)
    as_user(client, users.admin_a)
    assert 'id="f-komite"' in body(client.get(reverse("talent:sessions")))
    r = client.post(reverse("talent:committee"), {"username": "calon-komite", "instansi_id": "KAB-A",
                                                  "unor_id": "A1"}, follow=True)
    assert "calon-komite" in messages_of(r)
    assert KomiteTalenta.objects.filter(user__username="calon-komite", instansi_id="KAB-A", unor_id="A1").exists()
    assert client.post(reverse("talent:committee"), {"username": "calon-komite",
                                                     "instansi_id": "KAB-B"}).status_code == 404
    r = client.post(reverse("talent:committee"), {"username": "tidak-ada", "instansi_id": "KAB-A"}, follow=True)
    assert "pengguna tidak dikenal" in messages_of(r)
    assert as_user(client, users.hr_a1).post(reverse("talent:committee"), {
        "username": "calon-komite", "instansi_id": "KAB-A"}).status_code == 403


def test_session_open_refusals_are_messages(client, boxed, users):
    as_user(client, boxed)
    r = client.post(reverse("talent:session_open"), {"nama": "x", "tahun": YEAR + 5, "instansi_id": "KAB-A"},
                    follow=True)
    assert "belum ada 9-box" in messages_of(r)
    r = client.post(reverse("talent:session_open"), {"nama": " ", "tahun": YEAR, "instansi_id": "KAB-A"},
                    follow=True)
    assert "nama" in messages_of(r) and not SesiKalibrasi.objects.exists()


# --- pools ---------------------------------------------------------------------------------------------------------
def test_pools_are_created_and_refreshed(client, boxed, users):
    as_user(client, users.admin_a)
    html = body(client.get(reverse("talent:pools")))
    assert 'id="f-kelompok"' in html and 'id="f-segarkan"' not in html
    assert html.count('name="kotak" value=') == 9 and html.count("checked>") >= 3
    r = client.post(reverse("talent:pool_create"), {"nama": "Suksesi Kab. A", "tingkat": "INSTANSI",
                                                    "instansi_id": "KAB-A", "kotak": [7, 8, 9],
                                                    "min_tahun_sebelum_pensiun": 2})
    pool = KelompokTalenta.objects.get(nama="Suksesi Kab. A")
    assert r.status_code == 302 and pool.kotak == [7, 8, 9] and pool.instansi_id == "KAB-A"
    assert client.post(reverse("talent:pool_create"), {"nama": "N", "tingkat": "NASIONAL", "kotak": [9],
                                                       "min_tahun_sebelum_pensiun": 2}).status_code == 403
    assert client.post(reverse("talent:pools_refresh"), {"tahun": YEAR}).status_code == 403
    r = client.post(reverse("talent:pool_create"), {"nama": "x", "tingkat": "INSTANSI", "instansi_id": "KAB-A",
                                                    "min_tahun_sebelum_pensiun": 2}, follow=True)
    assert "Isian tidak valid" in messages_of(r)  # no box ticked
    as_user(client, users.national_admin)
    assert 'id="f-segarkan"' in body(client.get(reverse("talent:pools")))
    r = client.post(reverse("talent:pools_refresh"), {"tahun": YEAR}, follow=True)
    members = AnggotaKelompok.objects.filter(kelompok=pool, keluar_pada=None).count()
    assert members and f"{members} masuk" in messages_of(r)
    html = body(as_user(client, users.auditor_a).get(reverse("talent:pools")))
    assert "Suksesi Kab. A" in html and 'id="f-kelompok"' not in html
    assert "Suksesi Kab. A" not in body(as_user(client, users.admin_b).get(reverse("talent:pools")))


# --- succession ----------------------------------------------------------------------------------------------------
@pytest.fixture
def pooled(boxed, users):
    pool = KelompokTalenta.objects.create(nama="Nasional", tingkat="NASIONAL", kotak=list(range(1, 10)))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    active = Pegawai.objects.filter(kedudukan="AKTIF", nip__in=Kotak.objects.values("pegawai_id"))
    AnggotaKelompok.objects.bulk_create([AnggotaKelompok(kelompok=pool, pegawai=p, tahun=YEAR, kotak=0,
                                                         masuk_pada=now) for p in active])
    return pool


def test_key_positions_successors_and_the_emergency_successor(client, pooled, users):
    as_user(client, users.admin_a)
    html = body(client.get(reverse("talent:board")))
    assert "Belum ada jabatan target" in html and 'id="f-jabatan-target"' in html
    r = client.post(reverse("talent:key_position_add"), {"unor_id": "A1", "jabatan_id": "J-STR"})
    target = JabatanTarget.objects.get(unor_id="A1", jabatan_id="J-STR")
    assert r.status_code == 302 and r["Location"] == reverse("talent:key_position", args=[target.pk])
    r = client.post(reverse("talent:key_position_add"), {"unor_id": "A1", "jabatan_id": "J-STR"}, follow=True)
    assert "sudah menjadi jabatan target" in messages_of(r)
    r = client.post(reverse("talent:key_position_add"), {"unor_id": "B1", "jabatan_id": "J-STR"}, follow=True)
    assert "unit tidak ditemukan" in messages_of(r) and not JabatanTarget.objects.filter(unor_id="B1").exists()
    r = client.post(reverse("talent:successors_recompute"), {"instansi_id": "KAB-A"}, follow=True)
    ranked = list(Suksesor.objects.filter(jabatan_target=target).order_by("peringkat"))
    assert ranked and "diperingkat ulang" in messages_of(r)
    html = body(client.get(reverse("talent:board"), {"instansi": "KAB-A"}))
    assert 'id="kekuatan"' in html and "Kepala Seksi" in html
    assert re.search(r'class="bench bench-(aman|rawan|kritis)"', html)
    assert any(w in html for w in (">Aman<", ">Rawan<", ">Kritis<"))
    html = body(client.get(reverse("talent:key_position", args=[target.pk])))
    assert ranked[0].pegawai_id in html and ranked[0].pegawai.nama in html
    assert any(w in html for w in ("Siap sekarang", "Siap 1–2 tahun", "Siap ≥3 tahun"))
    r = client.post(reverse("talent:emergency", args=[target.pk]), {"pegawai": employee_ref(ranked[0].pegawai_id)})
    target.refresh_from_db()
    assert r.status_code == 302 and target.pengganti_darurat == ranked[0].pegawai_id
    outsider = a_person("KAB-B").pegawai_id
    r = client.post(reverse("talent:emergency", args=[target.pk]), {"pegawai": outsider}, follow=True)
    assert "calon suksesor" in messages_of(r)
    client.post(reverse("talent:emergency", args=[target.pk]), {"pegawai": ""})
    target.refresh_from_db()
    assert target.pengganti_darurat == ""
    # outside the scope, and roles that may not change it
    assert as_user(client, users.admin_b).get(reverse("talent:key_position", args=[target.pk])).status_code == 404
    assert client.post(reverse("talent:emergency", args=[target.pk]), {"pegawai": ""}).status_code == 404
    assert client.post(reverse("talent:successors_recompute"), {"instansi_id": "KAB-A"}).status_code == 404
    assert client.post(reverse("talent:successors_recompute"), {"instansi_id": ""}).status_code == 403
    as_user(client, users.hr_a1)
    assert client.get(reverse("talent:key_position", args=[target.pk])).status_code == 200
    assert client.post(reverse("talent:emergency", args=[target.pk]), {"pegawai": ""}).status_code == 403
    assert client.post(reverse("talent:key_position_add"), {"unor_id": "A1", "jabatan_id": "J-FUN"}).status_code == 403
    assert client.post(reverse("talent:successors_recompute"), {"instansi_id": "KAB-A"}).status_code == 403
    assert as_user(client, users.supervisor_a1).get(reverse("talent:key_position", args=[target.pk])).status_code == 403


def test_board_masks_nips_for_the_analyst(client, pooled, users):
    target = key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    from abdi.talent.services import successors_recompute

    successors_recompute(instansi_id="KAB-A")
    nips = list(Suksesor.objects.filter(jabatan_target=target).values_list("pegawai_id", flat=True))
    html = body(as_user(client, users.national_analyst).get(reverse("talent:key_position", args=[target.pk])))
    assert nips and all(n not in html and mask_nip(n) in html for n in nips)


def test_list_screens_say_when_they_show_only_the_first_rows(client, boxed, users, monkeypatch):
    from abdi.talent.views import common

    monkeypatch.setattr(common, "SCREEN_ROWS", 3)
    screens = {"talent:sessions": "sesi", "talent:pools": "kelompok", "talent:board": "jabatan target"}
    for i in range(3):
        SesiKalibrasi.objects.create(nama=f"Sesi {i}", tahun=YEAR, instansi_id="KAB-A", dibuat_oleh="komite-a")
        KelompokTalenta.objects.create(nama=f"Kelompok {i}", tingkat="INSTANSI", instansi_id="KAB-A", kotak=[9])
    for unit in ("A0", "A1", "A2"):
        key_position_add(actor=users.admin_a, unor_id=unit, jabatan_id="J-STR")
    as_user(client, users.admin_a)
    for name in screens:  # all of them fit: nothing to say
        r = client.get(reverse(name))
        assert r.status_code == 200 and "Menampilkan" not in messages_of(r), name
    SesiKalibrasi.objects.create(nama="Sesi terbaru", tahun=YEAR, instansi_id="KAB-A", dibuat_oleh="komite-a")
    KelompokTalenta.objects.create(nama="Kelompok 9", tingkat="INSTANSI", instansi_id="KAB-A", kotak=[9])
    key_position_add(actor=users.admin_a, unor_id="A1X", jabatan_id="J-STR")
    for name, what in screens.items():
        r = client.get(reverse(name))
        assert f"Menampilkan 3 {what}" in messages_of(r), name
    html = body(client.get(reverse("talent:sessions")))
    assert "Sesi terbaru" in html and "Sesi 0" not in html  # the newest first
    html = body(client.get(reverse("talent:pools")))
    assert "Kelompok 9" not in html and all(f"Kelompok {i}" in html for i in range(3))  # by name


# --- navigation --------------------------------------------------------------------------------------------------
def test_menu_entry_leads_to_the_grid_or_the_own_card(client, boxed, users):
    html = body(as_user(client, users.admin_a).get(reverse("web:home")))
    assert f'<a href="{reverse("talent:home")}" >Talenta</a>' in html or 'href="/talenta/"' in html
    html = body(as_user(client, users.supervisor_a1).get(reverse("web:home")))
    assert f'href="{reverse("talent:card", args=[users.supervisor_a1.nip])}"' in html and ">Talenta<" in html
    html = body(as_user(client, boxed).get(reverse("web:home")))
    assert 'href="/talenta/"' in html and ">Talenta<" in html
    assert ">Talenta<" not in body(as_user(client, users.norole).get(reverse("web:home")))
    html = body(as_user(client, users.admin_a).get(reverse("talent:home")))
    for label in ("Grid 9-box", "Kalibrasi", "Kelompok talenta", "Suksesi"):
        assert f">{label}</a>" in html


# --- query counts ------------------------------------------------------------------------------------------------
def _grow(n: int, start: int) -> None:
    """``n`` more people of KAB-A with a box and, every third one, a calibration."""
    people = [Pegawai(nip=f"19850101201001{start + i:04d}", nama=f"Baru {start + i}", tgl_lahir=dt.date(1985, 1, 1),
                      jenis_kelamin="P", jenis_pegawai="PNS", status="PNS", kedudukan="AKTIF", golongan="III/c",
                      pendidikan="S1", tmt_cpns=dt.date(2010, 1, 1), instansi_id="KAB-A", unor_id="A11",
                      jabatan_id="J-STR", tmt_jabatan=dt.date(2010, 1, 1), lokasi_kabkota_id="32.04") for i in range(n)]
    Pegawai.objects.bulk_create(people)
    Kotak.objects.bulk_create([Kotak(pegawai=p, tahun=YEAR, kotak=1 + i % 9, nilai=17, standar=18, instansi_id="KAB-A",
                                     jenjang="PENGAWAS", jenis_kelamin="P") for i, p in enumerate(people)])
    ninebox_counts_rebuild(tahun=YEAR)
    sesi = SesiKalibrasi.objects.filter(instansi_id="KAB-A").first() or SesiKalibrasi.objects.create(
        nama="Uji", tahun=YEAR, instansi_id="KAB-A", dibuat_oleh="komite-a")
    Kalibrasi.objects.bulk_create([Kalibrasi(sesi=sesi, pegawai=p, tahun=YEAR, kotak_hitung=1 + i % 9,
                                             kotak_sebelum=1 + i % 9, kotak=9 - i % 9 if 9 - i % 9 != 1 + i % 9 else 1,
                                             alasan="uji", oleh="komite-a")
                                   for i, p in enumerate(people) if i % 3 == 0])
    for p in people[::5]:
        Asesmen.objects.create(pegawai=p, tanggal=dt.date(2025, 1, 1), **dict.fromkeys(NINE, 3))
    pool = KelompokTalenta.objects.get(nama="Nasional")
    AnggotaKelompok.objects.bulk_create([AnggotaKelompok(kelompok=pool, pegawai=p, tahun=YEAR, kotak=0,
                                                         masuk_pada=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
                                         for p in people])


def _queries(client, url, params=None, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params or {}, **extra)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


def test_grid_and_board_query_counts_stay_bounded(client, pooled, users, django_assert_max_num_queries):
    from abdi.talent.services import successors_recompute

    target = key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    key_position_add(actor=users.admin_a, unor_id="A11", jabatan_id="J-STR")
    _grow(9, 0)  # every box has someone, so that each page runs all its queries
    successors_recompute(instansi_id="KAB-A")
    as_user(client, users.admin_a)
    grid = {"tahun": YEAR, "kotak": 5}
    small = (_queries(client, reverse("talent:home"), grid),
             _queries(client, reverse("talent:members", args=[5]), {"tahun": YEAR}, **HX),
             _queries(client, reverse("talent:board"), {"instansi": "KAB-A"}),
             _queries(client, reverse("talent:key_position", args=[target.pk])))
    _grow(120, 100)
    for unor_id, jabatan_id in (("A0", "J-STR"), ("A1X", "J-STR"), ("A2", "J-STR"), ("A1", "J-PEL")):
        key_position_add(actor=users.admin_a, unor_id=unor_id, jabatan_id=jabatan_id)  # more key positions too
    successors_recompute(instansi_id="KAB-A")
    assert Suksesor.objects.filter(jabatan_target=target).count() >= 5
    with django_assert_max_num_queries(small[0]):
        client.get(reverse("talent:home"), grid)
    with django_assert_max_num_queries(small[1]):
        client.get(reverse("talent:members", args=[5]), {"tahun": YEAR}, **HX)
    with django_assert_max_num_queries(small[2]):
        client.get(reverse("talent:board"), {"instansi": "KAB-A"})
    with django_assert_max_num_queries(small[3]):
        client.get(reverse("talent:key_position", args=[target.pk]))
    # the grid reads the stored counts and the calibrations in force of its scope apart from the boxes (small
    # queries, whatever the number of boxes), and the member list its total from them; the board reads all
    # incumbents in one query (services.incumbents_of)
    assert small[0] <= 19 and small[1] <= 10 and small[2] <= 18 and small[3] <= 12, small
