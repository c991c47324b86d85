"""The 9-box follows the rule sets in force, not the shipped defaults: a new version of ``talent.sembilan_kotak``
(cut-offs, the performance axis) applies to the years it is in force for and is recorded on every box; a JPM cap
(``competency.jpm``) and a weighted potential score change the potential axis. Expectations are computed here
from the rules as written, with exact fractions."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from abdi.competency.models import Asesmen
from abdi.competency.rules import JPM_RULES
from abdi.core.models import AuditEvent
from abdi.core.rulesets import rules_version_add
from abdi.performance.models import SkpRating
from abdi.talent import rules
from abdi.talent.models import Kotak
from abdi.talent.services import ninebox_recompute
from abdi.talent.tests.test_ninebox import (
    BOX,
    DEFAULT_LEVEL,
    FUN_STANDARD,
    NINE,
    PREDIKAT,
    YEAR,
    talent_world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def expected(people, *, high=90, medium=78, axis=None, cap=None, w_jpm=1, w_pot=0) -> dict[str, int]:
    axis = axis or {"SANGAT_BAIK": "DI_ATAS", "BAIK": "SESUAI"}
    out = {}
    for p in people:
        rating = SkpRating.objects.filter(pegawai_id=p.nip, tahun=YEAR, periode="TAHUNAN").first()
        latest = Asesmen.objects.filter(pegawai_id=p.nip).order_by("-tanggal").first()
        if rating is None or latest is None:
            continue
        standard = FUN_STANDARD if p.jabatan_id == "J-FUN" else dict.fromkeys(NINE, DEFAULT_LEVEL[
            {"J-STR": "PENGAWAS", "J-PEL": "PELAKSANA"}[p.jabatan_id]])
        jpm = Fraction(sum(getattr(latest, k) for k in standard) * 100, sum(standard.values()))
        if cap is not None:
            jpm = min(jpm, Fraction(cap))
        score = jpm
        if w_pot:
            other = Fraction(latest.skor_potensi) if latest.skor_potensi is not None else jpm
            score = (w_jpm * jpm + w_pot * other) / (w_jpm + w_pot)
        potential = "TINGGI" if score >= high else "MENENGAH" if score >= medium else "RENDAH"
        performance = axis.get(PREDIKAT[(rating.rating_hasil_kerja, rating.rating_perilaku_kerja)], "DI_BAWAH")
        out[p.nip] = BOX[(performance, potential)]
    return out


def stored() -> dict[str, int]:
    return dict(Kotak.objects.filter(tahun=YEAR).values_list("pegawai_id", "kotak"))


def ninebox_version(valid_from: dt.date, *, high: int, medium: int, baik: str) -> int:
    data = copy.deepcopy(rules.NINEBOX)
    data["potensial"]["batas"][0]["min"], data["potensial"]["batas"][1]["min"] = high, medium
    data["kinerja"]["BAIK"] = baik
    return rules_version_add(code="talent.sembilan_kotak", data=data, valid_from=valid_from, actor=None,
                             validate=rules.validate).version


def test_a_new_version_applies_to_the_years_it_is_in_force_for(talent_world):  # noqa: F811
    people = talent_world.people
    ninebox_recompute(tahun=YEAR)
    assert stored() == expected(people)
    # a version from mid-2026 is not in force for 2025 (a year's rules are those of 31 December)
    ninebox_version(dt.date(2026, 6, 1), high=60, medium=40, baik="DI_ATAS")
    ninebox_recompute(tahun=YEAR)
    assert stored() == expected(people) and set(Kotak.objects.values_list("rule_version", flat=True)) == {0}
    version = ninebox_version(dt.date(2025, 1, 1), high=80, medium=60, baik="DI_ATAS")
    result = ninebox_recompute(tahun=YEAR)
    want = expected(people, high=80, medium=60, axis={"SANGAT_BAIK": "DI_ATAS", "BAIK": "DI_ATAS"})
    assert want != expected(people)  # the world notices the change
    assert stored() == want and result["rule_version"] == version
    assert set(Kotak.objects.values_list("rule_version", flat=True)) == {version}
    assert AuditEvent.objects.filter(action="rules.version", object_id=f"talent.sembilan_kotak:v{version}").exists()


def test_a_jpm_cap_below_the_high_cut_off_leaves_no_high_potential(talent_world):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    assert any(b in (6, 8, 9) for b in stored().values())  # someone is high-potential uncapped
    rules_version_add(code="competency.jpm", data={**JPM_RULES, "cap": 85}, valid_from=dt.date(2000, 1, 1),
                      actor=None)
    ninebox_recompute(tahun=YEAR)
    boxes = stored()
    assert boxes == expected(talent_world.people, cap=85)
    assert not any(b in (6, 8, 9) for b in boxes.values())


def test_a_weighted_potential_score(talent_world):  # noqa: F811
    # half the assessed get a potential-test score; JPM and the score weigh equally
    for k, a in enumerate(Asesmen.objects.order_by("pk")):
        if k % 2 == 0:
            a.skor_potensi = Decimal((k * 37) % 101)
            a.save(update_fields=["skor_potensi"])
    data = copy.deepcopy(rules.NINEBOX)
    data["potensial"]["bobot"] = {"jpm": 1, "skor_potensi": 1}
    rules_version_add(code="talent.sembilan_kotak", data=data, valid_from=dt.date(2025, 1, 1), actor=None,
                      validate=rules.validate)
    ninebox_recompute(tahun=YEAR)
    want = expected(talent_world.people, w_pot=1)
    assert want != expected(talent_world.people)
    assert stored() == want
