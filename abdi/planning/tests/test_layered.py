"""The layered network (types of origin and destination) against the person-level problem it stands for,
solved by the flat optimizer and by an independent two-stage integer program (HiGHS)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from abdi.planning.optimizer import Arc, Layered, Seat, solve, solve_layered
from abdi.planning.tests.test_optimizer import lexicographic_milp


def expand(net: Layered):
    """The person-level problem: each class's people, each seat group, every (person, seat) move whose types
    are paired."""
    candidates, capacities, seats, arcs = {}, {}, {}, []
    for u, cap in enumerate(net.unit_capacity):
        capacities[f"U{u}"] = int(cap)
    people = {}
    for c, (u, n) in enumerate(zip(net.class_unit, net.class_count, strict=True)):
        people[c] = [f"c{c}p{i}" for i in range(int(n))]
        for nip in people[c]:
            candidates[nip] = f"U{int(u)}"
    for s, (k, p) in enumerate(zip(net.seat_kekurangan, net.seat_prioritas, strict=True)):
        seats[f"S{s}"] = Seat(int(k), int(p))
    for o, d, cost in zip(net.pair_origin, net.pair_dest, net.pair_cost, strict=True):
        for c in np.flatnonzero(net.class_origin == o):
            for s in np.flatnonzero(net.seat_dest == d):
                arcs.extend(Arc(nip, f"S{s}", int(cost)) for nip in people[int(c)])
    return candidates, capacities, seats, arcs


@st.composite
def layered(draw):
    n_units = draw(st.integers(1, 3))
    n_origins, n_dests = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    n_classes = draw(st.integers(0, 4))
    n_seats = draw(st.integers(0, 4))
    pairs = draw(st.lists(st.tuples(st.integers(0, n_origins - 1), st.integers(0, n_dests - 1)), unique=True,
                          max_size=n_origins * n_dests))
    cost = st.integers(0, 3) if draw(st.booleans()) else st.integers(0, 80)
    i = np.int64
    return Layered(
        unit_capacity=np.array([draw(st.integers(0, 4)) for _ in range(n_units)], i),
        class_unit=np.array([draw(st.integers(0, n_units - 1)) for _ in range(n_classes)], i),
        class_origin=np.array([draw(st.integers(0, n_origins - 1)) for _ in range(n_classes)], i),
        class_count=np.array([draw(st.integers(0, 3)) for _ in range(n_classes)], i),
        n_origins=n_origins,
        pair_origin=np.array([o for o, _ in pairs], i), pair_dest=np.array([d for _, d in pairs], i),
        pair_cost=np.array([draw(cost) for _ in pairs], i), n_dests=n_dests,
        seat_dest=np.array([draw(st.integers(0, n_dests - 1)) for _ in range(n_seats)], i),
        seat_kekurangan=np.array([draw(st.integers(0, 3)) for _ in range(n_seats)], i),
        seat_prioritas=np.array([draw(st.integers(1, 4)) for _ in range(n_seats)], i),
    )


def check_moves(net: Layered, result) -> tuple[int, int]:
    """Feasibility of the decomposed moves; returns (weighted fill, total cost)."""
    paired = {(int(o), int(d)): int(c) for o, d, c in zip(net.pair_origin, net.pair_dest, net.pair_cost, strict=True)}
    per_class = np.bincount(result.move_class, weights=result.move_count, minlength=len(net.class_count))
    assert (per_class <= net.class_count).all()
    per_seat = np.bincount(result.move_seat, weights=result.move_count, minlength=len(net.seat_kekurangan))
    assert (per_seat <= net.seat_kekurangan).all()
    per_unit = np.bincount(net.class_unit[result.move_class], weights=result.move_count,
                           minlength=len(net.unit_capacity))
    assert (per_unit <= net.unit_capacity).all()
    for c, s, n, cost in zip(result.move_class, result.move_seat, result.move_count, result.move_cost, strict=True):
        assert n > 0
        assert paired[(int(net.class_origin[c]), int(net.seat_dest[s]))] == cost
    weight = int(sum(int(net.seat_prioritas[s]) * int(n) for s, n in zip(result.move_seat, result.move_count, strict=True)))
    return weight, int((result.move_cost * result.move_count).sum())


@settings(max_examples=300, deadline=None)
@given(layered())
def test_layered_optimum_equals_the_person_level_optimum(net):
    result = solve_layered(net)
    got = check_moves(net, result)
    problem = expand(net)
    flat = solve(*problem)
    assert got == (flat.bobot_terisi, flat.total_biaya)
    assert got == lexicographic_milp(*problem)


def test_priority_first_then_distance():
    """Two seats of one destination type each, a near type with priority 1 and a far one with priority 2;
    one person: the far, more urgent seat wins."""
    i = np.int64
    net = Layered(unit_capacity=np.array([1], i), class_unit=np.array([0], i), class_origin=np.array([0], i),
                  class_count=np.array([1], i), n_origins=1, pair_origin=np.array([0, 0], i),
                  pair_dest=np.array([0, 1], i), pair_cost=np.array([10, 900], i), n_dests=2,
                  seat_dest=np.array([0, 1], i), seat_kekurangan=np.array([1, 1], i), seat_prioritas=np.array([1, 2], i))
    result = solve_layered(net)
    assert result.move_seat.tolist() == [1] and result.move_cost.tolist() == [900]


def test_empty_layers_give_no_moves():
    i = np.int64
    z = np.zeros(0, i)
    net = Layered(unit_capacity=np.array([3], i), class_unit=z, class_origin=z, class_count=z, n_origins=0,
                  pair_origin=z, pair_dest=z, pair_cost=z, n_dests=0, seat_dest=z, seat_kekurangan=z, seat_prioritas=z)
    assert len(solve_layered(net).move_class) == 0
