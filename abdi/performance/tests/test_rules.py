"""The SKP rules of DOMAIN §1, table-driven: all nine cells of the predikat matrix, the distribution curve,
credit points, and rule-set validation. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from abdi.performance import rules

# (hasil kerja, perilaku kerja, predikat) written out from DOMAIN §1's table, row by row
MATRIX = [
    ("DI_ATAS", "DI_BAWAH", "KURANG"), ("DI_ATAS", "SESUAI", "BAIK"), ("DI_ATAS", "DI_ATAS", "SANGAT_BAIK"),
    ("SESUAI", "DI_BAWAH", "KURANG"), ("SESUAI", "SESUAI", "BAIK"), ("SESUAI", "DI_ATAS", "BAIK"),
    ("DI_BAWAH", "DI_BAWAH", "SANGAT_KURANG"), ("DI_BAWAH", "SESUAI", "BUTUH_PERBAIKAN"),
    ("DI_BAWAH", "DI_ATAS", "BUTUH_PERBAIKAN"),
]


@pytest.mark.parametrize("hasil, perilaku, expected", MATRIX)
def test_predikat_matrix(hasil, perilaku, expected):
    assert rules.predikat(hasil, perilaku) == expected


def test_every_cell_is_covered_and_misconduct_has_its_official_label():
    assert {(h, p) for h, p, _ in MATRIX} == {(h, p) for h in rules.RATINGS for p in rules.RATINGS}
    assert rules.PREDIKAT_LABELS["KURANG"] == "Kurang/Misconduct"
    assert all(rules.predikat(h, "DI_BAWAH") in ("KURANG", "SANGAT_KURANG") for h in rules.RATINGS)


def test_a_configured_matrix_is_used():
    strict = {h: dict(row) for h, row in rules.PREDIKAT_MATRIX.items()}
    strict["SESUAI"]["DI_ATAS"] = "SANGAT_BAIK"
    rules.validate_matrix(strict)
    assert rules.predikat("SESUAI", "DI_ATAS", strict) == "SANGAT_BAIK"


@pytest.mark.parametrize("broken, field", [
    ({"DI_ATAS": {}, "SESUAI": {}, "DI_BAWAH": {}}, "DI_ATAS.DI_ATAS"),
    ({"SESUAI": {}, "DI_BAWAH": {}}, "DI_ATAS"),
])
def test_invalid_matrix_is_refused_naming_the_cell(broken, field):
    with pytest.raises(rules.RuleSetError) as exc:
        rules.validate_matrix(broken)
    assert exc.value.field == field


def _counts(**kw):
    return {k.upper(): v for k, v in kw.items()}


@pytest.mark.parametrize("org, counts, broken", [
    ("ISTIMEWA", _counts(sangat_baik=7, baik=3), []),
    ("ISTIMEWA", _counts(sangat_baik=8, baik=2), [("SANGAT_BAIK",)]),
    ("BAIK", _counts(baik=7, butuh_perbaikan=1, sangat_baik=2), []),
    ("BAIK", _counts(baik=8, sangat_baik=2), [("BAIK",), ("BUTUH_PERBAIKAN", "KURANG")]),
    ("BUTUH_PERBAIKAN", _counts(butuh_perbaikan=6, sangat_baik=1, baik=3), []),
    ("BUTUH_PERBAIKAN", _counts(butuh_perbaikan=5, sangat_baik=2, baik=3), [("BUTUH_PERBAIKAN",), ("SANGAT_BAIK",)]),
    ("KURANG", _counts(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2), []),
    ("KURANG", _counts(kurang=6, baik=4), [("BUTUH_PERBAIKAN",)]),
    ("SANGAT_KURANG", _counts(sangat_kurang=6, kurang=1, baik=3), []),
    ("SANGAT_KURANG", _counts(sangat_kurang=6, kurang=1, baik=2, sangat_baik=1), [("SANGAT_BAIK",)]),
])
def test_distribution_curve(org, counts, broken):
    assert [v.predikat for v in rules.distribution_violations(org, counts)] == broken


@pytest.mark.parametrize("jenjang, predikat, expected", [
    ("AHLI_MUDA", "BAIK", "25"), ("AHLI_MUDA", "SANGAT_BAIK", "37.5"), ("PEMULA", "SANGAT_KURANG", "0.9375"),
    ("AHLI_UTAMA", "KURANG", "25"), ("TERAMPIL", "BUTUH_PERBAIKAN", "3.75"), ("PENGAWAS", "BAIK", None),
])
def test_credit_points(jenjang, predikat, expected):
    got = rules.credit_points(jenjang, predikat)
    assert (got if got is None else got.normalize()) == (None if expected is None else Decimal(expected).normalize())


def test_shipped_rule_sets_pass_their_validators():
    for code, data in rules.DEFAULTS.items():
        rules.VALIDATORS[code](data)


@pytest.mark.parametrize("broken, field", [
    ({"BAIK": [{"predikat": ["BAIK"], "max": 1.2}]}, "BAIK[0].max"),
    ({"BAIK": [{"predikat": ["BAIK"], "min": -0.1}]}, "BAIK[0].min"),
    ({"BAIK": [{"predikat": ["BAIK"], "min_count": 1.5}]}, "BAIK[0].min_count"),
    ({"BAIK": [{"predikat": ["HEBAT"], "max": 0.5}]}, "BAIK[0].predikat"),
    ({"BAIK": [{"predikat": ["BAIK"]}]}, "BAIK[0]"),
    ({"BAIK": [{"predikat": ["BAIK"], "max": 0.5, "maks": 0.5}]}, "BAIK[0]"),
    ({"LUAR_BIASA": []}, "LUAR_BIASA"),
    ({"BAIK": {"predikat": ["BAIK"]}}, "BAIK"),
])
def test_invalid_distribution_is_refused(broken, field):
    with pytest.raises(rules.RuleSetError) as exc:
        rules.validate_distribution(broken)
    assert exc.value.field == field


@pytest.mark.parametrize("change, field", [
    ({"koefisien": {"AHLI_MUDA": "0"}}, "koefisien.AHLI_MUDA"),
    ({"koefisien": {"AHLI_MUDA": "dua puluh"}}, "koefisien.AHLI_MUDA"),
    ({"koefisien": ["AHLI_MUDA"]}, "koefisien"),
    ({"faktor": {**rules.CREDIT["faktor"], "BAIK": "-1"}}, "faktor.BAIK"),
    ({"faktor": {k: v for k, v in rules.CREDIT["faktor"].items() if k != "KURANG"}}, "faktor.KURANG"),
])
def test_invalid_credit_is_refused(change, field):
    with pytest.raises(rules.RuleSetError) as exc:
        rules.validate_credit({**rules.CREDIT, **change})
    assert exc.value.field == field
