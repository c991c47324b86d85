"""Reads of the org app, filtered by the acting user's scope (DESIGN style 3).

Every function takes the acting user and reads ``user.access`` (role and scope, resolved by the accounts
app); an object outside the scope raises ``NotFound``, exactly as if it did not exist.
Unit subtrees are prefix ranges on the indexed materialized path ``Unor.path`` (``/root/…/self/``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from django.db.models import F, Q, Subquery

from abdi.core.scoping import path_prefix_q  # noqa: F401 - re-exported for people
from abdi.org.models import Instansi, Jabatan, Unor


class NotFound(LookupError):
    """The object does not exist, or is outside the acting user's scope (callers cannot tell which)."""


class InvalidCursor(ValueError):
    """A pagination cursor that this module (or ``people.selectors``) did not produce, or produced for
    another sort order."""


DEFAULT_LIMIT = 50  # rows per page of every list, unless asked (CONTRACTS §7)
MAX_LIMIT = 500


def encode_name_cursor(nama: str, key: str) -> str:
    """An opaque cursor after the row (``nama``, ``key``) of a list in name order."""
    raw = json.dumps([nama, key], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_name_cursor(cursor: str) -> tuple[str, str]:
    try:
        nama, key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(nama, str) or not isinstance(key, str):
        raise InvalidCursor(cursor)
    return nama, key


def access_of(user):
    """The acting user's resolved access, or ``None`` (no access at all) for anonymous users."""
    return getattr(user, "access", None) if user is not None else None


def unor_scope_q(access, *, path_field: str = "path", instansi_field: str = "instansi_id") -> Q | None:
    """Q selecting the units (or rows joined to units) inside ``access``'s org scope.

    ``None`` means no restriction (national roles); an empty scope gives ``Q(pk__in=[])``.
    """
    if access is not None and access.national:
        return None
    parts: list[Q] = []
    if access is not None and access.instansi_ids:
        parts.append(Q(**{f"{instansi_field}__in": sorted(access.instansi_ids)}))
    for prefix in access.unor_paths if access is not None else ():
        parts.append(path_prefix_q(prefix, path_field))
    if not parts:
        return Q(pk__in=[])
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def unor_visible(access, unor: Unor) -> bool:
    if access is None:
        return False
    return (access.national or unor.instansi_id in access.instansi_ids
            or any(unor.path.startswith(p) for p in access.unor_paths))


# --- instansi ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InstansiRow:
    instansi_id: str
    nama: str
    jenis: str
    provinsi_nama: str


def _instansi_scope_q(access) -> Q | None:
    if access is not None and access.national:
        return None
    ids = set(access.instansi_ids) if access is not None else set()
    if access is not None and access.unor_paths:
        # The agencies holding the user's scoped units: the units are few, one indexed lookup.
        ids |= set(Unor.objects.filter(pk__in=access.unor_ids).values_list("instansi_id", flat=True))
    return Q(pk__in=sorted(ids))


def instansi_list_for_user(user, *, q: str = "", jenis: str | None = None) -> list[InstansiRow]:
    """Agencies the user may browse (about 640 nationally: one page, no pagination needed)."""
    access = access_of(user)
    scope = _instansi_scope_q(access)
    qs = Instansi.objects.all() if scope is None else Instansi.objects.filter(scope)
    if q:
        for word in q.split():
            qs = qs.filter(Q(nama__icontains=word) | Q(instansi_id__iexact=word))
    if jenis:
        qs = qs.filter(jenis=jenis)
    rows = qs.order_by("nama", "instansi_id").values_list("instansi_id", "nama", "jenis", "provinsi__nama")
    return [InstansiRow(i, n, j, p or "") for i, n, j, p in rows]


def instansi_get_for_user(user, instansi_id: str) -> InstansiRow:
    if not instansi_id or "\x00" in instansi_id:
        raise NotFound(instansi_id)
    access = access_of(user)
    scope = _instansi_scope_q(access)
    qs = Instansi.objects.filter(pk=instansi_id)
    if scope is not None:
        qs = qs.filter(scope)
    row = qs.values_list("instansi_id", "nama", "jenis", "provinsi__nama").first()
    if row is None:
        raise NotFound(instansi_id)
    return InstansiRow(row[0], row[1], row[2], row[3] or "")


# --- unit tree ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnorNode:
    unor_id: str
    nama: str
    instansi_id: str
    eselon: str
    jenis_unor: str
    depth: int
    has_children: bool


_NODE_FIELDS = ("unor_id", "nama", "instansi_id", "eselon", "jenis_unor", "depth")


def _nodes(rows: list[tuple]) -> list[UnorNode]:
    if not rows:
        return []
    ids = [r[0] for r in rows]
    instansi_ids = {r[2] for r in rows}
    # (instansi, diatasan) is indexed: which of these units have children at all.
    parents = set(Unor.objects.filter(instansi_id__in=instansi_ids, diatasan_id__in=ids)
                  .order_by().values_list("diatasan_id", flat=True).distinct())
    return [UnorNode(*r, has_children=r[0] in parents) for r in rows]


def unor_get_for_user(user, unor_id: str) -> Unor:
    if not unor_id or "\x00" in unor_id:
        raise NotFound(unor_id)
    access = access_of(user)
    unor = Unor.objects.filter(pk=unor_id).first()
    if unor is None or not unor_visible(access, unor):
        raise NotFound(unor_id)
    return unor


def unor_children_for_user(user, *, instansi_id: str, parent_id: str | None = None,
                           after: tuple[str, str] | None = None, limit: int | None = None) -> list[UnorNode]:
    """Units directly below ``parent_id``; with no parent, the top of the tree the user may see in
    ``instansi_id`` (its root units, or the user's own scoped units there). Ordered by (name, id); ``after``
    a (name, id) and ``limit`` give one keyset page of them."""
    access = access_of(user)
    if parent_id is None:
        instansi_get_for_user(user, instansi_id)  # NotFound outside the scope
        qs = Unor.objects.filter(instansi_id=instansi_id)
        if access.national or instansi_id in access.instansi_ids:
            qs = qs.filter(diatasan__isnull=True)
        else:
            qs = qs.filter(path__in=access.unor_paths)
    else:
        parent = unor_get_for_user(user, parent_id)
        if parent.instansi_id != instansi_id:
            raise NotFound(parent_id)
        qs = Unor.objects.filter(instansi_id=instansi_id, diatasan_id=parent.pk)
    if after is not None:
        qs = qs.filter(Q(nama__gt=after[0]) | Q(nama=after[0], unor_id__gt=after[1]))
    qs = qs.order_by("nama", "unor_id").values_list(*_NODE_FIELDS)
    return _nodes(list(qs[:limit] if limit is not None else qs))


def unor_ancestors_for_user(user, unor_id: str) -> list[tuple[str, str]]:
    """``(unor_id, nama)`` from the top the user may see down to ``unor_id`` itself (breadcrumb)."""
    access = access_of(user)
    unor = unor_get_for_user(user, unor_id)
    ids = [p for p in unor.path.strip("/").split("/") if p]
    names = dict(Unor.objects.filter(pk__in=ids).values_list("unor_id", "nama"))
    paths = {}
    acc = "/"
    for uid in ids:
        acc += uid + "/"
        paths[uid] = acc
    out = []
    for uid in ids:
        visible = (access.national or unor.instansi_id in access.instansi_ids
                   or any(paths[uid].startswith(p) for p in access.unor_paths))
        if visible:
            out.append((uid, names.get(uid, uid)))
    return out


def unor_options_for_user(user, *, instansi_id: str, levels: int = 2) -> list[tuple[str, str, int]]:
    """``(unor_id, nama, level)`` of the top ``levels`` levels of the tree the user sees in one agency,
    in tree order: the choices of a unit filter (deeper units are reached through the org browser)."""
    access = access_of(user)
    scope = unor_scope_q(access)
    qs = Unor.objects.filter(instansi_id=instansi_id)
    if scope is not None:
        qs = qs.filter(scope)
    top = Subquery(qs.order_by("depth").values("depth")[:1])
    rows = list(qs.annotate(top=top).filter(depth__lt=F("top") + levels).order_by("path")
                .values_list("unor_id", "nama", "depth", "top"))
    return [(u, n, d - t) for u, n, d, t in rows]


# --- names (not personal data: any signed-in user may resolve ids to names) ----------------------
def org_names(*, instansi_ids=(), unor_ids=(), jabatan_ids=()) -> dict[str, dict[str, str]]:
    """``{"instansi": {id: nama}, "unor": {…}, "jabatan": {…}}`` for the ids given, one query per kind."""
    out: dict[str, dict[str, str]] = {"instansi": {}, "unor": {}, "jabatan": {}}
    if instansi_ids:
        out["instansi"] = dict(Instansi.objects.filter(pk__in=set(instansi_ids)).values_list("pk", "nama"))
    if unor_ids:
        out["unor"] = dict(Unor.objects.filter(pk__in=set(unor_ids)).values_list("pk", "nama"))
    if jabatan_ids:
        out["jabatan"] = dict(Jabatan.objects.filter(pk__in=set(jabatan_ids)).values_list("pk", "nama"))
    return out
