"""``predikat_recompute``: the matrix in force applied set-based to a year's ratings, versioned and audited."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent
from abdi.core.rulesets import rules_in_force, rules_version_add
from abdi.performance import rules
from abdi.performance.models import SkpRating
from abdi.performance.services import predikat_recompute

pytestmark = pytest.mark.django_db
CELLS = list(itertools.product(rules.RATINGS, rules.RATINGS))


@pytest.fixture
def ratings(world):
    people = [p for p in world.people][: len(CELLS)]
    rows = [SkpRating(pegawai=p, tahun=2025, periode="TAHUNAN", rating_hasil_kerja=h, rating_perilaku_kerja=b)
            for p, (h, b) in zip(people, CELLS, strict=True)]
    rows.append(SkpRating(pegawai=people[0], tahun=2024, periode="TAHUNAN", rating_hasil_kerja="DI_ATAS",
                          rating_perilaku_kerja="DI_ATAS"))
    SkpRating.objects.bulk_create(rows)
    return people


def _predikat(year=2025):
    return {(r.rating_hasil_kerja, r.rating_perilaku_kerja): (r.predikat, r.rule_version)
            for r in SkpRating.objects.filter(tahun=year)}


def test_every_cell_gets_the_matrix_predikat_of_the_default_rules(ratings):
    assert predikat_recompute(tahun=2025) == 9
    # written out from DOMAIN §1, independent of rules.PREDIKAT_MATRIX
    expected = {("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK", ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
                ("SESUAI", "DI_BAWAH"): "KURANG", ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK",
                ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG", ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
                ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN"}
    assert _predikat() == {cell: (p, 0) for cell, p in expected.items()}
    assert SkpRating.objects.get(tahun=2024).predikat == ""  # another year is left alone
    assert predikat_recompute(tahun=2025) == 0  # nothing changed, nothing written
    event = AuditEvent.objects.filter(action="skp.predikat_recompute").order_by("id").first()
    assert event.after == {"rule_version": 0, "changed": 9} and audit_verify()[0]


def test_a_new_rule_version_applies_from_its_date_and_is_recorded(ratings, users):
    predikat_recompute(tahun=2025)
    changed = {h: dict(row) for h, row in rules.PREDIKAT_MATRIX.items()}
    changed["SESUAI"]["DI_ATAS"] = "SANGAT_BAIK"
    rules_version_add(code="skp.predikat", data=changed, valid_from=dt.date(2025, 1, 1), actor=users.national_admin,
                      validate=rules.validate_matrix)
    assert rules_in_force("skp.predikat", dt.date(2024, 12, 31)).version == 0
    assert predikat_recompute(tahun=2025) == 9  # every row now records version 1
    got = _predikat()
    assert got[("SESUAI", "DI_ATAS")] == ("SANGAT_BAIK", 1) and got[("SESUAI", "SESUAI")] == ("BAIK", 1)
    assert AuditEvent.objects.filter(action="rules.version", object_id="skp.predikat:v1").exists()


def test_an_invalid_rule_version_is_refused(users):
    with pytest.raises(rules.RuleSetError):
        rules_version_add(code="skp.predikat", data={"DI_ATAS": {}}, valid_from=dt.date(2025, 1, 1),
                          actor=users.national_admin, validate=rules.validate_matrix)
    assert rules_in_force("skp.predikat", dt.date(2025, 6, 1)).version == 0


def test_summary_counts_completion_and_predikat_per_unit(ratings, world):
    from collections import Counter

    from abdi.performance.models import SkpSummary
    from abdi.performance.services import summary_recompute
    from abdi.people.models import Pegawai

    SkpRating.objects.create(pegawai=ratings[1], tahun=2025, periode="B01", rating_hasil_kerja="DI_ATAS",
                             rating_perilaku_kerja="DI_ATAS")  # a monthly rating does not count
    predikat_recompute(tahun=2025)
    written = summary_recompute(tahun=2025)
    active = list(Pegawai.objects.filter(kedudukan="AKTIF"))
    annual = {r.pegawai_id: r.predikat for r in SkpRating.objects.filter(tahun=2025, periode="TAHUNAN")}
    expected = {}
    for unit in {p.unor_id for p in active}:
        staff = [p for p in active if p.unor_id == unit]
        spread = Counter(annual[p.nip] for p in staff if p.nip in annual)
        expected[unit] = (len(staff), sum(p.nip in annual for p in staff), spread["SANGAT_BAIK"], spread["BAIK"],
                          spread["BUTUH_PERBAIKAN"], spread["KURANG"], spread["SANGAT_KURANG"])
    got = {s.unor_id: (s.aktif, s.dinilai, s.sangat_baik, s.baik, s.butuh_perbaikan, s.kurang, s.sangat_kurang)
           for s in SkpSummary.objects.filter(tahun=2025)}
    assert written == len(expected) and got == expected
    assert summary_recompute(tahun=2025) == written and SkpSummary.objects.count() == written  # rebuilt, not added
