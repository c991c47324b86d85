"""The pure penyetaraan rules (no database): the level mapping, eselon V through the unit, the exclusions in
their order, the rule set's validation, and the effect arithmetic."""

from __future__ import annotations

import copy

import pytest

from abdi.planning import penyetaraan_rules as r

RULES = r.DEFAULTS[r.PENYETARAAN]


def holder(**kw) -> r.Holder:
    base = {"kedudukan": "AKTIF", "jenis": "STRUKTURAL", "jenjang": "PENGAWAS", "jabatan_id": "KASI",
            "eselon_unit": "IV.a", "pimpinan_unit": False}
    return r.Holder(**(base | kw))


@pytest.mark.parametrize(("jenjang", "eselon", "tingkat", "tujuan"), [
    ("ADMINISTRATOR", "III.a", "ADMINISTRATOR", "AHLI_MADYA"),
    ("PENGAWAS", "IV.b", "PENGAWAS", "AHLI_MUDA"),
    ("PENGAWAS", "V", "V", "AHLI_PERTAMA"),  # the unit's eselon wins over the post's level
    ("PELAKSANA", "V", "V", "AHLI_PERTAMA"),
])
def test_maps_each_level(jenjang, eselon, tingkat, tujuan):
    v = r.assess(holder(jenjang=jenjang, eselon_unit=eselon), RULES)
    assert (v.tingkat, v.jenjang_tujuan, v.eligible) == (tingkat, tujuan, True)


@pytest.mark.parametrize(("kw", "alasan"), [
    ({"jenis": "FUNGSIONAL", "jenjang": "AHLI_MUDA"}, r.BUKAN_JABATAN_ADMINISTRASI),
    ({"jenis": "PELAKSANA", "jenjang": "PELAKSANA", "eselon_unit": "V"}, r.BUKAN_JABATAN_ADMINISTRASI),
    ({"jenjang": "JPT_PRATAMA", "eselon_unit": "II.a"}, r.BUKAN_JABATAN_ADMINISTRASI),
    ({"kedudukan": "CLTN"}, r.TIDAK_AKTIF),
    ({"pimpinan_unit": True}, r.PIMPINAN_UNIT),
])
def test_refuses_with_reason(kw, alasan):
    assert r.assess(holder(**kw), RULES).alasan == alasan


def test_exclusions_are_configurable():
    rules = copy.deepcopy(RULES) | {"kecualikan_pimpinan_unit": False, "jabatan_dikecualikan": ["KASI"]}
    assert r.assess(holder(pimpinan_unit=True, jabatan_id="KASUBAG"), rules).eligible
    assert r.assess(holder(jabatan_id="KASI"), rules).alasan == r.DIKECUALIKAN
    no_v = copy.deepcopy(RULES)
    del no_v["pemetaan"]["V"]
    assert r.assess(holder(eselon_unit="V", jenjang="PELAKSANA"), no_v).alasan == r.BUKAN_JABATAN_ADMINISTRASI


def test_conversion_ignores_rank():
    assert "golongan" not in r.Holder.__dataclass_fields__


def test_default_rules_are_valid():
    r.validate(RULES)


@pytest.mark.parametrize("change", [
    {"pemetaan": {"PENGAWAS": "AHLI_MUDA", "JPT": "AHLI_UTAMA"}},
    {"pemetaan": {"PENGAWAS": "PENYELIA"}},
    {"pemetaan": {}},
    {"eselon_v": "V"},
    {"jabatan_dikecualikan": [1]},
    {"kecualikan_pimpinan_unit": "ya"},
    {"lain": 1},
])
def test_rejects_bad_rule_sets(change):
    with pytest.raises(ValueError):
        r.validate(copy.deepcopy(RULES) | change)


def test_effect_moves_counts_between_rows():
    now = {"ADMINISTRATOR": 3, "PENGAWAS": 10, "AHLI_MUDA": 4, "PELAKSANA": 20}
    rows = {x.kategori: x for x in r.effect(now, applied=[("PENGAWAS", "AHLI_MUDA")] * 2,
                                            open_=[("ADMINISTRATOR", "AHLI_MADYA")])}
    assert (rows["PENGAWAS"].sebelum, rows["PENGAWAS"].sekarang, rows["PENGAWAS"].setelah) == (12, 10, 10)
    assert (rows["AHLI_MUDA"].sebelum, rows["AHLI_MUDA"].sekarang) == (2, 4)
    assert (rows["ADMINISTRATOR"].setelah, rows["AHLI_MADYA"].setelah) == (2, 1)
    assert r.totals(rows.values(), r.TINGKAT) == (15, 13, 12)
    assert [x.kategori for x in r.effect({}, [], [])] == list(r.KATEGORI)
