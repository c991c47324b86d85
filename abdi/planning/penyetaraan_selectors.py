"""Reads of penyetaraan jabatan (DOMAIN §7): the eligible holders of administrative posts, the functional posts
they may convert to, the proposals, and the effect on an agency's structure. Every read takes the acting user
and applies their scope.

Who sees [U]: national admins and analysts (everything), and agency admins, unit HR officers and auditors inside
their agencies or unit subtrees. Supervisors, employees and users without a role get a 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from abdi.core.errors import Refused
from abdi.core.rulesets import Rules, rules_in_force
from abdi.org.selectors import unor_scope_q
from abdi.planning import penyetaraan_rules as prules
from abdi.planning.models import UsulanPenyetaraan

VIEW_ROLES = ("national_admin", "national_analyst", "agency_admin", "unit_hr", "auditor")
OPEN = (UsulanPenyetaraan.Status.DIUSULKAN, UsulanPenyetaraan.Status.DISETUJUI)


class PenyetaraanError(Refused):
    """A penyetaraan request refused: 403 never for this role, 404 outside the scope, 409 the proposal's state
    or a stale form, 422 invalid input or a holder who is not eligible."""


def viewer_access(user):
    """The user's access when they may see penyetaraan data at all (else a 403 refusal)."""
    access = getattr(user, "access", None)
    if access is None or access.role not in VIEW_ROLES or not access.org_scoped:
        raise PenyetaraanError("peran ini tidak melihat penyetaraan jabatan", status=403)
    return access


def may_propose(user) -> bool:
    access = getattr(user, "access", None)
    return access is not None and (access.role == "national_admin" or (
        access.role == "agency_admin" and bool(access.instansi_ids)))


def may_decide(user) -> bool:
    access = getattr(user, "access", None)
    return access is not None and access.role == "national_admin" and access.national


def may_apply(user, instansi_id: str) -> bool:
    access = getattr(user, "access", None)
    return access is not None and (access.role == "national_admin" or (
        access.role == "agency_admin" and instansi_id in access.instansi_ids))


def rules_now(on: dt.date | None = None) -> Rules:
    return rules_in_force(prules.PENYETARAAN, on or timezone.localdate())


def _scope_q(access, *, path_field: str, instansi_field: str) -> Q:
    q = unor_scope_q(access, path_field=path_field, instansi_field=instansi_field)
    return Q() if q is None else q


# --- eligible holders ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    nip: str
    nama: str
    instansi_id: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    rumpun: str
    golongan: str
    tingkat: str
    jenjang_tujuan: str
    usulan_id: int | None
    usulan_status: str


def eligible_queryset(rules: dict) -> QuerySet:
    """Every eligible holder under ``rules``, unscoped: active holders of a STRUKTURAL post of a mapped level
    (or in an eselon V unit), minus the excluded posts and, when configured, the units' heads."""
    from abdi.people.models import Pegawai

    levels = [lv for lv in rules["pemetaan"] if lv != "V"]
    post = Q(jabatan__jenjang_id__in=levels)
    if "V" in rules["pemetaan"] and rules["eselon_v"]:
        post |= Q(unor__eselon__in=rules["eselon_v"])
    qs = Pegawai.objects.filter(post, kedudukan="AKTIF", jabatan__jenis="STRUKTURAL")
    if rules["jabatan_dikecualikan"]:
        qs = qs.exclude(jabatan_id__in=rules["jabatan_dikecualikan"])
    if rules["kecualikan_pimpinan_unit"]:
        qs = qs.exclude(unor__pemimpin_nip=F("nip"))
    return qs


def candidates_for_user(user, *, instansi_id: str = "", tingkat: str = "", q: str = "", limit: int = 50,
                        offset: int = 0) -> tuple[list[Candidate], int]:
    """A page of the eligible holders in the user's scope (by unit, then name), with their open or applied
    proposal if any, and the total."""
    access = viewer_access(user)
    rules = rules_now().data
    qs = eligible_queryset(rules).filter(_scope_q(access, path_field="unor__path", instansi_field="instansi_id"))
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    if tingkat == "V":
        qs = qs.filter(unor__eselon__in=rules["eselon_v"])
    elif tingkat:
        qs = qs.filter(jabatan__jenjang_id=tingkat).exclude(unor__eselon__in=rules["eselon_v"])
    for word in (q or "").split()[:5]:
        qs = qs.filter(Q(nama__icontains=word) | Q(nip=word) | Q(jabatan__nama__icontains=word))
    total = qs.count()
    rows = list(qs.order_by("unor__path", "nama", "nip").values(
        "nip", "nama", "instansi_id", "unor_id", "unor__nama", "unor__eselon", "jabatan_id", "jabatan__nama",
        "jabatan__rumpun", "jabatan__jenis", "jabatan__jenjang_id", "golongan")[offset:offset + limit])
    proposals = {}
    for u in (UsulanPenyetaraan.objects.filter(pegawai_id__in=[r["nip"] for r in rows])
              .exclude(status=UsulanPenyetaraan.Status.DITOLAK).order_by("id").values("pegawai_id", "id", "status")):
        proposals[u["pegawai_id"]] = (u["id"], u["status"])
    out = []
    for r in rows:
        level = prules.level_of(r["jabatan__jenis"], r["jabatan__jenjang_id"], r["unor__eselon"], rules)
        pid, status = proposals.get(r["nip"], (None, ""))
        out.append(Candidate(r["nip"], r["nama"], r["instansi_id"], r["unor_id"], r["unor__nama"] or "",
                             r["jabatan_id"], r["jabatan__nama"] or "", r["jabatan__rumpun"] or "", r["golongan"],
                             level, rules["pemetaan"].get(level, ""), pid, status))
    return out, total


@dataclass(frozen=True)
class Target:
    jabatan_id: str
    nama: str
    rumpun: str
    kelas: int
    rumpun_sama: bool


def targets_for(tingkat: str, *, rumpun: set[str] | frozenset[str] = frozenset(), limit: int = 500) -> list[Target]:
    """The functional posts a level converts to (the catalog is national), those of the given job families
    first."""
    from abdi.org.models import Jabatan

    jenjang = rules_now().data["pemetaan"].get(tingkat)
    if not jenjang:
        return []
    rows = Jabatan.objects.filter(jenis="FUNGSIONAL", jenjang_id=jenjang).values_list(
        "jabatan_id", "nama", "rumpun", "kelas")[:limit]
    out = [Target(j, n, r or "", k, bool(r) and r in rumpun) for j, n, r, k in rows]
    return sorted(out, key=lambda t: (not t.rumpun_sama, t.nama, t.jabatan_id))


# --- proposals -------------------------------------------------------------------------------------------
def proposals_for_user(user, *, status: str = "", instansi_id: str = "", limit: int = 50, offset: int = 0
                       ) -> tuple[list[UsulanPenyetaraan], int]:
    access = viewer_access(user)
    qs = UsulanPenyetaraan.objects.filter(_scope_q(access, path_field="unor__path", instansi_field="instansi_id"))
    if status:
        qs = qs.filter(status=status)
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    total = qs.count()
    rows = list(qs.select_related("pegawai", "instansi", "unor", "jabatan_asal", "jabatan_tujuan")
                .order_by("-id")[offset:offset + limit])
    return rows, total


def proposal_get_for_user(user, usulan_id: int) -> UsulanPenyetaraan:
    """One proposal in the user's scope (a 404 refusal otherwise)."""
    access = viewer_access(user)
    row = (UsulanPenyetaraan.objects.filter(_scope_q(access, path_field="unor__path", instansi_field="instansi_id"))
           .select_related("pegawai", "instansi", "unor", "jabatan_asal", "jabatan_tujuan")
           .filter(pk=usulan_id).first())
    if row is None:
        raise PenyetaraanError("usulan penyetaraan tidak ditemukan", status=404)
    return row


def status_counts_for_user(user) -> dict[str, int]:
    access = viewer_access(user)
    rows = (UsulanPenyetaraan.objects.filter(_scope_q(access, path_field="unor__path", instansi_field="instansi_id"))
            .values("status").annotate(n=Count("id")).values_list("status", "n"))
    return {s: 0 for s in UsulanPenyetaraan.Status.values} | dict(rows)


# --- the effect on the structure ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Effect:
    instansi_id: str
    instansi_nama: str
    rows: list[prules.EffectRow]
    administrasi: tuple[int, int, int]  # structural administrative posts: before, now, after
    fungsional: tuple[int, int, int]  # functional posts (all levels)
    converted: list[UsulanPenyetaraan]  # the applied conversions, newest first (up to ``limit``)
    converted_total: int


def agencies_for_user(user) -> list[tuple[str, str]]:
    """``(instansi_id, nama)`` of the agencies the user sees (whole or in part)."""
    from abdi.org.models import Instansi, Unor

    access = viewer_access(user)
    qs = Instansi.objects.all()
    if not access.national:
        ids = set(access.instansi_ids)
        if access.unor_paths:
            ids |= set(Unor.objects.filter(pk__in=access.unor_ids).values_list("instansi_id", flat=True))
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("nama", "instansi_id").values_list("instansi_id", "nama"))


def effect_for_user(user, instansi_id: str, *, limit: int = 100) -> Effect:
    """Active staff of the agency (inside the user's scope) by position category: before the applied
    conversions, now, and once the open proposals are applied; and the people converted. "Before" undoes the
    applied conversions on today's staff, so a converted person who has since left counts in neither."""
    from abdi.org.models import Instansi
    from abdi.people.models import Pegawai

    access = viewer_access(user)
    inst = Instansi.objects.filter(pk=instansi_id).values_list("nama", flat=True).first()
    if inst is None or not (access.national or instansi_id in access.instansi_ids or
                            any(i == instansi_id for i, _ in agencies_for_user(user))):
        raise PenyetaraanError("instansi tidak ditemukan", status=404, field="instansi_id")
    rules = rules_now().data
    people_q = _scope_q(access, path_field="unor__path", instansi_field="instansi_id")
    now: dict[str, int] = {}
    grouped = (Pegawai.objects.filter(people_q, instansi_id=instansi_id, kedudukan="AKTIF")
               .values_list("jabatan__jenis", "jabatan__jenjang_id", "unor__eselon").annotate(n=Count("nip"))
               .order_by())
    for jenis, jenjang, eselon, n in grouped:
        key = prules.category(jenis or "", jenjang or "", eselon or "", rules)
        now[key] = now.get(key, 0) + n
    proposals = UsulanPenyetaraan.objects.filter(people_q, instansi_id=instansi_id)
    applied = list(proposals.filter(status=UsulanPenyetaraan.Status.DITERAPKAN)
                   .values_list("tingkat_asal", "jenjang_tujuan"))
    open_ = list(proposals.filter(status__in=OPEN).values_list("tingkat_asal", "jenjang_tujuan"))
    rows = prules.effect(now, applied, open_)
    converted = list(proposals.filter(status=UsulanPenyetaraan.Status.DITERAPKAN)
                     .select_related("pegawai", "unor", "jabatan_asal", "jabatan_tujuan")
                     .order_by("-diterapkan_pada", "-id")[:limit])
    return Effect(instansi_id, inst, rows, prules.totals(rows, prules.TINGKAT),
                  prules.totals(rows, ("AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA", "FUNGSIONAL_LAIN")),
                  converted, len(applied))
