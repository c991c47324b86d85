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
    seat_ids = sorted({kursi_id for c in classes for kursi_id, _ in c.arcs})
    source, sink = 0, 1
    unit_node = {u: 2 + i for i, u in enumerate(units)}
    class_base = 2 + len(units)
    seat_node = {s: class_base + len(classes) + i for i, s in enumerate(seat_ids)}
    num_nodes = class_base + len(classes) + len(seat_ids)

    bound = sum(len(c.nips) * max(b for _, b in c.arcs) for c in classes)
    big = bound + 1
    unit_out: dict[str, int] = defaultdict(int)
    for c in classes:
        unit_out[c.unor_asal] += len(c.nips)
    supply = min(sum(min(capacities[u], unit_out[u]) for u in units),
                 sum(seats[s].kekurangan for s in seat_ids))

    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []

    def add(tail: int, head: int, cap: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        caps.append(cap)
        costs.append(cost)

    for u in units:
        add(source, unit_node[u], min(capacities[u], unit_out[u]), 0)
    move_arcs: list[tuple[int, str, int]] = []  # (arc index, kursi_id, biaya) per class arc, in order
    class_arc_span: list[tuple[int, int]] = []
    for i, c in enumerate(classes):
        node = class_base + i
        add(unit_node[c.unor_asal], node, len(c.nips), 0)
        start = len(move_arcs)
        for kursi_id, biaya in c.arcs:
            move_arcs.append((len(tails), kursi_id, biaya))
            add(node, seat_node[kursi_id], len(c.nips), biaya - seats[kursi_id].prioritas * big)
        class_arc_span.append((start, len(move_arcs)))
    for s in seat_ids:
        add(seat_node[s], sink, seats[s].kekurangan, 0)
    add(source, sink, supply, 0)  # the bypass: what is not moved

    largest = max(abs(c) for c in costs)
    if largest * (num_nodes + 1) >= _INT64_SAFE or largest * max(supply, 1) >= _INT64_SAFE:
        raise OptimizerRangeError("angka biaya/prioritas terlalu besar untuk pemecah 64-bit")

    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64), np.array(costs, dtype=np.int64))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status == flow.BAD_COST_RANGE:
        raise OptimizerRangeError("angka biaya/prioritas terlalu besar untuk pemecah 64-bit")
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow gagal: status {status}")
    flows = flow.flows(np.array([a for a, _, _ in move_arcs], dtype=np.int64)).tolist()

    moves: list[Move] = []
    for c, (start, end) in zip(classes, class_arc_span, strict=True):
        nips = iter(c.nips)
        for k in range(start, end):
            _, kursi_id, biaya = move_arcs[k]
            for _ in range(int(flows[k])):
                moves.append(Move(next(nips), kursi_id, biaya))
    moves.sort(key=lambda m: m.nip)
    return Solution(
        moves=tuple(moves),
        kursi_terisi=len(moves),
        bobot_terisi=sum(seats[m.kursi_id].prioritas for m in moves),
        total_biaya=sum(m.biaya for m in moves),
    )
