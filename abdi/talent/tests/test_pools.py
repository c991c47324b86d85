"""Paths the other talent tests leave out: a pool member leaving at refresh on the retirement margin (with the
reason recorded), refreshing a national pool (members of several agencies, calibrated box first), and the
"incumbent retires within 2 years" flag on the succession board and in an agency's bench strength. Every
expectation is computed here from the rule, written out below, not read back from the code under test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from abdi.accounts.models import Role
from abdi.org.models import Jabatan
from abdi.people.models import Pegawai
from abdi.people.tests.world import make_user
from abdi.talent import selectors
from abdi.talent.models import AnggotaKelompok, JabatanTarget, Kalibrasi, KelompokTalenta, Kotak, Suksesor
from abdi.talent.services import (
    calibrate,
    committee_grant,
    key_position_add,
    ninebox_recompute,
    pools_refresh,
    session_open,
)
from abdi.talent.tests.test_ninebox import YEAR, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db


# --- the rules, written out --------------------------------------------------------------------------------
def retirement_year(born: dt.date, bup: int) -> int:
    """The year retirement starts: on the first day of the month after the birthday at which ``bup`` is reached
    (CONTRACTS §6), so a December birthday retires in January of the year after."""
    return born.year + bup + (1 if born.month == 12 else 0)


def retirement_day(born: dt.date, bup: int) -> dt.date:
    month = born.month % 12 + 1
    return dt.date(retirement_year(born, bup), month, 1)


def stays_in_pool(born: dt.date | None, bup: int | None, margin: int, today: dt.date) -> bool:
    """A pool keeps only people not retiring within its margin: retirement year ≥ this year + margin."""
    return not (born and bup) or retirement_year(born, bup) >= today.year + margin


def two_years_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


def active_members(pool) -> set[str]:
    return set(AnggotaKelompok.objects.filter(kelompok=pool, keluar_pada=None).values_list("pegawai_id", flat=True))


def box_in_force() -> dict[str, int]:
    boxes = dict(Kotak.objects.filter(tahun=YEAR).values_list("pegawai_id", "kotak"))
    boxes.update(Kalibrasi.objects.filter(tahun=YEAR, berlaku=True).values_list("pegawai_id", "kotak"))
    return boxes


def expected_members(pool, today: dt.date) -> set[str]:
    """Who a pool should hold: AKTIF, a box in force among the pool's boxes, in the pool's agency (a national pool:
    anyone) and not retiring within the margin."""
    boxes = box_in_force()
    out = set()
    for p in Pegawai.objects.filter(pk__in=list(boxes)).select_related("jabatan"):
        if p.kedudukan != "AKTIF" or boxes[p.nip] not in pool.kotak:
            continue
        if pool.instansi_id and Kotak.objects.get(pegawai_id=p.nip, tahun=YEAR).instansi_id != pool.instansi_id:
            continue
        if stays_in_pool(p.tgl_lahir, p.jabatan.bup if p.jabatan else None, pool.min_tahun_sebelum_pensiun, today):
            out.add(p.nip)
    return out


@pytest.fixture
def boxed(talent_world, users):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    return talent_world


# --- the retirement margin --------------------------------------------------------------------------------
def _born_retiring_in(year: int, bup: int, month: int = 6) -> dt.date:
    """A birth date whose retirement year (the rule above) is ``year``."""
    born = dt.date(year - bup - (1 if month == 12 else 0), month, 15)
    assert retirement_year(born, bup) == year
    return born


def test_a_member_retiring_within_the_margin_leaves_at_refresh_with_the_reason(boxed, users):
    today = timezone.localdate()
    pool = KelompokTalenta.objects.create(nama="Semua kotak Kab. A", tingkat="INSTANSI", instansi_id="KAB-A",
                                          kotak=list(range(1, 10)), min_tahun_sebelum_pensiun=3)
    young = dt.date(today.year - 30, 3, 1)
    active_a = [p for p in Pegawai.objects.filter(instansi_id="KAB-A", kedudukan="AKTIF",
                                                  nip__in=Kotak.objects.filter(tahun=YEAR).values("pegawai_id"))
                .select_related("jabatan").order_by("nip")]
    leaver, december, edge = active_a[:3]
    Pegawai.objects.filter(pk__in=[leaver.pk, december.pk, edge.pk]).update(tgl_lahir=young)
    pools_refresh(tahun=YEAR)
    assert {leaver.nip, december.nip, edge.nip} <= active_members(pool)
    assert active_members(pool) == expected_members(pool, today)
    margin = pool.min_tahun_sebelum_pensiun
    # the leaver retires the year before the margin ends; a December birthday with the same birth year + BUP
    # retires a year later, exactly at the margin's year, and stays; so does one retiring in that year
    Pegawai.objects.filter(pk=leaver.pk).update(
        tgl_lahir=_born_retiring_in(today.year + margin - 1, leaver.jabatan.bup))
    Pegawai.objects.filter(pk=december.pk).update(
        tgl_lahir=dt.date(today.year + margin - 1 - december.jabatan.bup, 12, 10))
    Pegawai.objects.filter(pk=edge.pk).update(tgl_lahir=_born_retiring_in(today.year + margin, edge.jabatan.bup))
    before = AnggotaKelompok.objects.get(kelompok=pool, pegawai_id=leaver.nip)
    summary = pools_refresh(tahun=YEAR)
    members = active_members(pool)
    assert members == expected_members(pool, today)
    assert leaver.nip not in members and december.nip in members and edge.nip in members
    assert summary[pool.pk]["keluar"] == 1 and summary[pool.pk]["masuk"] == 0
    gone = AnggotaKelompok.objects.get(pk=before.pk)
    assert gone.keluar_pada is not None and gone.keluar_pada >= before.masuk_pada
    assert "pensiun" in gone.alasan_keluar  # the reason names the retirement margin among the exit rules
    # history kept: the row stays, with its entry, and the card lists it with the exit
    card = selectors.talent_card_for_user(users.admin_a, leaver.nip)
    assert [(a.kelompok_id, a.keluar_pada is not None) for a in card.kelompok] == [(pool.pk, True)]


def test_a_pool_without_a_margin_keeps_those_retiring_this_year(boxed):
    today = timezone.localdate()
    pool = KelompokTalenta.objects.create(nama="Tanpa batas", tingkat="INSTANSI", instansi_id="KAB-A",
                                          kotak=list(range(1, 10)), min_tahun_sebelum_pensiun=0)
    person = Pegawai.objects.filter(instansi_id="KAB-A", kedudukan="AKTIF",
                                    nip__in=Kotak.objects.filter(tahun=YEAR).values("pegawai_id")).first()
    Pegawai.objects.filter(pk=person.pk).update(tgl_lahir=_born_retiring_in(today.year, person.jabatan.bup))
    pools_refresh(tahun=YEAR)
    assert person.nip in active_members(pool)
    assert active_members(pool) == expected_members(pool, today)


# --- a national pool -------------------------------------------------------------------------------------
def test_refreshing_a_national_pool_takes_every_agency_and_the_calibrated_box(boxed, users):
    today = timezone.localdate()
    pool = KelompokTalenta.objects.create(nama="Talenta nasional", tingkat="NASIONAL", kotak=[7, 8, 9],
                                          min_tahun_sebelum_pensiun=2)
    # a B person calibrated into box 9 from a box outside the pool, and an A person calibrated out of it
    make_user("komite-b", Role.EMPLOYEE)
    make_user("komite-a", Role.EMPLOYEE)
    committee_grant(actor=users.admin_b, username="komite-b", instansi_id="KAB-B")
    committee_grant(actor=users.admin_a, username="komite-a", instansi_id="KAB-A")
    from abdi.accounts.models import User

    aktif = set(Pegawai.objects.filter(kedudukan="AKTIF").values_list("nip", flat=True))
    riser = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-B", kotak__lt=7, pegawai_id__in=aktif).first()
    faller = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak__gte=7, pegawai_id__in=aktif).first()
    assert riser and faller
    for username, instansi, row, box in (("komite-b", "KAB-B", riser, 9), ("komite-a", "KAB-A", faller, 2)):
        member = User.objects.get(username=username)
        sesi = session_open(actor=member, nama="Kalibrasi", tahun=YEAR, instansi_id=instansi)
        calibrate(actor=member, sesi=sesi, nip=row.pegawai_id, kotak=box, alasan="Hasil rapat komite")
    summary = Client()
    summary.force_login(users.national_admin)
    r = summary.post("/api/v1/talent/pools/refresh", {"tahun": YEAR}, content_type="application/json")
    assert r.status_code == 200, r.content
    expected = expected_members(pool, today)
    members = active_members(pool)
    assert members == expected
    agencies = set(Pegawai.objects.filter(pk__in=members).values_list("instansi_id", flat=True))
    assert agencies == {"KAB-A", "KAB-B"}
    assert riser.pegawai_id in members and faller.pegawai_id not in members
    assert r.json()[str(pool.pk)] == {"masuk": len(expected), "keluar": 0, "anggota": len(expected)}
    stored = dict(AnggotaKelompok.objects.filter(kelompok=pool).values_list("pegawai_id", "kotak"))
    assert stored == {nip: box_in_force()[nip] for nip in expected}  # the box that admitted them, calibrated first
    # every talent role in either agency sees the national pool and its count
    for user in (users.admin_a, users.admin_b, users.hr_a1):
        c = Client()
        c.force_login(user)
        row = next(p for p in c.get("/api/v1/talent/pools").json()["items"] if p["id"] == pool.pk)
        assert row["anggota"] == len(expected) and row["tingkat"] == "NASIONAL"


# --- incumbents retiring within 2 years: board and bench strength --------------------------------------------
TODAY = dt.date(2026, 6, 1)  # the 1st of a month, so that a retirement date can fall exactly on the horizon


@pytest.fixture
def key_positions(boxed, users, monkeypatch):
    """Four key positions of KAB-A on a post of their own, each held by one new incumbent: retiring before the
    horizon, exactly on it, a month after it (at TODAY), and retiring soon but with a successor ready now; and
    one of KAB-B retiring soon."""
    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    Jabatan.objects.create(jabatan_id="J-KUNCI", nama="Kepala Bidang", jenis="STRUKTURAL", jenjang_id="ADMINISTRATOR",
                           kelas=11, bup=58)
    horizon = two_years_after(TODAY)
    births = {  # unit -> birth date of its incumbent
        "A1": dt.date(1969, 3, 20),  # retires 2027-04-01: soon
        "A1X": dt.date(horizon.year - 58, horizon.month - 1, 9),  # retires on the horizon day itself: soon
        "A2": dt.date(horizon.year - 58, horizon.month, 9),  # retires a month after the horizon: not soon
        "A0": dt.date(1968, 11, 2),  # retires 2026-12-01: soon, but a successor is ready now
        "B1": dt.date(1969, 1, 5),  # another agency
    }
    holders = {}
    for i, (unit, born) in enumerate(births.items()):
        instansi = "KAB-B" if unit.startswith("B") else "KAB-A"
        nip = f"{born:%Y%m%d}199001{1 + i % 2}9{i:02d}"
        Pegawai.objects.create(nip=nip, nama=f"Pejabat {unit}", tgl_lahir=born, jenis_kelamin="L", jenis_pegawai="PNS",
                               status="PNS", kedudukan="AKTIF", golongan="IV/a", pendidikan="S2",
                               tmt_cpns=dt.date(1990, 1, 1), instansi_id=instansi, unor_id=unit, jabatan_id="J-KUNCI",
                               tmt_jabatan=dt.date(2020, 1, 1),
                               lokasi_kabkota_id="32.01" if instansi == "KAB-B" else "32.04")
        admin = users.admin_b if instansi == "KAB-B" else users.admin_a
        holders[key_position_add(actor=admin, unor_id=unit, jabatan_id="J-KUNCI").pk] = (nip, born)
    ready = JabatanTarget.objects.get(unor_id="A0", jabatan_id="J-KUNCI")
    successor = Pegawai.objects.filter(instansi_id="KAB-A", kedudukan="AKTIF").exclude(jabatan_id="J-KUNCI").first()
    Suksesor.objects.create(jabatan_target=ready, pegawai=successor, peringkat=1, skor=1, kotak=9,
                            kesiapan="siap_sekarang", dihitung_pada=timezone.now())
    return holders


def _soon(born: dt.date) -> bool:
    return retirement_day(born, 58) <= two_years_after(TODAY)


def test_the_board_flags_incumbents_retiring_within_2_years(key_positions, users):
    assert selectors.succession_rules_in_force().horizon_years == 2  # the default rule set
    flags = {t: _soon(born) for t, (_nip, born) in key_positions.items()}
    assert sorted(flags.values()) == [False, True, True, True, True]  # the arrangement is what it says
    board = {r.target.pk: r for r in selectors.succession_board_for_user(users.national_admin)}
    for target, (nip, born) in key_positions.items():
        row = board[target]
        assert row.pemangku_nip == nip
        assert row.pensiun == retirement_day(born, 58)
        assert row.pensiun_2_tahun == flags[target], row.target.unor_id
        assert (row.status == "kritis") == (flags[target] and row.siap_sekarang == 0)
    # the API's board says the same, page by page
    c = Client()
    c.force_login(users.national_admin)
    seen, url = {}, "/api/v1/talent/key-positions?limit=2"
    while url:
        body = c.get(url).json()
        seen |= {item["id"]: item for item in body["items"]}
        url = f"/api/v1/talent/key-positions?limit=2&cursor={body['next']}" if body["next"] else ""
    assert {t: seen[t]["pensiun_2_tahun"] for t in key_positions} == flags
    assert {t: seen[t]["pensiun"] for t in key_positions} == {
        t: retirement_day(born, 58).isoformat() for t, (_n, born) in key_positions.items()}


def test_bench_strength_counts_positions_without_a_ready_successor_whose_incumbent_retires_soon(key_positions, users):
    a_targets = {t: v for t, v in key_positions.items() if JabatanTarget.objects.get(pk=t).instansi_id == "KAB-A"}
    ready = set(Suksesor.objects.filter(kesiapan="siap_sekarang").values_list("jabatan_target_id", flat=True))
    without = [t for t in a_targets if t not in ready]
    expected = {"jabatan_target": len(a_targets), "dengan_siap_sekarang": len(a_targets) - len(without),
                "tanpa_siap_sekarang": len(without),
                "tanpa_siap_pensiun_2_tahun": sum(1 for t in without if _soon(a_targets[t][1]))}
    assert expected == {"jabatan_target": 4, "dengan_siap_sekarang": 1, "tanpa_siap_sekarang": 3,
                        "tanpa_siap_pensiun_2_tahun": 2}  # the A0 position retires soon but has one ready now
    assert selectors.bench_strength("KAB-A") == expected
    c = Client()
    c.force_login(users.admin_a)
    assert c.get("/api/v1/talent/bench-strength/KAB-A").json() == expected
    assert c.get("/api/v1/talent/bench-strength/KAB-B").status_code == 404
    # the B position's incumbent retires soon and it has no successor: KAB-B's own count
    assert selectors.bench_strength("KAB-B")["tanpa_siap_pensiun_2_tahun"] == 1
