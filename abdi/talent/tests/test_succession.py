"""The successor-ranking engine (``abdi.talent.succession``): hand-checked cases, then the engine against the
plain double loop on many random small instances (hypothesis and a seeded loop). No database."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abdi.talent.succession import (
    COMPETENCIES,
    READINESS,
    Candidates,
    Positions,
    Ranking,
    bench_strength,
    rank_successors,
    rank_successors_plain,
    readiness,
    ready_now_counts,
)

K = len(COMPETENCIES)


def positions(*rows) -> Positions:
    """Rows of dicts: standard (a level for all nine, or a list), family, rank_min, rank_max, incumbent."""
    def std(v):
        return [v] * K if isinstance(v, int) else v
    return Positions(ids=list(range(1, len(rows) + 1)), standard=[std(r.get("standard", 3)) for r in rows],
                     family=[r.get("family", 1) for r in rows], rank_min=[r.get("rank_min", 0) for r in rows],
                     rank_max=[r.get("rank_max", 0) for r in rows], incumbent=[r.get("incumbent", 0) for r in rows])


def candidates(*rows) -> Candidates:
    """Rows of dicts: nip, levels (a level for all nine, or a list), family, rank, box."""
    def lev(v):
        return [v] * K if isinstance(v, int) else v
    return Candidates(nip=[r["nip"] for r in rows], levels=[lev(r.get("levels", 3)) for r in rows],
                      family=[r.get("family", 1) for r in rows], rank=[r.get("rank", 10) for r in rows],
                      box=[r.get("box", 5) for r in rows])


def both(pos: Positions, cand: Candidates, **kw) -> Ranking:
    """The engine's ranking, after checking that the plain loop gives exactly the same."""
    fast, plain = rank_successors(pos, cand, **kw), rank_successors_plain(pos, cand, **kw)
    assert fast.equals(plain), (fast, plain)
    return fast


def listed(r: Ranking, cand: Candidates, row: int = 0) -> list[int]:
    """The NIPs listed for position ``row``, best first."""
    return [int(cand.nip[i]) for i in r.index[row] if i >= 0]


# --- the score ------------------------------------------------------------------------------------------------
def test_balanced_candidate_ranks_above_one_who_exceeds_one_competency_but_falls_short_in_another():
    # both have Σ level = 27 = Σ standard (an uncapped JPM of 100 %); the uneven one has the better box
    uneven = [5, 1] + [3] * 7
    cand = candidates({"nip": 1, "levels": uneven, "box": 9}, {"nip": 2, "levels": 3, "box": 5})
    r = both(positions({"standard": 3}), cand)
    assert listed(r, cand) == [2, 1]
    assert r.numerator[0, :2].tolist() == [27, 25]  # the 5 counts as 3, the 1 as 1
    assert r.denominator.tolist() == [27]
    assert r.score[0, 0] == 1.0
    assert r.score[0, 1] == 25 / 27


def test_competencies_without_a_standard_are_left_out_of_the_score():
    standard = [4, 0, 2] + [0] * 6
    cand = candidates({"nip": 1, "levels": [3, 5, 5] + [1] * 6})
    r = both(positions({"standard": standard}), cand)
    assert (r.numerator[0, 0], r.denominator[0]) == (3 + 2, 6)
    assert r.score[0, 0] == 5 / 6


def test_score_above_the_standard_is_capped_at_one():
    cand = candidates({"nip": 1, "levels": 5})
    assert both(positions({"standard": 2}), cand).score[0, 0] == 1.0


# --- the order ------------------------------------------------------------------------------------------------
def test_equal_scores_break_by_box_descending_then_nip_ascending():
    cand = candidates({"nip": 199001012015031001, "box": 7}, {"nip": 199001012015031003, "box": 9},
                      {"nip": 199001012015031002, "box": 9}, {"nip": 199001012015031000, "levels": 2, "box": 9})
    r = both(positions({}), cand)
    assert listed(r, cand) == [199001012015031002, 199001012015031003, 199001012015031001, 199001012015031000]
    assert r.score[0].tolist()[:3] == [1.0, 1.0, 1.0]


def test_eighteen_digit_nips_order_exactly():
    # two NIPs one apart at 18 digits: float64 cannot tell them apart, int64 can
    a, b = 199912312024121999, 199912312024122000
    cand = candidates({"nip": b}, {"nip": a})
    assert listed(both(positions({}), cand), cand) == [a, b]


def test_rows_follow_the_input_order_of_positions():
    cand = candidates({"nip": 1, "family": 2}, {"nip": 2, "family": 1}, {"nip": 3, "family": 3})
    r = both(positions({"family": 3}, {"family": 1}, {"family": 2}), cand)
    assert [listed(r, cand, i) for i in range(3)] == [[3], [2], [1]]


# --- eligibility ----------------------------------------------------------------------------------------------
RANKED = candidates(*({"nip": rank, "rank": rank} for rank in (8, 9, 11, 13, 14)))


@pytest.mark.parametrize(("rank_min", "rank_max", "expected"), [
    (9, 13, [9, 11, 13]),  # both bounds included
    (0, 11, [8, 9, 11]),  # no lower bound
    (11, 0, [11, 13, 14]),  # no upper bound
    (0, 0, [8, 9, 11, 13, 14]),  # unbounded
    (12, 12, []),  # nobody at III/d
    (13, 9, []),  # an empty range
])
def test_rank_bounds_include_both_ends_and_zero_does_not_restrict(rank_min, rank_max, expected):
    r = both(positions({"rank_min": rank_min, "rank_max": rank_max}), RANKED)
    assert sorted(listed(r, RANKED)) == expected
    assert r.eligible.tolist() == [len(expected)]


def test_only_the_position_family_is_eligible_without_a_family_map():
    cand = candidates({"nip": 1, "family": 1}, {"nip": 2, "family": 2}, {"nip": 3, "family": 3})
    r = both(positions({"family": 1}), cand)
    assert listed(r, cand) == [1]


def test_family_map_adds_families_to_the_position_family_and_is_one_way():
    cand = candidates({"nip": 1, "family": 1}, {"nip": 2, "family": 2}, {"nip": 3, "family": 3})
    r = both(positions({"family": 1}, {"family": 2}), cand, family_map={1: {2}, 7: {3}})
    assert sorted(listed(r, cand, 0)) == [1, 2]
    assert listed(r, cand, 1) == [2]  # the map says family-1 posts take family 2, not the other way
    r = both(positions({"family": 9}), cand, family_map={9: {1, 3}})  # no candidate of its own family
    assert sorted(listed(r, cand)) == [1, 3]


def test_the_incumbent_is_not_a_candidate_for_their_own_post_but_is_for_another():
    cand = candidates({"nip": 11, "box": 9}, {"nip": 12}, {"nip": 13})
    r = both(positions({"incumbent": 11}, {"incumbent": 0}, {"incumbent": 99}), cand)
    assert listed(r, cand, 0) == [12, 13]
    assert listed(r, cand, 1) == [11, 12, 13]  # vacant: excludes no one
    assert listed(r, cand, 2) == [11, 12, 13]  # held by someone outside the pool
    assert r.eligible.tolist() == [2, 3, 3]


def test_an_incumbent_outside_the_rank_range_changes_nothing():
    cand = candidates({"nip": 11, "rank": 5}, {"nip": 12, "rank": 10})
    r = both(positions({"incumbent": 11, "rank_min": 9}), cand)
    assert listed(r, cand) == [12]
    assert r.eligible.tolist() == [1]


# --- padding --------------------------------------------------------------------------------------------------
def test_fewer_eligible_than_top_are_padded_with_minus_one_and_nan():
    cand = candidates({"nip": 1}, {"nip": 2, "levels": 2}, {"nip": 3, "family": 2})
    r = both(positions({}), cand, top=5)
    assert r.index.shape == (1, 5)
    assert r.index[0].tolist() == [0, 1, -1, -1, -1]
    assert r.numerator[0].tolist() == [27, 18, -1, -1, -1]
    assert r.score[0, :2].tolist() == [1.0, 18 / 27]
    assert np.isnan(r.score[0, 2:]).all()
    assert r.eligible.tolist() == [2]


def test_a_position_without_any_standard_gets_no_candidates():
    # 0 ÷ 0 has no meaning: such a post lists nobody until its competency standard (SKJ) is filled in
    cand = candidates({"nip": 1}, {"nip": 2})
    r = both(positions({"standard": 0}, {"standard": 3}), cand, top=3)
    assert r.index[0].tolist() == [-1, -1, -1]
    assert np.isnan(r.score[0]).all()
    assert (r.denominator[0], r.eligible[0]) == (0, 0)
    assert listed(r, cand, 1) == [1, 2]


def test_empty_inputs_and_top_zero():
    cand = candidates({"nip": 1})
    none = Candidates(nip=[], levels=[], family=[], rank=[], box=[])
    assert both(positions({}), none, top=2).index.tolist() == [[-1, -1]]
    empty = Positions(ids=[], standard=[], family=[], rank_min=[], rank_max=[], incumbent=[])
    assert both(empty, cand).index.shape == (0, 10)
    r = both(positions({}), cand, top=0)
    assert r.index.shape == (1, 0)
    assert r.eligible.tolist() == [1]


def test_blocks_of_any_size_give_the_same_ranking():
    pos, cand = random_instance(random.Random(7), n_positions=40, n_candidates=300)
    expected = rank_successors_plain(pos, cand, top=7)
    for block_cells in (1, 13, 300, 1 << 20):
        assert rank_successors(pos, cand, top=7, block_cells=block_cells).equals(expected)


def test_int64_keys_give_the_same_ranking(monkeypatch):
    from abdi.talent import succession

    pos, cand = random_instance(random.Random(8), n_positions=30, n_candidates=200)
    expected = rank_successors(pos, cand, top=5)
    monkeypatch.setattr(succession, "_INT32_KEYS_BELOW", 0)  # as for a pool past 45 million
    assert rank_successors(pos, cand, top=5).equals(expected)


# --- input checks ---------------------------------------------------------------------------------------------
def test_rejects_duplicate_nips():
    with pytest.raises(ValueError, match="unique"):
        rank_successors(positions({}), candidates({"nip": 1}, {"nip": 1}))


def test_rejects_standard_above_five_a_wrong_shape_and_negative_rank_bounds():
    with pytest.raises(ValueError, match="standard"):
        positions({"standard": 6})
    with pytest.raises(ValueError, match="shape"):
        Positions(ids=[1], standard=[[3] * 8], family=[1], rank_min=[0], rank_max=[0], incumbent=[0])
    with pytest.raises(ValueError, match="length"):
        Candidates(nip=[1, 2], levels=[[3] * 9], family=[1], rank=[1], box=[1])
    with pytest.raises(ValueError, match="rank"):
        positions({"rank_min": -1})


# --- readiness and bench strength -----------------------------------------------------------------------------
def test_readiness_default_thresholds():
    assert readiness([1.0, 0.95, 0.9, 0.89, math.nan]).tolist() == [
        "siap_sekarang", "siap_1_2_tahun", "siap_1_2_tahun", "siap_3_tahun_lebih", ""]
    assert READINESS == {"siap_sekarang": 1.0, "siap_1_2_tahun": 0.9}


def test_readiness_takes_its_rules_as_data():
    rules = {"siap_sekarang": 0.95, "siap_1_2_tahun": 0.8}
    assert readiness([0.96, 0.85, 0.5], rules, otherwise="belum").tolist() == [
        "siap_sekarang", "siap_1_2_tahun", "belum"]


def test_ready_now_counts_and_bench_strength():
    score = np.array([[1.0, 1.0, 0.9], [0.95, np.nan, np.nan], [1.0, 0.5, np.nan], [np.nan] * 3])
    ready = ready_now_counts(score)
    assert ready.tolist() == [2, 0, 1, 0]
    retires = [True, True, True, False]
    assert bench_strength(ready, retires).tolist() == ["aman", "kritis", "rawan", "rawan"]
    assert bench_strength(ready, retires, required={False: 0, True: 1}).tolist() == [
        "aman", "kritis", "aman", "aman"]


def test_readiness_of_a_ranking():
    cand = candidates({"nip": 1}, {"nip": 2, "levels": [2] + [3] * 8}, {"nip": 3, "levels": 2})
    r = both(positions({}), cand, top=4)
    assert readiness(r.score).tolist() == [["siap_sekarang", "siap_1_2_tahun", "siap_3_tahun_lebih", ""]]


# --- the engine against the plain loop ------------------------------------------------------------------------
def random_instance(rnd: random.Random, *, n_positions: int, n_candidates: int, families: int = 3,
                    max_level: int = 5) -> tuple[Positions, Candidates]:
    """Small ranges on purpose: many equal scores, boxes and shared ranks, so the tie-breaks are exercised."""
    nips = rnd.sample(range(100, 100 + 4 * n_candidates + 10), n_candidates)
    cand = Candidates(
        nip=[199000000000000000 + x for x in nips],
        levels=[[rnd.randint(0, max_level) for _ in range(K)] for _ in range(n_candidates)],
        family=[rnd.randint(1, families) for _ in range(n_candidates)],
        rank=[rnd.randint(1, 17) for _ in range(n_candidates)],
        box=[rnd.randint(1, 9) for _ in range(n_candidates)])
    standard = []
    for _ in range(n_positions):
        kind = rnd.random()
        if kind < 0.05:
            standard.append([0] * K)
        elif kind < 0.3:
            standard.append([rnd.choice([0, rnd.randint(1, 5)]) for _ in range(K)])
        else:
            standard.append([rnd.randint(1, 5) for _ in range(K)])
    incumbents = [0] + [int(x) for x in cand.nip] + [1]
    pos = Positions(
        ids=list(range(n_positions)), standard=standard,
        family=[rnd.randint(1, families + 1) for _ in range(n_positions)],
        rank_min=[rnd.choice([0, rnd.randint(1, 17)]) for _ in range(n_positions)],
        rank_max=[rnd.choice([0, rnd.randint(1, 17)]) for _ in range(n_positions)],
        incumbent=[rnd.choice(incumbents) for _ in range(n_positions)])
    return pos, cand


def random_family_map(rnd: random.Random, families: int = 3) -> dict[int, set[int]] | None:
    if rnd.random() < 0.4:
        return None
    return {f: set(rnd.sample(range(1, families + 2), rnd.randint(0, 2))) for f in range(1, families + 2)
            if rnd.random() < 0.5}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n_positions=st.integers(0, 12), n_candidates=st.integers(0, 40),
       families=st.integers(1, 4), max_level=st.sampled_from([2, 5, 7]), top=st.integers(0, 6),
       block_cells=st.sampled_from([1, 7, 64, 1 << 18]))
def test_engine_equals_plain_loop_on_random_instances(seed, n_positions, n_candidates, families, max_level, top,
                                                      block_cells):
    rnd = random.Random(seed)
    pos, cand = random_instance(rnd, n_positions=n_positions, n_candidates=n_candidates, families=families,
                                max_level=max_level)
    family_map = random_family_map(rnd, families)
    fast = rank_successors(pos, cand, top=top, family_map=family_map, block_cells=block_cells)
    plain = rank_successors_plain(pos, cand, top=top, family_map=family_map)
    assert fast.equals(plain)
    assert np.array_equal(fast.index, plain.index)  # ids and order
    assert np.array_equal(fast.score, plain.score, equal_nan=True)


def test_engine_equals_plain_loop_on_seeded_larger_instances():
    rnd = random.Random(20260)
    for _ in range(200):
        pos, cand = random_instance(rnd, n_positions=rnd.randint(1, 60), n_candidates=rnd.randint(1, 400),
                                    families=rnd.randint(1, 6))
        family_map = random_family_map(rnd, 6)
        top = rnd.randint(1, 12)
        fast = rank_successors(pos, cand, top=top, family_map=family_map, block_cells=rnd.choice([50, 1 << 18]))
        assert fast.equals(rank_successors_plain(pos, cand, top=top, family_map=family_map))
