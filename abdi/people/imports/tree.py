"""Settling the unit tree of a unor.csv load: parents, cycles, materialized paths.

Parent pointers come from the file where it has the unit (and the row was accepted) and from the database
otherwise. Every accepted unit gets ``path`` ``/root/…/self/`` and ``depth``; a unit whose parent is unknown,
in another instansi, rejected, or on a cycle is rejected on ``diatasan_id``. Units already in the database
whose path changes because an ancestor moved are returned so that the apply step can rewrite them.
"""

from __future__ import annotations

import pyarrow as pa
from django.db import connection

from abdi.people.imports.staging import Staging, qn

MAX_PATH = 1000
R_PARENT_UNKNOWN = "unit atasan '{p}' tidak dikenal"
R_PARENT_OTHER = "unit atasan '{p}' berada di instansi lain"
R_PARENT_REJECTED = "unit atasan '{p}' ditolak"
R_CYCLE = "siklus pada pohon unit (unit menjadi atasan dirinya sendiri)"
R_TOO_DEEP = "pohon unit terlalu dalam"


def settle_unor_tree(staging: Staging) -> list[tuple[str, str, int]]:
    t = qn(staging.table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT line, unor_id, instansi_id, diatasan_id, rej_col FROM {t} ORDER BY line")
        staged = cur.fetchall()
    file_units: dict[str, tuple[str, str, int]] = {}  # id -> (instansi, parent, line), accepted rows only
    file_rejected: set[str] = set()
    for line, uid, inst, parent, rej in staged:
        if rej:
            if uid and uid not in file_units:
                file_rejected.add(uid)
        else:
            file_units[uid] = (inst, parent, line)
    instansi = sorted({v[0] for v in file_units.values()})
    db_units: dict[str, tuple[str, str, str]] = {}
    if instansi:
        with connection.cursor() as cur:
            for start in range(0, len(instansi), 500):
                chunk = instansi[start:start + 500]
                cur.execute(
                    "SELECT unor_id, instansi_id, COALESCE(diatasan_id, ''), path FROM org_unor "
                    f"WHERE instansi_id IN ({', '.join(['%s'] * len(chunk))})", chunk)
                for uid, inst, parent, path in cur.fetchall():
                    db_units[uid] = (inst, parent, path)
        # parents outside those instansi are looked up on demand (they will be rejected as "other instansi")
    rejected: dict[str, str] = {}  # file unit id -> reason

    def node(uid: str) -> tuple[str, str] | None:
        if uid in file_units and uid not in rejected:
            inst, parent, _ = file_units[uid]
            return inst, parent
        if uid in db_units:
            inst, parent, _ = db_units[uid]
            return inst, parent
        return None

    while True:
        paths: dict[str, str] = {}
        new_rejections = False
        for uid in file_units:
            if uid in rejected or uid in paths:
                continue
            # walk up until a node with a known path or a root
            chain: list[str] = []
            on_chain: set[str] = set()
            cur_id = uid
            failure = ""
            while True:
                if cur_id in paths:
                    base = paths[cur_id]
                    break
                if cur_id in on_chain:
                    failure = R_CYCLE
                    break
                info = node(cur_id)
                if info is None:
                    failure = "?"
                    break
                chain.append(cur_id)
                on_chain.add(cur_id)
                inst, parent = info
                if not parent:
                    base = ""
                    break
                pinfo = node(parent)
                if pinfo is None:
                    if parent in file_rejected or parent in rejected:
                        failure = R_PARENT_REJECTED.format(p=parent[:60])
                    elif _exists_elsewhere(parent):
                        failure = R_PARENT_OTHER.format(p=parent[:60])
                    else:
                        failure = R_PARENT_UNKNOWN.format(p=parent[:60])
                    break
                if pinfo[0] != inst:
                    failure = R_PARENT_OTHER.format(p=parent[:60])
                    break
                cur_id = parent
            if failure:
                # the unit at the top of the chain fails; every file unit below it fails with "parent rejected"
                top = chain[-1] if chain else uid
                for k, member in enumerate(reversed(chain)):
                    if member in file_units and member not in rejected:
                        if failure == R_CYCLE:
                            rejected[member] = R_CYCLE
                        elif k == 0:
                            rejected[member] = failure
                        else:
                            rejected[member] = R_PARENT_REJECTED.format(p=file_units[member][1][:60])
                        new_rejections = True
                if top not in file_units and uid in file_units and uid not in rejected:
                    rejected[uid] = failure
                    new_rejections = True
                continue
            for member in reversed(chain):
                base = f"{base or '/'}{member}/"
                paths[member] = base
        if not new_rejections:
            break
    results = []
    for uid, (_inst, _parent, line) in file_units.items():
        if uid in rejected:
            results.append((line, rejected[uid], "", "0"))
        else:
            path = paths[uid]
            if len(path) > MAX_PATH:
                results.append((line, R_TOO_DEEP, "", "0"))
            else:
                results.append((line, "", path, str(path.count("/") - 2)))
    tree = Staging(staging.table + "_tree", ("reason", "path", "depth"))
    tree.create()
    lines = pa.array([r[0] for r in results], pa.int64())
    empty = pa.array([""] * len(results), pa.string())
    tree.write(pa.table({"line": lines, "rej_col": empty, "rej_reason": empty, "rej_value": empty,
                         "reason": pa.array([r[1] for r in results], pa.string()),
                         "path": pa.array([r[2] for r in results], pa.string()),
                         "depth": pa.array([r[3] for r in results], pa.string())}))
    tt = qn(tree.table)
    with connection.cursor() as cur:
        cur.execute(f"CREATE INDEX {qn(tree.table + '_line')} ON {tt} (line)")
        cur.execute(
            f"UPDATE {t} SET path = {tt}.path, depth = {tt}.depth, "
            f"rej_col = CASE WHEN {tt}.reason <> '' THEN 'diatasan_id' ELSE {t}.rej_col END, "
            f"rej_reason = CASE WHEN {tt}.reason <> '' THEN {tt}.reason ELSE {t}.rej_reason END, "
            f"rej_value = CASE WHEN {tt}.reason <> '' THEN {t}.diatasan_id ELSE {t}.rej_value END "
            f"FROM {tt} WHERE {t}.line = {tt}.line")
    tree.drop()
    # database-only units below a moved unit: their stored path changes too
    moved = []
    for uid, (_inst, _parent, old_path) in db_units.items():
        if uid in file_units:
            continue
        new = _db_path(uid, paths, db_units, file_units, rejected)
        if new and new != old_path:
            moved.append((uid, new, new.count("/") - 2))
    return moved


def _db_path(uid, paths, db_units, file_units, rejected) -> str:
    chain = []
    cur = uid
    seen = set()
    while cur and cur not in paths and cur not in seen:
        seen.add(cur)
        chain.append(cur)
        if cur in file_units and cur not in rejected:
            cur = file_units[cur][1]
        elif cur in db_units:
            cur = db_units[cur][1]
        else:
            return ""
    base = paths.get(cur, "/") if cur else "/"
    for member in reversed(chain):
        base = f"{base}{member}/"
        paths[member] = base
    return base


def _exists_elsewhere(unor_id: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM org_unor WHERE unor_id = %s", [unor_id])
        return cur.fetchone() is not None


def rewrite_paths(moved: list[tuple[str, str, int]]) -> None:
    if not moved:
        return
    with connection.cursor() as cur:
        cur.executemany("UPDATE org_unor SET path = %s, depth = %s WHERE unor_id = %s",
                        [(path, depth, uid) for uid, path, depth in moved])
