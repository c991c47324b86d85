"""Needs (kebutuhan) per unit × position: entered, computed from the workload analysis (ABK), and the gap
analysis against the staff in post (bezetting), projected with the retirements due by the end of a plan
year, by quantity (surplus, deficit) and quality (staff whose education is below the level's minimum).

Writes (``need_set``, ``abk_task_add``, ``abk_task_remove``, ``abk_apply``) follow DESIGN style 1–2: keyword-only,
one transaction, one audit event each. Agency admins and unit HR write inside their scope, national admins
anywhere. Reads are scoped the same way (national roles and auditors read too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.core.errors import Refused
from abdi.core.rulesets import rules_in_force
from abdi.planning import rules as prules
from abdi.planning.generate import retired_by
from abdi.planning.models import Kebutuhan, TugasAbk

WRITE_ROLES = ("national_admin", "agency_admin", "unit_hr")
READ_ROLES = ("national_admin", "national_analyst", "agency_admin", "unit_hr", "auditor")
ROLLUPS = ("instansi", "provinsi", "jabatan", "rumpun")


class NeedsError(Refused):
    """A needs request refused (status as the API answers)."""


# --- scope ---------------------------------------------------------------------------------------------------
def _access(user, roles=READ_ROLES):
    access = getattr(user, "access", None)
    if access is None or access.role not in roles or not access.org_scoped:
        raise NeedsError("peran ini tidak mengelola kebutuhan pegawai", status=403)
    return access


def _unit_in_scope(access, unor_id: str) -> dict:
    from abdi.org.models import Unor

    unit = Unor.objects.filter(pk=unor_id).values("unor_id", "instansi_id", "path", "nama").first()
    if unit is None or not (access.national or unit["instansi_id"] in access.instansi_ids
                            or any(unit["path"].startswith(p) for p in access.unor_paths)):
        raise NeedsError("unit tidak ditemukan", status=404, field="unor_id")
    return unit


def scope_sql(access, alias: str = "u") -> tuple[str, list]:
    """A WHERE fragment on ``org_unor`` (alias ``alias``) for the units the user reads."""
    if access.national:
        return "1 = 1", []
    parts, params = [], []
    if access.instansi_ids:
        parts.append(f"{alias}.instansi_id IN ({', '.join(['%s'] * len(access.instansi_ids))})")
        params += sorted(access.instansi_ids)
    for path in access.unor_paths:
        parts.append(f"{alias}.path LIKE %s")
        params.append(path + "%")
    return "(" + " OR ".join(parts or ["1 = 0"]) + ")", params


# --- writes --------------------------------------------------------------------------------------------------
def _position(jabatan_id: str):
    from abdi.org.models import Jabatan

    jabatan = Jabatan.objects.filter(pk=jabatan_id).first()
    if jabatan is None:
        raise NeedsError("jabatan tidak dikenal", field="jabatan_id")
    return jabatan


def _write(actor, *, unor_id: str, jabatan_id: str, kebutuhan: int, prioritas: int, sumber: str,
           action: str, extra: dict | None = None) -> Kebutuhan:
    unit = _unit_in_scope(_access(actor, WRITE_ROLES), unor_id)
    _position(jabatan_id)
    if not isinstance(kebutuhan, int) or not 0 <= kebutuhan <= 100_000:
        raise NeedsError("kebutuhan harus bilangan bulat 0–100 000", field="kebutuhan")
    if not isinstance(prioritas, int) or not 1 <= prioritas <= 99:
        raise NeedsError("prioritas harus bilangan bulat 1–99", field="prioritas")
    with transaction.atomic():
        row = Kebutuhan.objects.select_for_update().filter(unor_id=unor_id, jabatan_id=jabatan_id).first()
        before = {"kebutuhan": row.kebutuhan, "prioritas": row.prioritas, "sumber": row.sumber} if row else None
        if row is None:
            row = Kebutuhan(unor_id=unor_id, jabatan_id=jabatan_id)
        row.kebutuhan, row.prioritas, row.sumber, row.diperbarui_pada = kebutuhan, prioritas, sumber, timezone.now()
        row.save()
        audit_record(actor=actor, action=action, object_type="kebutuhan", object_id=f"{unor_id}:{jabatan_id}",
                     before=before, after={"kebutuhan": kebutuhan, "prioritas": prioritas, "sumber": sumber,
                                           **(extra or {})}, instansi_id=unit["instansi_id"], unor_path=unit["path"])
    return row


def need_set(*, actor, unor_id: str, jabatan_id: str, kebutuhan: int, prioritas: int = 1) -> Kebutuhan:
    """Enter the need of one position in one unit (creates or replaces it)."""
    return _write(actor, unor_id=unor_id, jabatan_id=jabatan_id, kebutuhan=kebutuhan, prioritas=prioritas,
                  sumber=Kebutuhan.Sumber.ISIAN, action="planning.kebutuhan_isi")


def _decimal(value, field: str, *, maximum: Decimal) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise NeedsError("harus berupa angka", field=field) from None
    if not d.is_finite() or d <= 0 or d > maximum or d != d.quantize(Decimal("0.01")):
        raise NeedsError(f"harus angka > 0 dan ≤ {maximum} (paling banyak 2 desimal)", field=field)
    return d


def abk_task_add(*, actor, unor_id: str, jabatan_id: str, uraian: str, volume, norma_jam, satuan: str = "") -> TugasAbk:
    """Add one task to a position's workload analysis in a unit."""
    unit = _unit_in_scope(_access(actor, WRITE_ROLES), unor_id)
    _position(jabatan_id)
    uraian = (uraian or "").strip()
    if not uraian:
        raise NeedsError("uraian tugas wajib diisi", field="uraian")
    vol = _decimal(volume, "volume", maximum=Decimal("9999999999"))
    norm = _decimal(norma_jam, "norma_jam", maximum=Decimal("999999"))
    with transaction.atomic():
        task = TugasAbk.objects.create(unor_id=unor_id, jabatan_id=jabatan_id, uraian=uraian[:200],
                                       satuan=(satuan or "").strip()[:60], volume=vol, norma_jam=norm)
        audit_record(actor=actor, action="planning.abk_tugas_tambah", object_type="tugas_abk", object_id=task.pk,
                     after={"unor_id": unor_id, "jabatan_id": jabatan_id, "uraian": task.uraian, "volume": vol,
                            "norma_jam": norm}, instansi_id=unit["instansi_id"], unor_path=unit["path"])
    return task


def abk_task_remove(*, actor, tugas_id: int) -> None:
    access = _access(actor, WRITE_ROLES)
    task = TugasAbk.objects.filter(pk=tugas_id).first()
    if task is None:
        raise NeedsError("tugas tidak ditemukan", status=404)
    unit = _unit_in_scope(access, task.unor_id)
    with transaction.atomic():
        audit_record(actor=actor, action="planning.abk_tugas_hapus", object_type="tugas_abk", object_id=task.pk,
                     before={"uraian": task.uraian, "volume": task.volume, "norma_jam": task.norma_jam},
                     instansi_id=unit["instansi_id"], unor_path=unit["path"])
        task.delete()


def abk_need(unor_id: str, jabatan_id: str) -> tuple[int, Decimal, dict]:
    """(need, total hours, rules) of a position's workload analysis under the ABK rules in force."""
    rules = rules_in_force(prules.ABK, timezone.localdate()).data
    tasks = list(TugasAbk.objects.filter(unor_id=unor_id, jabatan_id=jabatan_id).values_list("volume", "norma_jam"))
    hours = sum((v * n for v, n in tasks), Decimal(0))
    return prules.need_from_workload(tasks, rules), hours, rules


def abk_for_user(user, unor_id: str, jabatan_id: str) -> dict:
    """A position's workload analysis in a unit, for a reader in scope: the tasks, the hours, the need they
    give under the rules in force and the need currently set."""
    unit = _unit_in_scope(_access(user), unor_id)
    jabatan = _position(jabatan_id)
    need, hours, rules = abk_need(unor_id, jabatan_id)
    current = Kebutuhan.objects.filter(unor_id=unor_id, jabatan_id=jabatan_id).first()
    tasks = list(TugasAbk.objects.filter(unor_id=unor_id, jabatan_id=jabatan_id))
    return {"unit": unit, "jabatan": jabatan, "tugas": tasks, "jam_beban_kerja": hours,
            "jam_kerja_efektif": rules["jam_kerja_efektif"], "pembulatan": rules["pembulatan"],
            "kebutuhan_abk": need, "kebutuhan": current}


def abk_apply(*, actor, unor_id: str, jabatan_id: str, prioritas: int | None = None) -> Kebutuhan:
    """Set the need from the workload analysis: Σ volume × norma ÷ effective hours, rounded per the rules."""
    need, hours, rules = abk_need(unor_id, jabatan_id)
    if hours <= 0:
        raise NeedsError("belum ada tugas dalam analisis beban kerja jabatan ini", status=409)
    current = Kebutuhan.objects.filter(unor_id=unor_id, jabatan_id=jabatan_id).values_list("prioritas", flat=True).first()
    return _write(actor, unor_id=unor_id, jabatan_id=jabatan_id, kebutuhan=need,
                  prioritas=prioritas or current or 1, sumber=Kebutuhan.Sumber.ABK, action="planning.kebutuhan_abk",
                  extra={"jam_beban_kerja": hours, "jam_kerja_efektif": rules["jam_kerja_efektif"]})


# --- the gap analysis ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GapRow:
    key: str
    label: str
    kebutuhan: int
    bezetting: int
    pensiun: int  # retiring by the end of the plan year
    proyeksi: int
    surplus: int  # Σ over unit × position of max(0, projected − need)
    kekurangan: int  # Σ of max(0, need − projected)
    pendidikan_kurang: int  # staff whose education is below their level's minimum
    kompetensi_kurang: int = 0  # assessed staff whose JPM against their post's standard is below the minimum

    @property
    def selisih(self) -> int:
        return self.proyeksi - self.kebutuhan


def _pair_sql(access, tahun: int, instansi_id: str = "", unor_id: str = "") -> tuple[str, list]:
    """One row per unit × position in scope: need, staff, retiring by the end of ``tahun``, under-educated."""
    where, params = scope_sql(access)
    # the people's own agency column mirrors the unit's (a person's unit is in their agency): filtering it too
    # lets an agency's read start from the roster's instansi index instead of scanning the nation
    agencies = [instansi_id] if instansi_id else ([] if access.national else sorted(access.instansi_ids))
    if agencies and not access.unor_paths:
        marks = ", ".join(["%s"] * len(agencies))
        staff_where = f"p.instansi_id IN ({marks}) AND "
    else:
        marks, staff_where, agencies = "", "", []
    if instansi_id:
        where += " AND u.instansi_id = %s"
        params.append(instansi_id)
    if unor_id:
        where += " AND u.path LIKE (SELECT r.path FROM org_unor r WHERE r.unor_id = %s) || '%%'"
        params.append(unor_id)
    case, case_params = retired_by(dt.date(tahun, 12, 31))
    minimum = rules_in_force(prules.REDISTRIBUSI, timezone.localdate()).data["pendidikan_minimum"]
    rank = {code: i for i, code in enumerate(prules.PENDIDIKAN)}
    edu_case = "CASE p.pendidikan " + " ".join("WHEN %s THEN %s" for _ in rank) + " ELSE 0 END"
    edu_params = [x for code, i in rank.items() for x in (code, i)]
    min_case = ("CASE j.jenjang " + " ".join("WHEN %s THEN %s" for _ in minimum) + " ELSE -1 END") if minimum else "-1"
    min_params = [x for jenjang, code in minimum.items() for x in (jenjang, rank[code])]
    # a scoped read looks up the latest assessments of its own people only (the nation's: one hash)
    if agencies:  # by the roster's instansi index
        among, among_params = f"SELECT pa.nip FROM people_pegawai pa WHERE pa.instansi_id IN ({marks})", agencies
    elif not access.national or unor_id:  # a unit subtree
        among = f"SELECT pa.nip FROM people_pegawai pa JOIN org_unor u ON u.unor_id = pa.unor_id WHERE {where}"
        among_params = list(params)
    else:
        among, among_params = "", []
    comp, comp_join, comp_params = _competency_terms(among=among, among_params=among_params)
    staff = (f"SELECT p.unor_id, p.jabatan_id, COUNT(*) AS bezetting, "
             f"SUM(CASE WHEN p.tgl_lahir < {case} THEN 1 ELSE 0 END) AS pensiun, "
             f"SUM(CASE WHEN {edu_case} < {min_case} THEN 1 ELSE 0 END) AS pendidikan_kurang, "
             f"SUM({comp}) AS kompetensi_kurang "
             f"FROM people_pegawai p JOIN org_unor u ON u.unor_id = p.unor_id "
             f"JOIN org_jabatan j ON j.jabatan_id = p.jabatan_id {comp_join} WHERE {staff_where}p.kedudukan = 'AKTIF' "
             f"AND {where} "
             f"GROUP BY p.unor_id, p.jabatan_id")
    needs = f"SELECT k.unor_id, k.jabatan_id, k.kebutuhan FROM planning_kebutuhan k JOIN org_unor u ON u.unor_id = k.unor_id WHERE {where}"
    sql = (f"SELECT COALESCE(s.unor_id, n.unor_id) AS unor_id, COALESCE(s.jabatan_id, n.jabatan_id) AS jabatan_id, "
           f"COALESCE(n.kebutuhan, 0) AS kebutuhan, COALESCE(s.bezetting, 0) AS bezetting, "
           f"COALESCE(s.pensiun, 0) AS pensiun, COALESCE(s.pendidikan_kurang, 0) AS pendidikan_kurang, "
           f"COALESCE(s.kompetensi_kurang, 0) AS kompetensi_kurang "
           f"FROM ({staff}) s FULL OUTER JOIN ({needs}) n ON n.unor_id = s.unor_id AND n.jabatan_id = s.jabatan_id")
    return sql, [*case_params, *edu_params, *min_params, *comp_params, *agencies, *params, *params]


STD_TABLE = "tmp_plan_skj"


def _competency_terms(*, among: str, among_params: list) -> tuple[str, str, list]:
    """The competency-fit count: a TEMP table of the position standards (a 0/1 mask per competency and the
    standard's sum) joined with everyone's latest assessment; someone assessed whose JPM (Σ their levels over
    the standard's competencies ÷ Σ standard × 100) is below ``jpm_minimum`` counts, compared in integers."""
    from abdi.competency import selectors as competency

    standards = competency.standards_by_position()
    names = sorted({k for std in standards.values() for k in std})
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STD_TABLE}")
        cols = ", ".join(f"m_{k} integer" for k in names)
        cur.execute(f"CREATE TEMP TABLE {STD_TABLE} (jabatan_id varchar(40) PRIMARY KEY{', ' + cols if cols else ''}, "
                    f"total integer)")
        if standards:
            marks = ", ".join(["%s"] * (len(names) + 2))
            cur.executemany(f"INSERT INTO {STD_TABLE} VALUES ({marks})",
                            [(j, *[1 if k in std else 0 for k in names], sum(std.values())) for j, std in standards.items()])
    if not names:
        return "0", "", []
    minimum = rules_in_force(prules.REDISTRIBUSI, timezone.localdate()).data["jpm_minimum"]
    weighted = " + ".join(f"k.m_{n} * a.{n}" for n in names)
    expr = f"CASE WHEN a.nip IS NOT NULL AND 100 * ({weighted}) < %s * k.total THEN 1 ELSE 0 END"
    join = f"LEFT JOIN {STD_TABLE} k ON k.jabatan_id = p.jabatan_id {competency.latest_assessment_join('a', 'p.nip', among=among)}"
    return expr, join, [minimum, *among_params]


def gaps_for_user(user, *, tahun: int, by: str = "instansi", instansi_id: str = "", unor_id: str = "",
                  limit: int = 500) -> list[GapRow]:
    """The gap analysis rolled up ``by`` agency, province, position or position family (or per unit ×
    position with ``by="pasangan"``), largest deficit first; a scoped user sees their scope only."""
    access = _access(user)
    if unor_id:
        _unit_in_scope(access, unor_id)
    return gap_rollup(access, tahun=tahun, by=by, instansi_id=instansi_id, unor_id=unor_id, limit=limit)


NATIONAL = SimpleNamespace(national=True, instansi_ids=frozenset(), unor_paths=())


def gap_rollup(access, *, tahun: int, by: str = "instansi", instansi_id: str = "", unor_id: str = "",
               limit: int = 500) -> list[GapRow]:
    """``gaps_for_user`` without the role check, for ``access`` (``NATIONAL``: everything). One transaction:
    the standards' TEMP table lives as long as the statement that reads it, on one connection."""
    with transaction.atomic():
        return _gap_rollup(access, tahun=tahun, by=by, instansi_id=instansi_id, unor_id=unor_id, limit=limit)


def _gap_rollup(access, *, tahun: int, by: str, instansi_id: str, unor_id: str, limit: int) -> list[GapRow]:
    if by not in ROLLUPS + ("pasangan",):
        raise NeedsError(f"rekap menurut salah satu dari: {', '.join(ROLLUPS + ('pasangan',))}", field="by")
    pairs, params = _pair_sql(access, tahun, instansi_id, unor_id)
    key, label, joins = {
        "instansi": ("u.instansi_id", "i.nama", "JOIN org_instansi i ON i.instansi_id = u.instansi_id"),
        "provinsi": ("pr.kode", "pr.nama", "JOIN org_instansi i ON i.instansi_id = u.instansi_id "
                     "LEFT JOIN org_kabkota k ON k.kode = COALESCE(u.lokasi_kabkota_id, i.kabkota_id) "
                     "JOIN org_provinsi pr ON pr.kode = COALESCE(k.provinsi_id, i.provinsi_id)"),
        "jabatan": ("j.jabatan_id", "j.nama", ""),
        "rumpun": ("COALESCE(NULLIF(j.rumpun, ''), j.jabatan_id)", "COALESCE(NULLIF(j.rumpun, ''), j.nama)", ""),
        "pasangan": ("g.unor_id || ' × ' || g.jabatan_id", "u.nama || ' — ' || j.nama", ""),
    }[by]
    sql = (f"SELECT {key} AS kunci, MIN({label}) AS label, SUM(g.kebutuhan), SUM(g.bezetting), SUM(g.pensiun), "
           f"SUM(g.bezetting - g.pensiun), "
           f"SUM(CASE WHEN g.bezetting - g.pensiun > g.kebutuhan THEN g.bezetting - g.pensiun - g.kebutuhan ELSE 0 END), "
           f"SUM(CASE WHEN g.kebutuhan > g.bezetting - g.pensiun THEN g.kebutuhan - g.bezetting + g.pensiun ELSE 0 END), "
           f"SUM(g.pendidikan_kurang), SUM(g.kompetensi_kurang) "
           f"FROM ({pairs}) g JOIN org_unor u ON u.unor_id = g.unor_id JOIN org_jabatan j ON j.jabatan_id = g.jabatan_id "
           f"{joins} GROUP BY {key} ORDER BY 8 DESC, 1 LIMIT %s")
    with connection.cursor() as cur:
        cur.execute(sql, [*params, limit])
        rows = [GapRow(str(k), str(lbl or k), *(int(v or 0) for v in rest)) for k, lbl, *rest in cur.fetchall()]
        cur.execute(f"DROP TABLE IF EXISTS {STD_TABLE}")
    return rows


def totals(rows: list[GapRow]) -> GapRow:
    fields = ("kebutuhan", "bezetting", "pensiun", "proyeksi", "surplus", "kekurangan", "pendidikan_kurang",
              "kompetensi_kurang")
    return GapRow("", "Jumlah", *(sum(getattr(r, f) for r in rows) for f in fields))
