"""Redistribution optimizer (CONTRACTS §9) as one integer minimum-cost flow. Pure: no Django.

The network::

    source ──(maks_keluar, 0)──▶ unit ──(count, 0)──▶ candidate class ──(count, biaya − prioritas·BIG)──▶
    seat group ──(kekurangan, 0)──▶ sink,        plus a bypass source ──(F, 0)──▶ sink

The source supplies F (an upper bound on any feasible number of moves) and the sink demands F; the bypass
carries whatever is not worth moving, so no move is ever forced. A candidate class gathers the candidates of
one unit with the same set of eligible (kursi_id, biaya) arcs: they are interchangeable, so one node with
capacity = their count gives the same optimum with far fewer arcs, and its flow is expanded back onto the
class's nips in sorted order.

Why one cost is exact: every move costs biaya − prioritas·BIG. For a feasible plan x with weighted fill W(x)
and total biaya C(x), the flow costs C(x) − BIG·W(x). Each candidate moves at most once, so
0 ≤ C(x) ≤ B := Σ over classes of count × (largest biaya of the class). With BIG = B + 1, a plan with a
larger W is always cheaper (the difference in C is at most B < BIG), and among plans with the same W the
cheaper C wins: the minimum-cost flow is the lexicographic optimum. Flow polytopes are integral, so the
integer flow the solver returns is optimal among 0/1 move plans too.

All costs are Python ints checked against the int64 range the solver works in (it scales costs by the node
count internally); a problem whose numbers would not fit raises ``OptimizerRangeError``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

_INT64_SAFE = 2**62


@dataclass(frozen=True)
class Seat:
    kekurangan: int
    prioritas: int


@dataclass(frozen=True)
class Arc:
    nip: str
    kursi_id: str
    biaya: int


@dataclass(frozen=True)
class Move:
    nip: str
    kursi_id: str
    biaya: int


@dataclass(frozen=True)
class Solution:
    moves: tuple[Move, ...]  # sorted by nip
    kursi_terisi: int
    bobot_terisi: int
    total_biaya: int


class OptimizerRangeError(ValueError):
    """The numbers are too large for the solver's 64-bit costs."""


@dataclass
class _Class:
    unor_asal: str
    arcs: tuple[tuple[str, int], ...]  # (kursi_id, biaya), sorted by kursi_id
    nips: list[str]


def _check(candidates: Mapping[str, str], capacities: Mapping[str, int], seats: Mapping[str, Seat],
           arcs: list[Arc]) -> None:
    for unor, cap in capacities.items():
        if cap < 0:
            raise ValueError(f"maks_keluar negatif untuk {unor}")
    for kursi_id, seat in seats.items():
        if seat.kekurangan < 0 or seat.prioritas < 1:
            raise ValueError(f"kursi {kursi_id}: kekurangan ≥ 0 dan prioritas ≥ 1")
    seen: set[tuple[str, str]] = set()
    for arc in arcs:
        if arc.nip not in candidates or arc.kursi_id not in seats:
            raise ValueError(f"busur tidak dikenal: {arc.nip} → {arc.kursi_id}")
        if arc.biaya < 0:
            raise ValueError(f"biaya negatif: {arc.nip} → {arc.kursi_id}")
        if (arc.nip, arc.kursi_id) in seen:
            raise ValueError(f"busur ganda: {arc.nip} → {arc.kursi_id}")
        seen.add((arc.nip, arc.kursi_id))


def _classes(candidates: Mapping[str, str], capacities: Mapping[str, int], seats: Mapping[str, Seat],
             arcs: list[Arc], aggregate: bool) -> list[_Class]:
    """Candidates who can move at all, grouped into interchangeable classes (one per nip without aggregation)."""
    by_nip: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for arc in arcs:
        if seats[arc.kursi_id].kekurangan > 0 and capacities.get(candidates[arc.nip], 0) > 0:
            by_nip[arc.nip].append((arc.kursi_id, arc.biaya))
    groups: dict[tuple, _Class] = {}
    for nip in sorted(by_nip):
        unor = candidates[nip]
        own = tuple(sorted(by_nip[nip]))
        key = (unor, own) if aggregate else (unor, own, nip)
        groups.setdefault(key, _Class(unor, own, [])).nips.append(nip)
    return [groups[key] for key in sorted(groups)]


def solve(candidates: Mapping[str, str], capacities: Mapping[str, int], seats: Mapping[str, Seat],
          arcs: Iterable[Arc], *, aggregate: bool = True) -> Solution:
    """The lexicographically best moves: most priority-weighted seats filled, then least total biaya.

    ``candidates`` maps nip → unor_asal, ``capacities`` unor_asal → maks_keluar (a unit missing gives nobody),
    ``seats`` kursi_id → Seat. Each nip moves at most once.
    """
    arcs = list(arcs)
    _check(candidates, capacities, seats, arcs)
    classes = _classes(candidates, capacities, seats, arcs, aggregate)
    if not classes:
        return Solution((), 0, 0, 0)
    units = sorted({c.unor_asal for c in classes})
    unit_index = {u: i for i, u in enumerate(units)}
    seat_ids = sorted({kursi_id for c in classes for kursi_id, _ in c.arcs})
    seat_index = {s: i for i, s in enumerate(seat_ids)}
    arc_class = np.array([i for i, c in enumerate(classes) for _ in c.arcs], dtype=np.int64)
    arc_seat = np.array([seat_index[k] for c in classes for k, _ in c.arcs], dtype=np.int64)
    arc_cost = np.array([b for c in classes for _, b in c.arcs], dtype=object)
    network = Network(
        unit_capacity=np.array([capacities[u] for u in units], dtype=np.int64),
        class_unit=np.array([unit_index[c.unor_asal] for c in classes], dtype=np.int64),
        class_count=np.array([len(c.nips) for c in classes], dtype=np.int64),
        seat_kekurangan=np.array([seats[s].kekurangan for s in seat_ids], dtype=np.int64),
        seat_prioritas=np.array([seats[s].prioritas for s in seat_ids], dtype=object),
        arc_class=arc_class, arc_seat=arc_seat, arc_cost=arc_cost)
    flows = solve_network(network).flows
    moves: list[Move] = []
    remaining = [iter(c.nips) for c in classes]
    for k in np.flatnonzero(flows):
        c = int(arc_class[k])
        for _ in range(int(flows[k])):
            moves.append(Move(next(remaining[c]), seat_ids[int(arc_seat[k])], int(arc_cost[k])))
    moves.sort(key=lambda m: m.nip)
    return Solution(
        moves=tuple(moves),
        kursi_terisi=len(moves),
        bobot_terisi=sum(seats[m.kursi_id].prioritas for m in moves),
        total_biaya=sum(m.biaya for m in moves),
    )


@dataclass
class Network:
    """The aggregated problem in arrays, for callers that build classes themselves (the national scenario):
    units (sources with ``unit_capacity``), candidate classes (``class_unit``, ``class_count``
    interchangeable people), seat groups (``seat_kekurangan``, ``seat_prioritas``) and the class → seat arcs
    (``arc_class``, ``arc_seat``, ``arc_cost`` ≥ 0, at most one per class and seat). Costs and priorities may
    be int64 arrays or object arrays of Python ints (exact for any size)."""

    unit_capacity: np.ndarray
    class_unit: np.ndarray
    class_count: np.ndarray
    seat_kekurangan: np.ndarray
    seat_prioritas: np.ndarray
    arc_class: np.ndarray
    arc_seat: np.ndarray
    arc_cost: np.ndarray


@dataclass(frozen=True)
class NetworkResult:
    flows: np.ndarray  # people moved along each class → seat arc, in the order of ``Network.arc_*``
    nodes: int
    arcs: int


def solve_network(net: Network) -> NetworkResult:
    """The lexicographic optimum of an aggregated network as one min-cost flow (see the module docstring)."""
    n_arcs = len(net.arc_class)
    if n_arcs == 0:
        return NetworkResult(np.zeros(0, dtype=np.int64), 0, 0)
    n_units, n_classes, n_seats = len(net.unit_capacity), len(net.class_count), len(net.seat_kekurangan)
    if (np.asarray(net.unit_capacity) < 0).any() or (np.asarray(net.seat_kekurangan) < 0).any():
        raise ValueError("maks_keluar dan kekurangan harus ≥ 0")
    if min(net.seat_prioritas, default=1) < 1 or min(net.arc_cost, default=0) < 0:
        raise ValueError("prioritas ≥ 1 dan biaya ≥ 0")
    count = np.asarray(net.class_count, dtype=np.int64)
    # BIG exceeds any plan's total biaya: each candidate moves once, at most at its class's dearest arc
    dearest: dict[int, int] = {}
    for c, b in zip(net.arc_class.tolist(), [int(x) for x in net.arc_cost], strict=True):
        if b > dearest.get(c, -1):
            dearest[c] = b
    big = sum(int(count[c]) * b for c, b in dearest.items()) + 1
    unit_out = np.bincount(net.class_unit, weights=count, minlength=n_units).astype(np.int64)
    unit_cap = np.minimum(np.asarray(net.unit_capacity, dtype=np.int64), unit_out)
    used_seats = np.zeros(n_seats, dtype=bool)
    used_seats[net.arc_seat] = True
    supply = int(min(unit_cap.sum(), np.asarray(net.seat_kekurangan, dtype=np.int64)[used_seats].sum()))

    source, sink = 0, 1
    unit_base, class_base = 2, 2 + n_units
    seat_base = class_base + n_classes
    num_nodes = seat_base + n_seats
    prio = [int(net.seat_prioritas[s]) for s in net.arc_seat.tolist()]
    move_cost = [int(b) - p * big for b, p in zip(net.arc_cost, prio, strict=True)]
    largest = max(max(abs(c) for c in move_cost), 1)
    if largest * (num_nodes + 1) >= _INT64_SAFE or largest * max(supply, 1) >= _INT64_SAFE:
        raise OptimizerRangeError("angka biaya/prioritas terlalu besar untuk pemecah 64-bit")

    units, classes, seats = np.arange(n_units), np.arange(n_classes), np.arange(n_seats)
    tails = np.concatenate([np.zeros(n_units, np.int64), unit_base + net.class_unit, class_base + net.arc_class,
                            seat_base + seats, [source]])
    heads = np.concatenate([unit_base + units, class_base + classes, seat_base + net.arc_seat,
                            np.full(n_seats, sink, np.int64), [sink]])
    caps = np.concatenate([unit_cap, count, count[net.arc_class],
                           np.asarray(net.seat_kekurangan, dtype=np.int64), [supply]])
    costs = np.concatenate([np.zeros(n_units + n_classes, np.int64), np.array(move_cost, dtype=np.int64),
                            np.zeros(n_seats + 1, np.int64)])

    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), caps, costs)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status == flow.BAD_COST_RANGE:
        raise OptimizerRangeError("angka biaya/prioritas terlalu besar untuk pemecah 64-bit")
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow gagal: status {status}")
    first = n_units + n_classes
    flows = np.asarray(flow.flows(np.arange(first, first + n_arcs, dtype=np.int64)), dtype=np.int64)
    return NetworkResult(flows, num_nodes, len(tails))
