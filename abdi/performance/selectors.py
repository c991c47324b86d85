"""Reads of the performance app: the predikat matrix in force for a year, and ratings with their predikat
computed by the database from that matrix (an ORM ``Case``), so files and screens are current right after a
load or a rule change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from abdi.core.rulesets import Rules, rules_in_force
from abdi.core.scoping import path_prefix_q
from abdi.org.models import Unor
from abdi.org.selectors import access_of, unor_scope_q
from abdi.people.models import Pegawai
from abdi.people.selectors import employee_queryset_for_user
from abdi.performance import rules
from abdi.performance.models import (
    Delegasi,
    Evaluasi,
    HasilKerja,
    Keberatan,
    KinerjaOrganisasi,
    Skp,
    SkpRating,
)


def matrix_in_force(tahun: int) -> Rules:
    """The ``skp.predikat`` rule set in force on 31 December of ``tahun`` (validated)."""
    matrix = rules_in_force("skp.predikat", dt.date(tahun, 12, 31))
    rules.validate_matrix(matrix.data)
    return matrix


def predikat_expression(matrix) -> Case:
    return Case(*[When(Q(rating_hasil_kerja=h, rating_perilaku_kerja=p), then=Value(rules.predikat(h, p, matrix)))
                  for h in rules.RATINGS for p in rules.RATINGS], output_field=CharField())


def ratings_with_predikat(tahun: int, qs: QuerySet | None = None) -> QuerySet:
    """``SkpRating`` rows of ``tahun`` annotated with ``predikat`` (the code) under the matrix in force."""
    qs = qs if qs is not None else SkpRating.objects.all()
    return qs.filter(tahun=tahun).annotate(predikat=predikat_expression(matrix_in_force(tahun).data))


def annual_ratings_of(nip: str, *, years: int = 5) -> list[dict]:
    """The last ``years`` annual (TAHUNAN) ratings of ``nip``, newest first, each with its predikat under the
    matrix in force for its year: ``tahun``, ``rating_hasil_kerja``, ``rating_perilaku_kerja``, ``predikat``."""
    mine = SkpRating.objects.filter(pegawai_id=nip, periode="TAHUNAN")
    out = []
    for tahun in mine.order_by("-tahun").values_list("tahun", flat=True)[:years]:
        row = ratings_with_predikat(tahun, mine).values("rating_hasil_kerja", "rating_perilaku_kerja",
                                                        "predikat").first()
        out.append({"tahun": tahun, **row})
    return out


def latest_annual_year() -> int | None:
    """The latest year that has any annual (TAHUNAN) rating."""
    from django.db.models import Max

    return SkpRating.objects.filter(periode="TAHUNAN").aggregate(y=Max("tahun"))["y"]


# --- the SKP cycle: who assesses whom ---------------------------------------------------------------------
def cycle_in_force(tahun: int) -> Rules:
    """The ``skp.siklus`` rule set in force on 1 January of ``tahun`` (the SKP is planned then)."""
    cycle = rules_in_force("skp.siklus", dt.date(tahun, 1, 1))
    rules.validate_cycle(cycle.data)
    return cycle


def _unit_heads(path: str) -> list[tuple[str, str]]:
    """(unor_id, pemimpin_nip) of the unit at ``path`` and its ancestors, the unit itself first."""
    ids = [p for p in path.strip("/").split("/") if p]
    heads = dict(Unor.objects.filter(pk__in=ids).values_list("unor_id", "pemimpin_nip"))
    return [(uid, heads.get(uid, "")) for uid in reversed(ids)]


def penilai_by_tree(nip: str, unor_path: str) -> str:
    """The pejabat penilai by the unit tree: the head of the person's unit, or of the nearest unit above
    that has a head other than the person (a unit head is assessed by the head one level up)."""
    for _uid, head in _unit_heads(unor_path):
        if head and head != nip:
            return head
    return ""


def penilai_for(nip: str, tahun: int) -> str:
    """The pejabat penilai of ``nip`` for ``tahun``: a delegation if HR set one, else the unit tree."""
    delegated = Delegasi.objects.filter(pegawai_id=nip, tahun=tahun).values_list("penilai_nip", flat=True).first()
    if delegated:
        return delegated
    row = Pegawai.objects.filter(pk=nip).values_list("unor__path", flat=True).first()
    return penilai_by_tree(nip, row or "")


def team_nips(penilai_nip: str, tahun: int) -> list[str]:
    """Everyone whose pejabat penilai for ``tahun`` is ``penilai_nip``, by the unit tree and delegations.

    The units the penilai leads are read with their subtrees, once; each unit's effective head is its own
    head or, when it has none, its parent's effective head. A person's penilai is the effective head of
    their unit, or of the unit above when they head it themselves."""
    if not penilai_nip:
        return []
    led = list(Unor.objects.filter(pemimpin_nip=penilai_nip).values_list("path", flat=True))
    members: set[str] = set()
    if led:
        q = Q()
        for path in led:
            q |= path_prefix_q(path)
        units = list(Unor.objects.filter(q).values_list("unor_id", "diatasan_id", "pemimpin_nip", "depth")
                     .order_by("depth"))
        effective: dict[str, str] = {}
        parent_of: dict[str, str | None] = {}
        for uid, parent, head, _depth in units:
            parent_of[uid] = parent
            effective[uid] = head or effective.get(parent or "", "")
        direct = [uid for uid in effective if effective[uid] == penilai_nip]
        # staff of the units whose effective head is the penilai (except the penilai)
        members.update(Pegawai.objects.filter(unor_id__in=direct, kedudukan="AKTIF").exclude(pk=penilai_nip)
                       .values_list("nip", flat=True))
        # heads of the units just below those: assessed one level up, by the penilai
        for uid, _parent, head, _depth in units:
            if head and head != penilai_nip and effective.get(parent_of[uid] or "", "") == penilai_nip:
                members.add(head)
        members = set(Pegawai.objects.filter(pk__in=sorted(members), kedudukan="AKTIF").values_list("nip", flat=True))
    delegated_away = set(Delegasi.objects.filter(pegawai_id__in=sorted(members), tahun=tahun)
                         .exclude(penilai_nip=penilai_nip).values_list("pegawai_id", flat=True))
    members -= delegated_away
    members.update(Delegasi.objects.filter(penilai_nip=penilai_nip, tahun=tahun).values_list("pegawai_id", flat=True))
    members.update(Skp.objects.filter(penilai_nip=penilai_nip, tahun=tahun).values_list("pegawai_id", flat=True))
    members.discard(penilai_nip)
    return sorted(members)


# --- what a user may see and do ----------------------------------------------------------------------------
class SkpNotVisible(LookupError):
    """The SKP does not exist or is outside the user's reach (shown as 404)."""


def _may_see(user, skp: Skp) -> bool:
    access = access_of(user)
    if access is None or access.is_empty and not getattr(user, "nip", ""):
        return False
    nip = getattr(user, "nip", "") or ""
    if nip and nip in (skp.pegawai_id, skp.penilai_nip):
        return True
    if nip and Keberatan.objects.filter(evaluasi__skp=skp, atasan_nip=nip).exists():
        return True
    return employee_queryset_for_user(user).filter(pk=skp.pegawai_id).exists()


def skp_get_for_user(user, skp_id: int) -> Skp:
    skp = Skp.objects.select_related("pegawai", "pegawai__unor").filter(pk=skp_id).first()
    if skp is None or not _may_see(user, skp):
        raise SkpNotVisible(skp_id)
    return skp


def skp_of(nip: str, tahun: int) -> Skp | None:
    return Skp.objects.filter(pegawai_id=nip, tahun=tahun).first()


@dataclass(frozen=True)
class SkpDetail:
    skp: Skp
    hasil: list  # HasilKerja with prefetched indikator
    ekspektasi: dict[str, str]  # nilai -> uraian
    evaluasi: dict[str, Evaluasi]
    catatan: list
    keberatan: list
    penilai_nama: str
    atasan_hasil: list  # the penilai's results of the year (to cascade from)
    periods: tuple[str, ...]


def skp_detail(skp: Skp, *, viewer_nip: str = "") -> SkpDetail:
    """Everything the SKP page shows. For the owner (``viewer_nip``), a draft rating is not shown: the annual
    rating is the penilai's until the team's year is finalised."""
    hasil = list(skp.hasil.select_related("intervensi").prefetch_related("indikator"))
    evaluasi = {e.periode: e for e in skp.evaluasi.prefetch_related("realisasi", "umpan_balik_perilaku")}
    if viewer_nip and viewer_nip == skp.pegawai_id:
        for e in evaluasi.values():
            if e.status == Evaluasi.Status.DRAFT:
                e.rating_hasil_kerja = e.rating_perilaku_kerja = ""
    atasan_hasil = []
    if skp.penilai_nip:
        atasan_hasil = list(HasilKerja.objects.filter(skp__pegawai_id=skp.penilai_nip, skp__tahun=skp.tahun)
                            .order_by("urutan", "id"))
    nama = Pegawai.objects.filter(pk=skp.penilai_nip).values_list("nama", flat=True).first() or ""
    return SkpDetail(
        skp=skp, hasil=hasil, ekspektasi=dict(skp.ekspektasi.values_list("nilai", "uraian")), evaluasi=evaluasi,
        catatan=list(skp.catatan.all()), keberatan=list(Keberatan.objects.filter(evaluasi__skp=skp)
                                                         .select_related("evaluasi").order_by("-id")),
        penilai_nama=nama, atasan_hasil=atasan_hasil,
        periods=rules.periods_of({"periodik": skp.periodik}))


# --- the team of a penilai and the distribution check ------------------------------------------------------
@dataclass(frozen=True)
class TeamRow:
    nip: str
    nama: str
    unor_nama: str
    skp_id: int | None
    status: str  # BELUM (no SKP), or Skp.Status
    tahunan_hasil: str
    tahunan_perilaku: str
    tahunan_status: str  # "", DRAFT, FINAL
    predikat: str
    periodik_dinilai: int  # final periodic evaluations


def _unit_led_by(nip: str) -> Unor | None:
    return Unor.objects.filter(pemimpin_nip=nip).order_by("depth", "unor_id").first() if nip else None


def team_for_user(user, tahun: int) -> list[TeamRow]:
    """The people the user assesses in ``tahun``, with their SKP and annual evaluation."""
    nip = getattr(user, "nip", "") or ""
    nips = team_nips(nip, tahun)
    matrix = matrix_in_force(tahun).data
    people = {p["nip"]: p for p in Pegawai.objects.filter(pk__in=nips).values("nip", "nama", "unor__nama")}
    skps = {s.pegawai_id: s for s in Skp.objects.filter(pegawai_id__in=nips, tahun=tahun)}
    annual = {e.skp_id: e for e in Evaluasi.objects.filter(skp__in=list(skps.values()), periode="TAHUNAN")}
    periodic = dict(Evaluasi.objects.filter(skp__in=list(skps.values()), status=Evaluasi.Status.FINAL)
                    .exclude(periode="TAHUNAN").values("skp_id").annotate(n=Count("id")).values_list("skp_id", "n"))
    rows = []
    for n in nips:
        p = people.get(n)
        if p is None:
            continue
        s = skps.get(n)
        e = annual.get(s.pk) if s else None
        rated = bool(e and e.rating_hasil_kerja and e.rating_perilaku_kerja)
        rows.append(TeamRow(
            nip=n, nama=p["nama"], unor_nama=p["unor__nama"] or "", skp_id=s.pk if s else None,
            status=s.status if s else "BELUM", tahunan_hasil=e.rating_hasil_kerja if e else "",
            tahunan_perilaku=e.rating_perilaku_kerja if e else "", tahunan_status=e.status if e else "",
            predikat=rules.predikat(e.rating_hasil_kerja, e.rating_perilaku_kerja, matrix) if rated else "",
            periodik_dinilai=periodic.get(s.pk, 0) if s else 0))
    rows.sort(key=lambda r: (r.nama, r.nip))
    return rows


@dataclass(frozen=True)
class DistributionCheck:
    unor_id: str
    unor_nama: str
    hasil_organisasi: str  # "" when not set
    counts: dict[str, int]
    violations: list[rules.Violation]


def distribution_check(unor: Unor | None, tahun: int, predikat_codes) -> DistributionCheck:
    counts = rules.distribution_counts(predikat_codes)
    if unor is None:
        return DistributionCheck("", "", "", counts, [])
    org = KinerjaOrganisasi.objects.filter(unor=unor, tahun=tahun).values_list("hasil", flat=True).first() or ""
    curve = rules_in_force("skp.distribusi", dt.date(tahun, 12, 31)).data
    violations = rules.distribution_violations(org, counts, curve) if org else []
    return DistributionCheck(unor.unor_id, unor.nama, org, counts, violations)


def team_distribution(user, tahun: int, rows: list[TeamRow] | None = None) -> DistributionCheck:
    """The penilai's team predikat of ``tahun`` (rated, draft or final) against the pola distribusi of the
    organisational result of the unit the penilai leads."""
    rows = rows if rows is not None else team_for_user(user, tahun)
    return distribution_check(_unit_led_by(getattr(user, "nip", "") or ""), tahun,
                              [r.predikat for r in rows if r.predikat])


def objections_for_user(user, *, open_only: bool = True) -> list[Keberatan]:
    nip = getattr(user, "nip", "") or ""
    if not nip:
        return []
    qs = Keberatan.objects.filter(atasan_nip=nip).select_related("evaluasi", "evaluasi__skp", "evaluasi__skp__pegawai")
    if open_only:
        qs = qs.filter(status=Keberatan.Status.DIAJUKAN)
    return list(qs.order_by("-diajukan_pada")[:200])


# --- derived figures ---------------------------------------------------------------------------------------
def credit_points_of(nip: str, tahun: int) -> tuple[str, Decimal | None]:
    """The annual credit points of a functional post (PermenPANRB 1/2023): the coefficient of the person's
    position level × the factor of the year's annual predikat. (predikat, points); points is ``None`` when
    the position has no coefficient or the year has no annual rating."""
    row = ratings_with_predikat(tahun, SkpRating.objects.filter(pegawai_id=nip, periode="TAHUNAN")).values_list(
        "predikat", flat=True).first()
    jenjang = Pegawai.objects.filter(pk=nip).values_list("jabatan__jenjang_id", flat=True).first()
    if not row or not jenjang:
        return row or "", None
    credit = rules_in_force("skp.angka_kredit", dt.date(tahun, 12, 31)).data
    return row, rules.credit_points(jenjang, row, credit)


@dataclass(frozen=True)
class UnitCompletion:
    unor_id: str
    nama: str
    path: str
    aktif: int
    skp_disusun: int  # any SKP of the year
    skp_disetujui: int
    dinilai: int  # an annual rating
    predikat: dict[str, int]
    hasil_organisasi: str
    pelanggaran: list[rules.Violation]

    @property
    def persen_dinilai(self) -> float | None:
        return round(100 * self.dinilai / self.aktif, 1) if self.aktif else None


class InstansiNotVisible(LookupError):
    pass


def completion_for_user(user, instansi_id: str, tahun: int) -> list[UnitCompletion]:
    """SKP completion of ``tahun`` per unit of an agency, for the units and people in the user's scope: active
    staff, SKP drafted and approved, annual ratings with their predikat, and the pola distribusi check of the
    unit's organisational result. A few grouped queries, whatever the agency's size."""
    people = employee_queryset_for_user(user).filter(instansi_id=instansi_id, kedudukan="AKTIF")
    units_q = Unor.objects.filter(instansi_id=instansi_id)
    org_q = unor_scope_q(access_of(user))
    if org_q is not None:
        units_q = units_q.filter(org_q)
    units = list(units_q.values_list("unor_id", "nama", "path").order_by("path"))
    if not units and not people.exists():
        raise InstansiNotVisible(instansi_id)
    aktif = dict(people.values("unor_id").annotate(n=Count("nip")).values_list("unor_id", "n"))
    status: dict[str, dict[str, int]] = {}
    for unor_id, st, n in (Skp.objects.filter(tahun=tahun, pegawai__in=people).values("pegawai__unor_id", "status")
                           .annotate(n=Count("id")).values_list("pegawai__unor_id", "status", "n")):
        status.setdefault(unor_id, {})[st] = n
    spread: dict[str, dict[str, int]] = {}
    for unor_id, pred, n in (ratings_with_predikat(tahun, SkpRating.objects.filter(periode="TAHUNAN", pegawai__in=people))
                             .values("pegawai__unor_id", "predikat").annotate(n=Count("id"))
                             .values_list("pegawai__unor_id", "predikat", "n")):
        spread.setdefault(unor_id, dict.fromkeys(rules.PREDIKAT, 0))[pred] = n
    results = dict(KinerjaOrganisasi.objects.filter(tahun=tahun, unor__instansi_id=instansi_id)
                   .values_list("unor_id", "hasil"))
    curve = rules_in_force("skp.distribusi", dt.date(tahun, 12, 31)).data
    out = []
    for unor_id, nama, path in units:
        counts = spread.get(unor_id, dict.fromkeys(rules.PREDIKAT, 0))
        org = results.get(unor_id, "")
        st = status.get(unor_id, {})
        out.append(UnitCompletion(
            unor_id=unor_id, nama=nama, path=path, aktif=aktif.get(unor_id, 0), skp_disusun=sum(st.values()),
            skp_disetujui=st.get(Skp.Status.DISETUJUI, 0), dinilai=sum(counts.values()), predikat=counts,
            hasil_organisasi=org,
            pelanggaran=rules.distribution_violations(org, counts, curve) if org and sum(counts.values()) else []))
    return out


def completion_totals(rows: list[UnitCompletion]) -> dict:
    total = {"aktif": 0, "skp_disusun": 0, "skp_disetujui": 0, "dinilai": 0, "predikat": dict.fromkeys(rules.PREDIKAT, 0),
             "unit_peringatan": 0}
    for r in rows:
        for k in ("aktif", "skp_disusun", "skp_disetujui", "dinilai"):
            total[k] += getattr(r, k)
        for p, n in r.predikat.items():
            total["predikat"][p] += n
        total["unit_peringatan"] += bool(r.pelanggaran)
    total["persen_dinilai"] = round(100 * total["dinilai"] / total["aktif"], 1) if total["aktif"] else None
    return total
