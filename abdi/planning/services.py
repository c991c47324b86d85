"""Writes of the planning app: redistribution scenarios, from creation through the run to the applied plan.

Roles [U]: national admins and analysts plan at any scope; an agency admin plans inside their agencies (a
unit subtree or the agency), unit HR inside their subtrees. A plan is reviewed by a national admin or an
admin of the owning agency, approved by an admin of every agency that sends or receives someone (a
national admin may approve on an agency's behalf), and applied by a national admin, or by an agency admin
when every move stays inside their agencies. Every step is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
import time

import numpy as np
import pyarrow as pa
from django.db import connection, transaction
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.core.errors import Refused
from abdi.core.rulesets import rules_in_force
from abdi.planning import rules as prules
from abdi.planning.generate import PAIR_TABLE, UNIT_TABLE, Scope, generate
from abdi.planning.models import Mutasi, PersetujuanInstansi, Skenario
from abdi.planning.optimizer import solve_layered

log = logging.getLogger("abdi.planning")
PLANNER_ROLES = ("national_admin", "national_analyst", "agency_admin", "unit_hr")


class PlanningError(Refused):
    """A planning request refused, with the HTTP status the API answers with."""


def _access(actor):
    access = getattr(actor, "access", None)
    if access is None or access.role not in PLANNER_ROLES:
        raise PlanningError("hanya admin, analis, atau pengelola SDM yang menyusun skenario", status=403)
    return access


def _owner_of_scope(access, cakupan: str, cakupan_id: str) -> str:
    """The owning agency of a scope the actor may plan for (404 outside the actor's scope)."""
    from abdi.org.models import Instansi, Provinsi, Unor

    if cakupan not in prules.CAKUPAN:
        raise PlanningError("cakupan harus UNOR, INSTANSI, PROVINSI atau NASIONAL", field="cakupan")
    if cakupan in ("PROVINSI", "NASIONAL") and not access.national:
        raise PlanningError("skenario provinsi atau nasional disusun di tingkat nasional", status=403, field="cakupan")
    if cakupan == "NASIONAL":
        return ""
    if cakupan == "PROVINSI":
        if not Provinsi.objects.filter(pk=cakupan_id).exists():
            raise PlanningError("provinsi tidak dikenal", status=404, field="cakupan_id")
        return ""
    if cakupan == "INSTANSI":
        if not Instansi.objects.filter(pk=cakupan_id).exists() or not (
                access.national or (access.role == "agency_admin" and cakupan_id in access.instansi_ids)):
            raise PlanningError("instansi tidak ditemukan", status=404, field="cakupan_id")
        return cakupan_id
    unor = Unor.objects.filter(pk=cakupan_id).values("instansi_id", "path").first()
    if unor is None or not (access.national or unor["instansi_id"] in access.instansi_ids
                            or any(unor["path"].startswith(p) for p in access.unor_paths)):
        raise PlanningError("unit tidak ditemukan", status=404, field="cakupan_id")
    return unor["instansi_id"]


def scenario_create(*, actor, nama: str, cakupan: str, cakupan_id: str = "", tahun: int | None = None,
                    parameter: dict | None = None) -> Skenario:
    """A new scenario (not run yet). ``parameter`` overrides keys of the ``planning.redistribusi`` rule set
    in force; the merged set is validated and kept with the scenario, so a later rule change alters nothing."""
    access = _access(actor)
    nama = (nama or "").strip()
    if not nama:
        raise PlanningError("nama skenario wajib diisi", field="nama")
    today = timezone.localdate()
    tahun = tahun or today.year + 1
    if not today.year - 1 <= tahun <= today.year + 10:
        raise PlanningError(f"tahun rencana harus {today.year - 1}–{today.year + 10}", field="tahun")
    cakupan_id = "" if cakupan == "NASIONAL" else (cakupan_id or "").strip()
    owner = _owner_of_scope(access, cakupan, cakupan_id)
    rules = rules_in_force(prules.REDISTRIBUSI, today)
    unknown = set(parameter or {}) - set(rules.data)
    if unknown:
        raise PlanningError(f"parameter tidak dikenal: {', '.join(sorted(unknown))}", field="parameter")
    merged = {**rules.data, **(parameter or {})}
    try:
        prules.validate_redistribusi(merged)
    except ValueError as exc:
        raise PlanningError(str(exc), field="parameter") from exc
    with transaction.atomic():
        sk = Skenario.objects.create(nama=nama[:120], cakupan=cakupan, cakupan_id=cakupan_id, instansi_id=owner,
                                     tahun=tahun, parameter=merged, rule_version=rules.version,
                                     dibuat_oleh=actor.username)
        audit_record(actor=actor, action="planning.skenario_buat", object_type="skenario", object_id=sk.pk,
                     after={"nama": sk.nama, "cakupan": cakupan, "cakupan_id": cakupan_id, "tahun": tahun,
                            "parameter": parameter or {}}, instansi_id=owner)
    return sk


def scenario_run_request(*, actor, skenario: Skenario) -> Skenario:
    """Queue a run (a Celery task; at once without a broker). Only a draft runs; its earlier moves go."""
    access = _access(actor)
    _owner_of_scope(access, skenario.cakupan, skenario.cakupan_id)
    from abdi.planning.tasks import scenario_job

    with transaction.atomic():
        sk = Skenario.objects.select_for_update().get(pk=skenario.pk)
        if sk.status != Skenario.Status.DRAF:
            raise PlanningError("hanya skenario berstatus draf yang dapat dijalankan ulang", status=409)
        if sk.job in (Skenario.Job.ANTRE, Skenario.Job.JALAN):
            raise PlanningError("skenario ini sedang dijalankan", status=409)
        sk.job, sk.tahap, sk.persen, sk.pesan = Skenario.Job.ANTRE, "dalam antrean", 0, ""
        sk.versi += 1
        sk.save(update_fields=["job", "tahap", "persen", "pesan", "versi"])
        audit_record(actor=actor, action="planning.skenario_jalankan", object_type="skenario", object_id=sk.pk,
                     instansi_id=sk.instansi_id)
    transaction.on_commit(lambda: scenario_job.delay(sk.pk))
    return sk


def _stage(sk: Skenario, tahap: str, persen: int) -> None:
    Skenario.objects.filter(pk=sk.pk).update(tahap=tahap[:100], persen=persen)


def acuan_of(tahun: int, today: dt.date) -> dt.date:
    """The reference date of eligibility (years in post, retirement horizon, sanctions): 1 January of a
    future plan year, else today."""
    return max(today, dt.date(tahun, 1, 1))


def scenario_run(skenario_id: int) -> dict:
    """Generate the network, solve it, and store the plan's moves and figures (the job's body)."""
    sk = Skenario.objects.get(pk=skenario_id)
    Skenario.objects.filter(pk=sk.pk).update(job=Skenario.Job.JALAN, dijalankan_pada=timezone.now())
    try:
        with transaction.atomic():
            summary = _run(sk)
    except Exception as exc:
        log.exception("skenario %s gagal", sk.pk)
        Skenario.objects.filter(pk=sk.pk).update(job=Skenario.Job.GAGAL, tahap="gagal", pesan=str(exc)[:2000])
        raise
    return summary


def _run(sk: Skenario) -> dict:
    t0 = time.perf_counter()
    today = timezone.localdate()
    acuan = acuan_of(sk.tahun, today)
    gen = generate(Scope(sk.cakupan, sk.cakupan_id), sk.tahun, acuan, sk.parameter,
                   progress=lambda stage, pct: _stage(sk, stage, pct))
    t1 = time.perf_counter()
    _stage(sk, "menghitung rencana optimal", 60)
    result = solve_layered(gen.network)
    t2 = time.perf_counter()
    _stage(sk, "menyimpan usulan mutasi", 85)
    moves = _moves(gen, result)
    Mutasi.objects.filter(skenario=sk).delete()
    PersetujuanInstansi.objects.filter(skenario=sk).delete()
    _store(sk, moves)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {PAIR_TABLE}")
        cur.execute(f"DROP TABLE IF EXISTS {UNIT_TABLE}")
    t3 = time.perf_counter()
    summary = _summary(gen, moves) | {
        "jaringan": {"simpul": result.nodes, "busur": result.arcs, **gen.figures},
        "durasi_s": {"bangun": round(t1 - t0, 2), "pecahkan": round(t2 - t1, 2), "simpan": round(t3 - t2, 2)},
        "acuan": acuan.isoformat(),
    }
    Skenario.objects.filter(pk=sk.pk).update(job=Skenario.Job.SELESAI, tahap="selesai", persen=100,
                                             ringkasan=summary, versi=sk.versi + 1)
    return summary


def _moves(gen, result) -> list[dict]:
    """One row per person moved: the class's people in move order, the seat group, km, cost."""
    net = gen.network
    taken = [0] * len(gen.class_people)
    rows = []
    order = np.lexsort((result.move_seat, result.move_class))
    for k in order.tolist():
        c, s, n, cost = (int(result.move_class[k]), int(result.move_seat[k]), int(result.move_count[k]),
                         int(result.move_cost[k]))
        u_from, j_from = gen.units[int(net.class_unit[c])]
        u_to, j_to = gen.seats[s]
        inst_from, prov_from, _ = gen.unit_info[u_from]
        inst_to, prov_to, _ = gen.unit_info[u_to]
        km = int(gen.km[gen.origin_loc[net.class_origin[c]], gen.dest_loc[net.seat_dest[s]]])
        for nip in gen.class_people[c][taken[c]:taken[c] + n]:
            rows.append({"nip": nip, "instansi_asal": inst_from, "unor_asal": u_from, "jabatan_asal": j_from,
                         "instansi_tujuan": inst_to, "unor_tujuan": u_to, "jabatan_tujuan": j_to, "jarak_km": km,
                         "biaya": cost, "lintas_instansi": inst_from != inst_to, "lintas_provinsi": prov_from != prov_to,
                         "prioritas": int(gen.seat_prioritas[s]), "provinsi_tujuan": prov_to})
        taken[c] += n
    rows.sort(key=lambda r: r["nip"])
    return rows


def _store(sk: Skenario, moves: list[dict]) -> None:
    from abdi.people.imports.staging import insert_rows

    if not moves:
        return
    cols = ("nip", "instansi_asal", "unor_asal", "jabatan_asal", "instansi_tujuan", "unor_tujuan", "jabatan_tujuan",
            "jarak_km", "biaya", "lintas_instansi", "lintas_provinsi", "prioritas")
    table = pa.table({"skenario_id": pa.array([sk.pk] * len(moves), pa.int64()),
                      **{c: pa.array([m[c] for m in moves]) for c in cols}})
    insert_rows("planning_mutasi", table)


def _summary(gen, moves: list[dict]) -> dict:
    km = [m["jarak_km"] for m in moves]
    left: dict[str, int] = {}
    for (u, _), k in zip(gen.seats, gen.network.seat_kekurangan.tolist(), strict=True):
        prov = gen.unit_info[u][1]
        left[prov] = left.get(prov, 0) + int(k)
    for m in moves:
        left[m["provinsi_tujuan"]] -= 1
    return {"keterangan": explain(gen.figures, len(moves)), "kursi_terisi": len(moves), "bobot_terisi": sum(m["prioritas"] for m in moves),
            "kursi": int(gen.network.seat_kekurangan.sum()), "mutasi": len(moves), "total_km": sum(km),
            "median_km": statistics.median(km) if km else 0, "total_biaya": sum(m["biaya"] for m in moves),
            "lintas_instansi": sum(m["lintas_instansi"] for m in moves),
            "lintas_provinsi": sum(m["lintas_provinsi"] for m in moves),
            "sisa_kekurangan_provinsi": {p: n for p, n in sorted(left.items()) if n}}


def explain(figures: dict, filled: int) -> list[str]:
    """Why a plan is empty or leaves seats short, in words for the screen (the figures say how much)."""
    notes = []
    if not figures.get("unit_dalam_cakupan"):
        return ["Belum ada data kebutuhan pegawai di instansi dalam cakupan ini: isi kebutuhan atau muat "
                "kebutuhan.csv lebih dahulu."]
    if not figures.get("kursi"):
        notes.append("Tidak ada kekurangan pegawai dalam cakupan ini pada tahun rencana.")
    if not figures.get("orang_surplus"):
        notes.append("Tidak ada kelebihan pegawai dalam cakupan ini pada tahun rencana.")
    elif not figures.get("kandidat"):
        notes.append("Ada kelebihan pegawai, tetapi tidak seorang pun memenuhi syarat pindah (masa jabatan, "
                     "usia pensiun, hukuman disiplin, status, jenis jabatan atau jenis pegawai).")
    if figures.get("kursi") and figures.get("kandidat") and filled < figures["kursi"]:
        notes.append(f"{figures['kursi'] - filled} kursi tidak terisi: tidak ada kandidat yang memenuhi syarat (rumpun, "
                     "pangkat) di antara tipe tujuan termurah, atau kelebihan unit asal sudah habis.")
    return notes


# --- the plan's workflow: reviewed → approved by every agency involved → applied ---------------------------
def _locked(skenario: Skenario, versi: int | None) -> Skenario:
    sk = Skenario.objects.select_for_update().get(pk=skenario.pk)
    if versi is not None and versi != sk.versi:
        raise PlanningError("skenario telah berubah sejak halaman dibuka; muat ulang", status=409)
    return sk


def agencies_of(sk: Skenario) -> set[str]:
    """Every agency that sends or receives someone in the plan."""
    sent = Mutasi.objects.filter(skenario=sk).values_list("instansi_asal", flat=True).distinct()
    received = Mutasi.objects.filter(skenario=sk).values_list("instansi_tujuan", flat=True).distinct()
    return set(sent) | set(received)


def plan_review(*, actor, skenario: Skenario, versi: int | None = None) -> Skenario:
    access = _access(actor)
    if not (access.role == "national_admin" or (access.role == "agency_admin" and skenario.instansi_id
                                               and skenario.instansi_id in access.instansi_ids)):
        raise PlanningError("rencana ditinjau oleh admin nasional atau admin instansi pemilik", status=403)
    with transaction.atomic():
        sk = _locked(skenario, versi)
        if sk.status != Skenario.Status.DRAF or sk.job != Skenario.Job.SELESAI:
            raise PlanningError("hanya rencana draf yang sudah selesai dihitung yang dapat ditinjau", status=409)
        if not Mutasi.objects.filter(skenario=sk).exists():
            raise PlanningError("rencana ini tidak berisi mutasi", status=409)
        sk.status, sk.ditinjau_oleh, sk.ditinjau_pada = Skenario.Status.DITINJAU, actor.username, timezone.now()
        sk.versi += 1
        sk.save(update_fields=["status", "ditinjau_oleh", "ditinjau_pada", "versi"])
        audit_record(actor=actor, action="planning.rencana_tinjau", object_type="skenario", object_id=sk.pk,
                     before={"status": "DRAF"}, after={"status": sk.status}, instansi_id=sk.instansi_id)
    return sk


def plan_approve(*, actor, skenario: Skenario, instansi_id: str, catatan: str = "",
                 versi: int | None = None) -> Skenario:
    """An agency's approval; the plan is approved once every agency involved has approved."""
    access = _access(actor)
    if not (access.role == "national_admin" or (access.role == "agency_admin" and instansi_id in access.instansi_ids)):
        raise PlanningError("persetujuan diberikan oleh admin instansi yang bersangkutan", status=403)
    with transaction.atomic():
        sk = _locked(skenario, versi)
        involved = agencies_of(sk)
        if sk.status != Skenario.Status.DITINJAU:
            raise PlanningError("hanya rencana yang sudah ditinjau yang dapat disetujui", status=409)
        if instansi_id not in involved:
            raise PlanningError("instansi ini tidak mengirim atau menerima pegawai dalam rencana", field="instansi_id")
        _, created = PersetujuanInstansi.objects.get_or_create(skenario=sk, instansi_id=instansi_id,
                                                               defaults={"oleh": actor.username, "catatan": catatan[:300]})
        if not created:
            raise PlanningError("instansi ini sudah menyetujui", status=409)
        approved = set(PersetujuanInstansi.objects.filter(skenario=sk).values_list("instansi_id", flat=True))
        if involved <= approved:
            sk.status = Skenario.Status.DISETUJUI
        sk.versi += 1
        sk.save(update_fields=["status", "versi"])
        audit_record(actor=actor, action="planning.rencana_setujui", object_type="skenario", object_id=sk.pk,
                     after={"instansi_id": instansi_id, "status": sk.status, "catatan": catatan[:300]},
                     instansi_id=instansi_id)
    return sk


def plan_apply(*, actor, skenario: Skenario, nomor_sk: str, tanggal: dt.date | None = None,
               versi: int | None = None) -> Skenario:
    """Move everyone in the approved plan in one transaction: their unit, position, agency and work location
    change from ``tanggal``, each with a history row carrying the decision number; refused whole (409) when
    anyone is no longer where the plan found them."""
    access = _access(actor)
    nomor_sk = (nomor_sk or "").strip()
    if not nomor_sk:
        raise PlanningError("nomor SK mutasi wajib diisi", field="nomor_sk")
    tanggal = tanggal or timezone.localdate()
    with transaction.atomic():
        sk = _locked(skenario, versi)
        if sk.status != Skenario.Status.DISETUJUI:
            raise PlanningError("hanya rencana yang disetujui semua instansi yang dapat diterapkan", status=409)
        involved = agencies_of(sk)
        if not (access.role == "national_admin" or (access.role == "agency_admin" and involved <= access.instansi_ids)):
            raise PlanningError("rencana lintas instansi diterapkan oleh admin nasional", status=403)
        count = _apply_moves(sk, nomor_sk[:100], tanggal)
        now = timezone.now()
        sk.status, sk.nomor_sk, sk.diterapkan_oleh, sk.diterapkan_pada = (Skenario.Status.DITERAPKAN, nomor_sk[:100],
                                                                          actor.username, now)
        sk.versi += 1
        sk.save(update_fields=["status", "nomor_sk", "diterapkan_oleh", "diterapkan_pada", "versi"])
        audit_record(actor=actor, action="planning.rencana_terapkan", object_type="skenario", object_id=sk.pk,
                     after={"nomor_sk": nomor_sk, "tanggal": tanggal, "mutasi": count,
                            "instansi": sorted(involved)}, instansi_id=sk.instansi_id)
    return sk


def _apply_moves(sk: Skenario, nomor_sk: str, tanggal: dt.date) -> int:
    """The registry side of applying a plan, set-based (a national plan moves hundreds of thousands): lock the
    people, refuse if anyone moved meanwhile, then one UPDATE and one INSERT of history rows."""
    pg = connection.vendor == "postgresql"
    now = timezone.now()
    with connection.cursor() as cur:
        if pg:  # the people of the plan, locked until the transaction ends
            cur.execute("SELECT p.nip FROM people_pegawai p JOIN planning_mutasi m ON m.nip = p.nip "
                        "WHERE m.skenario_id = %s ORDER BY p.nip FOR UPDATE OF p", [sk.pk])
        cur.execute(
            "SELECT m.nip FROM planning_mutasi m LEFT JOIN people_pegawai p ON p.nip = m.nip WHERE m.skenario_id = %s "
            "AND (p.nip IS NULL OR p.kedudukan <> 'AKTIF' OR p.unor_id <> m.unor_asal OR p.jabatan_id <> m.jabatan_asal) "
            "ORDER BY m.nip", [sk.pk])
        stale = [r[0] for r in cur.fetchall()]
        if stale:
            raise PlanningError(f"{len(stale)} pegawai tidak lagi pada unit/jabatan asal (mis. {', '.join(stale[:3])}); "
                                "jalankan ulang skenario", status=409)
        changed = ("'UNOR' || CASE WHEN m.jabatan_tujuan <> m.jabatan_asal THEN ',JABATAN' ELSE '' END || "
                   "CASE WHEN m.instansi_tujuan <> m.instansi_asal THEN ',INSTANSI' ELSE '' END")
        cur.execute(
            f"INSERT INTO people_riwayatpegawai (nip, tmt, perubahan, instansi_id, unor_id, jabatan_id, golongan, status, "
            f"kedudukan, nomor_sk, tanggal_sk, dicatat_pada) SELECT m.nip, %s, {changed}, m.instansi_tujuan, "
            f"m.unor_tujuan, m.jabatan_tujuan, p.golongan, p.status, p.kedudukan, %s, %s, %s FROM planning_mutasi m "
            f"JOIN people_pegawai p ON p.nip = m.nip WHERE m.skenario_id = %s", [tanggal, nomor_sk, tanggal, now, sk.pk])
        location = ("(SELECT COALESCE(u.lokasi_kabkota_id, i.kabkota_id) FROM org_unor u JOIN org_instansi i "
                    "ON i.instansi_id = u.instansi_id WHERE u.unor_id = m.unor_tujuan)")
        cur.execute(
            f"UPDATE people_pegawai SET unor_id = m.unor_tujuan, jabatan_id = m.jabatan_tujuan, "
            f"instansi_id = m.instansi_tujuan, tmt_jabatan = %s, diperbarui_pada = %s, "
            f"lokasi_kabkota_id = COALESCE({location}, people_pegawai.lokasi_kabkota_id) "
            f"FROM planning_mutasi m WHERE m.skenario_id = %s AND people_pegawai.nip = m.nip", [tanggal, now, sk.pk])
        return cur.rowcount


def scenario_problem_write(skenario: Skenario, out_dir) -> dict:
    """The scenario's problem as CONTRACTS §9 files, generated from the database as it is now with the
    scenario's scope, year and parameters: ``unor_asal`` and ``kursi_id`` are ``unor_id:jabatan_id`` (a unit ×
    position gives at most its surplus; a seat group is a unit × position short of staff)."""
    from abdi.planning.problem import write_problem

    with transaction.atomic():
        gen = generate(Scope(skenario.cakupan, skenario.cakupan_id), skenario.tahun,
                       acuan_of(skenario.tahun, timezone.localdate()), skenario.parameter)
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {PAIR_TABLE}")
            cur.execute(f"DROP TABLE IF EXISTS {UNIT_TABLE}")
    counts = write_problem(out_dir, gen.network, [f"{u}:{j}" for u, j in gen.units],
                           [f"{u}:{j}" for u, j in gen.seats], gen.class_people)
    return {name.removesuffix(".csv"): n for name, n in counts.items()}
