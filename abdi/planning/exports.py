"""``abdi export needs`` and ``abdi export plan --scenario ID`` (CONTRACTS §8).

* ``needs``: every unit × position with a need or with active staff in post today:
  ``unor_id, jabatan_id, kebutuhan, bezetting, selisih`` (bezetting − kebutuhan; a missing need is 0),
  ordered by unit and position, streamed from one full join. A scoped export (``--instansi``, ``--as``)
  keeps the units of the agencies in scope.
* ``plan``: the moves of a scenario, ``nip, unor_asal, unor_tujuan, jabatan_tujuan, biaya``, by NIP; the NIP
  is masked for a user without personal data.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.management.base import CommandError
from django.db import connection

from abdi.core.management.base import EXIT_FAILED, UsageError

NEEDS_COLUMNS = ("unor_id", "jabatan_id", "kebutuhan", "bezetting", "selisih")
PLAN_COLUMNS = ("nip", "unor_asal", "unor_tujuan", "jabatan_tujuan", "biaya")
CHUNK = 5000


def needs_sql(instansi_ids: list[str] | None) -> tuple[str, list]:
    scope_staff = scope_need = ""
    params: list = []
    if instansi_ids is not None:
        marks = ", ".join(["%s"] * len(instansi_ids)) or "NULL"
        scope_staff = f"AND p.instansi_id IN ({marks})"
        scope_need = f"WHERE u.instansi_id IN ({marks})"
        params = [*instansi_ids, *instansi_ids]
    sql = (
        "SELECT COALESCE(s.unor_id, k.unor_id) AS unor_id, COALESCE(s.jabatan_id, k.jabatan_id) AS jabatan_id, "
        "COALESCE(k.kebutuhan, 0), COALESCE(s.bezetting, 0), COALESCE(s.bezetting, 0) - COALESCE(k.kebutuhan, 0) "
        "FROM (SELECT p.unor_id, p.jabatan_id, COUNT(*) AS bezetting FROM people_pegawai p "
        f"WHERE p.kedudukan = 'AKTIF' {scope_staff} GROUP BY p.unor_id, p.jabatan_id) s "
        "FULL OUTER JOIN (SELECT k.unor_id, k.jabatan_id, k.kebutuhan FROM planning_kebutuhan k "
        f"JOIN org_unor u ON u.unor_id = k.unor_id {scope_need}) k "
        "ON k.unor_id = s.unor_id AND k.jabatan_id = s.jabatan_id ORDER BY 1, 2")
    return sql, params


def needs_rows(pegawai_qs, year, personal) -> Iterator[list[str]]:
    scoped = pegawai_qs.query.has_filters()
    instansi_ids = sorted(set(pegawai_qs.values_list("instansi_id", flat=True).distinct())) if scoped else None
    sql, params = needs_sql(instansi_ids)
    with connection.chunked_cursor() as cur:
        cur.execute(sql, params)
        while rows := cur.fetchmany(CHUNK):
            for row in rows:
                yield [str(v) for v in row]


def plan_rows(pegawai_qs, year, personal, *, scenario: int | None = None):
    """Validated before the file is written: a missing or unknown scenario is a usage error."""
    from abdi.planning.models import Mutasi, Skenario

    if scenario is None:
        raise UsageError("ekspor plan memerlukan --scenario ID")
    if not Skenario.objects.filter(pk=scenario).exists():
        raise CommandError(f"skenario tidak dikenal: {scenario}", returncode=EXIT_FAILED)
    scoped = pegawai_qs.query.has_filters()
    instansi_ids = set(pegawai_qs.values_list("instansi_id", flat=True).distinct()) if scoped else None

    def rows() -> Iterator[list[str]]:
        from abdi.people.masking import mask_nip

        qs = Mutasi.objects.filter(skenario_id=scenario).order_by("nip")
        for m in qs.values_list("nip", "unor_asal", "unor_tujuan", "jabatan_tujuan", "biaya", "instansi_asal",
                                "instansi_tujuan").iterator(chunk_size=CHUNK):
            if instansi_ids is not None and m[5] not in instansi_ids and m[6] not in instansi_ids:
                continue
            yield [m[0] if personal else mask_nip(m[0]), m[1], m[2], m[3], str(m[4])]

    return rows()
