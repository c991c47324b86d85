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

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
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


# --- the layered network of a scenario (national scale) ---------------------------------------------------
@dataclass
class Layered:
    """A redistribution problem aggregated twice, for national scale.

    Moves cost by *type*: an origin type (location, agency, province, position, rank of the candidates) and a
    destination type (location, agency, province, position of the seats). So the network runs
    source → unit (``unit_capacity``: what the unit may give) → origin type, one arc per candidate class
    (``class_unit``, ``class_origin``, ``class_count`` interchangeable people) → destination type (the
    eligible type pairs ``pair_origin``, ``pair_dest``, ``pair_cost`` ≥ 0) → seat group (``seat_dest``,
    ``seat_kekurangan``, ``seat_prioritas``) → sink. A path is one move, its cost the pair's; every seat group
    of a destination type is reachable from every origin type paired with it, so the optimum over this
    network is the optimum over all the person × seat moves it stands for."""

    unit_capacity: np.ndarray
    class_unit: np.ndarray
    class_origin: np.ndarray
    class_count: np.ndarray
    n_origins: int
    pair_origin: np.ndarray
    pair_dest: np.ndarray
    pair_cost: np.ndarray
    n_dests: int
    seat_dest: np.ndarray
    seat_kekurangan: np.ndarray
    seat_prioritas: np.ndarray


@dataclass(frozen=True)
class LayeredResult:
    """The moves as (class, seat group, number of people, cost each) rows, and the network's size."""

    move_class: np.ndarray
    move_seat: np.ndarray
    move_count: np.ndarray
    move_cost: np.ndarray
    nodes: int
    arcs: int


def solve_layered(net: Layered, *, threads: int = 2) -> LayeredResult:
    """The lexicographic optimum (most priority-weighted seats filled, then least total cost) of a layered
    network. The network falls apart into independent components (one per position family and region that
    can reach each other): the optimum of the whole is the optimum of each, so each is solved on its own,
    with a BIG of its own size (a smaller cost range, fewer scaling phases: several times faster)."""
    i64 = np.int64
    comp_o, comp_d = _components(net)
    class_comp = comp_o[net.class_origin]
    pair_comp = comp_o[net.pair_origin]
    seat_comp = comp_d[net.seat_dest]
    with_seats = np.zeros(net.n_origins + net.n_dests, bool)
    with_seats[seat_comp] = True
    with_pairs = np.zeros(net.n_origins + net.n_dests, bool)
    with_pairs[pair_comp] = True
    wanted = np.unique(class_comp)
    wanted = wanted[with_seats[wanted] & with_pairs[wanted]]
    c_order, p_order, s_order = (np.argsort(x, kind="stable") for x in (class_comp, pair_comp, seat_comp))
    c_sorted, p_sorted, s_sorted = class_comp[c_order], pair_comp[p_order], seat_comp[s_order]
    jobs: list[tuple[np.ndarray, np.ndarray, Layered]] = []
    for c in wanted.tolist():
        classes = c_order[np.searchsorted(c_sorted, c):np.searchsorted(c_sorted, c, side="right")]
        pairs = p_order[np.searchsorted(p_sorted, c):np.searchsorted(p_sorted, c, side="right")]
        seats = s_order[np.searchsorted(s_sorted, c):np.searchsorted(s_sorted, c, side="right")]
        units, unit_local = np.unique(net.class_unit[classes], return_inverse=True)
        origins, origin_local = np.unique(net.class_origin[classes], return_inverse=True)
        dests, seat_local = np.unique(net.seat_dest[seats], return_inverse=True)
        keep = np.isin(net.pair_origin[pairs], origins) & np.isin(net.pair_dest[pairs], dests)
        pairs = pairs[keep]
        jobs.append((classes, seats, Layered(
            unit_capacity=np.asarray(net.unit_capacity, i64)[units], class_unit=unit_local.astype(i64),
            class_origin=origin_local.astype(i64), class_count=np.asarray(net.class_count, i64)[classes],
            n_origins=len(origins), pair_origin=np.searchsorted(origins, net.pair_origin[pairs]).astype(i64),
            pair_dest=np.searchsorted(dests, net.pair_dest[pairs]).astype(i64),
            pair_cost=np.asarray(net.pair_cost, i64)[pairs], n_dests=len(dests), seat_dest=seat_local.astype(i64),
            seat_kekurangan=np.asarray(net.seat_kekurangan, i64)[seats],
            seat_prioritas=np.asarray(net.seat_prioritas, i64)[seats])))
    # the solver releases the GIL while it works: components solve side by side (results kept in order)
    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(jobs)))) as pool:
        results = list(pool.map(_solve_one, [sub for _, _, sub in jobs]))
    parts: list[tuple[np.ndarray, ...]] = []
    nodes = arcs = 0
    for (classes, seats, _), r in zip(jobs, results, strict=True):
        nodes, arcs = nodes + r.nodes, arcs + r.arcs
        if len(r.move_class):
            parts.append((classes[r.move_class], seats[r.move_seat], r.move_count, r.move_cost))
    if not parts:
        return LayeredResult(*(np.zeros(0, i64) for _ in range(4)), nodes, arcs)
    return LayeredResult(*(np.concatenate([p[k] for p in parts]).astype(i64) for k in range(4)), nodes, arcs)


def _components(net: Layered) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of origin and destination types (linked by the pairs, and origins by the units
    their classes share), by min-label propagation with pointer jumping: a component id per origin type and
    per destination type, in one numbering (origins 0…O−1, destinations O…O+D−1)."""
    n_o, n_d, n_u = net.n_origins, net.n_dests, len(net.unit_capacity)
    label = np.arange(n_o + n_d, dtype=np.int64)
    src = np.concatenate([net.pair_origin, n_o + net.pair_dest]).astype(np.int64)
    dst = np.concatenate([n_o + net.pair_dest, net.pair_origin]).astype(np.int64)
    cu, co = np.asarray(net.class_unit, np.int64), np.asarray(net.class_origin, np.int64)
    while True:
        new = label.copy()
        np.minimum.at(new, dst, label[src])
        if n_u and len(cu):
            unit_label = np.full(n_u, n_o + n_d, np.int64)
            np.minimum.at(unit_label, cu, new[co])
            np.minimum.at(new, co, unit_label[cu])
        new = new[new]
        if np.array_equal(new, label):
            return label[:n_o], label[n_o:]
        label = new


def _solve_one(net: Layered) -> LayeredResult:
    """One component as one min-cost flow with the folded cost of the module docstring; BIG exceeds the
    largest possible total cost: Σ over origin types of (people entering it × its dearest pair)."""
    i64 = np.int64
    n_units, n_classes, n_pairs = len(net.unit_capacity), len(net.class_count), len(net.pair_origin)
    n_origins, n_dests, n_seats = net.n_origins, net.n_dests, len(net.seat_kekurangan)
    empty = LayeredResult(*(np.zeros(0, i64) for _ in range(4)), 0, 0)
    if n_pairs == 0 or n_classes == 0 or n_seats == 0:
        return empty
    count = np.asarray(net.class_count, i64)
    pair_cost = np.asarray(net.pair_cost, i64)
    kekurangan = np.asarray(net.seat_kekurangan, i64)
    prio = np.asarray(net.seat_prioritas, i64)
    if (count < 0).any() or (pair_cost < 0).any() or (kekurangan < 0).any() or (prio < 1).any():
        raise ValueError("jumlah, biaya dan kekurangan harus ≥ 0, prioritas ≥ 1")
    origin_in = np.bincount(net.class_origin, weights=count, minlength=n_origins).astype(i64)
    dearest = np.zeros(n_origins, i64)
    np.maximum.at(dearest, net.pair_origin, pair_cost)
    big = int(sum(int(a) * int(b) for a, b in zip(origin_in.tolist(), dearest.tolist(), strict=True))) + 1
    unit_out = np.bincount(net.class_unit, weights=count, minlength=n_units).astype(i64)
    unit_cap = np.minimum(np.asarray(net.unit_capacity, i64), unit_out)
    supply = int(min(unit_cap.sum(), kekurangan.sum()))
    if supply == 0:
        return empty
    largest = max(int(pair_cost.max(initial=0)), int(prio.max(initial=1)) * big)
    n_nodes = 2 + n_units + n_origins + n_dests + n_seats
    if largest * (n_nodes + 1) >= _INT64_SAFE or largest * supply >= _INT64_SAFE:
        raise OptimizerRangeError("angka biaya/prioritas terlalu besar untuk pemecah 64-bit")

    source, sink = 0, 1
    ub, ob = 2, 2 + n_units
    db = ob + n_origins
    sb = db + n_dests
    seats = np.arange(n_seats)
    blocks = [  # (tails, heads, capacities, costs), in this order: their flows are read back by offset
        (np.zeros(n_units, i64), ub + np.arange(n_units), unit_cap, np.zeros(n_units, i64)),
        (ub + net.class_unit, ob + net.class_origin, count, np.zeros(n_classes, i64)),
        (ob + net.pair_origin, db + net.pair_dest, origin_in[net.pair_origin], pair_cost),
        (db + net.seat_dest, sb + seats, kekurangan, -prio * big),
        (sb + seats, np.full(n_seats, sink, i64), kekurangan, np.zeros(n_seats, i64)),
        (np.array([source]), np.array([sink]), np.array([supply]), np.zeros(1, i64)),
    ]
    tails, heads, caps, costs = (np.concatenate([np.asarray(b[k], i64) for b in blocks]) for k in range(4))

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
    all_flows = np.asarray(flow.flows(np.arange(len(tails), dtype=i64)), i64)
    c0 = n_units
    p0 = c0 + n_classes
    s0 = p0 + n_pairs
    class_flow, pair_flow, seat_flow = all_flows[c0:p0], all_flows[p0:s0], all_flows[s0:s0 + n_seats]
    return _decompose(net, class_flow, pair_flow, seat_flow, n_nodes, len(tails))


def _decompose(net: Layered, class_flow, pair_flow, seat_flow, n_nodes: int, n_arcs: int) -> LayeredResult:
    """Split the type-level flow into (class, seat) moves: at each origin type the classes flowing in are
    matched in order with the pairs flowing out, and at each destination type the arrivals with the seats
    (any matching is as good: costs depend on the types only)."""
    # origin level: class → pair
    arrivals: dict[int, deque[list[int]]] = defaultdict(deque)  # dest → [class, count, cost], …
    cls_by_origin: dict[int, deque[list[int]]] = defaultdict(deque)
    for c in np.flatnonzero(class_flow).tolist():
        cls_by_origin[int(net.class_origin[c])].append([c, int(class_flow[c])])
    for p in np.flatnonzero(pair_flow).tolist():
        need, o, d, cost = int(pair_flow[p]), int(net.pair_origin[p]), int(net.pair_dest[p]), int(net.pair_cost[p])
        queue = cls_by_origin[o]
        while need:
            head = queue[0]
            take = min(need, head[1])
            arrivals[d].append([head[0], take, cost])
            head[1] -= take
            need -= take
            if head[1] == 0:
                queue.popleft()
    rows: list[tuple[int, int, int, int]] = []
    for s in np.flatnonzero(seat_flow).tolist():
        need, queue = int(seat_flow[s]), arrivals[int(net.seat_dest[s])]
        while need:
            head = queue[0]
            take = min(need, head[1])
            rows.append((head[0], s, take, head[2]))
            head[1] -= take
            need -= take
            if head[1] == 0:
                queue.popleft()
    arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return LayeredResult(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], n_nodes, n_arcs)
