"""Reads of the talent app, scoped: who may see which grid, the grid's counts and members, a person's talent
card, calibration sessions, pools and the succession board.

Talent data is sensitive: the grid and cards are for national roles, agency admins, unit HR and auditors in
their scope, and for talent-committee members in their committee's scope (on top of any role); a civil servant
sees their own card. Everyone else gets nothing (403 for roles never allowed, 404 outside scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Subquery, Sum

from abdi.core.scoping import path_prefix_q
from abdi.org.models import Unor
from abdi.org.selectors import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    InvalidCursor,
    access_of,
    decode_name_cursor,
    encode_name_cursor,
)
from abdi.talent import rules
from abdi.talent.models import (
    AnggotaKelompok,
    JabatanTarget,
    Kalibrasi,
    KelompokTalenta,
    KomiteTalenta,
    Kotak,
    KotakRingkas,
    SesiKalibrasi,
    Suksesor,
)

VIEW_ROLES = ("national_admin", "national_analyst", "agency_admin", "unit_hr", "auditor")


class TalentNotAllowed(PermissionError):
    """A role that never sees talent data (403)."""


class TalentNotVisible(LookupError):
    """Outside the caller's scope, or absent (404)."""


@dataclass(frozen=True)
class TalentScope:
    national: bool
    instansi_ids: frozenset[str]
    unor_paths: tuple[str, ...]
    committee_instansi: frozenset[str]  # agencies where the user sits on the committee (whole or in part)

    def q(self, instansi_field: str = "instansi_id", unor_field: str = "unor_id") -> Q | None:
        """Q over rows carrying an instansi and a unit id (None: no restriction)."""
        if self.national:
            return None
        q = Q(pk__in=[])
        if self.instansi_ids:
            q |= Q(**{f"{instansi_field}__in": sorted(self.instansi_ids)})
        if self.unor_paths:
            units = Q()
            for path in self.unor_paths:
                units |= path_prefix_q(path)
            q |= Q(**{f"{unor_field}__in": Subquery(Unor.objects.filter(units).values("unor_id"))})
        return q

    def sees_instansi(self, instansi_id: str) -> bool:
        if self.national or instansi_id in self.instansi_ids:
            return True
        return bool(self.unor_paths) and Unor.objects.filter(instansi_id=instansi_id).filter(
            _paths_q(self.unor_paths)).exists()

    @property
    def empty(self) -> bool:
        return not (self.national or self.instansi_ids or self.unor_paths)


def _paths_q(paths) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= path_prefix_q(path)
    return q


def committee_rows(user):
    return list(KomiteTalenta.objects.filter(user=user).values_list("instansi_id", "unor__path"))


def talent_scope(user) -> TalentScope:
    """The union of the role's org scope (for the roles that see talent data) and the committee grants."""
    access = access_of(user)
    instansi, paths = set(), set()
    national = False
    if access is not None and access.role in VIEW_ROLES:
        national = access.national
        instansi |= set(access.instansi_ids)
        paths |= set(access.unor_paths)
    committee_instansi = set()
    for instansi_id, path in committee_rows(user) if getattr(user, "is_authenticated", False) else []:
        committee_instansi.add(instansi_id)
        if path:
            paths.add(path)
        else:
            instansi.add(instansi_id)
    return TalentScope(national, frozenset(instansi), tuple(sorted(paths)), frozenset(committee_instansi))


def scope_or_403(user) -> TalentScope:
    scope = talent_scope(user)
    if scope.empty:
        raise TalentNotAllowed
    return scope


def latest_year() -> int | None:
    """The latest year with boxes, from their counts (a few rows a year, indexed by year; the boxes themselves
    are millions, keyed by NIP)."""
    from django.db.models import Max

    return KotakRingkas.objects.aggregate(y=Max("tahun"))["y"]


def years_with_boxes() -> set[int]:
    return set(KotakRingkas.objects.values_list("tahun", flat=True).distinct())


# --- the grid ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    instansi_id: str = ""
    unor_id: str = ""
    jenjang: str = ""
    jenis_kelamin: str = ""


def _instansi_limit(scope: TalentScope, f: Filters) -> list[str] | None:
    """The agencies the grid is limited to (None: every agency), refusing an agency outside the scope."""
    if f.instansi_id:
        if not scope.sees_instansi(f.instansi_id):
            raise TalentNotVisible(f.instansi_id)
        return [f.instansi_id]
    return None


@dataclass(frozen=True)
class _Boxes:
    qs: object  # the boxes' QuerySet
    scope: TalentScope
    limit: list[str] | None  # the agency filter


def _boxes(user, tahun: int, f: Filters) -> _Boxes:
    """The boxes of ``tahun`` in the caller's scope and filters. The scope applies to the person's current agency
    and unit (the roster's, through its indexes); an agency filter to both the box's agency (as the stored counts)
    and the current one. After a transfer the two differ until the next recompute (which loads trigger)."""
    scope = scope_or_403(user)
    qs = Kotak.objects.filter(tahun=tahun)
    q = scope.q(instansi_field="pegawai__instansi_id", unor_field="pegawai__unor_id")
    if q is not None:
        qs = qs.filter(q)
    limit = _instansi_limit(scope, f)
    if limit:
        qs = qs.filter(instansi_id__in=limit, pegawai__instansi_id__in=limit)
    if f.unor_id:
        unor = Unor.objects.filter(pk=f.unor_id).values_list("path", flat=True).first()
        if unor is None:
            raise TalentNotVisible(f.unor_id)
        qs = qs.filter(pegawai__unor_id__in=Subquery(Unor.objects.filter(path_prefix_q(unor)).values("unor_id")))
    if f.jenjang:
        qs = qs.filter(jenjang=f.jenjang)
    if f.jenis_kelamin:
        qs = qs.filter(jenis_kelamin=f.jenis_kelamin)
    return _Boxes(qs, scope, limit)


def _computed_counts(tahun: int, f: Filters, boxes: _Boxes) -> dict[int, int]:
    """Computed box → count. Without a unit (filter or unit scope) the stored counts per agency × level × gender
    answer it (a sum of a few rows, at any scale); otherwise the boxes of the units' people are counted."""
    scope = boxes.scope
    counts = dict.fromkeys(range(1, 10), 0)
    if f.unor_id or scope.unor_paths:
        rows = boxes.qs.order_by().values("kotak").annotate(n=Count("pegawai")).values_list("kotak", "n")
    else:
        stored = KotakRingkas.objects.filter(tahun=tahun)
        if boxes.limit:
            stored = stored.filter(instansi_id__in=boxes.limit)
        elif not scope.national:
            stored = stored.filter(instansi_id__in=sorted(scope.instansi_ids))
        if f.jenjang:
            stored = stored.filter(jenjang=f.jenjang)
        if f.jenis_kelamin:
            stored = stored.filter(jenis_kelamin=f.jenis_kelamin)
        rows = stored.order_by().values("kotak").annotate(n=Sum("jumlah")).values_list("kotak", "n")
    for box, n in rows:
        counts[box] = n
    return counts


def _calibrated(qs, tahun: int) -> dict[str, int]:
    """The calibrations in force among the boxes of ``qs``: NIP → calibrated box. Calibrated people are few, so
    this is read from the calibrations (one semi-join), never by a lookup per box of the scope."""
    return dict(Kalibrasi.objects.filter(tahun=tahun, berlaku=True, pegawai_id__in=qs.values("pegawai_id"))
                .values_list("pegawai_id", "kotak"))


@dataclass(frozen=True)
class Grid:
    tahun: int
    hitung: dict[int, int]  # computed box -> count
    berlaku: dict[int, int]  # box in force (calibrated where calibrated) -> count
    total: int
    dikalibrasi: int


def _grid(tahun: int, f: Filters, boxes: _Boxes) -> tuple[Grid, dict[str, int]]:
    hitung = _computed_counts(tahun, f, boxes)
    berlaku = dict(hitung)
    qs = boxes.qs
    calibrated = _calibrated(qs, tahun)
    if calibrated:
        for nip, computed in qs.filter(pegawai_id__in=list(calibrated)).values_list("pegawai_id", "kotak"):
            berlaku[computed] -= 1
            berlaku[calibrated[nip]] += 1
    return Grid(tahun, hitung, berlaku, sum(hitung.values()), len(calibrated)), calibrated


def grid_for_user(user, tahun: int, f: Filters = Filters()) -> Grid:
    return _grid(tahun, f, _boxes(user, tahun, f))[0]


@dataclass(frozen=True)
class BoxMember:
    nip: str
    nama: str
    unor_nama: str
    jabatan_nama: str
    kotak: int
    kotak_kalibrasi: int | None
    jpm: float


def box_members_for_user(user, tahun: int, kotak: int, f: Filters = Filters(), *, limit: int = 100,
                         offset: int = 0) -> tuple[list[BoxMember], int]:
    """The people whose box in force is ``kotak`` (calibrated where calibrated), by name; and how many."""
    from abdi.people.models import Pegawai

    boxes = _boxes(user, tahun, f)
    grid, calibrated = _grid(tahun, f, boxes)
    into = [nip for nip, box in calibrated.items() if box == kotak]
    away = [nip for nip, box in calibrated.items() if box != kotak]
    qs = boxes.qs.filter((Q(kotak=kotak) & ~Q(pegawai_id__in=away)) | Q(pegawai_id__in=into))
    total = grid.berlaku[kotak]
    rows = list(qs.values("pegawai_id", "kotak", "nilai", "standar").order_by("pegawai_id")[offset:offset + limit])
    for r in rows:
        r["kotak_kalibrasi"] = calibrated.get(r["pegawai_id"])
    names = {p["nip"]: p for p in Pegawai.objects.filter(pk__in=[r["pegawai_id"] for r in rows])
             .values("nip", "nama", "unor__nama", "jabatan__nama")}
    out = []
    for r in rows:
        p = names.get(r["pegawai_id"], {})
        out.append(BoxMember(r["pegawai_id"], p.get("nama", ""), p.get("unor__nama") or "", p.get("jabatan__nama") or "",
                             r["kotak"], r["kotak_kalibrasi"], round(r["nilai"] * 100 / r["standar"], 2)))
    out.sort(key=lambda m: (m.nama, m.nip))
    return out, total


# --- the talent card -----------------------------------------------------------------------------------------
def _card_visible(user, nip: str, pegawai) -> bool:
    if getattr(user, "nip", "") == nip:
        return True
    scope = talent_scope(user)
    if scope.empty:
        raise TalentNotAllowed
    if scope.national or pegawai.instansi_id in scope.instansi_ids:
        return True
    path = getattr(pegawai.unor, "path", "") or ""
    return any(path.startswith(p) for p in scope.unor_paths)


@dataclass(frozen=True)
class TalentCard:
    pegawai: object
    kinerja: list[dict]  # per year: predikat of the annual rating
    kompetensi: object  # competency.selectors.CompetencyProfile
    kotak: list[dict]  # per year: computed box, box in force, axes, JPM
    kalibrasi: list  # every calibration move, newest first
    kelompok: list  # pool memberships
    tindakan: str  # recommended development actions of the latest box in force


def talent_card_for_user(user, nip: str) -> TalentCard:
    from abdi.competency.selectors import competency_profile
    from abdi.people.models import Pegawai
    from abdi.performance.selectors import annual_ratings_of

    pegawai = Pegawai.objects.select_related("unor", "jabatan").filter(pk=nip).first()
    if pegawai is None or not _card_visible(user, nip, pegawai):
        raise TalentNotVisible(nip)
    kinerja = annual_ratings_of(nip)
    moves = list(Kalibrasi.objects.filter(pegawai_id=nip).select_related("sesi").order_by("-waktu", "-id"))
    in_force = {m.tahun: m.kotak for m in moves if m.berlaku}
    boxes = [{"tahun": k.tahun, "kotak": k.kotak, "kotak_berlaku": in_force.get(k.tahun, k.kotak),
              "sumbu_kinerja": k.sumbu_kinerja, "sumbu_potensial": k.sumbu_potensial,
              "jpm": round(k.nilai * 100 / k.standar, 2)}
             for k in Kotak.objects.filter(pegawai_id=nip).order_by("-tahun")]
    pools = list(AnggotaKelompok.objects.filter(pegawai_id=nip).select_related("kelompok").order_by("-masuk_pada"))
    profile = competency_profile(nip, pegawai.jabatan_id, pegawai.jabatan.jenjang_id if pegawai.jabatan else "")
    action = rules.ACTIONS.get(boxes[0]["kotak_berlaku"], "") if boxes else ""
    return TalentCard(pegawai, kinerja, profile, boxes, moves, pools, action)


# --- calibration sessions ------------------------------------------------------------------------------------
def committee_covers(user, instansi_id: str, unor_path: str = "") -> bool:
    """Whether ``user`` sits on the talent committee of ``instansi_id`` (or of a unit subtree holding
    ``unor_path``; a session of a whole agency needs the agency-wide grant)."""
    for ins, path in committee_rows(user):
        if ins != instansi_id:
            continue
        if not path or (unor_path and unor_path.startswith(path)):
            return True
    return False


# --- the paged lists (CONTRACTS §7: ``limit`` 1 … 500, default 50; keyset cursors) -------------------------------
@dataclass(frozen=True)
class TalentPage:
    items: list
    next_cursor: str | None  # the cursor of the next page, None on the last


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _after(cursor: str | None) -> tuple[str, int] | None:
    """(sort text, id) after which a page starts; ``InvalidCursor`` for anything this module did not make."""
    if not cursor:
        return None
    text, key = decode_name_cursor(cursor)
    if not key.isdigit() or len(key) > 18:
        raise InvalidCursor(cursor)
    return text, int(key)


def _page_of(qs, limit: int, text_of) -> TalentPage:
    """The first ``limit`` rows of the ordered ``qs`` and the cursor after the last (``text_of(row)``, id) if
    there are more; one query."""
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return TalentPage(rows, encode_name_cursor(text_of(rows[-1]), str(rows[-1].pk)) if more else None)


def _sessions_qs(user):
    scope = scope_or_403(user)
    qs = SesiKalibrasi.objects.select_related("instansi", "unor")
    q = scope.q()  # as ``session_for_user``: the agencies and unit subtrees of the role and the committee grants
    return qs if q is None else qs.filter(q)


def sessions_for_user(user, *, after: str | None = None, limit: int = DEFAULT_LIMIT,
                      with_moves: bool = False) -> TalentPage:
    """One page of the calibration sessions the user may open (``session_for_user``), newest first (by id);
    ``after`` is the previous page's ``next_cursor``. ``with_moves``: each session's moves prefetched in order
    (one query for the page)."""
    qs = _sessions_qs(user).order_by("-pk")
    if with_moves:
        qs = qs.prefetch_related(Prefetch("kalibrasi", queryset=Kalibrasi.objects.order_by("id")))
    start = _after(after)
    if start is not None:
        if start[0]:
            raise InvalidCursor(after)
        qs = qs.filter(pk__lt=start[1])
    return _page_of(qs, _limit(limit), lambda s: "")


def session_for_user(user, sesi_id: int) -> SesiKalibrasi:
    sesi = SesiKalibrasi.objects.select_related("instansi", "unor").filter(pk=sesi_id).first()
    if sesi is None:
        raise TalentNotVisible(sesi_id)
    scope = talent_scope(user)
    if scope.empty:
        raise TalentNotAllowed
    path = sesi.unor.path if sesi.unor_id and sesi.unor else ""
    if not (scope.national or sesi.instansi_id in scope.instansi_ids or committee_covers(user, sesi.instansi_id, path)
            or (path and any(path.startswith(p) for p in scope.unor_paths))):
        raise TalentNotVisible(sesi_id)
    return sesi


def session_filters(sesi: SesiKalibrasi) -> Filters:
    return Filters(instansi_id=sesi.instansi_id, unor_id=sesi.unor_id or "")


# --- pools and succession ------------------------------------------------------------------------------------
def pools_for_user(user, *, after: str | None = None, limit: int = DEFAULT_LIMIT) -> TalentPage:
    """One page of the pools the user sees (national ones, and those of the agencies of their scope and committee
    grants), by name then id; items are ``{"kelompok": pool, "anggota": active members}``."""
    scope = scope_or_403(user)
    qs = KelompokTalenta.objects.select_related("instansi").order_by("nama", "pk")
    if not scope.national:
        agencies = set(scope.instansi_ids | scope.committee_instansi)
        if scope.unor_paths:  # unit HR: the pools of the agencies their units belong to
            agencies |= set(Unor.objects.filter(_paths_q(scope.unor_paths)).values_list("instansi_id", flat=True)
                            .distinct())
        qs = qs.filter(Q(tingkat="NASIONAL") | Q(instansi_id__in=sorted(agencies)))
    start = _after(after)
    if start is not None:
        qs = qs.filter(Q(nama__gt=start[0]) | Q(nama=start[0], pk__gt=start[1]))
    page = _page_of(qs, _limit(limit), lambda k: k.nama)
    counts = dict(AnggotaKelompok.objects.filter(kelompok__in=[k.pk for k in page.items], keluar_pada=None)
                  .values("kelompok_id").annotate(n=Count("id")).values_list("kelompok_id", "n")) if page.items else {}
    return TalentPage([{"kelompok": k, "anggota": counts.get(k.pk, 0)} for k in page.items], page.next_cursor)


def _key_positions_qs(user, instansi_id: str = ""):
    """The key positions in the user's scope (of one agency), in tree order (the unit's path, then id)."""
    scope = scope_or_403(user)
    qs = JabatanTarget.objects.select_related("unor", "jabatan", "instansi").order_by("unor__path", "pk")
    q = scope.q()
    if q is not None:
        qs = qs.filter(q)
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    return qs


def key_positions_for_user(user, instansi_id: str = "") -> list[JabatanTarget]:
    """Every key position in the user's scope (of one agency); lists use ``succession_board_page``."""
    return list(_key_positions_qs(user, instansi_id))


def key_positions_page(user, instansi_id: str = "", *, after: str | None = None,
                       limit: int = DEFAULT_LIMIT) -> TalentPage:
    """One page of ``key_positions_for_user``; ``after`` is the previous page's ``next_cursor``."""
    qs = _key_positions_qs(user, instansi_id)
    start = _after(after)
    if start is not None:
        qs = qs.filter(Q(unor__path__gt=start[0]) | Q(unor__path=start[0], pk__gt=start[1]))
    return _page_of(qs, _limit(limit), lambda t: t.unor.path)


def board_rows(targets: list[JabatanTarget]) -> list[BoardRow]:
    """The succession board's rows of ``targets`` (``unor`` and ``jabatan`` loaded), in a fixed number of
    queries: the incumbent, their retirement date and whether it falls within the horizon of ``talent.suksesi``,
    the ranked successors, those ready now and the bench-strength status."""
    from abdi.people.models import Pegawai
    from abdi.talent import succession
    from abdi.talent.services import incumbents_of

    sr = succession_rules_in_force()
    limit = years_later(today(), sr.horizon_years)
    succ: dict[int, list] = {}
    for s in Suksesor.objects.filter(jabatan_target__in=targets).order_by("jabatan_target_id", "peringkat"):
        succ.setdefault(s.jabatan_target_id, []).append(s)
    holders = incumbents_of(targets)
    nips = set(holders.values()) | {s.pegawai_id for rows in succ.values() for s in rows}
    people = {p["nip"]: p for p in Pegawai.objects.filter(pk__in=nips).values("nip", "nama", "tgl_lahir", "jabatan__bup")}
    rows = []
    for t in targets:
        holder = holders[t.pk]
        p = people.get(holder, {})
        pensiun = retirement_date(p.get("tgl_lahir"), p.get("jabatan__bup"))
        soon = bool(pensiun and pensiun <= limit)
        listed = succ.get(t.pk, [])
        for s in listed:
            s.nama = people.get(s.pegawai_id, {}).get("nama", "")
        ready = sum(1 for s in listed if s.kesiapan == succession.READY_NOW)
        status = str(succession.bench_strength([ready], [soon], sr.required)[0])
        rows.append(BoardRow(t, holder, p.get("nama", ""), pensiun, soon, listed, ready, status))
    return rows


def succession_board_page(user, instansi_id: str = "", *, after: str | None = None,
                          limit: int = DEFAULT_LIMIT) -> TalentPage:
    """One page of the succession board (``key_positions_page``'s order and cursors), items ``BoardRow``."""
    page = key_positions_page(user, instansi_id, after=after, limit=limit)
    return TalentPage(board_rows(page.items), page.next_cursor)


def key_position_for_user(user, target_id: int) -> JabatanTarget:
    scope = scope_or_403(user)
    qs = JabatanTarget.objects.select_related("unor", "jabatan", "instansi").filter(pk=target_id)
    q = scope.q()
    if q is not None:
        qs = qs.filter(q)
    target = qs.first()
    if target is None:
        raise TalentNotVisible(target_id)
    return target


def successors_of(target: JabatanTarget) -> list[Suksesor]:
    return list(Suksesor.objects.filter(jabatan_target=target).order_by("peringkat"))


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


# --- the succession board and bench strength -----------------------------------------------------------------
def succession_rules_in_force(on: dt.date | None = None):
    """``talent.suksesi`` in force (readiness thresholds, bench-strength requirements, the retirement horizon)."""
    from abdi.core.rulesets import rules_in_force
    from abdi.talent import succession

    return succession.succession_rules(rules_in_force(succession.SUKSESI, on or today()).data)


def years_later(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` later; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retirement_date(tgl_lahir: dt.date | None, bup: int | None) -> dt.date | None:
    """The first day of the month after the birthday at which ``bup`` is reached (CONTRACTS §6)."""
    if not tgl_lahir or not bup:
        return None
    year, month = tgl_lahir.year + bup, tgl_lahir.month + 1
    return dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class BoardRow:
    target: JabatanTarget
    pemangku_nip: str
    pemangku_nama: str
    pensiun: dt.date | None
    pensiun_2_tahun: bool
    suksesor: list  # Suksesor rows, best first, with ``nama`` attached
    siap_sekarang: int
    status: str  # aman, rawan, kritis (succession.bench_strength)


def succession_board_for_user(user, instansi_id: str = "", *, target_id: int | None = None) -> list[BoardRow]:
    """The board of one key position (``target_id``) or of every key position the user may see."""
    targets = [key_position_for_user(user, target_id)] if target_id else key_positions_for_user(user, instansi_id)
    return board_rows(targets)


def bench_strength(instansi_id: str) -> dict:
    """An agency's bench strength: key positions, those with a successor ready now, those with none, and of
    those the ones whose incumbent retires within the horizon of ``talent.suksesi`` (2 years by default:
    flagged)."""
    from abdi.people.models import Pegawai
    from abdi.talent import succession
    from abdi.talent.services import incumbents_of

    targets = list(JabatanTarget.objects.select_related("unor", "jabatan").filter(instansi_id=instansi_id))
    ready = dict(Suksesor.objects.filter(jabatan_target__in=targets, kesiapan=succession.READY_NOW)
                 .values("jabatan_target_id").annotate(n=Count("id")).values_list("jabatan_target_id", "n"))
    limit = years_later(today(), succession_rules_in_force().horizon_years)
    holders = incumbents_of(targets)
    born = {p["nip"]: p for p in Pegawai.objects.filter(pk__in=set(holders.values()))
            .values("nip", "tgl_lahir", "jabatan__bup")}
    without, flagged = 0, 0
    for t in targets:
        if ready.get(t.pk, 0):
            continue
        without += 1
        p = born.get(holders[t.pk], {})
        pensiun = retirement_date(p.get("tgl_lahir"), p.get("jabatan__bup"))
        flagged += bool(pensiun and pensiun <= limit)
    return {"jabatan_target": len(targets), "dengan_siap_sekarang": len(targets) - without,
            "tanpa_siap_sekarang": without, "tanpa_siap_pensiun_2_tahun": flagged}
