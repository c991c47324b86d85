"""Dashboard data for the acting user: the scope they ask for (or their own), checked against their access,
read from the aggregates when they cover it, computed from the roster otherwise (unit subtrees, filters
beyond PNS/PPPK, or before the first refresh). Both paths fold the same counts (``compute``) and assemble
the same figures (``rules``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Substr
from django.utils import timezone

from abdi.analytics import compute, rules
from abdi.analytics.models import Aggregate, Refresh
from abdi.org.models import Instansi, Provinsi, Unor
from abdi.org.selectors import NotFound, access_of, path_prefix_q
from abdi.people.models import Pegawai
from abdi.reference import codes

SCOPES = ("nasional", "instansi", "provinsi", "unor")


class ScopeNotAllowed(PermissionError):
    """The role may not see this kind of scope (e.g. the nation, for an agency admin)."""


@dataclass(frozen=True)
class Filters:
    jenis_pegawai: str = ""
    jenis_jabatan: str = ""
    pendidikan: str = ""
    golongan: str = ""

    @property
    def beyond_jenis_pegawai(self) -> bool:
        return bool(self.jenis_jabatan or self.pendidikan or self.golongan)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Scope:
    kind: str
    id: str = ""
    nama: str = ""
    path: str = field(default="", repr=False)


def default_scope(user) -> Scope:
    access = access_of(user)
    if access is None or not access.org_scoped:
        raise ScopeNotAllowed("statistik memerlukan cakupan organisasi (statistics need an org scope)")
    if access.national:
        return Scope("nasional", "", "Nasional")
    if access.instansi_ids:
        return resolve_scope(user, "instansi", sorted(access.instansi_ids)[0])
    unor = Unor.objects.filter(path__in=access.unor_paths).order_by("path").first()
    return resolve_scope(user, "unor", unor.unor_id if unor else "")


def resolve_scope(user, kind: str, scope_id: str = "") -> Scope:
    """The scope ``kind``/``scope_id`` if the user may see it: ``ScopeNotAllowed`` for a kind their role never
    sees (the nation or a province for scoped roles), ``NotFound`` for an object outside their scope."""
    access = access_of(user)
    if access is None or not access.org_scoped:
        raise ScopeNotAllowed("statistik memerlukan cakupan organisasi (statistics need an org scope)")
    if kind not in SCOPES:
        raise NotFound(kind)
    if kind in ("nasional", "provinsi") and not access.national:
        raise ScopeNotAllowed("cakupan nasional dan provinsi untuk peran nasional "
                              "(national and provincial views are for national roles)")
    if kind == "nasional":
        return Scope("nasional", "", "Nasional")
    if kind == "provinsi":
        nama = Provinsi.objects.filter(pk=scope_id).values_list("nama", flat=True).first()
        if nama is None:
            raise NotFound(scope_id)
        return Scope("provinsi", scope_id, nama)
    if kind == "instansi":
        nama = Instansi.objects.filter(pk=scope_id).values_list("nama", flat=True).first()
        if nama is None or not (access.national or scope_id in access.instansi_ids):
            raise NotFound(scope_id)
        return Scope("instansi", scope_id, nama)
    unor = Unor.objects.filter(pk=scope_id).values("nama", "path", "instansi_id").first()
    if unor is None or not (access.national or unor["instansi_id"] in access.instansi_ids
                            or any(unor["path"].startswith(p) for p in access.unor_paths)):
        raise NotFound(scope_id)
    return Scope("unor", scope_id, unor["nama"], unor["path"])


def _provinces() -> list[rules.Province]:
    return [rules.Province(k, n, lat, lon, pop) for k, n, lat, lon, pop in
            Provinsi.objects.values_list("kode", "nama", "lat", "lon", "penduduk").order_by("kode")]


def _assemble(metrics: dict, year: int) -> dict:
    return rules.assemble(
        metrics, provinces=_provinces(), year=year, generations=codes.GENERASI,
        pendidikan_order=codes.PENDIDIKAN_CODES, golongan_order=codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES,
        jenis_jabatan_order=codes.JENIS_JABATAN)


def _from_aggregates(scope: Scope, jp: str) -> dict | None:
    kind, sid = scope.kind, scope.id
    wanted = jp if kind != "instansi" else ""
    if kind == "instansi" and jp:
        return None  # agencies keep one variant; a PNS/PPPK view of one agency is computed
    rows = Aggregate.objects.filter(scope_kind=kind, scope_id=sid, jenis_pegawai=wanted).values_list(
        "metric", "key", "value")
    metrics: dict[str, dict[str, int]] = defaultdict(dict)
    for metric, key, value in rows:
        metrics[metric][key] = value
    # None: not covered (never refreshed, or an agency added since): the caller counts from the roster
    return metrics or None


def _raw_metrics(scope: Scope, filters: Filters) -> dict:
    people = Pegawai.objects.all()
    units = Unor.objects.all()
    if scope.kind == "instansi":
        people, units = people.filter(instansi_id=scope.id), units.filter(instansi_id=scope.id)
    elif scope.kind == "provinsi":
        people = people.annotate(prov=Substr("lokasi_kabkota_id", 1, 2)).filter(prov=scope.id)
    elif scope.kind == "unor":
        people = people.filter(path_prefix_q(scope.path, "unor__path"))
        units = units.filter(path_prefix_q(scope.path, "path"))
    for name in ("jenis_pegawai", "pendidikan", "golongan"):
        if getattr(filters, name):
            people = people.filter(**{name: getattr(filters, name)})
    if filters.jenis_jabatan:
        people = people.filter(jabatan__jenis=filters.jenis_jabatan)
    cells = compute.person_cells(people)
    unit_cells = compute.unit_cells(units)
    if scope.kind == "provinsi":
        unit_cells = {k: v for k, v in unit_cells.items() if k[1] == scope.id}
    cells.update(unit_cells)
    return compute.fold(cells, dict(Instansi.objects.values_list("instansi_id", "jenis")),
                        jenis_pegawai=filters.jenis_pegawai)


def figures_for_scope(scope: Scope, filters: Filters | None = None, *, today=None,
                      prefer_raw: bool = False) -> tuple[dict, str]:
    """Every figure of one scope, with no access check (callers have done it): (figures, source), the
    source being "agregat" when the aggregates served it and "mentah" when counted from the roster."""
    filters = filters or Filters()
    year = (today or timezone.localdate()).year
    metrics = None
    if not prefer_raw and scope.kind != "unor" and not filters.beyond_jenis_pegawai:
        metrics = _from_aggregates(scope, filters.jenis_pegawai)
    source = "agregat"
    if metrics is None:
        metrics, source = _raw_metrics(scope, filters), "mentah"
    return _assemble(metrics, year), source


def dashboard_for_user(user, *, kind: str | None = None, scope_id: str = "", filters: Filters | None = None,
                       today=None, prefer_raw: bool = False) -> dict:
    """Every figure of the dashboard for one scope. ``source`` says whether the aggregates served it."""
    filters = filters or Filters()
    scope = default_scope(user) if kind is None else resolve_scope(user, kind, scope_id)
    year = (today or timezone.localdate()).year
    data, source = figures_for_scope(scope, filters, today=today, prefer_raw=prefer_raw)
    last = Refresh.objects.order_by("-id").values("finished_at", "batch_id").first()
    return {"cakupan": {"jenis": scope.kind, "id": scope.id, "nama": scope.nama}, "saringan": filters.as_dict(),
            "sumber": source, "diperbarui": last["finished_at"] if last and source == "agregat" else None,
            "tahun_acuan": year, **data}
