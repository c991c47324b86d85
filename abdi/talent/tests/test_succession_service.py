"""Key positions, successors ranked from the pools with the succession engine, the emergency successor and
bench strength, on the test world: expectations computed here from the rule (Σ min(level, standard) ÷ Σ
standard; rank range; family; incumbent excluded)."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.competency.models import Asesmen
from abdi.org.models import Jabatan
from abdi.people.models import Pegawai
from abdi.talent.models import AnggotaKelompok, KelompokTalenta, Kotak, Suksesor
from abdi.talent.selectors import bench_strength, retirement_date, succession_board_for_user
from abdi.talent.services import (
    TalentError,
    emergency_successor_set,
    key_position_add,
    ninebox_recompute,
    successors_recompute,
)
from abdi.talent.tests.test_ninebox import NINE, YEAR, talent_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def pooled(talent_world, users):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    pool = KelompokTalenta.objects.create(nama="Nasional", tingkat="NASIONAL", kotak=list(range(1, 10)))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    active = Pegawai.objects.filter(kedudukan="AKTIF", nip__in=Kotak.objects.values("pegawai_id"))
    AnggotaKelompok.objects.bulk_create([AnggotaKelompok(kelompok=pool, pegawai=p, tahun=YEAR, kotak=0, masuk_pada=now)
                                         for p in active])
    return active


def plain_ranking(target_jabatan: str, incumbent: str, pool) -> list[tuple[str, float]]:
    """The engine's rule, written out: holders of the same position (no rumpun) in the rank range, PENGAWAS's
    default standard 2 in each competency, score desc, box desc, NIP asc."""
    jab = Jabatan.objects.get(pk=target_jabatan)
    ranks = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
             "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
    lo = ranks.index(jab.golongan_min) + 1 if jab.golongan_min else 0
    hi = ranks.index(jab.golongan_max) + 1 if jab.golongan_max else 99
    out = []
    for p in pool:
        if p.jabatan_id != target_jabatan or p.nip == incumbent or p.golongan not in ranks:
            continue
        if not lo <= ranks.index(p.golongan) + 1 <= hi:
            continue
        a = Asesmen.objects.filter(pegawai=p).order_by("-tanggal").first()
        if a is None:
            continue
        score = sum(min(getattr(a, k), 2) for k in NINE) / 18
        box = Kotak.objects.filter(pegawai=p).order_by("-tahun").values_list("kotak", flat=True).first() or 0
        out.append((-score, -box, p.nip))
    return [(nip, -s) for s, _b, nip in sorted(out)]


def test_successors_ranked_as_the_rule_says(pooled, users):
    target = key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    result = successors_recompute()
    assert result["jabatan_target"] == 1
    stored = list(Suksesor.objects.filter(jabatan_target=target).order_by("peringkat").values_list("pegawai_id", "skor"))
    incumbent = Pegawai.objects.filter(unor_id="A1", jabatan_id="J-STR", kedudukan="AKTIF").order_by("nip").first()
    expected = plain_ranking("J-STR", incumbent.nip if incumbent else "", pooled)[:10]
    assert [n for n, _ in stored] == [n for n, _ in expected] and stored
    assert [float(s) for _, s in stored] == pytest.approx([s for _, s in expected], abs=1e-4)
    board = succession_board_for_user(users.admin_a, "KAB-A")
    assert board[0].target == target and board[0].pemangku_nip == (incumbent.nip if incumbent else "")
    assert board[0].siap_sekarang == sum(1 for _, s in expected if s >= 1.0)
    strength = bench_strength("KAB-A")
    assert strength["jabatan_target"] == 1 and strength["dengan_siap_sekarang"] == (1 if board[0].siap_sekarang else 0)


def test_emergency_successor_and_refusals(pooled, users):
    target = key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    assert pytest.raises(TalentError, key_position_add, actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    with pytest.raises(TalentError) as info:
        key_position_add(actor=users.admin_a, unor_id="B1", jabatan_id="J-STR")
    assert info.value.status == 404
    successors_recompute(instansi_id="KAB-A")
    first = Suksesor.objects.filter(jabatan_target=target).order_by("peringkat").first()
    emergency_successor_set(actor=users.admin_a, target=target, nip=first.pegawai_id)
    target.refresh_from_db()
    assert target.pengganti_darurat == first.pegawai_id
    with pytest.raises(TalentError) as info:
        emergency_successor_set(actor=users.admin_a, target=target, nip="199901012020011001")
    assert info.value.field == "nip"
    with pytest.raises(TalentError) as info:
        emergency_successor_set(actor=users.admin_b, target=target, nip="")
    assert info.value.status == 404


@pytest.mark.parametrize("born, bup, expected", [
    (dt.date(1970, 5, 17), 58, dt.date(2028, 6, 1)), (dt.date(1970, 12, 3), 58, dt.date(2029, 1, 1)),
    (None, 58, None)])
def test_retirement_date(born, bup, expected):
    assert retirement_date(born, bup) == expected


def test_scorecard_indicators(pooled, users):
    from abdi.analytics.scorecard import scorecard_for_user

    key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    successors_recompute()
    card = {i["kode"]: i for i in scorecard_for_user(users.admin_a, "KAB-A")["indikator"]}
    assert card["kedalaman_talenta"]["nilai"] == len([p for p in pooled if p.instansi_id == "KAB-A"])
    strength = bench_strength("KAB-A")
    assert (card["kekuatan_suksesi"]["nilai"], card["kekuatan_suksesi"]["penyebut"]) == (
        strength["dengan_siap_sekarang"], 1)


@pytest.mark.parametrize("day, years, expected", [
    (dt.date(2028, 2, 29), 2, dt.date(2030, 2, 28)), (dt.date(2028, 2, 29), 4, dt.date(2032, 2, 29)),
    (dt.date(2026, 11, 30), 2, dt.date(2028, 11, 30))])
def test_years_later(day, years, expected):
    from abdi.talent.selectors import years_later

    assert years_later(day, years) == expected


def test_board_and_bench_strength_on_29_february(pooled, users, monkeypatch):
    from abdi.talent import selectors

    key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    successors_recompute()
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2028, 2, 29))
    board = succession_board_for_user(users.admin_a, "KAB-A")
    assert len(board) == 1 and board[0].status in ("aman", "rawan", "kritis")
    assert bench_strength("KAB-A")["jabatan_target"] == 1


def _suksesi(**change):
    from abdi.talent import succession

    data = {**succession.SUKSESI_DEFAULT, **change}
    return data


@pytest.mark.parametrize("change, words", [
    ({"kesiapan": {"siap_sekarang": 1.0}}, "kesiapan harus memuat"),
    ({"kesiapan": {"siap_sekarang": 0.8, "siap_1_2_tahun": 0.9}}, "ambang tertinggi"),
    ({"kesiapan": {"siap_sekarang": 1.5, "siap_1_2_tahun": 0.9}}, "di atas 0 sampai 1"),
    ({"siap_sekarang_minimal": {"biasa": 0, "pensiun_dekat": 2}}, "1–10"),
    ({"pensiun_dekat_tahun": "2"}, "pensiun_dekat_tahun")])
def test_succession_rules_are_validated(change, words):
    from abdi.talent import succession

    with pytest.raises(ValueError, match=words):
        succession.validate_rules(_suksesi(**change))
    succession.validate_rules(_suksesi())


def test_a_new_succession_rule_version_changes_readiness_and_the_horizon(pooled, users, monkeypatch):
    from abdi.core.rulesets import rules_version_add
    from abdi.talent import selectors, succession
    from abdi.talent.selectors import years_later

    target = key_position_add(actor=users.admin_a, unor_id="A1", jabatan_id="J-STR")
    successors_recompute()
    pensiun = succession_board_for_user(users.admin_a, "KAB-A")[0].pensiun
    assert pensiun is not None
    # five years before the incumbent retires: not soon by default (2 years), soon with a 10-year horizon
    monkeypatch.setattr(selectors, "today", lambda: years_later(pensiun, -5))
    assert not succession_board_for_user(users.admin_a, "KAB-A")[0].pensiun_2_tahun
    scores = list(Suksesor.objects.filter(jabatan_target=target).values_list("skor", "kesiapan"))
    assert scores and all((s >= 1.0) == (k == "siap_sekarang") for s, k in scores)
    # every listed successor ready now from a score of 0.5; "retiring soon" looks 10 years ahead
    rules_version_add(code=succession.SUKSESI, valid_from=dt.date(2000, 1, 1), actor=users.national_admin,
                      data=_suksesi(kesiapan={"siap_sekarang": 0.5, "siap_1_2_tahun": 0.4}, pensiun_dekat_tahun=10),
                      validate=succession.validate_rules)
    successors_recompute()
    stored = list(Suksesor.objects.filter(jabatan_target=target).values_list("skor", "kesiapan"))
    assert [k for _, k in stored] == [("siap_sekarang" if s >= 0.5 else "siap_1_2_tahun" if s >= 0.4
                                       else "siap_3_tahun_lebih") for s, _ in stored]
    board = succession_board_for_user(users.admin_a, "KAB-A")[0]
    assert board.siap_sekarang == sum(1 for s, _ in stored if s >= 0.5)
    assert board.pensiun == pensiun and board.pensiun_2_tahun
