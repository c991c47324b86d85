"""Reads of civil servants, filtered by the acting user's scope (DESIGN style 3).

Scope: national roles see everyone; an ``instansi`` scope sees ``Pegawai.instansi_id`` in its set; a
``unor`` scope sees the unit's whole subtree (path prefix); every user sees their own record (``nip``).
Anything else raises ``NotFound`` as if it did not exist.

Personal data: roles that may not see birth dates get ``tgl_lahir = None``, the NIP masked
(``mask_nip``) and an opaque ``ref`` for links; see ``abdi.people.masking``.

Lists use keyset pagination on ``(nama, nip)`` (index ``pegawai_nama_nip_idx``) or on the NIP (primary key),
ascending or descending (the same indexes, read backwards): a page is one query, whatever its position, and
nothing counts the whole table. Sorting by NIP is sorting by birth date, so only roles that may see birth
dates may ask for it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Count, Q, QuerySet

from abdi.org.models import Instansi, Jabatan, Unor
from abdi.org.selectors import (  # noqa: F401 - DEFAULT_LIMIT, MAX_LIMIT, InvalidCursor re-exported
    DEFAULT_LIMIT,
    MAX_LIMIT,
    InvalidCursor,
    NotFound,
    access_of,
    path_prefix_q,
    unor_scope_q,
)
from abdi.people.masking import employee_ref, mask_nip, nip_from_key, nip_from_ref
from abdi.people.models import Pegawai, RiwayatPegawai

__all__ = [
    "DEFAULT_SORT", "SORTS", "EmployeeDetail", "EmployeePage", "EmployeeRow", "HistoryRow", "InvalidCursor",
    "InvalidSort", "NotFound", "employee_get_for_user", "employee_history_for_user", "employee_list_for_user",
    "employee_queryset_for_user", "employee_sorts_for_user", "mask_nip",
    "staff_counts_by_unor_for_user",
]



SORTS = ("nama", "-nama", "nip", "-nip")  # "-" = descending
DEFAULT_SORT = "nama"
_NIP_SORTS = ("nip", "-nip")


class InvalidSort(ValueError):
    """A sort order that does not exist, or that the user may not use (NIP order is birth-date order)."""


# --- scope -------------------------------------------------------------------------------------------
def _scoped(access) -> QuerySet:
    """Pegawai rows inside ``access``'s scope (the user's own record included)."""
    qs = Pegawai.objects.all()
    if access is None:
        return qs.none()
    org_q = unor_scope_q(access, path_field="unor__path", instansi_field="instansi_id")
    if org_q is None:
        return qs
    if access.self_nip:
        org_q |= Q(nip=access.self_nip)
    if access.extra_nips:  # a supervisor's subordinates assigned by name
        org_q |= Q(nip__in=sorted(access.extra_nips))
    return qs.filter(org_q)


def employee_queryset_for_user(user) -> QuerySet:
    """All ``Pegawai`` rows in the user's scope, unmasked: for exports and jobs that apply their own
    personal-data rule (``user.access.personal_data``). Pages use the functions below instead."""
    return _scoped(access_of(user))


def _public_key(access, nip: str) -> tuple[str, str, bool]:
    """(nip as shown, key for links, may see personal data) of one row for this user."""
    if access is not None and access.may_see_personal(nip):
        return nip, nip, True
    return mask_nip(nip), employee_ref(nip), False


def _resolve_key(key: str) -> str | None:
    """A NIP from what a link or a user gave: the NIP itself or an opaque reference."""
    return nip_from_key(key)


def _nama_lengkap(gelar_depan: str, nama: str, gelar_belakang: str) -> str:
    name = f"{gelar_depan} {nama}".strip() if gelar_depan else nama
    return f"{name}, {gelar_belakang}" if gelar_belakang else name


# --- list --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmployeeRow:
    ref: str  # key for links: the NIP where the user may see it whole, else an opaque reference
    nip: str  # masked where the user may not see birth dates
    nama: str
    nama_lengkap: str
    tgl_lahir: date | None  # None where the user may not see it
    jenis_kelamin: str
    jenis_pegawai: str
    status: str
    kedudukan: str
    golongan: str
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    jenis_jabatan: str
    gelar_depan: str
    gelar_belakang: str
    pendidikan: str
    tmt_cpns: date
    tmt_jabatan: date
    lokasi_kabkota_kode: str


@dataclass(frozen=True)
class EmployeePage:
    items: list[EmployeeRow]
    next_cursor: str | None


_ROW_FIELDS = ("nip", "nama", "gelar_depan", "gelar_belakang", "tgl_lahir", "jenis_kelamin", "jenis_pegawai",
               "status", "kedudukan", "golongan", "instansi_id", "instansi__nama", "unor_id", "unor__nama",
               "jabatan_id", "jabatan__nama", "jabatan__jenis", "pendidikan", "tmt_cpns", "tmt_jabatan",
               "lokasi_kabkota_id")


def _encode_cursor(sort: str, nama: str, nip: str) -> str:
    # The NIP travels as its opaque reference: a cursor in a masked user's URL reveals no birth date.
    key = [sort, employee_ref(nip)] if sort in _NIP_SORTS else [sort, nama, employee_ref(nip)]
    raw = json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[str, str]:
    """(nama, nip) after which the page starts (nama is "" for the NIP orders); ``InvalidCursor`` for
    anything else, a cursor of another sort order included."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(key, list) or not key or key[0] != sort:
        raise InvalidCursor(cursor)
    if sort in _NIP_SORTS:
        nama, ref = "", key[1] if len(key) == 2 else None
    else:
        nama, ref = (key[1], key[2]) if len(key) == 3 else (None, None)
    nip = nip_from_ref(ref) if isinstance(ref, str) else None
    if not isinstance(nama, str) or nip is None:
        raise InvalidCursor(cursor)
    return nama, nip


def employee_sorts_for_user(user) -> tuple[str, ...]:
    """The sort orders this user may ask for: NIP order is birth-date order, for personal-data roles only."""
    access = access_of(user)
    if access is not None and access.personal_data:
        return SORTS
    return tuple(s for s in SORTS if s not in _NIP_SORTS)


def _keyset(sort: str, after_cursor: str | None) -> tuple[Q | None, tuple[str, ...]]:
    """(condition for the rows after the cursor, ORDER BY) of one sort order."""
    desc = sort.startswith("-")
    op = "lt" if desc else "gt"
    order = ("nip",) if sort in _NIP_SORTS else ("nama", "nip")
    order = tuple("-" + f for f in order) if desc else order
    if not after_cursor:
        return None, order
    nama, nip = _decode_cursor(after_cursor, sort)
    if sort in _NIP_SORTS:
        return Q(**{f"nip__{op}": nip}), order
    # The redundant bound ``nama >= X`` gives PostgreSQL an index range on (nama, nip); the OR alone is a
    # filter, and a deep page would read the index from its start.
    return Q(**{f"nama__{op}e": nama}) & (Q(**{f"nama__{op}": nama}) | Q(nama=nama, **{f"nip__{op}": nip})), order


def _search_q(access, q: str) -> Q | None:
    """Digits search the NIP (by prefix for roles that may see birth dates; whole NIPs only otherwise,
    so a prefix search cannot probe birth dates); words must all occur in the name."""
    q = " ".join(q.split())
    if not q:
        return None
    compact = q.replace(" ", "")
    if compact.isdigit():
        if access is not None and access.personal_data:
            return Q(nip__startswith=compact)
        return Q(nip=compact)
    cond = Q()
    for word in q.split():
        cond &= Q(nama__icontains=word)
    return cond


def employee_list_for_user(user, *, q: str = "", instansi_id: str | None = None, unor_id: str | None = None,
                           jenis_jabatan: str | None = None, golongan: str | None = None,
                           kedudukan: str | None = None, after_cursor: str | None = None,
                           limit: int = DEFAULT_LIMIT, sort: str = DEFAULT_SORT) -> EmployeePage:
    """One page of the civil servants the user may see, in ``sort`` order (``SORTS``; by name, ties by NIP,
    unless sorted by NIP; ``-`` descending). ``InvalidSort`` for an order the user may not use.

    ``unor_id`` selects that unit's whole subtree. ``after_cursor`` is the ``next_cursor`` of the previous
    page in the same order (raises ``InvalidCursor`` if it is not one). Every ``kedudukan`` is included unless
    filtered. Queries: one for the page, plus one to find the unit's path when ``unor_id`` is given.
    """
    access = access_of(user)
    if sort not in employee_sorts_for_user(user):
        raise InvalidSort(sort)
    after_q, order = _keyset(sort, after_cursor)
    limit = max(1, min(int(limit), MAX_LIMIT))
    qs = _scoped(access)
    search = _search_q(access, q)
    if search is not None:
        qs = qs.filter(search)
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    if unor_id:
        path = Unor.objects.filter(pk=unor_id).values_list("path", flat=True).first()
        if not path:
            return EmployeePage([], None)
        qs = qs.filter(path_prefix_q(path, "unor__path"))
    if jenis_jabatan:
        qs = qs.filter(jabatan__jenis=jenis_jabatan)
    if golongan:
        qs = qs.filter(golongan=golongan)
    if kedudukan:
        qs = qs.filter(kedudukan=kedudukan)
    if after_q is not None:
        qs = qs.filter(after_q)
    rows = list(qs.order_by(*order).values_list(*_ROW_FIELDS)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for (nip, nama, gd, gb, tgl, jk, jp, st, kd, gol, ins, ins_nama, unor, unor_nama, jab, jab_nama,
         jab_jenis, pend, tmt_cpns, tmt_jab, kabkota) in rows:
        shown, ref, personal = _public_key(access, nip)
        items.append(EmployeeRow(
            ref=ref, nip=shown, nama=nama, nama_lengkap=_nama_lengkap(gd, nama, gb),
            tgl_lahir=tgl if personal else None, jenis_kelamin=jk, jenis_pegawai=jp, status=st, kedudukan=kd,
            golongan=gol, instansi_id=ins, instansi_nama=ins_nama, unor_id=unor, unor_nama=unor_nama,
            jabatan_id=jab, jabatan_nama=jab_nama, jenis_jabatan=jab_jenis, gelar_depan=gd, gelar_belakang=gb,
            pendidikan=pend, tmt_cpns=tmt_cpns, tmt_jabatan=tmt_jab, lokasi_kabkota_kode=kabkota))
    next_cursor = _encode_cursor(sort, rows[-1][1], rows[-1][0]) if more else None
    return EmployeePage(items, next_cursor)


# --- one person --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmployeeDetail:
    ref: str
    nip: str
    personal_data: bool  # whether tgl_lahir and the whole NIP are shown
    pns_id: str
    nip_lama: str
    nama: str
    nama_lengkap: str
    gelar_depan: str
    gelar_belakang: str
    tgl_lahir: date | None
    jenis_kelamin: str
    jenis_pegawai: str
    status: str
    kedudukan: str
    golongan: str
    pendidikan: str
    tmt_cpns: date
    tmt_pns: date | None
    tmt_golongan: date | None
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    unor_path: str  # the unit's materialized path (where the record sits in the tree, for audit events)
    jabatan_id: str
    jabatan_nama: str
    jenis_jabatan: str
    jenjang: str
    kelas: int
    tmt_jabatan: date
    lokasi_kabkota_kode: str
    lokasi_kabkota_nama: str
    instansi_kerja_id: str
    instansi_kerja_nama: str
    diperbarui_pada: datetime | None


_DETAIL_FIELDS = (
    "nip", "pns_id", "nip_lama", "nama", "gelar_depan", "gelar_belakang", "tgl_lahir", "jenis_kelamin",
    "jenis_pegawai", "status", "kedudukan", "golongan", "pendidikan", "tmt_cpns", "tmt_pns", "tmt_golongan",
    "instansi_id", "instansi__nama", "unor_id", "unor__nama", "unor__path", "jabatan_id", "jabatan__nama",
    "jabatan__jenis", "jabatan__jenjang_id", "jabatan__kelas", "tmt_jabatan", "lokasi_kabkota_id",
    "lokasi_kabkota__nama", "instansi_kerja_id", "instansi_kerja__nama", "diperbarui_pada")


def _get(access, key: str) -> dict:
    """The record's fields (``_DETAIL_FIELDS``) if in scope. Values, not model instances, and no implicit
    ORDER BY: this is the hottest read of the API (bench/api.py)."""
    nip = _resolve_key(key)
    if nip is None:
        raise NotFound(key)
    rows = list(_scoped(access).filter(nip=nip).values_list(*_DETAIL_FIELDS)[:1])
    if not rows:
        raise NotFound(key)
    return dict(zip(_DETAIL_FIELDS, rows[0], strict=True))


def employee_get_for_user(user, key: str) -> EmployeeDetail:
    """The civil servant with NIP (or reference) ``key``, if in the user's scope; else ``NotFound``."""
    access = access_of(user)
    p = _get(access, key)
    shown, ref, personal = _public_key(access, p["nip"])
    return EmployeeDetail(
        ref=ref, nip=shown, personal_data=personal, pns_id=p["pns_id"], nip_lama=p["nip_lama"], nama=p["nama"],
        nama_lengkap=_nama_lengkap(p["gelar_depan"], p["nama"], p["gelar_belakang"]),
        gelar_depan=p["gelar_depan"], gelar_belakang=p["gelar_belakang"],
        tgl_lahir=p["tgl_lahir"] if personal else None, jenis_kelamin=p["jenis_kelamin"],
        jenis_pegawai=p["jenis_pegawai"], status=p["status"], kedudukan=p["kedudukan"], golongan=p["golongan"],
        pendidikan=p["pendidikan"], tmt_cpns=p["tmt_cpns"], tmt_pns=p["tmt_pns"], tmt_golongan=p["tmt_golongan"],
        instansi_id=p["instansi_id"], instansi_nama=p["instansi__nama"], unor_id=p["unor_id"],
        unor_nama=p["unor__nama"], unor_path=p["unor__path"], jabatan_id=p["jabatan_id"],
        jabatan_nama=p["jabatan__nama"], jenis_jabatan=p["jabatan__jenis"], jenjang=p["jabatan__jenjang_id"],
        kelas=p["jabatan__kelas"], tmt_jabatan=p["tmt_jabatan"], lokasi_kabkota_kode=p["lokasi_kabkota_id"],
        lokasi_kabkota_nama=p["lokasi_kabkota__nama"], instansi_kerja_id=p["instansi_kerja_id"] or "",
        instansi_kerja_nama=p["instansi_kerja__nama"] or "", diperbarui_pada=p["diperbarui_pada"])


@dataclass(frozen=True)
class HistoryRow:
    tmt: date
    perubahan: str
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    golongan: str
    status: str
    kedudukan: str
    nomor_sk: str
    tanggal_sk: date | None
    dicatat_pada: datetime


def employee_history_for_user(user, key: str) -> list[HistoryRow]:
    """The effective-dated history (``RiwayatPegawai``) of one civil servant in scope, oldest TMT first."""
    access = access_of(user)
    nip = _resolve_key(key)
    if nip is None or not _scoped(access).filter(nip=nip).exists():
        raise NotFound(key)
    return _history(nip)


def employee_profile_for_user(user, key: str) -> tuple[EmployeeDetail, list[HistoryRow]]:
    """The profile page and ``GET /employees/{key}``: the record and its history with one scope check
    (two queries)."""
    detail = employee_get_for_user(user, key)
    return detail, _history(_resolve_key(key))


def _history(nip: str) -> list[HistoryRow]:
    # Plain SQL with the names joined in (LEFT JOIN: a row whose unit or position has since been removed still
    # shows, by id); scope was checked by the caller. The ORM spent longer compiling this than running it.
    sql = (f"SELECT r.tmt, r.perubahan, r.instansi_id, i.nama, r.unor_id, u.nama, r.jabatan_id, j.nama, "
           f"r.golongan, r.status, r.kedudukan, r.nomor_sk, r.tanggal_sk, r.dicatat_pada "
           f"FROM {RiwayatPegawai._meta.db_table} r "
           f"LEFT JOIN {Instansi._meta.db_table} i ON i.instansi_id = r.instansi_id "
           f"LEFT JOIN {Unor._meta.db_table} u ON u.unor_id = r.unor_id "
           f"LEFT JOIN {Jabatan._meta.db_table} j ON j.jabatan_id = r.jabatan_id "
           f"WHERE r.nip = %s ORDER BY r.tmt, r.id")
    with connection.cursor() as cur:
        cur.execute(sql, [nip])
        rows = cur.fetchall()
    return [HistoryRow(tmt=_as_date(tmt), perubahan=ch, instansi_id=ins, instansi_nama=ins_n or ins, unor_id=unor,
                       unor_nama=unor_n or unor, jabatan_id=jab, jabatan_nama=jab_n or jab, golongan=gol, status=st,
                       kedudukan=kd, nomor_sk=sk, tanggal_sk=_as_date(tsk), dicatat_pada=_as_datetime(rec))
            for tmt, ch, ins, ins_n, unor, unor_n, jab, jab_n, gol, st, kd, sk, tsk, rec in rows]


def _as_date(value):
    """SQLite may hand raw-SQL dates back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_datetime(value):
    """Raw SQL on SQLite gives naive (UTC) datetimes or text; the ORM would give aware ones."""
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


# --- counts for the org tree -------------------------------------------------------------------------
def staff_counts_by_unor_for_user(user, unor_ids: list[str]) -> dict[str, int]:
    """Civil servants placed directly in each unit (not its subtree) for the units the user may see
    (others are left out). Two queries: the visible units, then one grouped count on the (unor, nip) index.
    """
    access = access_of(user)
    ids = list(dict.fromkeys(unor_ids))[:MAX_LIMIT]
    if access is None or not ids:
        return {}
    units = Unor.objects.filter(pk__in=ids)
    scope = unor_scope_q(access)
    if scope is not None:
        units = units.filter(scope)
    visible = list(units.values_list("unor_id", flat=True))
    counts = dict(Pegawai.objects.filter(unor_id__in=visible).order_by().values("unor_id")
                  .annotate(n=Count("nip")).values_list("unor_id", "n"))
    return {u: counts.get(u, 0) for u in visible}
