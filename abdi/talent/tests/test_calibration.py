"""Talent committee, calibration sessions (reason required, history kept, scope), the grid in force, and pool
membership with entry and exit."""

from __future__ import annotations

import pytest

from abdi.accounts.models import Role
from abdi.core.models import AuditEvent
from abdi.people.models import Pegawai
from abdi.people.tests.world import make_user
from abdi.talent.models import AnggotaKelompok, Kalibrasi, KelompokTalenta, Kotak
from abdi.talent.selectors import (
    Filters,
    TalentNotAllowed,
    TalentNotVisible,
    box_members_for_user,
    grid_for_user,
    key_position_for_user,
    key_positions_page,
    pools_for_user,
    session_for_user,
    sessions_for_user,
    succession_board_page,
    talent_card_for_user,
    talent_scope,
)
from abdi.talent.services import (
    TalentError,
    calibrate,
    committee_grant,
    key_position_add,
    ninebox_recompute,
    pool_create,
    pools_refresh,
    session_close,
    session_open,
)
from abdi.talent.tests.test_ninebox import YEAR, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def boxed(talent_world, users):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    member = make_user("komite-a", Role.EMPLOYEE, nip="")
    committee_grant(actor=users.admin_a, username="komite-a", instansi_id="KAB-A")
    return member


def _err(fn, **kw) -> TalentError:
    with pytest.raises(TalentError) as info:
        fn(**kw)
    return info.value


def test_committee_is_granted_by_admins_in_their_agency(boxed, users):
    assert _err(committee_grant, actor=users.admin_a, username="komite-a", instansi_id="KAB-B").status == 404
    assert _err(committee_grant, actor=users.hr_a1, username="komite-a", instansi_id="KAB-A").status == 403
    committee_grant(actor=users.national_admin, username="komite-a", instansi_id="KAB-B", unor_id="B1")
    assert AuditEvent.objects.filter(action="talent.komite", object_id="komite-a").count() == 2


def test_a_committee_member_of_a_sees_a_grid_not_b(boxed, users):
    grid = grid_for_user(boxed, YEAR, Filters(instansi_id="KAB-A"))
    a_boxes = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A")
    assert grid.total == a_boxes.count() and sum(grid.berlaku.values()) == grid.total
    with pytest.raises(TalentNotVisible):
        grid_for_user(boxed, YEAR, Filters(instansi_id="KAB-B"))
    assert grid_for_user(boxed, YEAR).total == a_boxes.count()  # no filter: only its own scope
    with pytest.raises(TalentNotAllowed):
        grid_for_user(users.employee_b, YEAR)
    with pytest.raises(TalentNotAllowed):
        grid_for_user(users.supervisor_a1, YEAR)


def test_a_committee_member_of_a_reads_no_talent_object_of_b(boxed, users):
    """The grant is the member's only talent right: every read of B's objects is "not visible" (404), A's are
    there, and lists leave B's rows out."""
    make_user("komite-b", Role.EMPLOYEE)
    committee_grant(actor=users.admin_b, username="komite-b", instansi_id="KAB-B")
    from abdi.accounts.models import User

    sessions = {i: session_open(actor=User.objects.get(username=f"komite-{i[-1].lower()}"), nama=f"Sesi {i}",
                                tahun=YEAR, instansi_id=i) for i in ("KAB-A", "KAB-B")}
    pools = {i: pool_create(actor=admin, nama=f"Kelompok {i}", tingkat="INSTANSI", instansi_id=i)
             for i, admin in (("KAB-A", users.admin_a), ("KAB-B", users.admin_b))}
    national = KelompokTalenta.objects.create(nama="Nasional", tingkat="NASIONAL", kotak=[9])
    targets = {i: key_position_add(actor=admin, unor_id=unit, jabatan_id="J-STR")
               for i, admin, unit in (("KAB-A", users.admin_a, "A1"), ("KAB-B", users.admin_b, "B1"))}
    b_nip = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-B").values_list("pegawai_id", flat=True).first()
    a_nip = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A").values_list("pegawai_id", flat=True).first()
    for read in (lambda: session_for_user(boxed, sessions["KAB-B"].pk),
                 lambda: key_position_for_user(boxed, targets["KAB-B"].pk),
                 lambda: talent_card_for_user(boxed, b_nip),
                 lambda: box_members_for_user(boxed, YEAR, 5, Filters(instansi_id="KAB-B"))):
        with pytest.raises(TalentNotVisible):
            read()
    assert session_for_user(boxed, sessions["KAB-A"].pk) == sessions["KAB-A"]
    assert key_position_for_user(boxed, targets["KAB-A"].pk) == targets["KAB-A"]
    assert talent_card_for_user(boxed, a_nip).pegawai.nip == a_nip
    assert [s.pk for s in sessions_for_user(boxed).items] == [sessions["KAB-A"].pk]
    assert {r["kelompok"].pk for r in pools_for_user(boxed).items} == {pools["KAB-A"].pk, national.pk}
    assert [t.pk for t in key_positions_page(boxed).items] == [targets["KAB-A"].pk]
    assert succession_board_page(boxed, "KAB-B").items == []
    assert [r.target.pk for r in succession_board_page(boxed, "KAB-A").items] == [targets["KAB-A"].pk]
    scope = talent_scope(boxed)  # what the bench-strength endpoint and the board screen ask
    assert scope.sees_instansi("KAB-A") and not scope.sees_instansi("KAB-B")


def test_calibration_moves_a_person_with_a_reason_and_keeps_the_history(boxed, users):
    row = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A").exclude(kotak=8).first()
    sesi = session_open(actor=boxed, nama="Kalibrasi 2025", tahun=YEAR, instansi_id="KAB-A")
    assert _err(calibrate, actor=boxed, sesi=sesi, nip=row.pegawai_id, kotak=8, alasan="  ").field == "alasan"
    before = grid_for_user(boxed, YEAR, Filters(instansi_id="KAB-A"))
    calibrate(actor=boxed, sesi=sesi, nip=row.pegawai_id, kotak=8, alasan="Kinerja tim lintas unit luar biasa")
    after = grid_for_user(boxed, YEAR, Filters(instansi_id="KAB-A"))
    assert after.berlaku[8] == before.berlaku[8] + 1 and after.berlaku[row.kotak] == before.berlaku[row.kotak] - 1
    assert after.hitung == before.hitung and after.dikalibrasi == 1
    members, _ = box_members_for_user(boxed, YEAR, 8, Filters(instansi_id="KAB-A"))
    assert row.pegawai_id in [m.nip for m in members]
    calibrate(actor=boxed, sesi=sesi, nip=row.pegawai_id, kotak=9, alasan="Koreksi: kinerja di atas ekspektasi")
    history = list(Kalibrasi.objects.filter(pegawai_id=row.pegawai_id).order_by("id").values_list(
        "kotak_sebelum", "kotak", "berlaku"))
    assert history == [(row.kotak, 8, False), (8, 9, True)]
    assert Kotak.objects.get(pk=row.pk).kotak == row.kotak  # the computed box stays
    events = AuditEvent.objects.filter(action="talent.kalibrasi", object_id=row.pegawai_id)
    assert [e.after["kotak"] for e in events.order_by("seq")] == [8, 9]
    card = talent_card_for_user(users.admin_a, row.pegawai_id)
    assert card.kotak[0]["kotak"] == row.kotak and card.kotak[0]["kotak_berlaku"] == 9
    # a recompute keeps the calibration
    ninebox_recompute(tahun=YEAR)
    assert grid_for_user(boxed, YEAR, Filters(instansi_id="KAB-A")).berlaku[9] == after.berlaku[9] + 1
    b_row = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-B").first()
    assert _err(calibrate, actor=boxed, sesi=sesi, nip=b_row.pegawai_id, kotak=8, alasan="x").status == 404
    assert _err(calibrate, actor=users.admin_a, sesi=sesi, nip=row.pegawai_id, kotak=5, alasan="x").status == 403
    session_close(actor=boxed, sesi=sesi, catatan="Selesai")
    assert _err(calibrate, actor=boxed, sesi=sesi, nip=row.pegawai_id, kotak=5, alasan="x").status == 409


def test_only_committee_members_open_sessions(boxed, users):
    assert _err(session_open, actor=users.admin_a, nama="x", tahun=YEAR, instansi_id="KAB-A").status == 403
    assert _err(session_open, actor=boxed, nama="x", tahun=YEAR, instansi_id="KAB-B").status == 404  # outside
    assert _err(session_open, actor=boxed, nama="x", tahun=YEAR + 5, instansi_id="KAB-A").status == 409


def test_pool_membership_enters_and_exits(boxed, users):
    pool = pool_create(actor=users.admin_a, nama="Kelompok suksesi Kab. A", tingkat="INSTANSI", instansi_id="KAB-A")
    assert pool.kotak == [7, 8, 9]
    pools_refresh(tahun=YEAR)
    active_a = set(Pegawai.objects.filter(kedudukan="AKTIF", instansi_id="KAB-A").values_list("nip", flat=True))
    expected = set(Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak__in=[7, 8, 9], pegawai_id__in=active_a)
                   .values_list("pegawai_id", flat=True))
    members = set(AnggotaKelompok.objects.filter(kelompok=pool, keluar_pada=None).values_list("pegawai_id", flat=True))
    assert members == expected and members  # the world has people in the top boxes
    outsider = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak__lt=7, pegawai_id__in=active_a).first()
    sesi = session_open(actor=boxed, nama="Kalibrasi", tahun=YEAR, instansi_id="KAB-A")
    calibrate(actor=boxed, sesi=sesi, nip=outsider.pegawai_id, kotak=7, alasan="Potensi terbukti")
    leaver = sorted(members)[0]
    calibrate(actor=boxed, sesi=sesi, nip=leaver, kotak=5, alasan="Kinerja menurun")
    pools_refresh(tahun=YEAR)
    now = set(AnggotaKelompok.objects.filter(kelompok=pool, keluar_pada=None).values_list("pegawai_id", flat=True))
    assert outsider.pegawai_id in now
    assert leaver not in now
    assert AnggotaKelompok.objects.get(kelompok=pool, pegawai_id=leaver).alasan_keluar
    assert _err(pool_create, actor=users.admin_a, nama="x", tingkat="NASIONAL").status == 403
