"""The predikat computed by the database from the matrix in force, and the per-unit summary rebuilt
set-based: versioned rule sets, audited, against plain Python counts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent
from abdi.core.rulesets import rules_in_force, rules_version_add
from abdi.people.models import Pegawai
from abdi.performance import rules
from abdi.performance.models import SkpRating, SkpSummary
from abdi.performance.selectors import ratings_with_predikat
from abdi.performance.services import summary_recompute

pytestmark = pytest.mark.django_db
CELLS = list(itertools.product(rules.RATINGS, rules.RATINGS))
# written out from DOMAIN §1, independent of rules.PREDIKAT_MATRIX
DOMAIN_MATRIX = {("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK",
                 ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK", ("SESUAI", "DI_BAWAH"): "KURANG",
                 ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK", ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG",
                 ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN", ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN"}


@pytest.fixture
def ratings(world):
    people = [p for p in world.people if p.kedudukan == "AKTIF"][: len(CELLS)]
    SkpRating.objects.bulk_create(
        [SkpRating(pegawai=p, tahun=2025, periode="TAHUNAN", rating_hasil_kerja=h, rating_perilaku_kerja=b)
         for p, (h, b) in zip(people, CELLS, strict=True)]
        + [SkpRating(pegawai=people[1], tahun=2025, periode="B01", rating_hasil_kerja="DI_ATAS",
                     rating_perilaku_kerja="DI_ATAS")])  # a monthly rating: not part of the annual summary
    return people


def _predikat(year=2025):
    return {(r.rating_hasil_kerja, r.rating_perilaku_kerja): r.predikat
            for r in ratings_with_predikat(year).filter(periode="TAHUNAN")}


def test_the_database_computes_every_cell_of_the_matrix(ratings):
    assert _predikat() == DOMAIN_MATRIX


def test_a_new_rule_version_applies_from_its_date_and_is_audited(ratings, users):
    changed = {h: dict(row) for h, row in rules.PREDIKAT_MATRIX.items()}
    changed["SESUAI"]["DI_ATAS"] = "SANGAT_BAIK"
    rules_version_add(code="skp.predikat", data=changed, valid_from=dt.date(2025, 1, 1), actor=users.national_admin,
                      validate=rules.validate_matrix)
    assert rules_in_force("skp.predikat", dt.date(2024, 12, 31)).version == 0
    assert _predikat() == DOMAIN_MATRIX | {("SESUAI", "DI_ATAS"): "SANGAT_BAIK"}
    event = AuditEvent.objects.get(action="rules.version", object_id="skp.predikat:v1")
    assert event.after["data"]["SESUAI"]["DI_ATAS"] == "SANGAT_BAIK" and audit_verify()[0]


def test_an_invalid_rule_version_is_refused(users):
    with pytest.raises(rules.RuleSetError):
        rules_version_add(code="skp.predikat", data={"DI_ATAS": {}}, valid_from=dt.date(2025, 1, 1),
                          actor=users.national_admin, validate=rules.validate_matrix)
    assert rules_in_force("skp.predikat", dt.date(2025, 6, 1)).version == 0


def test_summary_counts_completion_and_predikat_per_unit(ratings, users):
    written = summary_recompute(tahun=2025)
    active = list(Pegawai.objects.filter(kedudukan="AKTIF"))
    annual = {r.pegawai_id: DOMAIN_MATRIX[(r.rating_hasil_kerja, r.rating_perilaku_kerja)]
              for r in SkpRating.objects.filter(tahun=2025, periode="TAHUNAN")}
    expected = {}
    for unit in {p.unor_id for p in active}:
        staff = [p for p in active if p.unor_id == unit]
        spread = Counter(annual[p.nip] for p in staff if p.nip in annual)
        expected[unit] = (len(staff), sum(p.nip in annual for p in staff), spread["SANGAT_BAIK"], spread["BAIK"],
                          spread["BUTUH_PERBAIKAN"], spread["KURANG"], spread["SANGAT_KURANG"], 0)
    got = {s.unor_id: (s.aktif, s.dinilai, s.sangat_baik, s.baik, s.butuh_perbaikan, s.kurang, s.sangat_kurang,
                       s.rule_version) for s in SkpSummary.objects.filter(tahun=2025)}
    assert written == len(expected) and got == expected
    assert AuditEvent.objects.filter(action="skp.summary", object_id="2025").count() == 1
    # rebuilt, not added to; and a new rule version shows in the next rebuild
    changed = {h: dict(row) for h, row in rules.PREDIKAT_MATRIX.items()}
    changed["SESUAI"]["DI_ATAS"] = "SANGAT_BAIK"
    rules_version_add(code="skp.predikat", data=changed, valid_from=dt.date(2025, 1, 1), actor=users.national_admin)
    assert summary_recompute(tahun=2025) == written and SkpSummary.objects.count() == written
    assert sum(SkpSummary.objects.values_list("sangat_baik", flat=True)) == 2
    assert set(SkpSummary.objects.values_list("rule_version", flat=True)) == {1}
