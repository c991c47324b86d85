"""Reads of scenarios and plans, scoped: national roles see every scenario; an agency admin, unit HR or
auditor sees the scenarios of their agencies (owned by one, or moving someone from or to one) and those they
created; other roles none (403)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from abdi.planning.models import Mutasi, PersetujuanInstansi, Skenario
from abdi.planning.needs import READ_ROLES, NeedsError

COMPARE_FIGURES = ("kursi", "kursi_terisi", "bobot_terisi", "mutasi", "total_km", "median_km", "total_biaya",
                   "lintas_instansi", "lintas_provinsi")


def _access(user):
    access = getattr(user, "access", None)
    if access is None or access.role not in READ_ROLES:
        raise NeedsError("peran ini tidak melihat skenario redistribusi", status=403)
    return access


def scenarios_for_user(user):
    """The scenarios the user may see, newest first (a queryset)."""
    access = _access(user)
    qs = Skenario.objects.all()
    if access.national:
        return qs
    mine = Q(dibuat_oleh=getattr(user, "username", ""))
    ids = sorted(access.instansi_ids)
    if not ids:
        return qs.filter(mine | Q(cakupan="UNOR", cakupan_id__in=access.unor_ids))
    touches = Mutasi.objects.filter(skenario=OuterRef("pk")).filter(Q(instansi_asal__in=ids) | Q(instansi_tujuan__in=ids))
    return qs.filter(mine | Q(instansi_id__in=ids) | Exists(touches))


def scenario_for_user(user, skenario_id: int) -> Skenario:
    sk = scenarios_for_user(user).filter(pk=skenario_id).first()
    if sk is None:
        raise NeedsError("skenario tidak ditemukan", status=404)
    return sk


def moves_of(sk: Skenario, *, after: str = "", limit: int = 50, instansi_id: str = "") -> tuple[list[Mutasi], str | None]:
    """One page of the plan's moves by NIP (keyset: the NIP after which to start)."""
    qs = Mutasi.objects.filter(skenario=sk).order_by("nip")
    if instansi_id:
        qs = qs.filter(Q(instansi_asal=instansi_id) | Q(instansi_tujuan=instansi_id))
    if after:
        qs = qs.filter(nip__gt=after)
    rows = list(qs[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].nip if more else None)


def approvals_of(sk: Skenario) -> list[PersetujuanInstansi]:
    return list(PersetujuanInstansi.objects.filter(skenario=sk))


@dataclass(frozen=True)
class Comparison:
    scenarios: list[Skenario]
    figures: list[tuple[str, list]]  # (figure, value per scenario)
    provinces: list[tuple[str, list[int]]]  # deficit left per province, per scenario


def compare(user, ids: list[int]) -> Comparison:
    """Side by side: the plan figures and the deficit left per province of up to four scenarios."""
    if not 1 <= len(ids) <= 4:
        raise NeedsError("bandingkan 1–4 skenario", field="ids")
    scenarios = [scenario_for_user(user, i) for i in ids]
    figures = [(f, [sk.ringkasan.get(f) for sk in scenarios]) for f in COMPARE_FIGURES]
    provinces = sorted({p for sk in scenarios for p in sk.ringkasan.get("sisa_kekurangan_provinsi", {})})
    left = [(p, [int(sk.ringkasan.get("sisa_kekurangan_provinsi", {}).get(p, 0)) for sk in scenarios]) for p in provinces]
    return Comparison(scenarios, figures, left)
