"""The redistribution optimizer on hand-checked instances and, against an integer LP, on random ones."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from abdi.planning.optimizer import Arc, Move, OptimizerRangeError, Seat, solve


def moves(solution):
    return [(m.nip, m.kursi_id) for m in solution.moves]


def test_unit_gives_no_more_than_maks_keluar():
    s = solve({"a": "U", "b": "U", "c": "U"}, {"U": 2}, {"X": Seat(3, 1)},
              [Arc("a", "X", 3), Arc("b", "X", 1), Arc("c", "X", 2)])
    assert moves(s) == [("b", "X"), ("c", "X")]
    assert (s.kursi_terisi, s.bobot_terisi, s.total_biaya) == (2, 2, 3)


def test_seat_group_takes_no_more_than_kekurangan():
    s = solve({"a": "U", "b": "V", "c": "W"}, {"U": 5, "V": 5, "W": 5}, {"X": Seat(1, 1)},
              [Arc("a", "X", 4), Arc("b", "X", 2), Arc("c", "X", 9)])
    assert moves(s) == [("b", "X")]
    assert s.total_biaya == 2


def test_each_nip_moves_at_most_once():
    s = solve({"a": "U"}, {"U": 5}, {"X": Seat(1, 1), "Y": Seat(1, 1)}, [Arc("a", "X", 0), Arc("a", "Y", 0)])
    assert s.kursi_terisi == 1
    assert len({m.nip for m in s.moves}) == 1


def test_priority_beats_cost():
    s = solve({"a": "U"}, {"U": 1}, {"X": Seat(1, 1), "Y": Seat(1, 2)},
              [Arc("a", "X", 0), Arc("a", "Y", 1_000_000)])
    assert moves(s) == [("a", "Y")]
    assert (s.bobot_terisi, s.total_biaya) == (2, 1_000_000)


def test_weighted_fill_beats_cost_across_candidates():
    # a can take X (prio 1) or Y (prio 3); b only Y. Best: a→X, b→Y (weight 4) though a→Y is cheaper alone.
    s = solve({"a": "U", "b": "V"}, {"U": 1, "V": 1}, {"X": Seat(1, 1), "Y": Seat(1, 3)},
              [Arc("a", "X", 50), Arc("a", "Y", 0), Arc("b", "Y", 40)])
    assert moves(s) == [("a", "X"), ("b", "Y")]
    assert (s.kursi_terisi, s.bobot_terisi, s.total_biaya) == (2, 4, 90)


def test_cost_decides_among_equal_fills():
    s = solve({"a": "U", "b": "V"}, {"U": 1, "V": 1}, {"X": Seat(1, 1), "Y": Seat(1, 1)},
              [Arc("a", "X", 1), Arc("a", "Y", 10), Arc("b", "X", 10), Arc("b", "Y", 2)])
    assert moves(s) == [("a", "X"), ("b", "Y")]
    assert s.total_biaya == 3


def test_unit_missing_from_capacities_gives_nobody():
    s = solve({"a": "U", "b": "V"}, {"V": 0}, {"X": Seat(2, 1)}, [Arc("a", "X", 0), Arc("b", "X", 0)])
    assert s.moves == ()
    assert (s.kursi_terisi, s.bobot_terisi, s.total_biaya) == (0, 0, 0)


def test_nothing_is_forced_when_nothing_can_be_filled():
    # seat with no shortage, candidate without arcs, a unit with capacity but no one eligible
    s = solve({"a": "U", "b": "U"}, {"U": 3, "W": 4}, {"X": Seat(0, 5), "Y": Seat(2, 1)}, [Arc("a", "X", 0)])
    assert s.moves == ()
    assert s.total_biaya == 0


def test_zero_cost_moves_still_fill_and_only_needed_moves_are_made():
    s = solve({"a": "U", "b": "U", "c": "U"}, {"U": 3}, {"X": Seat(1, 1)},
              [Arc("a", "X", 0), Arc("b", "X", 0), Arc("c", "X", 0)])
    assert s.kursi_terisi == 1
    assert moves(s) == [("a", "X")]  # ties go to the smallest nip of an interchangeable class


def test_empty_problem():
    s = solve({}, {}, {}, [])
    assert (s.moves, s.kursi_terisi, s.bobot_terisi, s.total_biaya) == ((), 0, 0, 0)


def test_identical_candidates_are_aggregated_and_expanded_by_sorted_nip():
    candidates = {f"n{i:02d}": "U" for i in range(10)}
    arcs = [Arc(nip, kursi, biaya) for nip in candidates for kursi, biaya in (("X", 3), ("Y", 5))]
    seats = {"X": Seat(3, 1), "Y": Seat(4, 1)}
    together = solve(candidates, {"U": 6}, seats, arcs)
    apart = solve(candidates, {"U": 6}, seats, arcs, aggregate=False)
    assert (together.kursi_terisi, together.bobot_terisi, together.total_biaya) == (6, 6, 3 * 3 + 3 * 5)
    assert (apart.kursi_terisi, apart.bobot_terisi, apart.total_biaya) == (6, 6, 24)
    assert [m.nip for m in together.moves] == [f"n{i:02d}" for i in range(6)]
    assert together.moves[0] == Move("n00", "X", 3)


def test_moves_are_sorted_by_nip():
    s = solve({"z": "U", "a": "V"}, {"U": 1, "V": 1}, {"X": Seat(2, 1)}, [Arc("z", "X", 0), Arc("a", "X", 0)])
    assert [m.nip for m in s.moves] == ["a", "z"]


def test_rejects_arcs_to_unknown_nip_or_seat_and_duplicates():
    with pytest.raises(ValueError):
        solve({}, {}, {"X": Seat(1, 1)}, [Arc("a", "X", 0)])
    with pytest.raises(ValueError):
        solve({"a": "U"}, {"U": 1}, {}, [Arc("a", "X", 0)])
    with pytest.raises(ValueError):
        solve({"a": "U"}, {"U": 1}, {"X": Seat(1, 1)}, [Arc("a", "X", 0), Arc("a", "X", 1)])


def test_numbers_too_large_for_64_bits_are_refused():
    with pytest.raises(OptimizerRangeError):
        solve({"a": "U"}, {"U": 1}, {"X": Seat(1, 10**12)}, [Arc("a", "X", 10**9)])


def test_large_costs_within_range_stay_exact():
    s = solve({"a": "U", "b": "U"}, {"U": 2}, {"X": Seat(1, 1), "Y": Seat(1, 1)},
              [Arc("a", "X", 10**9), Arc("a", "Y", 10**9 - 1), Arc("b", "X", 10**9 - 1), Arc("b", "Y", 10**9)])
    assert s.total_biaya == 2 * 10**9 - 2


# --- an independent formulation: two-stage integer LP with HiGHS ------------------------------------------

def lexicographic_milp(candidates, capacities, seats, arcs):
    """(weighted fill, total biaya) of the best plan: max Σ prioritas·x, then min Σ biaya·x at that fill."""
    usable = [a for a in arcs if a.nip in candidates and candidates[a.nip] in capacities]
    if not usable:
        return 0, 0
    n = len(usable)
    rows, upper = [], []
    for group, limit in (
        *(((lambda a, nip=nip: a.nip == nip), 1) for nip in candidates),
        *(((lambda a, k=k: a.kursi_id == k), seat.kekurangan) for k, seat in seats.items()),
        *(((lambda a, u=u: candidates[a.nip] == u), cap) for u, cap in capacities.items()),
    ):
        rows.append([1.0 if group(a) else 0.0 for a in usable])
        upper.append(limit)
    weight = np.array([seats[a.kursi_id].prioritas for a in usable], dtype=float)
    cost = np.array([a.biaya for a in usable], dtype=float)
    base = LinearConstraint(np.array(rows), -np.inf, np.array(upper, dtype=float))
    kw = {"integrality": np.ones(n), "bounds": Bounds(0, 1)}
    first = milp(-weight, constraints=[base], **kw)
    assert first.success
    best_weight = round(-first.fun)
    second = milp(cost, constraints=[base, LinearConstraint(weight[None, :], best_weight - 0.5, np.inf)], **kw)
    assert second.success
    return best_weight, round(second.fun)


@st.composite
def problems(draw):
    units = [f"U{i}" for i in range(draw(st.integers(1, 3)))]
    nips = [f"n{i}" for i in range(draw(st.integers(0, 9)))]
    candidates = {nip: draw(st.sampled_from(units)) for nip in nips}
    capacities = {u: draw(st.integers(0, 4)) for u in units if draw(st.integers(0, 5)) > 0}
    seat_ids = [f"K{i}" for i in range(draw(st.integers(0, 4)))]
    seats = {k: Seat(draw(st.integers(0, 3)), draw(st.integers(1, 4))) for k in seat_ids}
    arcs = []
    if nips and seat_ids:
        pairs = draw(st.lists(st.tuples(st.sampled_from(nips), st.sampled_from(seat_ids)), unique=True,
                              max_size=len(nips) * len(seat_ids)))
        costs = st.integers(0, 3) if draw(st.booleans()) else st.integers(0, 60)  # small: many ties and classes
        arcs = [Arc(nip, k, draw(costs)) for nip, k in pairs]
    return candidates, capacities, seats, arcs


def check_feasible(solution, candidates, capacities, seats, arcs):
    biaya = {(a.nip, a.kursi_id): a.biaya for a in arcs}
    assert len({m.nip for m in solution.moves}) == len(solution.moves)
    assert [m.nip for m in solution.moves] == sorted(m.nip for m in solution.moves)
    for m in solution.moves:
        assert biaya[(m.nip, m.kursi_id)] == m.biaya
    for k, seat in seats.items():
        assert sum(m.kursi_id == k for m in solution.moves) <= seat.kekurangan
    for u in set(candidates.values()):
        assert sum(candidates[m.nip] == u for m in solution.moves) <= capacities.get(u, 0)
    assert solution.kursi_terisi == len(solution.moves)
    assert solution.bobot_terisi == sum(seats[m.kursi_id].prioritas for m in solution.moves)
    assert solution.total_biaya == sum(m.biaya for m in solution.moves)


@settings(max_examples=400, deadline=None)
@given(problems())
def test_matches_a_lexicographic_integer_program(problem):
    candidates, capacities, seats, arcs = problem
    together = solve(candidates, capacities, seats, arcs)
    apart = solve(candidates, capacities, seats, arcs, aggregate=False)
    check_feasible(together, *problem)
    check_feasible(apart, *problem)
    expected = lexicographic_milp(candidates, capacities, seats, arcs)
    assert (together.bobot_terisi, together.total_biaya) == expected
    assert (apart.bobot_terisi, apart.total_biaya) == expected
