"""DOMAIN §3 as tables: default standards by level, gap, JPM (uncapped and capped) and its two category
schemes, with the boundaries on both sides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from abdi.competency import rules

NINE = rules.COMPETENCIES


@pytest.mark.parametrize("jenjang, level", [
    ("JPT_UTAMA", 5), ("JPT_MADYA", 5), ("JPT_PRATAMA", 4), ("ADMINISTRATOR", 3), ("PENGAWAS", 2),
    ("PELAKSANA", 1), ("AHLI_MUDA", None), ("TERAMPIL", None)])
def test_default_standard_by_level(jenjang, level):
    standard = rules.standard_of(jenjang, None)
    assert standard == ({k: level for k in NINE} if level else {})


def test_a_positions_own_rows_replace_the_default():
    assert rules.standard_of("ADMINISTRATOR", {"integritas": 4, "komunikasi": 2}) == {"integritas": 4, "komunikasi": 2}


def test_gap_is_individual_minus_standard():
    levels = dict(zip(NINE, [3, 2, 4, 3, 3, 1, 5, 3, 2], strict=True))
    assert rules.gaps(levels, rules.standard_of("ADMINISTRATOR", None)) == dict(
        zip(NINE, [0, -1, 1, 0, 0, -2, 2, 0, -1], strict=True))


@pytest.mark.parametrize("individual, standard, expected", [
    ([3] * 9, [3] * 9, Decimal(100)),
    ([5] * 9, [3] * 9, Decimal(500) / 3),  # 166.67: uncapped by default (e.g. 138.89 % is seen in practice)
    ([2] * 9, [3] * 9, Decimal(200) / 3),
    ([4, 4, 4, 4, 4, 4, 4, 4, 1], [4] * 9, Decimal(3300) / 36),
])
def test_jpm_is_sum_over_sum(individual, standard, expected):
    levels, std = rules.as_levels(individual), rules.as_levels(standard)
    assert rules.jpm(levels, std) == expected


def test_jpm_only_over_the_competencies_with_a_standard_and_none_without():
    levels = rules.as_levels([5, 1, 1, 1, 1, 1, 1, 1, 1])
    assert rules.jpm(levels, {"integritas": 4}) == Decimal(125)
    assert rules.jpm(levels, {}) is None


def test_a_cap_is_a_setting():
    levels = rules.as_levels([5] * 9)
    capped = dict(rules.JPM_RULES, cap=100)
    assert rules.jpm(levels, rules.as_levels([3] * 9), capped) == Decimal(100)


@pytest.mark.parametrize("value, pemetaan, seleksi", [
    ("100", "OPTIMAL", "MS"), ("90", "OPTIMAL", "MS"), ("89.99", "CUKUP_OPTIMAL", "MS"), ("80", "CUKUP_OPTIMAL", "MS"),
    ("79.99", "CUKUP_OPTIMAL", "MMS"), ("78", "CUKUP_OPTIMAL", "MMS"), ("77.99", "KURANG_OPTIMAL", "MMS"),
    ("68", "KURANG_OPTIMAL", "MMS"), ("67.99", "KURANG_OPTIMAL", "KMS"), ("0", "KURANG_OPTIMAL", "KMS")])
def test_categories(value, pemetaan, seleksi):
    assert rules.category(Decimal(value), "pemetaan") == pemetaan
    assert rules.category(Decimal(value), "seleksi") == seleksi


def test_round_half_up_to_two_decimals():
    assert rules.round_jpm(Decimal("88.885")) == Decimal("88.89")
    assert rules.round_jpm(Decimal(200) / 3) == Decimal("66.67")


@pytest.mark.parametrize("broken, field", [
    ({"cap": -1, "pemetaan": rules.JPM_RULES["pemetaan"], "seleksi": rules.JPM_RULES["seleksi"]}, "cap"),
    ({"cap": None, "pemetaan": [{"kategori": "A", "min": 50}], "seleksi": rules.JPM_RULES["seleksi"]}, "pemetaan"),
])
def test_invalid_jpm_rules_are_refused(broken, field):
    with pytest.raises(rules.RuleSetError) as info:
        rules.validate_jpm_rules(broken)
    assert info.value.field == field


def test_shipped_rule_sets_pass_their_validators():
    rules.validate_default_standard(rules.DEFAULT_STANDARD)
    rules.validate_jpm_rules(rules.JPM_RULES)
    rules.validate_jpm_rules({**rules.JPM_RULES, "cap": 100})


@pytest.mark.parametrize("broken, field", [
    ({"PENGAWAS": 6}, "PENGAWAS"),
    ({"PENGAWAS": 0}, "PENGAWAS"),
    ({"PENGAWAS": True}, "PENGAWAS"),
    ({"PENGAWAS": "2"}, "PENGAWAS"),
    ({"ESELON_IX": 2}, "ESELON_IX"),
    ([["PENGAWAS", 2]], "standar_bawaan"),
])
def test_invalid_default_standard_is_refused(broken, field):
    with pytest.raises(rules.RuleSetError) as info:
        rules.validate_default_standard(broken)
    assert info.value.field == field


_SELEKSI = rules.JPM_RULES["seleksi"]


@pytest.mark.parametrize("broken, field", [
    ({"cap": 0, "pemetaan": rules.JPM_RULES["pemetaan"], "seleksi": _SELEKSI}, "cap"),
    ({"cap": "100", "pemetaan": rules.JPM_RULES["pemetaan"], "seleksi": _SELEKSI}, "cap"),
    ({"cap": None, "pemetaan": [], "seleksi": _SELEKSI}, "pemetaan"),
    ({"cap": None, "pemetaan": rules.JPM_RULES["pemetaan"]}, "seleksi"),
    ({"cap": None, "pemetaan": rules.JPM_RULES["pemetaan"],
      "seleksi": [{"kategori": "MS", "min": 68}, {"kategori": "MMS", "min": 80}, {"kategori": "KMS", "min": None}]},
     "seleksi"),
    ({"cap": None, "pemetaan": rules.JPM_RULES["pemetaan"],
      "seleksi": [{"kategori": "MS", "min": 80}, {"kategori": "MMS", "min": 80}, {"kategori": "KMS", "min": None}]},
     "seleksi"),
    ({"cap": None, "pemetaan": rules.JPM_RULES["pemetaan"],
      "seleksi": [{"kategori": "MS", "min": None}, {"kategori": "KMS", "min": None}]}, "seleksi"),
    ({"cap": None, "pemetaan": ["OPTIMAL"], "seleksi": _SELEKSI}, "pemetaan"),
])
def test_invalid_jpm_band_lists_are_refused(broken, field):
    with pytest.raises(rules.RuleSetError) as info:
        rules.validate_jpm_rules(broken)
    assert info.value.field == field
