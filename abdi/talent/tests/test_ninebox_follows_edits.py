"""The stored 9-box follows edits made on screens or through the API (``core.hooks.after_change``): an assessment
entered or corrected, an annual SKP rating written, a position's competency standard changed. Expectations:
the plain computation of ``test_ninebox`` (from DOMAIN's tables), and the counts equal a plain count of the
boxes."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.competency.services import assessment_save, standard_set
from abdi.core.hooks import after_change
from abdi.performance.models import SkpRating
from abdi.talent.models import Kotak
from abdi.talent.services import ninebox_recompute, ninebox_refresh_people
from abdi.talent.tests.test_ninebox import (
    NINE,
    YEAR,
    assert_counts_match_the_boxes,
    expected_boxes,
    stored,
    talent_world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def boxed(world, instansi: str, *, not_box: int | None = None):
    rows = Kotak.objects.filter(tahun=YEAR, instansi_id=instansi).exclude(kotak=not_box or 0).order_by("pegawai_id")
    nip = rows.values_list("pegawai_id", flat=True).first()
    return next(p for p in world.people if p.nip == nip)


def test_an_assessment_entered_on_a_screen_moves_the_persons_box(talent_world, users,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    ninebox_recompute(tahun=YEAR)
    person = boxed(talent_world, "KAB-A")
    before = stored()[person.nip]
    # all fives: JPM far above 90, so the potential axis is TINGGI whatever it was
    with django_capture_on_commit_callbacks(execute=True):
        assessment_save(actor=users.admin_a, nip=person.nip, tanggal=dt.date(2026, 1, 5), levels=dict.fromkeys(NINE, 5))
    boxes = stored()
    assert boxes == expected_boxes(talent_world.people)
    assert boxes[person.nip] in (6, 8, 9) and (before in (6, 8, 9) or boxes[person.nip] != before)
    assert_counts_match_the_boxes()


def test_an_annual_rating_written_moves_or_removes_the_box(talent_world, django_capture_on_commit_callbacks):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    person = boxed(talent_world, "KAB-B")
    # nothing changed yet: nothing is rewritten
    unchanged = ninebox_refresh_people(nips=[person.nip], years=[YEAR])[YEAR]
    assert (unchanged["ditambah"], unchanged["diubah"], unchanged["dihapus"]) == (0, 0, 0)
    SkpRating.objects.filter(pegawai_id=person.nip, tahun=YEAR, periode="TAHUNAN").update(
        rating_hasil_kerja="DI_BAWAH", rating_perilaku_kerja="DI_BAWAH")
    with django_capture_on_commit_callbacks(execute=True):
        after_change.run(kind="skp_tahunan", nips=[person.nip], tahun=YEAR)
    assert stored() == expected_boxes(talent_world.people) and stored()[person.nip] in (1, 3, 6)
    assert_counts_match_the_boxes()
    # without an annual rating the person has no box of the year any more
    SkpRating.objects.filter(pegawai_id=person.nip, tahun=YEAR, periode="TAHUNAN").delete()
    result = ninebox_refresh_people(nips=[person.nip], years=[YEAR])[YEAR]
    assert (result["ditambah"], result["diubah"], result["dihapus"]) == (0, 0, 1)
    assert person.nip not in stored() and stored() == expected_boxes(talent_world.people)
    assert_counts_match_the_boxes()
    # a year without boxes waits for its first computation
    after_change.run(kind="skp_tahunan", nips=[person.nip], tahun=YEAR + 1)
    assert not Kotak.objects.filter(tahun=YEAR + 1).exists()


def test_a_changed_standard_recomputes_the_years_with_boxes(talent_world, users,  # noqa: F811
                                                           django_capture_on_commit_callbacks):
    ninebox_recompute(tahun=YEAR)
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        standard_set(actor=users.national_admin, jabatan_id="J-FUN", levels=dict.fromkeys(NINE, 5))
    after = stored()
    assert after != before  # J-FUN holders now fall short of a standard of 5 everywhere
    ninebox_recompute(tahun=YEAR)
    assert stored() == after
    assert_counts_match_the_boxes()
