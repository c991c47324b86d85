"""DOMAIN §2 as tables: the box of every (performance, potential) pair, the JPM cut-offs on both sides of each
boundary, the performance axis from the predikat, and a configured numbering."""

from __future__ import annotations

from decimal import Decimal

import pytest

from abdi.talent import rules

# DOMAIN §2: "9 Above × High, 8 Meets × High, 7 Above × Medium, 6 Below × High, 5 Meets × Medium, 4 Above × Low,
# 3 Below × Medium, 2 Meets × Low, 1 Below × Low"
DOMAIN_BOXES = {("DI_ATAS", "TINGGI"): 9, ("SESUAI", "TINGGI"): 8, ("DI_ATAS", "MENENGAH"): 7,
                ("DI_BAWAH", "TINGGI"): 6, ("SESUAI", "MENENGAH"): 5, ("DI_ATAS", "RENDAH"): 4,
                ("DI_BAWAH", "MENENGAH"): 3, ("SESUAI", "RENDAH"): 2, ("DI_BAWAH", "RENDAH"): 1}


@pytest.mark.parametrize("pair, number", list(DOMAIN_BOXES.items()))
def test_box_numbering(pair, number):
    assert rules.box(*pair) == number
    assert rules.axes_of(number) == pair


def test_grid_reads_4_7_9_2_5_8_1_3_6():
    assert [rules.display_number(rules.box(k, p)) for k in rules.KINERJA for p in rules.POTENSIAL] == [
        4, 7, 9, 2, 5, 8, 1, 3, 6]


@pytest.mark.parametrize("jpm, axis", [("100", "TINGGI"), ("90", "TINGGI"), ("89.99", "MENENGAH"), ("78", "MENENGAH"),
                                       ("77.99", "RENDAH"), ("0", "RENDAH"), ("138.89", "TINGGI")])
def test_potential_cut_offs(jpm, axis):
    assert rules.potential_axis(Decimal(jpm)) == axis


@pytest.mark.parametrize("predikat, axis", [("SANGAT_BAIK", "DI_ATAS"), ("BAIK", "SESUAI"),
                                            ("BUTUH_PERBAIKAN", "DI_BAWAH"), ("KURANG", "DI_BAWAH"),
                                            ("SANGAT_KURANG", "DI_BAWAH")])
def test_performance_axis_from_predikat(predikat, axis):
    assert rules.performance_axis(predikat) == axis


def test_a_configured_numbering_changes_the_screen_not_the_canonical_box():
    other = dict(rules.NINEBOX, nomor=[[7, 8, 9], [4, 5, 6], [1, 2, 3]])
    rules.validate(other)
    assert rules.display_number(9, other) == 9 and rules.display_number(4, other) == 7
    assert rules.box("DI_ATAS", "RENDAH") == 4  # files keep DOMAIN §2's numbers


@pytest.mark.parametrize("change, field", [
    ({"nomor": [[1, 2, 3], [4, 5, 6], [7, 8, 8]]}, "nomor"),
    ({"kinerja": dict(rules.NINEBOX["kinerja"], BAIK="BAGUS")}, "kinerja.BAIK"),
    ({"potensial": {"batas": [{"sumbu": "TINGGI", "min": 70}, {"sumbu": "MENENGAH", "min": 78},
                              {"sumbu": "RENDAH", "min": None}], "bobot": {"jpm": 1}}}, "potensial.batas"),
])
def test_invalid_rule_sets_are_refused(change, field):
    with pytest.raises(rules.RuleSetError) as info:
        rules.validate(dict(rules.NINEBOX, **change))
    assert info.value.field == field


@pytest.mark.parametrize("data", [[], {"kinerja": []}, {**rules.NINEBOX, "potensial": {"batas": [1, 2, 3]}},
                                  {**rules.NINEBOX, "nomor": [[1, 2], 3]}])
def test_a_malformed_rule_set_is_refused_with_a_clear_error(data):
    with pytest.raises(rules.RuleSetError) as info:
        rules.validate(data)
    assert info.value.field in ("data", "kinerja.SANGAT_BAIK", "potensial.batas", "nomor")
