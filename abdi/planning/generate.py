"""From the database to the layered network of a redistribution scenario (fetch → compute; the solve is
pure, in :mod:`abdi.planning.optimizer`).

1. The units in scope (a unit subtree, an agency, a province or the nation) whose agency has entered needs,
   with their location: the unit's regency (``lokasi_kabkota``), else its agency's, else its agency's
   province capital. One TEMP table.
2. Per unit × position: the need and its priority, active staff in post, and those retiring by the end of
   the plan year (``tahun``); the projected staff is the difference. One statement (a full join).
   A position type outside ``jenis_jabatan`` neither gives nor takes.
3. Surplus pairs (projected staff > need) give at most their surplus: they are the network's units. Their
   eligible people (active, of ``jenis_pegawai``, ``min_tahun_di_jabatan`` years in post, not retiring within
   ``min_tahun_sebelum_pensiun`` years, no sanction in force) are fetched once, ordered by the move order
   within a class (longest in post first, then NIP), and grouped into classes (unit, position, rank).
4. Deficit pairs (need > projected staff) are the seat groups, with ``kekurangan`` = the shortfall.
5. Types: an origin type is (location, agency, province, position, rank), a destination type (location,
   agency, province, position); a move's eligibility and cost depend on the two types only. Each origin type
   keeps the ``kursi_terdekat`` (K) cheapest eligible destination types (the pruning; ties broken by type
   order), computed in blocks from a location × location distance matrix in whole km.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from django.db import connection

from abdi.planning.optimizer import Layered
from abdi.reference import codes

UNIT_TABLE, PAIR_TABLE = "tmp_plan_unit", "tmp_plan_pair"
NO_RANK = 0


@dataclass
class Scope:
    cakupan: str  # UNOR, INSTANSI, PROVINSI, NASIONAL
    cakupan_id: str = ""


@dataclass
class Generated:
    network: Layered
    units: list[tuple[str, str]]  # network unit → (unor_id, jabatan_id)
    seats: list[tuple[str, str]]  # seat group → (unor_id, jabatan_id)
    seat_prioritas: np.ndarray
    class_people: list[list[str]]  # class → its eligible NIPs in move order
    unit_info: dict[str, tuple[str, str, str]]  # unor_id → (instansi_id, provinsi, location key)
    km: np.ndarray  # location × location, whole km
    origin_loc: np.ndarray  # origin type → location
    dest_loc: np.ndarray  # destination type → location
    figures: dict


def first_of_month_years_before(day: dt.date, years: int) -> dt.date:
    return dt.date(day.year - years, day.month, 1)


def _retire_case(cutoff_for: dict[int, dt.date]) -> tuple[str, list]:
    """``CASE j.bup WHEN b THEN date … END``: someone is retired by a date D exactly when they were born
    before the first of D's month, ``bup`` years earlier (retirement is the first day of the month after the
    birthday at which ``bup`` is reached)."""
    if not cutoff_for:
        return "NULL", []
    whens = " ".join("WHEN %s THEN %s" for _ in cutoff_for)
    params: list = []
    for bup, date in sorted(cutoff_for.items()):
        params += [bup, date]
    return f"CASE j.bup {whens} END", params


def _scope_sql(scope: Scope) -> tuple[str, list]:
    if scope.cakupan == "UNOR":
        return "u.path LIKE (SELECT r.path FROM org_unor r WHERE r.unor_id = %s) || '%%'", [scope.cakupan_id]
    if scope.cakupan == "INSTANSI":
        return "u.instansi_id = %s", [scope.cakupan_id]
    if scope.cakupan == "PROVINSI":
        return "COALESCE(k.provinsi_id, i.provinsi_id) = %s", [scope.cakupan_id]
    return "1 = 1", []


def build_units(scope: Scope) -> None:
    where, params = _scope_sql(scope)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {UNIT_TABLE}")
        cur.execute(
            f"CREATE TEMP TABLE {UNIT_TABLE} AS SELECT u.unor_id, u.instansi_id, "
            f"COALESCE(k.provinsi_id, i.provinsi_id, '') AS provinsi, "
            f"COALESCE(u.lokasi_kabkota_id, i.kabkota_id, '') AS kabkota FROM org_unor u "
            f"JOIN org_instansi i ON i.instansi_id = u.instansi_id "
            f"LEFT JOIN org_kabkota k ON k.kode = COALESCE(u.lokasi_kabkota_id, i.kabkota_id) "
            f"WHERE {where} AND u.instansi_id IN (SELECT DISTINCT nu.instansi_id FROM planning_kebutuhan kb "
            f"JOIN org_unor nu ON nu.unor_id = kb.unor_id)", params)
        cur.execute(f"CREATE UNIQUE INDEX ON {UNIT_TABLE} (unor_id)" if connection.vendor == "postgresql"
                    else f"CREATE UNIQUE INDEX {UNIT_TABLE}_pk ON {UNIT_TABLE} (unor_id)")
        if connection.vendor == "postgresql":
            cur.execute(f"ANALYZE {UNIT_TABLE}")


def build_pairs(tahun: int, jenis_jabatan: list[str]) -> None:
    """The TEMP table of the unit × position pairs out of balance: need, priority, staff, retiring by the end of
    ``tahun`` (a pair whose projected staff equals its need neither gives nor takes)."""
    case, case_params = retired_by(dt.date(tahun, 12, 31))
    kinds = ", ".join(["%s"] * len(jenis_jabatan))
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {PAIR_TABLE}")
        cur.execute(
            f"CREATE TEMP TABLE {PAIR_TABLE} AS SELECT COALESCE(s.unor_id, kb.unor_id) AS unor_id, "
            f"COALESCE(s.jabatan_id, kb.jabatan_id) AS jabatan_id, COALESCE(kb.kebutuhan, 0) AS kebutuhan, "
            f"COALESCE(kb.prioritas, 1) AS prioritas, COALESCE(s.bezetting, 0) AS bezetting, "
            f"COALESCE(s.pensiun, 0) AS pensiun FROM ("
            f"SELECT p.unor_id, p.jabatan_id, COUNT(*) AS bezetting, "
            f"SUM(CASE WHEN p.tgl_lahir < {case} THEN 1 ELSE 0 END) AS pensiun FROM people_pegawai p "
            f"JOIN {UNIT_TABLE} t ON t.unor_id = p.unor_id JOIN org_jabatan j ON j.jabatan_id = p.jabatan_id "
            f"WHERE p.kedudukan = 'AKTIF' AND j.jenis IN ({kinds}) GROUP BY p.unor_id, p.jabatan_id) s "
            f"FULL OUTER JOIN (SELECT kb.unor_id, kb.jabatan_id, kb.kebutuhan, kb.prioritas FROM planning_kebutuhan kb "
            f"JOIN {UNIT_TABLE} t ON t.unor_id = kb.unor_id JOIN org_jabatan j ON j.jabatan_id = kb.jabatan_id "
            f"WHERE j.jenis IN ({kinds})) kb ON kb.unor_id = s.unor_id AND kb.jabatan_id = s.jabatan_id "
            f"WHERE COALESCE(s.bezetting, 0) - COALESCE(s.pensiun, 0) <> COALESCE(kb.kebutuhan, 0)",
            [*case_params, *jenis_jabatan, *jenis_jabatan])
        if connection.vendor == "postgresql":
            cur.execute(f"ANALYZE {PAIR_TABLE}")


def retired_by(day: dt.date) -> tuple[str, list]:
    """``CASE j.bup … END``, the birth-date bound below which the holder of a position (alias ``j``) is retired
    by ``day``: compare ``p.tgl_lahir < <it>``."""
    return _retire_case({b: first_of_month_years_before(day, b) for b in _bups()})


def _bups() -> list[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT DISTINCT bup FROM org_jabatan")
        return [int(r[0]) for r in cur.fetchall()]


def eligible_people(acuan: dt.date, r: Mapping) -> list[tuple]:
    """Eligible people of the surplus pairs: (unor_id, jabatan_id, golongan, nip), in move order."""
    case, case_params = retired_by(dt.date(acuan.year + r["min_tahun_sebelum_pensiun"], acuan.month, 1))
    in_post = dt.date(acuan.year - r["min_tahun_di_jabatan"], acuan.month, min(acuan.day, 28))
    types = ", ".join(["%s"] * len(r["jenis_pegawai"]))
    hukdis = ("AND NOT EXISTS (SELECT 1 FROM planning_hukdis h WHERE h.nip = p.nip AND h.tmt_mulai <= %s "
              "AND (h.tmt_selesai IS NULL OR h.tmt_selesai >= %s))") if r["cek_hukdis"] else ""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT p.unor_id, p.jabatan_id, p.golongan, p.nip FROM people_pegawai p "
            f"JOIN {PAIR_TABLE} s ON s.unor_id = p.unor_id AND s.jabatan_id = p.jabatan_id "
            f"JOIN org_jabatan j ON j.jabatan_id = p.jabatan_id "
            f"WHERE s.bezetting - s.pensiun > s.kebutuhan AND p.kedudukan = 'AKTIF' AND p.jenis_pegawai IN ({types}) "
            f"AND p.tmt_jabatan <= %s AND p.tgl_lahir >= {case} {hukdis} "
            f"ORDER BY p.unor_id, p.jabatan_id, p.golongan, p.tmt_jabatan, p.nip",
            [*r["jenis_pegawai"], in_post, *case_params, *([acuan, acuan] if r["cek_hukdis"] else [])])
        return cur.fetchall()


def _locations(unit_info: dict[str, tuple[str, str, str]]) -> tuple[dict[str, int], np.ndarray]:
    """Location keys (regency codes, else "P" + province) → index, and the whole-km distance matrix."""
    from abdi.org.models import KabKota, Provinsi

    kab = {k: (lat, lon) for k, lat, lon in KabKota.objects.values_list("kode", "lat", "lon") if lat is not None}
    prov = {f"P{k}": (lat, lon) for k, lat, lon in Provinsi.objects.values_list("kode", "lat", "lon") if lat is not None}
    keys = sorted({loc for _, _, loc in unit_info.values()})
    index = {k: i for i, k in enumerate(keys)}
    coords = np.array([kab.get(k) or prov.get(k) or (np.nan, np.nan) for k in keys], dtype=float).reshape(-1, 2)
    lat, lon = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    a = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
         + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
    km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    km = np.where(np.isnan(km), 0, np.rint(km)).astype(np.int64)  # an unlocated unit: distance unknown, 0
    return index, km


def generate(scope: Scope, tahun: int, acuan: dt.date, r: Mapping, progress=lambda stage, pct: None) -> Generated:
    """The scenario's network; call inside a transaction (the TEMP tables and the memory setting live in it)."""
    progress("unit dalam cakupan", 5)
    if connection.vendor == "postgresql":  # national aggregates and joins hash in memory instead of spilling
        with connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = '256MB'")
            cur.execute("SET LOCAL jit = off")  # compiling the expressions costs more than it saves here
    build_units(scope)
    build_pairs(tahun, list(r["jenis_jabatan"]))
    with connection.cursor() as cur:
        cur.execute(f"SELECT unor_id, instansi_id, provinsi, kabkota FROM {UNIT_TABLE}")
        unit_info = {u: (i, p, k or (f"P{p}" if p else "")) for u, i, p, k in cur.fetchall()}
        cur.execute(f"SELECT unor_id, jabatan_id, kebutuhan, prioritas, bezetting, pensiun FROM {PAIR_TABLE} "
                    f"ORDER BY unor_id, jabatan_id")
        pairs = cur.fetchall()
    progress("pegawai yang memenuhi syarat", 15)
    people = eligible_people(acuan, r)
    from abdi.org.models import Jabatan

    jab = {j: (jenis, rumpun, gmin, gmax) for j, jenis, rumpun, gmin, gmax in
           Jabatan.objects.values_list("jabatan_id", "jenis", "rumpun", "golongan_min", "golongan_max")}
    surplus_units = [(u, j, bz - pn - kb) for u, j, kb, _, bz, pn in pairs if bz - pn > kb]
    seats = [(u, j, kb - (bz - pn), pr) for u, j, kb, pr, bz, pn in pairs if kb > bz - pn]
    unit_index = {(u, j): i for i, (u, j, _) in enumerate(surplus_units)}
    loc_index, km = _locations(unit_info)
    return _network(r, jab, unit_info, loc_index, km, surplus_units, unit_index, seats, people, progress)


def _family(jabatan_id: str, jab: dict, r: Mapping) -> str:
    rumpun = jab[jabatan_id][1]
    return rumpun if r["keluarga"] == "RUMPUN" and rumpun else jabatan_id


def _network(r, jab, unit_info, loc_index, km, surplus_units, unit_index, seats, people, progress) -> Generated:
    progress("kelas kandidat dan tipe tujuan", 25)
    origins: dict[tuple, int] = {}
    class_key: dict[tuple, int] = {}
    class_unit, class_origin, class_people = [], [], []
    for u, j, g, nip in people:
        c = class_key.get((u, j, g))
        if c is None:
            inst, prov, loc = unit_info[u]
            o = origins.setdefault((loc, inst, prov, j, g), len(origins))
            c = class_key[(u, j, g)] = len(class_people)
            class_unit.append(unit_index[(u, j)])
            class_origin.append(o)
            class_people.append([])
        class_people[c].append(nip)
    dests: dict[tuple, int] = {}
    seat_dest = []
    for u, j, _, _ in seats:
        inst, prov, loc = unit_info[u]
        seat_dest.append(dests.setdefault((loc, inst, prov, j), len(dests)))
    pair_o, pair_d, pair_c = _pairs(r, jab, origins, dests, loc_index, km, progress)
    i64 = np.int64
    net = Layered(
        unit_capacity=np.array([s for _, _, s in surplus_units], i64), class_unit=np.array(class_unit, i64),
        class_origin=np.array(class_origin, i64), class_count=np.array([len(p) for p in class_people], i64),
        n_origins=len(origins), pair_origin=pair_o, pair_dest=pair_d, pair_cost=pair_c, n_dests=len(dests),
        seat_dest=np.array(seat_dest, i64), seat_kekurangan=np.array([k for _, _, k, _ in seats], i64),
        seat_prioritas=np.array([p for _, _, _, p in seats], i64))
    figures = {"unit_dalam_cakupan": len(unit_info), "unit_surplus": len(surplus_units), "orang_surplus": int(net.unit_capacity.sum()),
               "kandidat": int(net.class_count.sum()), "kelas": len(class_people), "tipe_asal": len(origins),
               "kelompok_kursi": len(seats), "kursi": int(net.seat_kekurangan.sum()), "tipe_tujuan": len(dests),
               "pasangan_tipe": len(pair_o)}
    origin_loc = np.array([loc_index[k[0]] for k in origins], i64)
    dest_loc = np.array([loc_index[k[0]] for k in dests], i64)
    return Generated(net, [(u, j) for u, j, _ in surplus_units], [(u, j) for u, j, _, _ in seats],
                     net.seat_prioritas, class_people, unit_info, km, origin_loc, dest_loc, figures)


def _pairs(r, jab, origins, dests, loc_index, km, progress):
    """The K cheapest eligible destination types of every origin type, family by family, in blocks."""
    i64 = np.int64
    K = int(r["kursi_terdekat"])
    rank = codes.GOLONGAN_RANK
    mapped: dict[str, set[str]] = {}
    for a, b in r["pemetaan"]:
        mapped.setdefault(a, set()).add(b)
    by_family: dict[str, list[int]] = {}
    dest_keys = list(dests)
    for d, (_, _, _, j) in enumerate(dest_keys):
        by_family.setdefault(_family(j, jab, r), []).append(d)
    codes_of: dict[str, int] = {}

    def code(value: str) -> int:
        return codes_of.setdefault(value, len(codes_of))

    d_loc = np.array([loc_index[k[0]] for k in dest_keys], i64)
    d_inst = np.array([code(k[1]) for k in dest_keys], i64)
    d_prov = np.array([code(k[2]) for k in dest_keys], i64)
    d_jab = np.array([code(k[3]) for k in dest_keys], i64)
    d_gmin = np.array([rank.get(jab[k[3]][2], NO_RANK) for k in dest_keys], i64)
    d_gmax = np.array([rank.get(jab[k[3]][3], NO_RANK) for k in dest_keys], i64)
    origin_keys = list(origins)
    o_by_family: dict[str, list[int]] = {}
    for o, (_, _, _, j, _) in enumerate(origin_keys):
        o_by_family.setdefault(_family(j, jab, r), []).append(o)
    out_o, out_d, out_c = [], [], []
    bpk, p_inst, p_prov, p_jab = (r["biaya_per_km"], r["penalti_lintas_instansi"], r["penalti_lintas_provinsi"],
                                  r["penalti_lintas_jabatan"])
    for n, (family, o_list) in enumerate(sorted(o_by_family.items())):
        targets = sorted({family} | mapped.get(family, set()))
        d_list = np.array(sorted(d for t in targets for d in by_family.get(t, [])), i64)
        if not len(d_list):
            continue
        o_arr = np.array(o_list, i64)
        o_loc = np.array([loc_index[origin_keys[o][0]] for o in o_list], i64)
        o_inst = np.array([code(origin_keys[o][1]) for o in o_list], i64)
        o_prov = np.array([code(origin_keys[o][2]) for o in o_list], i64)
        o_jab = np.array([code(origin_keys[o][3]) for o in o_list], i64)
        o_rank = np.array([rank.get(origin_keys[o][4], NO_RANK) for o in o_list], i64)
        step = max(1, 4_000_000 // len(d_list))
        for s in range(0, len(o_list), step):
            sl = slice(s, s + step)
            dist = km[o_loc[sl][:, None], d_loc[d_list][None, :]]
            cost = (bpk * dist + p_inst * (o_inst[sl][:, None] != d_inst[d_list][None, :])
                    + p_prov * (o_prov[sl][:, None] != d_prov[d_list][None, :])
                    + p_jab * (o_jab[sl][:, None] != d_jab[d_list][None, :]))
            ok = np.ones(cost.shape, bool)
            if r["cek_golongan"]:
                g = o_rank[sl][:, None]
                lo, hi = d_gmin[d_list][None, :], d_gmax[d_list][None, :]
                ok = (g == NO_RANK) | (((lo == NO_RANK) | (g >= lo)) & ((hi == NO_RANK) | (g <= hi)))
            # one key per (cost, destination): the K smallest are unique, so the choice is deterministic
            key = np.where(ok, cost * len(dests) + d_list[None, :], np.iinfo(i64).max)
            take = min(K, key.shape[1]) if K else key.shape[1]
            idx = np.argpartition(key, take - 1, axis=1)[:, :take] if take < key.shape[1] else \
                np.broadcast_to(np.arange(key.shape[1]), key.shape)
            rows = np.repeat(np.arange(key.shape[0]), idx.shape[1])
            cols = np.asarray(idx).reshape(-1)
            keep = key[rows, cols] != np.iinfo(i64).max
            out_o.append(o_arr[sl][rows[keep]])
            out_d.append(d_list[cols[keep]])
            out_c.append(cost[rows[keep], cols[keep]])
        progress("tipe tujuan termurah", 25 + int(30 * (n + 1) / len(o_by_family)))
    if not out_o:
        z = np.zeros(0, i64)
        return z, z, z
    return np.concatenate(out_o), np.concatenate(out_d), np.concatenate(out_c).astype(i64)
