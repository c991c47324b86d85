"""NIP rules of CONTRACTS §5 / DOMAIN §6: table-driven, plain pytest (no database, no Django needed)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abdi.people import nip as N
from abdi.people.nip import (
    NIP_ERROR_MESSAGES,
    birth_dates_of,
    format_nip,
    genders_of,
    parse_nip,
    validate_nip_array,
)

TODAY = dt.date(2025, 6, 15)

# (case id, nip, pppk, expected error codes in order; () = valid)
CASES: list[tuple[str, str, bool, tuple[int, ...]]] = [
    ("contract example", "198609262015051001", False, ()),
    ("17 digits", "19860926201505100", False, (N.E_PANJANG,)),
    ("19 digits", "1986092620150510011", False, (N.E_PANJANG,)),
    ("empty", "", False, (N.E_PANJANG,)),
    ("letter", "19860926201505100A", False, (N.E_BUKAN_ANGKA,)),
    ("space-formatted", "19860926 201505 1 001", False, (N.E_PANJANG, N.E_BUKAN_ANGKA)),
    ("non-ascii digit", "19860926201505100١", False, (N.E_BUKAN_ANGKA,)),
    ("17 chars with a letter", "1986092620150510A", False, (N.E_PANJANG, N.E_BUKAN_ANGKA)),
    ("birth month 13", "198613262015051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("birth day 00", "198609002015051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("birth day 31 in a 30-day month", "198609312015051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("birth year 0000", "000001012015051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("29 Feb in a leap year", "199602292015051001", False, ()),
    ("29 Feb in a common year", "199702292015051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("29 Feb 1900 (not leap)", "190002291920051001", False, (N.E_TGL_LAHIR_TIDAK_VALID,)),
    ("29 Feb 2000 (leap)", "200002292020051001", False, ()),
    ("birth date is today", "202506152025061001", False, (N.E_TMT_SEBELUM_18,)),
    ("birth after today", "202506162025061001", False, (N.E_TGL_LAHIR_MASA_DEPAN, N.E_TMT_SEBELUM_18)),
    ("TMT month 00", "198609262015001001", False, (N.E_BULAN_TMT,)),
    ("TMT month 13", "198609262015131001", False, (N.E_BULAN_TMT,)),
    ("TMT month 12", "198609262015121001", False, ()),
    ("TMT this month", "198609262025061001", False, ()),
    ("TMT next month", "198609262025071001", False, (N.E_TMT_MASA_DEPAN,)),
    ("TMT next year", "198609262026011001", False, (N.E_TMT_MASA_DEPAN,)),
    ("gender 0", "198609262015050001", False, (N.E_JENIS_KELAMIN,)),
    ("gender 3", "198609262015053001", False, (N.E_JENIS_KELAMIN,)),
    ("gender 2", "198609262015052001", False, ()),
    ("sequence 000", "198609262015051000", False, (N.E_NOMOR_URUT,)),
    ("sequence 999", "198609262015051999", False, ()),
    ("TMT on the 18th birthday", "199005012008051001", False, ()),
    ("TMT month starts a day before the 18th birthday", "199005022008051001", False, (N.E_TMT_SEBELUM_18,)),
    ("TMT the month before the 18th birthday", "199005012008041001", False, (N.E_TMT_SEBELUM_18,)),
    ("18th birthday earlier in the TMT month's year", "199004302008051001", False, ()),
    ("born 29 Feb, TMT 1 March of the 18th year", "200002292018031001", False, ()),
    ("born 29 Feb, TMT 1 Feb of the 18th year", "200002292018021001", False, (N.E_TMT_SEBELUM_18,)),
    ("every field wrong", "198613322015130000", False,
     (N.E_TGL_LAHIR_TIDAK_VALID, N.E_BULAN_TMT, N.E_JENIS_KELAMIN, N.E_NOMOR_URUT)),
    # PPPK layout: digits 9-12 appointment year, 13-14 contract code 01-99
    ("PPPK contract 01", "199009132025012014", True, ()),
    ("PPPK contract 24 (DOMAIN example)", "199009132025242014", True, ()),
    ("PPPK contract 99", "199009132025992014", True, ()),
    ("PPPK contract 00", "199009132025002014", True, (N.E_KODE_KONTRAK,)),
    ("same digits as PNS: month 24", "199009132025242014", False, (N.E_BULAN_TMT,)),
    ("PPPK appointment next year", "199009132026012014", True, (N.E_TAHUN_PENGANGKATAN_MASA_DEPAN,)),
    ("PPPK 18 on 1 January of the appointment year", "200701012025011001", True, ()),
    ("PPPK 18 on 2 January of the appointment year", "200701022025011001", True, (N.E_PENGANGKATAN_SEBELUM_18,)),
    ("PPPK gender 3", "199009132025013014", True, (N.E_JENIS_KELAMIN,)),
    ("PPPK sequence 000", "199009132025012000", True, (N.E_NOMOR_URUT,)),
]


@pytest.mark.parametrize(("nip", "pppk", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_nip_rules(nip: str, pppk: bool, codes: tuple[int, ...]) -> None:
    info = parse_nip(nip, pppk=pppk, today=TODAY)
    assert info.valid is (codes == ())
    assert info.error_codes == codes
    assert info.errors == tuple(NIP_ERROR_MESSAGES[c] for c in codes)


@pytest.mark.parametrize(("nip", "pppk", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_vectorised_gives_first_failing_rule(nip: str, pppk: bool, codes: tuple[int, ...]) -> None:
    result = validate_nip_array(np.array([nip]), pppk=np.array([pppk]), today=TODAY)
    assert int(result[0]) == (codes[0] if codes else 0)


def test_every_error_code_has_a_case_and_an_indonesian_message() -> None:
    covered = {c for case in CASES for c in case[3]}
    assert covered == set(NIP_ERROR_MESSAGES)
    assert len(set(NIP_ERROR_MESSAGES.values())) == len(NIP_ERROR_MESSAGES)
    assert NIP_ERROR_MESSAGES[N.E_PANJANG] == "panjang NIP harus 18 digit"
    assert NIP_ERROR_MESSAGES[N.E_BULAN_TMT] == "bulan TMT (digit 13–14) harus 01–12"


def test_json_dict_matches_contract_example() -> None:
    assert parse_nip("198609262015051001", today=TODAY).as_json_dict() == {
        "nip": "198609262015051001", "valid": True, "birth_date": "1986-09-26", "tmt": "2015-05",
        "gender": "L", "sequence": 1, "errors": [],
    }


def test_json_dict_of_pppk_and_invalid() -> None:
    d = parse_nip("199009132025242014", pppk=True, today=TODAY).as_json_dict()
    assert d == {"nip": "199009132025242014", "valid": True, "birth_date": "1990-09-13", "tmt": "2025",
                 "gender": "P", "sequence": 14, "errors": []}
    bad = parse_nip("19860926", today=TODAY).as_json_dict()
    assert bad["valid"] is False and bad["birth_date"] is None and bad["tmt"] is None
    assert bad["gender"] is None and bad["sequence"] is None
    assert bad["errors"] == ["panjang NIP harus 18 digit"]
    assert set(bad) == {"nip", "valid", "birth_date", "tmt", "gender", "sequence", "errors"}


def test_parts_are_read_even_when_another_rule_fails() -> None:
    info = parse_nip("198609262015051000", today=TODAY)
    assert not info.valid
    assert info.birth_date == dt.date(1986, 9, 26) and info.tmt == "2015-05" and info.gender == "L"
    assert info.sequence == 0


def test_today_defaults_to_the_current_date() -> None:
    assert parse_nip("198609262015051001").valid
    far = dt.date.today().year + 1
    assert not parse_nip(f"19860926{far}051001").valid


@pytest.mark.parametrize(
    ("nip", "pppk", "text"),
    [
        ("198609262015051001", False, "19860926 201505 1 001"),
        ("199009132025242014", True, "19900913 2025 24 2 014"),
        ("1986", False, "1986"),
        ("19860926201505100A", False, "19860926201505100A"),
    ],
)
def test_format_nip(nip: str, pppk: bool, text: str) -> None:
    assert format_nip(nip, pppk=pppk) == text


def test_vectorised_input_kinds_and_mismatch_flags() -> None:
    nips = ["198609262015051001", "198609262015052002", "19860926", None, "198609262015051000"]
    births = np.array(["1986-09-26", "1986-09-27", "1986-09-26", "NaT", "1986-09-25"], dtype="datetime64[D]")
    genders = ["L", "L", "P", None, "P"]
    expected_codes = [0, 0, N.E_PANJANG, N.E_PANJANG, N.E_NOMOR_URUT]
    for form in (
        np.array(nips, dtype=object),
        pa.array(nips, type=pa.string()),
        pa.chunked_array([pa.array(nips[:2]), pa.array(nips[2:], type=pa.string())]),
        np.array([v or "" for v in nips]),
        np.array([v or "" for v in nips], dtype="S"),
    ):
        res = validate_nip_array(form, birth_dates=births, genders=np.array(genders, dtype=object),
                                 pppk=False, today=TODAY)
        assert res.tolist() == expected_codes
        assert res.dtype == np.int8
        assert res.birth_mismatch.tolist() == [False, True, False, False, True]
        assert res.gender_mismatch.tolist() == [False, True, False, False, True]
        code, bm, gm = res.as_tuple()
        assert type(code) is np.ndarray and type(res != 0) is np.ndarray
        assert gm.tolist() == res.gender_mismatch.tolist()
    assert validate_nip_array(np.array([], dtype=str), today=TODAY).shape == (0,)
    sliced = pa.array(["x", "198609262015051001", "198609262015051000"]).slice(1)
    assert validate_nip_array(sliced, today=TODAY).tolist() == [0, N.E_NOMOR_URUT]


def test_birth_dates_and_genders_of() -> None:
    nips = np.array(["198609262015051001", "199702292015052001", "199009132025242014", "abc"], dtype=object)
    dates = birth_dates_of(nips)
    assert dates[0] == np.datetime64("1986-09-26") and np.isnat(dates[1]) and np.isnat(dates[3])
    assert genders_of(nips).tolist() == ["L", "P", "P", ""]
    assert genders_of(nips, valid=np.array([False, True, True, True])).tolist() == ["", "P", "P", ""]
    assert np.isnat(birth_dates_of(nips, valid=np.array([False] * 4))).all()


def test_six_million_rows_in_a_few_seconds() -> None:
    import time

    nips = pa.array(np.repeat(np.array(["198609262015051001", "199009132025242014"]), 3_000_000))
    start = time.perf_counter()
    res = validate_nip_array(nips, pppk=np.tile([False, True], 3_000_000).reshape(-1)[:6_000_000],
                             today=TODAY)
    assert time.perf_counter() - start < 10
    assert res.shape == (6_000_000,)


# --- scalar and vectorised agree -----------------------------------------------------------------------

_digits = st.integers(min_value=0, max_value=9)


@st.composite
def nip_like(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:  # free text now and then
        return draw(st.text(alphabet="0123456789 aZ٣-", max_size=20))
    by = draw(st.sampled_from([0, 1, 1899, 1900, 1964, 1986, 1996, 2000, 2007, 2024, 2025, 2026, 9999]))
    bm = draw(st.integers(0, 13))
    bd = draw(st.sampled_from([0, 1, 2, 15, 28, 29, 30, 31, 32]))
    ty = draw(st.sampled_from([0, 1900, 1982, 2004, 2008, 2018, 2024, 2025, 2026]))
    tm = draw(st.integers(0, 99))
    g = draw(st.integers(0, 9))
    seq = draw(st.sampled_from([0, 1, 2, 999]))
    return f"{by:04d}{bm:02d}{bd:02d}{ty:04d}{tm:02d}{g}{seq:03d}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(nip_like(), st.booleans()), min_size=1, max_size=40),
       st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_scalar_and_vectorised_agree(rows: list[tuple[str, bool]], today: dt.date) -> None:
    nips = [r[0] for r in rows]
    mask = np.array([r[1] for r in rows])
    for form in (np.array(nips, dtype=object), pa.array(nips)):
        res = validate_nip_array(form, pppk=mask, today=today)
        for i, (text, pppk) in enumerate(rows):
            info = parse_nip(text, pppk=pppk, today=today)
            assert int(res[i]) == (info.error_codes[0] if info.error_codes else 0), (text, pppk)
            expected_birth = np.datetime64(info.birth_date) if info.birth_date else np.datetime64("NaT")
            assert (np.isnat(res.nip_birth_date[i]) and np.isnat(expected_birth)) or \
                res.nip_birth_date[i] == expected_birth
            assert res.nip_gender[i] == (info.gender or "")
