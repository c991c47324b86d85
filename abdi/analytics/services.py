"""Keeping the aggregates current: ``refresh`` recomputes the cells of some instansi (or all) and rebuilds
the scope aggregates from the cells; ``refresh_for_batch`` is what the ``core.hooks.after_load`` task runs.

Fetch → compute → write (DESIGN style 4): three grouped scans (``compute.person_cells``) and one of the units,
a Python fold per scope, and bulk writes (``COPY`` on PostgreSQL). A load that touched a few instansi
recomputes only their cells; the national and provincial sums are rebuilt from the stored cells.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from abdi.analytics import compute
from abdi.analytics.models import Aggregate, Cell, Refresh
from abdi.org.models import Instansi, Unor
from abdi.people.models import Pegawai, RiwayatPegawai

log = logging.getLogger(__name__)
JP_VARIANTS = ("", "PNS", "PPPK")  # nation and provinces keep a PNS-only and a PPPK-only variant too


def _write(model, columns: list[str], rows) -> None:
    table = model._meta.db_table
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            raw = cur.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _stored_cells(exclude: set[str]) -> dict:
    cells: dict = {}
    for ins, prov, jp, metric, key, value in Cell.objects.exclude(instansi_id__in=exclude).values_list(
            "instansi_id", "provinsi", "jenis_pegawai", "metric", "key", "value").iterator(chunk_size=20_000):
        cells[(ins, prov, jp, metric, key)] = value
    return cells


def refresh(*, instansi_ids: set[str] | None = None, batch_id: int | None = None) -> Refresh:
    """Recompute the cells of ``instansi_ids`` (all when ``None``) and rebuild every scope aggregate."""
    started, t0 = timezone.now(), time.perf_counter()
    full = instansi_ids is None
    people, units = Pegawai.objects.all(), Unor.objects.all()
    if not full:
        people, units = people.filter(instansi_id__in=instansi_ids), units.filter(instansi_id__in=instansi_ids)
    instansi_jenis = dict(Instansi.objects.values_list("instansi_id", "jenis"))
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the grouped scans hash in memory instead of sorting on disk
            with connection.cursor() as cur:
                cur.execute("SET LOCAL work_mem = '256MB'")
        fresh = compute.person_cells(people)
        fresh.update(compute.unit_cells(units))
        if full:
            Cell.objects.all().delete()
            cells = dict(fresh)
        else:
            Cell.objects.filter(instansi_id__in=instansi_ids).delete()
            cells = _stored_cells(instansi_ids)
            cells.update(fresh)
        _write(Cell, ["instansi_id", "provinsi", "jenis_pegawai", "metric", "key", "value"],
               (k + (v,) for k, v in fresh.items()))
        by_instansi: dict[str, dict] = defaultdict(dict)
        by_prov: dict[str, dict] = defaultdict(dict)
        for k, v in cells.items():
            by_instansi[k[0]][k] = v
            by_prov[k[1]][k] = v
        rows = []
        targets = by_instansi if full else {i: by_instansi.get(i, {}) for i in instansi_ids}
        for ins, part in targets.items():
            rows += _scope_rows("instansi", ins, "", compute.fold(part, instansi_jenis))
        for jp in JP_VARIANTS:
            rows += _scope_rows("nasional", "", jp, compute.fold(cells, instansi_jenis, jenis_pegawai=jp))
            for prov, part in by_prov.items():
                rows += _scope_rows("provinsi", prov, jp, compute.fold(part, instansi_jenis, jenis_pegawai=jp))
        stale = Aggregate.objects.exclude(scope_kind="instansi")
        if full:
            stale = Aggregate.objects.all()
        else:
            Aggregate.objects.filter(scope_kind="instansi", scope_id__in=instansi_ids).delete()
        stale.delete()
        _write(Aggregate, ["scope_kind", "scope_id", "jenis_pegawai", "metric", "key", "value"], rows)
        record = Refresh.objects.create(started_at=started, finished_at=timezone.now(), batch_id=batch_id,
                                        full=full, instansi_count=len(targets),
                                        seconds=round(time.perf_counter() - t0, 3))
    log.info("analytics refresh: %s instansi, %.1f s", "all" if full else len(targets), record.seconds)
    return record


def _scope_rows(kind: str, scope_id: str, jp: str, metrics: dict) -> list[tuple]:
    return [(kind, scope_id or "", jp, metric, key, value)
            for metric, keys in metrics.items() for key, value in keys.items()]


def instansi_touched_by(batch_id: int) -> set[str]:
    """The instansi whose counts a load may have changed: those of the people it wrote, now and in their
    history (a move out of an instansi changes the one left), and of the units it wrote."""
    nips = Pegawai.objects.filter(batch_id=batch_id).values("nip")
    touched = set(Pegawai.objects.filter(batch_id=batch_id).values_list("instansi_id", flat=True).distinct())
    touched |= set(RiwayatPegawai.objects.filter(pegawai_id__in=nips).values_list("instansi_id", flat=True)
                   .distinct())
    touched |= set(Unor.objects.filter(batch_id=batch_id).values_list("instansi_id", flat=True).distinct())
    return touched



def refresh_for_load(batch_id: int) -> Refresh | None:
    """After a committed load: a full rebuild when no aggregate exists yet, else only the instansi touched."""
    if not Aggregate.objects.exists():
        return refresh(batch_id=batch_id)
    touched = instansi_touched_by(batch_id)
    if not touched:
        return None
    return refresh(instansi_ids=touched, batch_id=batch_id)
