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


def agencies_seen_by(user) -> frozenset[str] | None:
    """The agencies whose part of a plan the user sees: ``None`` (all of it) for national roles and for unit
    HR (who see only the scenarios of their own units); an agency role sees the moves from or to its agencies,
    not a whole national plan's people."""
    access = _access(user)
    if access.national or not access.instansi_ids:
        return None
    return frozenset(access.instansi_ids)


def moves_of(sk: Skenario, *, after: str = "", limit: int = 50, instansi_id: str = "",
             instansi_ids: frozenset[str] | None = None) -> tuple[list[Mutasi], str | None]:
    """One page of the plan's moves by NIP (keyset: the NIP after which to start), of the agencies
    ``instansi_ids`` when given (see ``agencies_seen_by``)."""
    qs = Mutasi.objects.filter(skenario=sk).order_by("nip")
    if instansi_ids is not None:
        qs = qs.filter(Q(instansi_asal__in=instansi_ids) | Q(instansi_tujuan__in=instansi_ids))
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


# --- small reads of the planning screens (appended with the screens) ----------------------------------------
@dataclass(frozen=True)
class PlanActions:
    """Which workflow steps the user may take on a scenario now (the services decide again on the POST)."""

    run: bool
    review: bool
    approve_for: list[str]  # agencies the user may approve for, not approved yet
    apply: bool


def plan_actions(user, sk: Skenario, involved: set[str], approved: set[str]) -> PlanActions:
    from abdi.planning.services import PLANNER_ROLES

    access = getattr(user, "access", None)
    role = getattr(access, "role", "")
    if access is None or role not in PLANNER_ROLES:
        return PlanActions(False, False, [], False)
    national_admin = role == "national_admin"
    owner = role == "agency_admin" and bool(sk.instansi_id) and sk.instansi_id in access.instansi_ids
    run = (sk.status == Skenario.Status.DRAF and sk.job not in (Skenario.Job.ANTRE, Skenario.Job.JALAN)
           and (access.national or sk.cakupan in ("UNOR", "INSTANSI")))
    review = sk.status == Skenario.Status.DRAF and sk.job == Skenario.Job.SELESAI and (national_admin or owner)
    mine = involved if national_admin else (involved & set(access.instansi_ids) if role == "agency_admin" else set())
    approve_for = sorted(mine - approved) if sk.status == Skenario.Status.DITINJAU else []
    apply = sk.status == Skenario.Status.DISETUJUI and (
        national_admin or (role == "agency_admin" and bool(involved) and involved <= set(access.instansi_ids)))
    return PlanActions(run, review, approve_for, apply)


def writes_needs(user) -> bool:
    from abdi.planning.needs import WRITE_ROLES

    access = getattr(user, "access", None)
    return access is not None and access.role in WRITE_ROLES and access.org_scoped


def plans_scenarios(user) -> bool:
    from abdi.planning.services import PLANNER_ROLES

    access = getattr(user, "access", None)
    return access is not None and access.role in PLANNER_ROLES


def unit_for_user(user, unor_id: str) -> dict:
    """A unit in the user's needs scope (``unor_id``, ``nama``, ``instansi_id``, ``instansi_nama``, ``path``);
    403 for a role without needs, 404 outside the scope."""
    from abdi.org.models import Instansi
    from abdi.planning import needs

    unit = needs._unit_in_scope(needs._access(user), unor_id)
    unit["instansi_nama"] = Instansi.objects.filter(pk=unit["instansi_id"]).values_list("nama", flat=True).first() or ""
    return unit


def unit_needs_of(unor_id: str) -> dict[str, dict]:
    """The needs entered for the unit itself: ``{jabatan_id: {kebutuhan, prioritas, sumber}}``."""
    from abdi.planning.models import Kebutuhan

    return {j: {"kebutuhan": k, "prioritas": p, "sumber": s} for j, k, p, s in Kebutuhan.objects.filter(
        unor_id=unor_id).values_list("jabatan_id", "kebutuhan", "prioritas", "sumber")}


def province_points(codes=None) -> dict[str, dict]:
    """``{kode: {nama, lat, lon}}`` of the provinces (all, or those in ``codes``): where a province's figure
    is placed on the bubble map (its capital)."""
    from abdi.org.models import Provinsi

    qs = Provinsi.objects.all()
    if codes is not None:
        qs = qs.filter(pk__in=set(codes))
    return {k: {"nama": n, "lat": lat, "lon": lon} for k, n, lat, lon in qs.values_list("kode", "nama", "lat", "lon")}


def move_names(moves: list[Mutasi]) -> dict[str, dict[str, str]]:
    """Names of the people, units, positions and agencies of one page of moves (four queries)."""
    from abdi.org.selectors import org_names
    from abdi.people.models import Pegawai

    names = org_names(instansi_ids={x for m in moves for x in (m.instansi_asal, m.instansi_tujuan)},
                      unor_ids={x for m in moves for x in (m.unor_asal, m.unor_tujuan)},
                      jabatan_ids={x for m in moves for x in (m.jabatan_asal, m.jabatan_tujuan)}) if moves else \
        {"instansi": {}, "unor": {}, "jabatan": {}}
    names["pegawai"] = dict(Pegawai.objects.filter(pk__in=[m.nip for m in moves]).values_list("nip", "nama")) \
        if moves else {}
    return names


def needs_exist_for_user(user, instansi_id: str = "") -> bool:
    """Whether any need is entered in the user's scope (the gap page's empty state otherwise)."""
    from django.db import connection

    from abdi.planning import needs

    where, params = needs.scope_sql(needs._access(user))
    if instansi_id:
        where += " AND u.instansi_id = %s"
        params.append(instansi_id)
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM planning_kebutuhan k JOIN org_unor u ON u.unor_id = k.unor_id WHERE {where} "
                    "LIMIT 1", params)
        return cur.fetchone() is not None
